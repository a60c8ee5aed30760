"""Comparing a student's result with the reference, and counting the lines it runs.

The one copy of these rules: the self-checks, the hidden checks and the
grader's kernel side all use it.
"""

import sys
from pathlib import Path

import numpy as np

__all__ = [
    "ATOL",
    "ERROR",
    "FINITE_DIFFERENCES",
    "INPUT_MODIFIED",
    "NOT_ATTEMPTED",
    "NOT_FINITE",
    "NOT_VECTORISED",
    "FD_ATOL",
    "FD_RTOL",
    "FD_STEP",
    "RTOL",
    "WRONG_SHAPE",
    "WRONG_VALUES",
    "CheckFailed",
    "close",
    "count_lines",
    "diagnose",
    "finite_difference",
    "flatten_gradients",
    "is_vectorised",
    "join_weights_and_bias",
    "mismatch",
]

#: Relative and absolute tolerance of every value comparison.
RTOL, ATOL = 1e-6, 1e-9

#: The kinds of failure a check names, as data beside its message (the
#: grader files a failed task under its kind, never under its wording).
NOT_ATTEMPTED = "not attempted"  #: the release's stub still raises
ERROR = "error"  #: the student's code raised
WRONG_VALUES = "wrong values"  #: values were returned, and are wrong
WRONG_SHAPE = "wrong shape"  #: a result of the wrong shape, type or structure
NOT_FINITE = "not finite"  #: NaN or infinity where the reference is finite
NOT_VECTORISED = "not vectorised"  #: a Python loop over the examples
FINITE_DIFFERENCES = "finite differences"  #: a gradient that disagrees with them
INPUT_MODIFIED = "input modified"  #: an input changed in place


class CheckFailed(AssertionError):
    """A check failed; the message says why, in words for the student.

    ``kind`` (one of the kinds above) and ``mistake`` (the catalogued
    mistake's message, when :func:`diagnose` found the values to match one)
    say the same as data: set where the failure is found, and never read
    back from the message, which may quote the student's own words.
    """

    def __init__(self, message, kind=WRONG_VALUES, mistake=""):
        super().__init__(message)
        self.kind, self.mistake = kind, mistake

    def restated(self, message):
        """The same failure (its class, kind and mistake) told with ``message``."""
        return type(self)(message, self.kind, self.mistake)


#: Central differences: the step, and the tolerance of a gradient against them.
FD_STEP, FD_RTOL, FD_ATOL = 1e-6, 1e-4, 1e-6

#: Code under these folders is not the student's: the Python installation and
#: the ``mllesson`` package (in a grading kernel, its stripped copy).
_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def close(got, expected, equal_nan=False):
    """Same shape and values within the course's tolerance."""
    try:
        got = np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    expected = np.asarray(expected, dtype=np.float64)
    return got.shape == expected.shape and bool(
        np.allclose(got, expected, rtol=RTOL, atol=ATOL, equal_nan=equal_nan)
    )


def diagnose(got, args, mistakes):
    """The message of the first known mistake whose output matches ``got``.

    ``mistakes`` is a catalogue: ``(message, wrong_function)`` pairs, each
    wrong function called with ``args``.
    """
    for message, wrong in mistakes:
        try:
            with np.errstate(all="ignore"):
                value = wrong(*args)
        except Exception:  # a mistake that cannot even run on these inputs
            continue
        if close(got, value, equal_nan=True):
            return message
    return None


def mismatch(got, expected, args=(), mistakes=()):
    """Why ``got`` is not ``expected``, or None when it is (within tolerance).

    One verdict for the self-checks and the hidden checks: ``(kind, mistake,
    reason)``, where ``mistake`` is the catalogued mistake the values match
    ("" if none) and ``reason`` says it in words for the student.
    """
    if close(got, expected):
        return None
    # A catalogued mistake may have its own shape (a missing column of ones).
    mistake = diagnose(got, args, mistakes) or ""
    try:
        arr = np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        arr = None
    if arr is None or arr.shape != np.shape(expected):
        if mistake:
            return WRONG_VALUES, mistake, mistake
        if arr is None:
            return WRONG_SHAPE, "", f"the result is not numeric ({type(got).__name__})."
        return (
            WRONG_SHAPE,
            "",
            f"the result has shape {arr.shape}, expected {np.shape(expected)}.",
        )
    kind, reason = WRONG_VALUES, mistake
    if not mistake and np.isfinite(expected).all() and not np.isfinite(arr).all():
        kind, reason = NOT_FINITE, (
            "the result contains NaN or infinity: the numerical-stability "
            "trap, an intermediate step overflows. Compute it stably."
        )
    reason = reason or "wrong values, matching none of the usual mistakes."
    if arr.ndim:
        bad = ~np.isclose(arr, expected, rtol=RTOL, atol=ATOL)
        reason += f" ({int(bad.sum())} of {bad.size} values differ)"
    return kind, mistake, reason


def join_weights_and_bias(out):
    """``(w, b)`` as one vector ``[w..., b]`` (None if it is not such a pair)."""
    try:
        w, b = out
        return np.append(np.asarray(w, dtype=np.float64), float(b))
    except (TypeError, ValueError):
        return None


def flatten_gradients(grads):
    """A list of (dW, db) pairs laid end to end (None if it is not one)."""
    try:
        return np.concatenate(
            [np.ravel(np.asarray(a, dtype=np.float64)) for pair in grads for a in pair]
        )
    except (TypeError, ValueError):
        return None


def _is_library(filename):
    if filename.startswith("<"):  # "<frozen ...>" is Python's; "<string>" is not
        return filename.startswith("<frozen")
    path = Path(filename).resolve()
    roots = {Path(sys.prefix), Path(sys.base_prefix), _PACKAGE_DIR}
    return any(root.resolve() in path.parents for root in roots)


def count_lines(fn, *args, **kwargs):
    """How many lines of non-library Python code a call to ``fn`` executes."""
    count = 0
    cache = {}

    def local(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return local

    def tracer(frame, event, arg):
        name = frame.f_code.co_filename
        if name not in cache:
            cache[name] = _is_library(name)
        return None if cache[name] else local

    old = sys.gettrace()
    sys.settrace(tracer)
    try:
        fn(*args, **kwargs)
    finally:
        sys.settrace(old)
    return count


def _line_counter(fn):
    """``count_lines`` for ``fn``: its class's own ``count_lines`` method if it
    has one (a function run in another process, such as the grader's proxy for
    a function in the student's kernel, is traced there), else ours. Looked up
    on the class, so a plain function cannot bring its own counter."""
    own = getattr(type(fn), "count_lines", None)
    if own is None:
        return count_lines
    return lambda fn, *args, **kwargs: own(fn, *args, **kwargs)


def is_vectorised(fn, make_args, small=10, large=1000, count_lines=None):
    """Whether ``fn`` runs the same number of Python lines for few or many samples.

    ``make_args(m)`` returns the positional arguments for ``m`` samples. A
    Python loop over samples (``for``, ``while`` or a comprehension) runs
    about ``m`` times more lines, whatever its variable names or helpers.
    ``count_lines(fn, *args)`` counts the lines of one call; by default
    :func:`count_lines`, or ``fn``'s own method where it runs elsewhere.
    """
    counter = count_lines or _line_counter(fn)
    n_small = counter(fn, *make_args(small))
    n_large = counter(fn, *make_args(large))
    return n_large <= n_small + 10


def finite_difference(f, theta, step=FD_STEP):
    """Central differences of the scalar function ``f`` at ``theta``.

    Not :func:`mllesson.numerical_gradient`, which nudges one array in place:
    here every call gets fresh arrays, so a student's function that changes
    its argument cannot move the points the others are evaluated at.
    """
    theta = np.asarray(theta, dtype=np.float64)
    grad = np.empty_like(theta)
    for j in range(theta.size):  # one coordinate at a time, by definition
        e = np.zeros_like(theta)
        e[j] = step
        grad[j] = (float(f(theta + e)) - float(f(theta - e))) / (2 * step)
    return grad
