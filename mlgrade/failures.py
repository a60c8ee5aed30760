"""What kind of failure a task's message describes, and the message redacted.

A failed check's public message says what went wrong in words written for the
student. For the class as a whole an instructor needs it as data: a category
that groups alike failures (a named misconception from the course's mistake
catalogue, "not attempted", "time limit", ...) and the message with the
numbers that change from student to student (problem sizes, counts of wrong
values) replaced by ``#``, so that alike messages are equal strings.

The named misconceptions are read from the course's catalogues of mistakes
(every ``*_MISTAKES`` list of the self-check module), never copied here: a
message that contains a catalogue entry's words is that misconception.
"""

import functools
import importlib
import re
from dataclasses import dataclass
from enum import Enum

from .result import Failure


class Kind(Enum):
    """Failure kinds, in the order a tie between equally common ones is broken.

    The most informative kind wins a tie: a named misconception says more than
    an unexplained wrong value, which says more than a crash or a blank.
    """

    MISCONCEPTION = 0  #: a mistake named in the course's catalogue
    WRONG = 1  #: a wrong answer the catalogue does not name
    ERROR = 2  #: the student's code raised
    LIMIT = 3  #: time, memory, or the kernel died
    NOT_ATTEMPTED = 4  #: blank, NotImplementedError, function undefined
    GRADER = 5  #: the grader could not grade it (its bug, not the student's)


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
ERROR = Category("error", Kind.ERROR)
UNREADABLE = Category("unreadable notebook", Kind.NOT_ATTEMPTED)
GRADER_ERROR = Category("grader error", Kind.GRADER)
NOT_FINITE = Category("NaN or infinity (not computed stably)", Kind.WRONG)
NOT_VECTORISED = Category("loop over the examples (not vectorised)", Kind.WRONG)
FINITE_DIFFERENCES = Category("disagrees with finite differences", Kind.WRONG)
CHANGED_INPUT = Category("changed its input in place", Kind.WRONG)
WRONG_SHAPE = Category("wrong shape, type or structure", Kind.WRONG)
WRONG_VALUES = Category("wrong values (no named mistake)", Kind.WRONG)

#: The grader's and the checks' own wording, most specific first. Each
#: pattern is matched against the message; the first that matches decides.
_PATTERNS = [
    (r"not implemented yet|raised NotImplementedError", NOT_ATTEMPTED),
    # The kernel's own wording for a function the notebook never defines.
    (r"raised NameError[^:]*: \w+ is not defined", NOT_ATTEMPTED),
    (
        r"^No answer cell of |^no notebook submitted|notebooks and none named",
        NOT_ATTEMPTED,
    ),
    (r"^The notebook could not be read", UNREADABLE),
    (r"did not finish within the time limit|time limit", TIME_LIMIT),
    (r"raised MemoryError|out of memory|memory limit", MEMORY_LIMIT),
    (r"^Your kernel stopped", KERNEL_DIED),
    (r"^the grader could not run|grader worker failed", GRADER_ERROR),
    (r"NaN or infinity", NOT_FINITE),
    (r"Python loop over the examples", NOT_VECTORISED),
    (r"finite differences|central differences", FINITE_DIFFERENCES),
    (r"modified in place|was changed|changed in place", CHANGED_INPUT),
    (r"\braised \w+", ERROR),
    # The grader's own exception (run.grade_job): "KeyError: ...", at the start
    # (the results of runs before TaskResult.failure was recorded).
    (r"^[A-Z]\w*(Error|Exception): ", GRADER_ERROR),
    (r"wrong values?\b|the result is wrong", WRONG_VALUES),
    (
        r"has shape|shape \([^)]*\), expected|not numeric|must be integers"
        r"|could not use the result"
        r"|return a (tuple|pair|single number)|expected a list|is not \(W, b\)"
        r"|the cache must|must be a single number|could not be read",
        WRONG_SHAPE,
    ),
]
_COMPILED = [(re.compile(p), c) for p, c in _PATTERNS]

#: The category of a task that the grader, not a check, failed
#: (``TaskResult.failure``): it is known where it happened, not read from
#: the message.
_OF_FAILURE = {
    Failure.NO_NOTEBOOK: NOT_ATTEMPTED,
    Failure.WRONG_ASSIGNMENT: NOT_ATTEMPTED,
    Failure.UNREADABLE: UNREADABLE,
    Failure.TIME_LIMIT: TIME_LIMIT,
    Failure.MEMORY_LIMIT: MEMORY_LIMIT,
    Failure.KILLED: KERNEL_DIED,
    Failure.KERNEL_DIED: KERNEL_DIED,
    Failure.GRADER_ERROR: GRADER_ERROR,
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
    missing." is found before its tail "the 1/m is missing.".
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


def categorise(message, passed=False, failure=None):
    """The :class:`Category` of a task's failure (None if it passed).

    ``failure`` (a :class:`mlgrade.result.Failure`) is the grader's own
    reason, when it failed the task itself; otherwise the check's
    ``message`` is read (results of runs graded before the grader recorded
    its reasons are read the same way).
    """
    if passed:
        return None
    if failure in _OF_FAILURE:
        return _OF_FAILURE[failure]
    text = (message or "").strip()
    if not text:
        return WRONG_VALUES
    for entry in catalogue():
        if entry in text:
            return Category(misconception_name(entry), Kind.MISCONCEPTION)
    for pattern, category in _COMPILED:
        if pattern.search(text):
            return category
    return WRONG_VALUES


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


# --- the run's tables -------------------------------------------------------------

TASK_SCORES_COLUMNS = [
    "student_id",
    "assignment",
    "grade_id",
    "score",
    "max_score",
    "failure_category",
    "failure_kind",
    "message",
]


def task_row(result, task):
    """One row of ``task_scores.csv``: a task's score, category and message."""
    passed = task.score >= task.max_score
    category = categorise(task.message, passed, task.failure)
    return [
        result.student,
        result.assignment,
        task.grade_id,
        str(float(task.score)),
        str(float(task.max_score)),
        category.name if category else "",
        category.kind.name.lower().replace("_", " ") if category else "",
        "" if passed else redact(task.message),
    ]


def count_categories(tasks):
    """[(category name, count)] of the failed ``tasks``, most common first.

    Ties go to the more informative kind (:class:`Kind`), then alphabetically.
    """
    counts = {}
    for task in tasks:
        passed = task.score >= task.max_score
        category = categorise(task.message, passed, task.failure)
        if category is not None:
            counts[category] = counts.get(category, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: kv[0].sort_key(kv[1]))
    return [(category.name, n) for category, n in ranked]


def format_counts(counts):
    """``"name (n); name (n)"`` for a summary cell."""
    return "; ".join(f"{name} ({n})" for name, n in counts)
