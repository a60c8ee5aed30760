"""Comparing a student's result with the reference, and counting the lines it runs.

The one copy of these rules: the self-checks, the hidden checks and the
grader's kernel side all use it.
"""

import sys
from pathlib import Path

import numpy as np

__all__ = [
    "ATOL",
    "FD_ATOL",
    "FD_RTOL",
    "FD_STEP",
    "RTOL",
    "close",
    "count_lines",
    "diagnose",
    "finite_difference",
    "flatten_gradients",
    "is_vectorised",
    "join_weights_and_bias",
]

#: Relative and absolute tolerance of every value comparison.
RTOL, ATOL = 1e-6, 1e-9

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
