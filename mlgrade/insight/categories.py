"""A failed task's category, and its message redacted.

For the class as a whole an instructor needs a failure as data: a category
that groups alike failures (a named misconception from the course's mistake
catalogue, "not attempted", "time limit", ...) and the message with the
numbers that change from student to student (problem sizes, counts of wrong
values) replaced by ``#``, so that alike messages are equal strings.

The category is never read from the message, which may quote the student's
own words: it follows from what the trusted side recorded where the failure
happened, ``TaskResult.failure`` (the grader, the sandbox's accounting, the
check's ``HiddenTestFailure``) and ``TaskResult.mistake`` (the catalogued
mistake the check's comparison of values matched). The named misconceptions
are the course's catalogues of mistakes (every ``*_MISTAKES`` list of the
self-check module), read from there, never copied here.
"""

import functools
import importlib
import re
from dataclasses import dataclass
from enum import Enum

from mlgrade.grading.result import Failure


class Kind(Enum):
    """Failure kinds, in the order a tie between equally common ones is broken.

    The most informative kind wins a tie: a named misconception says more than
    an unexplained wrong value, which says more than a crash or a blank.
    """

    MISCONCEPTION = 0  #: a mistake named in the course's catalogue
    WRONG = 1  #: a wrong answer the catalogue does not name
    ERROR = 2  #: the student's code raised
    LIMIT = 3  #: time, memory, processes, output, or the kernel died
    NOT_ATTEMPTED = 4  #: blank, NotImplementedError, no notebook
    GRADER = 5  #: the grader could not grade it (its bug, not the student's)
    UNRECORDED = 6  #: graded before the grader recorded failure kinds


@dataclass(frozen=True)
class Category:
    name: str
    kind: Kind

    def sort_key(self, count):
        """Most common first; ties by kind, then by name (deterministic)."""
        return (-count, self.kind.value, self.name)


NOT_ATTEMPTED = Category("not attempted", Kind.NOT_ATTEMPTED)
TIME_LIMIT = Category("time limit", Kind.LIMIT)
KERNEL_DIED = Category("kernel died", Kind.LIMIT)
MEMORY_LIMIT = Category("memory limit", Kind.LIMIT)
PROCESS_LIMIT = Category("process limit", Kind.LIMIT)
OUTPUT_LIMIT = Category("output limit", Kind.LIMIT)
ERROR = Category("error", Kind.ERROR)
UNREADABLE = Category("unreadable notebook", Kind.NOT_ATTEMPTED)
GRADER_ERROR = Category("grader error", Kind.GRADER)
NOT_FINITE = Category("NaN or infinity (not computed stably)", Kind.WRONG)
NOT_VECTORISED = Category("loop over the examples (not vectorised)", Kind.WRONG)
FINITE_DIFFERENCES = Category("disagrees with finite differences", Kind.WRONG)
CHANGED_INPUT = Category("changed its input in place", Kind.WRONG)
WRONG_SHAPE = Category("wrong shape, type or structure", Kind.WRONG)
WRONG_VALUES = Category("wrong values (no named mistake)", Kind.WRONG)
#: A failed task of a run graded before failure kinds were recorded: its
#: message is not read to guess one.
UNRECORDED = Category("not recorded (an older run)", Kind.UNRECORDED)

#: The category of each recorded failure of a task.
_OF_FAILURE = {
    Failure.NO_NOTEBOOK: NOT_ATTEMPTED,
    Failure.WRONG_ASSIGNMENT: NOT_ATTEMPTED,
    Failure.NOT_ATTEMPTED: NOT_ATTEMPTED,
    Failure.UNREADABLE: UNREADABLE,
    Failure.TIME_LIMIT: TIME_LIMIT,
    Failure.MEMORY_LIMIT: MEMORY_LIMIT,
    Failure.PROCESS_LIMIT: PROCESS_LIMIT,
    Failure.OUTPUT_LIMIT: OUTPUT_LIMIT,
    Failure.KILLED: KERNEL_DIED,
    Failure.KERNEL_DIED: KERNEL_DIED,
    Failure.GRADER_ERROR: GRADER_ERROR,
    Failure.ERROR: ERROR,
    Failure.WRONG_VALUES: WRONG_VALUES,
    Failure.WRONG_SHAPE: WRONG_SHAPE,
    Failure.NOT_FINITE: NOT_FINITE,
    Failure.NOT_VECTORISED: NOT_VECTORISED,
    Failure.FINITE_DIFFERENCES: FINITE_DIFFERENCES,
    Failure.INPUT_MODIFIED: CHANGED_INPUT,
}

#: Where the catalogues of mistakes live (the first that imports is used).
CATALOGUE_MODULES = ("mllesson.selfcheck.mistakes",)


def _entry_message(entry):
    """The student-facing text of one catalogue entry: ``(message, wrong)``."""
    if isinstance(entry, tuple) and entry and isinstance(entry[0], str):
        return entry[0]
    return getattr(entry, "message", None)


@functools.cache
def catalogue():
    """{message: catalogue name} over every catalogue of mistakes, longest first.

    Longest first, so that "the penalty's gradient is (λ/m)θ_j: the 1/m is
    missing." is found before its tail "the 1/m is missing." (by
    :func:`redact`, which keeps a quoted catalogue message whole).
    """
    found = {}
    for name in CATALOGUE_MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        for attr in sorted(vars(module)):
            entries = getattr(module, attr)
            if not attr.endswith("_MISTAKES") or not isinstance(entries, list):
                continue
            for entry in entries:
                message = _entry_message(entry)
                if message:
                    found.setdefault(message.strip(), attr)
        break
    return dict(sorted(found.items(), key=lambda kv: (-len(kv[0]), kv[0])))


def catalogue_function(name):
    """The function a misconception's catalogue is about ("COST_MISTAKES" ->
    "cost"), found from the category ``name``; "" if it is not catalogued."""
    for message, catalogue_name in catalogue().items():
        if misconception_name(message) == name:
            return catalogue_name.removesuffix("_MISTAKES").lower()
    return ""


def misconception_name(message):
    """A catalogue message as a category name: its first sentence, no full stop."""
    first = re.split(r"(?<=[.!?])\s", message.strip(), maxsplit=1)[0]
    return first.rstrip(".")


def categorise(task):
    """The :class:`Category` of a task's failure (None if it passed).

    ``task`` is a :class:`mlgrade.grading.result.TaskResult`: its ``failure`` and
    ``mistake``, recorded where it failed, decide; its message is not read.
    """
    if task.score >= task.max_score:
        return None
    if task.failure is None:
        return UNRECORDED
    mistake = (task.mistake or "").strip()
    if mistake in catalogue():
        return Category(misconception_name(mistake), Kind.MISCONCEPTION)
    return _OF_FAILURE.get(task.failure, ERROR)


# A number is data (a problem size, a count) unless it is part of a formula:
# touching a letter, a slash, a caret or brackets of a formula ("1/m",
# "λ/(2m)", "θ₀", "2-D"), or next to an operator ("1 − y", "1 + e^z").
_NUMBER = re.compile(r"(?<![\w.])[-−]?\d+(?:\.\d+)?(?:e[-+]?\d+)?(?![\w.])")
_OPERATORS = "+−*/×·^"


def _in_formula(text, start, end):
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if (before and before in "/^_") or (after and after in "/^_"):
        return True
    if after == "-" and end + 1 < len(text) and text[end + 1].isalpha():
        return True  # "2-D"
    left = text[:start].rstrip()[-1:]
    right = text[end:].lstrip()[:1]
    return (left != "" and left in _OPERATORS) or (right != "" and right in _OPERATORS)


def redact(message, limit=300):
    """The message's first line with its data numbers replaced by ``#``.

    Numbers of formulas stay (``1/m``, ``λ/(2m)``, ``1 − y``), and so does a
    catalogue message quoted in it, word for word. The result groups alike
    failures and shows no value a student's inputs produced.
    """
    text = (message or "").split("\n")[0].strip()
    keep = []
    for entry in catalogue():
        i = text.find(entry)
        if i >= 0:
            keep.append((i, i + len(entry)))
            break
    out, last = [], 0
    for match in _NUMBER.finditer(text):
        start, end = match.span()
        if any(a <= start < b for a, b in keep) or _in_formula(text, start, end):
            continue
        out.append(text[last:start] + "#")
        last = end
    out.append(text[last:])
    return "".join(out)[:limit]


def count_categories(tasks):
    """[(category name, count)] of the failed ``tasks``, most common first.

    Ties go to the more informative kind (:class:`Kind`), then alphabetically.
    """
    counts = {}
    for task in tasks:
        category = categorise(task)
        if category is not None:
            counts[category] = counts.get(category, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: kv[0].sort_key(kv[1]))
    return [(category.name, n) for category, n in ranked]


def format_counts(counts):
    """``"name (n); name (n)"`` for a summary cell."""
    return "; ".join(f"{name} ({n})" for name, n in counts)
