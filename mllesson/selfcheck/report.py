"""The self-checks' reporting engine: call the student's function, compare, report.

A check collects what passed in a :class:`Report`, prints it at the end, and
raises :class:`SelfCheckError` on the first failure: the likely mistake, the
numbers of the small visible case (the student's and the expected ones), and
the book section to read. In a notebook the error shows the line of the
student's cell, not the course's code.
"""

import traceback

import numpy as np

from .compare import (
    ERROR,
    INPUT_MODIFIED,
    NOT_ATTEMPTED,
    NOT_VECTORISED,
    WRONG_SHAPE,
    WRONG_VALUES,
    CheckFailed,
    _is_library,
    is_vectorised,
    mismatch,
)
from .sections import MISTAKES, TASKS, where_to_read

__all__ = [
    "Report",
    "SelfCheckError",
    "call",
    "check_array",
    "check_value",
    "check_vectorised",
    "numbers",
]


def _own_frames(tb):
    """The frames of ``tb`` in the student's code (not Python's, not the course's)."""
    return [f for f in traceback.extract_tb(tb) if not _is_library(f.filename)]


class SelfCheckError(CheckFailed):
    """A self-check found a mistake; the message says which one (and its
    ``kind`` and ``mistake`` say the same as data, see :class:`CheckFailed`)."""

    def _render_traceback_(self):
        # IPython shows these lines instead of the traceback, which runs
        # through the course's internals: the message, then the student's line.
        lines = [f"{type(self).__name__}: {self}"]
        own = _own_frames(self.__traceback__)
        if own and own[-1].line:
            lines.append(f"(the check was run by this line: {own[-1].line.strip()})")
        return lines


class Report:
    """Collects the checks that passed and raises on the first failure.

    ``section`` is the task's key in :data:`~mllesson.selfcheck.sections.TASKS`
    (by default the task's name): where a failure sends the student to read.
    """

    def __init__(self, task, section=None):
        self.task = task
        self.section = TASKS[section or task]
        self.passed = []

    def ok(self, what):
        self.passed.append(what)

    def fail(self, message, kind=WRONG_VALUES, mistake=""):
        """Raise with ``message``, its kind and, when the values matched one, the
        catalogued ``mistake``, whose own book section is then the one to read."""
        section = MISTAKES.get(mistake, self.section) if mistake else self.section
        raise SelfCheckError(
            f"{self.task}: {message}\n{where_to_read(section)}", kind, mistake
        ) from None

    def fail_shape(self, message):
        """Fail on a result of the wrong shape, type or structure."""
        self.fail(message, WRONG_SHAPE)

    def fail_input_modified(self, message):
        """Fail on an input the student's function changed in place."""
        self.fail(message, INPUT_MODIFIED)

    def done(self, more=""):
        """Print what passed; ``more`` says what else the hidden tests try."""
        n = len(self.passed)
        print(
            f"{n} check{'s' * (n != 1)} passed for {self.task}: "
            f"{', '.join(self.passed)}.\nThe hidden tests check the same on more "
            f"inputs{': ' + more if more else ''}."
        )


def call(report, fn, *args, **kwargs):
    """Call the student's function, turning an exception into advice.

    numpy's warnings (an overflow on the way to a right value) are silenced, as
    in the hidden tests: nbgrader would fail a cell for anything on stderr,
    and a warning alone costs nothing.
    """
    try:
        with np.errstate(all="ignore"):
            return fn(*args, **kwargs)
    except NotImplementedError:
        report.fail(
            "it still raises NotImplementedError: replace the line "
            "`raise NotImplementedError()` with your code.",
            NOT_ATTEMPTED,
        )
    except SelfCheckError:
        raise
    except Exception as exc:  # the student's bug, reported in plain words
        own = _own_frames(exc.__traceback__)
        where = ""
        if own and own[-1].line:
            where = f" in your line {own[-1].lineno}, `{own[-1].line.strip()}`"
        hint = ""
        if "matmul" in str(exc) or "shapes" in str(exc) or "broadcast" in str(exc):
            hint = (
                " The shapes do not fit: check the order of the matrix product "
                "and whether a matrix needs transposing."
            )
        report.fail(
            f"calling it raised {type(exc).__name__}{where}: {exc}.{hint}", ERROR
        )


def check_array(report, out, shape, kind="f", what="the result"):
    """A numpy array of the given shape and dtype kind ('f' float, 'i' integer)."""
    if not isinstance(out, np.ndarray):
        report.fail(
            f"{what} should be a numpy array, got {type(out).__name__}. "
            "Build it with numpy operations rather than Python lists.",
            WRONG_SHAPE,
        )
    if out.shape != tuple(shape):
        extra = ""
        if out.ndim == len(shape) + 1 and 1 in out.shape:
            extra = " You returned a column or row; flatten it, or avoid reshaping."
        report.fail(
            f"{what} has shape {out.shape}, expected {tuple(shape)}.{extra}",
            WRONG_SHAPE,
        )
    if kind == "f" and out.dtype != np.float64:
        report.fail(f"{what} has dtype {out.dtype}, expected float64.", WRONG_SHAPE)
    if kind == "i" and out.dtype.kind not in "iu":
        report.fail(
            f"{what} has dtype {out.dtype}, expected integers: "
            "convert the labels with .astype(int).",
            WRONG_SHAPE,
        )
    if "shape" not in report.passed:
        report.ok("shape")


def numbers(value):
    """A short printout of a result (numbers rounded to 6 significant digits)."""
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        return f"a {type(value).__name__}, not numbers"
    if arr.ndim == 0:
        return f"{float(arr):.6g}"
    return np.array2string(
        arr, precision=6, separator=", ", threshold=40, suppress_small=False
    ).replace("\n", " ")


def check_value(report, got, expected, args, mistakes, where):
    """Compare with the reference; on a mismatch, name the likely mistake and
    show both results (the inputs are the visible ones of ``where``)."""
    why = mismatch(got, expected, args, mistakes)
    if why is None:
        return
    kind, mistake, reason = why
    report.fail(
        f"{where}: {reason}\n  yours:    {numbers(got)}\n"
        f"  expected: {numbers(expected)}",
        kind,
        mistake,
    )


def check_vectorised(
    report, fn, make_args, reference, what="the examples", pick=lambda out: out
):
    """Right values on 1,000 examples, with as many Python lines run as for 10.

    ``make_args(m)`` gives fresh arguments for ``m`` examples; ``pick`` takes
    the part of a result to compare. The same rule as the hidden tests'
    (:func:`~mllesson.selfcheck.compare.is_vectorised`), on visible inputs.
    """
    expected = pick(reference(*make_args(1000)))
    got = pick(call(report, fn, *make_args(1000)))
    check_value(report, got, expected, (), (), "on 1,000 examples")
    try:
        with np.errstate(all="ignore"):
            ok = is_vectorised(fn, make_args)
    except Exception as exc:  # the student's bug on a larger input
        report.fail(
            f"calling it on more examples raised {type(exc).__name__}: {exc}.", ERROR
        )
    if not ok:
        report.fail(
            f"it runs a Python loop over {what}: 1,000 examples run many more "
            "lines of your code than 10. Use whole-array numpy operations.",
            NOT_VECTORISED,
        )
    report.ok(f"no Python loop over {what}")
