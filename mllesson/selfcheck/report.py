"""The self-checks' reporting engine: call the student's function, compare, report.

A check collects what passed in a :class:`Report`, prints it at the end, and
raises :class:`SelfCheckError` with the likely mistake on the first failure.
It never shows an expected value.
"""

import numpy as np

from .compare import (
    ATOL,
    ERROR,
    INPUT_MODIFIED,
    NOT_ATTEMPTED,
    NOT_FINITE,
    RTOL,
    WRONG_SHAPE,
    WRONG_VALUES,
    CheckFailed,
    close,
    diagnose,
)

__all__ = ["Report", "SelfCheckError", "call", "check_array", "check_value"]


class SelfCheckError(CheckFailed):
    """A self-check found a mistake; the message says which one (and its
    ``kind`` and ``mistake`` say the same as data, see :class:`CheckFailed`)."""


class Report:
    """Collects the checks that passed and raises on the first failure."""

    def __init__(self, task):
        self.task = task
        self.passed = []

    def ok(self, what):
        self.passed.append(what)

    def fail(self, message, kind=WRONG_VALUES, mistake=""):
        raise SelfCheckError(f"{self.task}: {message}", kind, mistake)

    def fail_shape(self, message):
        """Fail on a result of the wrong shape, type or structure."""
        self.fail(message, WRONG_SHAPE)

    def fail_input_modified(self, message):
        """Fail on an input the student's function changed in place."""
        self.fail(message, INPUT_MODIFIED)

    def done(self, not_checked):
        n = len(self.passed)
        print(
            f"{n} check{'s' * (n != 1)} passed for {self.task}: "
            f"{', '.join(self.passed)}.\nNot checked here: {not_checked}. "
            "The hidden tests check more inputs."
        )


def call(report, fn, *args, **kwargs):
    """Call the student's function, turning an exception into advice."""
    try:
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
        hint = ""
        if "matmul" in str(exc) or "shapes" in str(exc) or "broadcast" in str(exc):
            hint = (
                " The shapes do not fit: check the order of the matrix product "
                "and whether a matrix needs transposing."
            )
        report.fail(f"calling it raised {type(exc).__name__}: {exc}.{hint}", ERROR)


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


def check_value(report, got, expected, args, mistakes, where):
    """Compare with the reference; on a mismatch, name the likely mistake."""
    if close(got, expected):
        return
    message = mistake = diagnose(got, args, mistakes)
    failure = WRONG_VALUES
    try:
        got_arr = np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        got_arr = None
    if message is None and got_arr is not None:
        same_shape = got_arr.shape == np.shape(expected)
        if same_shape and not np.isfinite(got_arr).all():
            failure = NOT_FINITE
            message = (
                "the result contains NaN or infinity. This is the numerical-"
                "stability trap: some intermediate step overflowed. See the "
                "chapter's section on computing it stably."
            )
        elif same_shape and np.ndim(expected):
            bad = ~np.isclose(got_arr, expected, rtol=RTOL, atol=ATOL)
            message = (
                "wrong values, matching none of the usual mistakes. "
                f"{int(bad.sum())} of {bad.size} entries differ."
            )
        elif not same_shape:
            failure = WRONG_SHAPE
            message = (
                f"the result has shape {got_arr.shape}, expected {np.shape(expected)}."
            )
    report.fail(
        f"{where}: {message or 'wrong value, matching none of the usual mistakes.'}",
        failure,
        mistake or "",
    )
