"""No check can be fooled by a student function that changes its arguments.

The proxy copies a student function's in-place changes back into the grader's
arrays, as a local call would. So an array a check hands to the student is
the student's to rewrite: a check that computed its expected value from it
after the call could be made to expect the student's wrong answer (say,
``backward`` overwriting ``cache.A[-1]`` with ``Y`` so that the reference's
gradients are all zero, like its own).

This audit runs every test cell of every assignment, visible and hidden parts
separately, with the master's functions wrapped so that after computing the
right answer they scramble one argument (every array in it, however nested).
A check built the safe way (the student gets copies, or the expected values
come from arrays the student never held) still passes. The only failures
allowed are the checks whose job is to notice a changed input.
"""

import copy
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from mlgrade.grading import check_runner
from mlgrade.grading.course import load_course

ROOT = Path(__file__).resolve().parents[2]
COURSE = load_course(ROOT)
BEGIN, END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
#: What the checks that look for changed inputs say (and nothing else may fail).
IN_PLACE_WORDS = ("modified in place", "was changed", "left changed")
#: Test cells that must notice a changed input.
IN_PLACE_TESTS = {
    "ps03-gradient-descent": {"gradient_descent_inputs", "sgd_converges"},
    "ps06-perceptron": {"perceptron_update_inputs"},
    "ps08-backpropagation": {"numerical_gradient_restores"},
}


def _arrays(value):
    if isinstance(value, np.ndarray):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _arrays(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _arrays(item)


def _scramble(value, rng):
    for arr in _arrays(value):
        if arr.flags.writeable and arr.size:
            if arr.dtype.kind == "f":
                arr[...] = 10 * rng.normal(size=arr.shape) + 3
            elif arr.dtype.kind == "b":
                arr[...] = ~arr
            else:
                arr[...] = arr + 1


def _mutating(fn, slot, seen):
    """``fn``, answering right, then scrambling its argument ``slot``."""

    def student(*args, **kwargs):
        out = copy.deepcopy(fn(*args, **kwargs))  # the answer, as it was returned
        slots = {**dict(enumerate(args)), **kwargs}
        seen.update(k for k, v in slots.items() if next(_arrays(v), None) is not None)
        if slot in slots:
            _scramble(slots[slot], np.random.default_rng(0))
        return out

    return student


def _parts(test):
    """The visible part of a test cell, and the whole cell (the hidden part may
    use a name the visible part sets, as the grader runs the cell whole)."""
    source = test.source
    if BEGIN not in source:
        return [test]
    visible, rest = source.split(BEGIN, 1)
    hidden = rest.split(END, 1)[0]
    parts = [replace(test, source=visible + hidden)]
    if visible.strip():
        parts.insert(0, replace(test, source=visible))
    return parts


def _run(part, namespace, master, slot, seen):
    functions = {n: _mutating(master[n], slot, seen) for n in part.names if n in master}
    verdict = check_runner.run_test(part, namespace, functions, ROOT, None)
    return verdict.passed, verdict.message


@pytest.mark.parametrize("name", sorted(COURSE))
def test_no_check_uses_an_argument_after_the_student_held_it(name):
    assignment = COURSE[name]
    namespace = check_runner.trusted_namespace(assignment, ROOT)
    master = check_runner.master_functions(assignment, ROOT / "solutions" / name)
    unsafe, noticed = [], set()
    for test in assignment.tests:
        for part in _parts(test):
            slots = set()
            ok, message = _run(part, namespace, master, None, slots)
            assert ok, (test.grade_id, message)  # the masters pass unchanged
            for slot in sorted(slots, key=str):
                ok, message = _run(part, namespace, master, slot, set())
                if ok:
                    continue
                if any(words in message for words in IN_PLACE_WORDS):
                    noticed.add(test.grade_id)
                else:
                    unsafe.append((test.grade_id, slot, message))
    assert unsafe == []
    assert IN_PLACE_TESTS.get(name, set()) <= noticed
