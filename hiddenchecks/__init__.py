"""Grading-side checks behind the assignments' hidden tests.

This package lives beside the course, not inside ``mllesson``: students never
receive it. The hidden test cells of ``solutions/psNN-*/psNN-*.ipynb`` call one
function of ``hiddenchecks.psNN`` each; that function runs the student's
code on many inputs and raises :class:`HiddenTestFailure`, whose message names
the likely mistake but never an expected value.

Every expected value of an assignment comes from one place: the ``REFERENCE``
table at the top of its module, which maps a task to the ``mllesson``
function it re-implements. A grader that must not trust the student's kernel
can replace that table before student code runs. Expected values come only
from arrays the student's function never held: it gets copies, or the
reference runs first. (A grader copies a function's in-place changes back
into the arrays it was given, as a local call would.) An array goes in itself
only where a check looks at whether it comes back unchanged.

Tolerance policy
----------------
- Values (arrays and floats) must have the reference's shape and agree with
  ``numpy.allclose(got, expected, rtol=1e-6, atol=1e-9)``: loose enough for any
  correct floating-point formula, tight enough to catch a missing factor.
- Labels must equal the reference's exactly and, where asked, be integers.
- Results must be finite wherever the reference is, including the stability
  cases (``|z| = 1000``); a ``RuntimeWarning`` alone costs nothing.
- Gradients are also compared with central differences (step 1e-6) of the
  student's own cost, with ``rtol=1e-4, atol=1e-6``. If that cost is itself
  wrong (a separate task), the reference cost is used, so one mistake never
  costs the points of two tasks.
- Deterministic optimisers must match the reference trajectory within the
  value tolerance. Shuffled SGD is graded by invariants: ``batch_size >= m``
  equals batch gradient descent, the cost goes down, and the final cost is
  within 0.01 of the reference optimum's.
- Vectorised tasks must execute as many lines of non-library Python for 1000
  examples as for 10 (within 10): a loop over examples, however it is
  written, fails; loops over columns, degrees or iterations do not.
- A property (vectorised, stable, inputs left unchanged, x restored, integer
  labels, shapes, seeding) earns its points only when the same check also
  finds the reference's values on its own inputs: code that computes nothing
  has no loop and changes no input, and must not score for it.
"""

import copy

import numpy as np

from mllesson.selfcheck.compare import (
    ERROR,
    FD_ATOL,
    FD_RTOL,
    FINITE_DIFFERENCES,
    INPUT_MODIFIED,
    NOT_ATTEMPTED,
    NOT_FINITE,
    NOT_VECTORISED,
    WRONG_SHAPE,
    WRONG_VALUES,
    CheckFailed,
    finite_difference,
    is_vectorised,
    mismatch,
)

__all__ = [
    "ERROR",
    "FD_ATOL",
    "FD_RTOL",
    "FINITE_DIFFERENCES",
    "INPUT_MODIFIED",
    "NOT_ATTEMPTED",
    "NOT_FINITE",
    "NOT_VECTORISED",
    "WRONG_SHAPE",
    "WRONG_VALUES",
    "HiddenTestFailure",
    "expect_close",
    "expect_labels",
    "expect_vectorised",
    "finite_difference",
    "run",
]


class HiddenTestFailure(CheckFailed):
    """A hidden test failed; the message gives the likely mistake, ``kind``
    and ``mistake`` say the same as data (see :class:`CheckFailed`)."""


def run(task, fn, *args, **kwargs):
    """Call the student's ``fn``, turning any exception into a clear failure."""
    try:
        with np.errstate(all="ignore"):
            return fn(*args, **kwargs)
    except NotImplementedError:
        raise HiddenTestFailure(
            f"{task}: not implemented yet.", NOT_ATTEMPTED
        ) from None
    except Exception as exc:
        # The exception's text is the student's own: shown to them as it is,
        # and never taken for a diagnosis. (The grader still sees the
        # exception as this one's context, for a refusal of its own.)
        raise HiddenTestFailure(
            f"{task}: raised {type(exc).__name__} on a hidden input: {exc}", ERROR
        ) from None


def expect_close(task, what, got, expected, args=(), mistakes=()):
    """Shape, finiteness and value within the tolerance policy."""
    why = mismatch(got, expected, args, mistakes)
    if why is not None:
        kind, mistake, reason = why
        raise HiddenTestFailure(f"{task}: {what}: {reason}", kind, mistake)


def expect_labels(task, what, got, shape):
    """An integer array of the given shape (the values are checked elsewhere)."""
    if not isinstance(got, np.ndarray) or got.dtype.kind not in "iu":
        kind = getattr(got, "dtype", type(got).__name__)
        raise HiddenTestFailure(
            f"{task}: {what}: labels must be integers, got {kind}.", WRONG_SHAPE
        )
    if got.shape != tuple(shape):
        raise HiddenTestFailure(
            f"{task}: {what}: shape {got.shape}, expected {tuple(shape)}.", WRONG_SHAPE
        )


def _copies(args):
    return copy.deepcopy(tuple(args))


def expect_vectorised(task, fn, make_args, reference, compare=None):
    """No Python-level loop over the examples, in an answer that works.

    ``make_args(m)`` gives the arguments for ``m`` examples. The points need
    the call on the 1,000-example input to return the reference's values as
    well (``compare(task, what, got, expected)``, by default
    :func:`expect_close`): code that computes nothing runs no loop either.
    """
    compare = compare or expect_close
    small, large = make_args(10), make_args(1000)
    expected = reference(*_copies(large))  # before the student holds the input
    got = run(task, fn, *_copies(large))
    try:
        compare(task, "the 1,000-example input", got, expected)
    except HiddenTestFailure as exc:
        raise exc.restated(
            f"{task}: vectorisation not credited: the values on the 1,000-example "
            f"input are wrong ({str(exc).removeprefix(task + ': ')})"
        ) from None
    inputs = {10: small, 1000: large}
    try:
        with np.errstate(all="ignore"):
            ok = is_vectorised(fn, lambda m: _copies(inputs[m]))
    except Exception as exc:
        raise HiddenTestFailure(
            f"{task}: raised {type(exc).__name__} on a large input: {exc}", ERROR
        ) from None
    if not ok:
        raise HiddenTestFailure(
            f"{task}: runs a Python loop over the examples; the task asks for "
            "vectorised numpy code.",
            NOT_VECTORISED,
        )
