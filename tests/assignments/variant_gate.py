"""Grading one assignment's variants in this process, for the variant gates.

The hidden test cells run as the grader runs them (``check_runner.run_test``
in the trusted namespace), with each student function reached through its
variant's adapter, exactly as ``mlgrade`` reaches a student's kernel; only
the sandbox is left out, which the class test (``test_variant_class.py``)
adds back.
"""

import ast
import contextlib
import importlib
import io
from functools import cache

import numpy as np

import mllesson
from mlgrade.grading import check_runner
from mlgrade.grading.course import load_assignment
from mllesson import variants as V
from mllesson.variants.adapters import ROLES_OF as _ROLES_OF

from .course import ROOT, tasks


@cache
def assignment(name):
    return load_assignment(ROOT / "solutions" / name)


@cache
def namespace(name):
    return check_runner.trusted_namespace(assignment(name), ROOT)


def answers_module(name):
    return importlib.import_module(f".variants.{name[:4]}", __package__)


def functions_of(name, sources):
    """The functions defined by answer cells ``sources`` ({grade_id: code}),
    run as a student's notebook runs them (after the setup cells)."""
    ns = {"np": np, "mllesson": mllesson}
    with contextlib.redirect_stdout(io.StringIO()):
        for source in assignment(name).setup:
            exec(compile(source, "<setup>", "exec"), ns)
        for source in sources.values():
            exec(compile(source, "<answer>", "exec"), ns)
    return ns


def cell_scores(name, functions, variant, only=None, mix=None, using=None):
    """{grade_id: points} of every test cell (or of the tasks in ``only``, or
    of the cells that call a function in ``using``), with ``functions`` (a
    namespace) written for ``variant``."""
    cells = {gid for t in (only or tasks(name)) for gid, _ in tasks(name)[t]}
    out = {}
    for test in assignment(name).tests:
        if test.grade_id not in cells:
            continue
        if using is not None and not set(test.names) & using:
            continue
        given = {
            n: V.adapt(functions[n], n, variant) for n in test.names if n in functions
        }
        verdict = check_runner.run_test(test, namespace(name), given, ROOT, mix)
        out[test.grade_id] = test.points if verdict.passed else 0.0
    return out


def task_scores(name, cells):
    """{task: points} from {grade_id: points}."""
    return {
        task: sum(cells[gid] for gid, _ in graded if gid in cells)
        for task, graded in tasks(name).items()
    }


def dimensions_of(name, task):
    """The dimensions that change how ``task`` is written."""
    t = V.spec(name).TASKS.get(task)
    if t is None:
        return set()
    returns = t.returns if isinstance(t.returns, tuple) else (t.returns,)
    roles = set(t.roles.values()) | {r for r in returns if r}
    return {d for d, touched in _ROLES_OF.items() if roles & touched}


def agree(name, task, u, v):
    """Whether variants ``u`` and ``v`` ask for the same code in ``task``."""
    return all(u.get(d) == v.get(d) for d in dimensions_of(name, task))


def defined_names(source):
    """The functions an answer cell defines."""
    return {
        node.name
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef)
    }
