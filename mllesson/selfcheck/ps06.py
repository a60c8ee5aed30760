"""Self-checks of ps06, the perceptron.

mcculloch_pitts, perceptron_update, perceptron_fit.

Each check runs the student's function on small visible inputs, compares it
with the ``mllesson`` function of the same name and names the likely mistake.
"""

import numpy as np

from .. import perceptron
from .compare import join_weights_and_bias
from .fixtures import and_gate
from .mistakes import (
    MCCULLOCH_PITTS_MISTAKES,
    PERCEPTRON_FIT_MISTAKES,
    PERCEPTRON_UPDATE_MISTAKES,
)
from .report import Report, call, check_array, check_value, check_vectorised

__all__ = [
    "check_mcculloch_pitts",
    "check_mcculloch_pitts_vectorised",
    "check_perceptron_fit",
    "check_perceptron_fit_xor",
    "check_perceptron_update",
]


def check_mcculloch_pitts(mcculloch_pitts):
    """Self-check for ``mcculloch_pitts(x, weights, threshold)``."""
    r = Report("mcculloch_pitts")
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    for gate, w, t in (("AND", [1.0, 1.0], 2.0), ("OR", [1.0, 1.0], 1.0)):
        w = np.array(w)
        out = call(r, mcculloch_pitts, X.copy(), w.copy(), t)
        check_value(
            r,
            out,
            perceptron.mcculloch_pitts(X, w, t),
            (X, w, t),
            MCCULLOCH_PITTS_MISTAKES,
            f"the {gate} unit on the four inputs",
        )
        check_array(r, out, (4,), kind="i")
    r.ok("integer outputs")
    r.ok("AND and OR truth tables")
    out = call(r, mcculloch_pitts, np.array([1.0, 1.0]), np.array([1.0, 1.0]), 2.0)
    if np.ndim(out) != 0 or out != 1:
        r.fail_shape(
            "a single example (x of shape (n,)) must give a single 0 or 1, "
            f"not {type(out).__name__} of shape {np.shape(out)}."
        )
    r.ok("a single example")
    r.done("logic gates, ties at the threshold, random units")


def _inputs(m):
    X = np.column_stack([np.arange(m) % 2, (np.arange(m) // 2) % 2, np.ones(m)])
    return X.astype(np.float64), np.array([0.7, -0.4, 0.2]), 0.5


def check_mcculloch_pitts_vectorised(mcculloch_pitts):
    """Self-check: no Python loop over the examples."""
    r = Report("mcculloch_pitts")
    check_vectorised(r, mcculloch_pitts, _inputs, perceptron.mcculloch_pitts)
    r.done()


def check_perceptron_update(perceptron_update):
    """Self-check for ``perceptron_update(w, b, x, y, learning_rate=1.0)``."""
    r = Report("perceptron_update")
    mistakes = [
        (m, lambda *a, v=v: join_weights_and_bias(v(*a)))
        for m, v in PERCEPTRON_UPDATE_MISTAKES
    ]
    cases = [
        ("a misclassified class-0 example", [1.0, 1.0], 0.0, [1.0, 1.0], 0.0, 1.0),
        ("a class-0 example on the boundary", [0.0, 0.0], 0.0, [1.0, 2.0], 0.0, 1.0),
        ("a missed class-1 example", [1.0, -1.0], 0.5, [1.0, 2.0], 1.0, 1.0),
        ("a correctly classified example", [1.0, -1.0], 0.5, [1.0, -2.0], 1.0, 1.0),
        ("learning_rate = 0.5", [0.5, 1.0], 0.25, [2.0, 1.0], 0.0, 0.5),
        ("a negative bias outweighing w·x", [1.0, 0.0], -2.0, [1.0, 3.0], 1.0, 1.0),
    ]  # fmt: skip
    for where, w, b, x, y, eta in cases:
        w, x = np.array(w), np.array(x)
        w0, x0 = w.copy(), x.copy()
        out = call(r, perceptron_update, w, b, x, y, eta)
        got = join_weights_and_bias(out)
        if got is None:
            r.fail_shape("return a pair (w, b): the new weights and the new bias.")
        check_value(
            r,
            got,
            join_weights_and_bias(perceptron.perceptron_update(w0, b, x0, y, eta)),
            (w0, b, x0, y, eta),
            mistakes,
            where,
        )
        # Unchanged inputs count only in a step that is right.
        if not (np.array_equal(w, w0) and np.array_equal(x, x0)):
            r.fail_input_modified(
                "w or x was modified in place: return new arrays (w + ..., b + ...)."
            )
    check_array(r, out[0], (2,), what="w")
    r.ok("inputs left unchanged")
    r.ok("w and b after a mistake on each class, no change when right, η, b")
    r.done("more features, other learning rates, random cases")


def _check_fit_output(r, out, n_features):
    if not (isinstance(out, tuple) and len(out) == 3):
        r.fail_shape("return a tuple (w, b, errors).")
    w, b, errors = out
    check_array(r, np.asarray(w), (n_features,), what="w")
    errors = np.asarray(errors)
    if errors.ndim != 1 or errors.size == 0:
        r.fail("errors must list the number of mistakes in each epoch run.")
    return np.asarray(w, dtype=np.float64), float(b), errors


def check_perceptron_fit(perceptron_fit):
    """Self-check for ``perceptron_fit(X, y, learning_rate=1.0, epochs=100, ...)``."""
    r = Report("perceptron_fit")
    X, y = and_gate()
    kw = dict(learning_rate=0.5, epochs=20, shuffle=False)
    out = call(r, perceptron_fit, X.copy(), y.copy(), **kw)
    w, b, errors = _check_fit_output(r, out, 2)
    ref = perceptron.perceptron_fit(X, y, **kw)
    mistakes = [
        (m, lambda *a, v=v: join_weights_and_bias(v(*a, **kw)[:2]))
        for m, v in PERCEPTRON_FIT_MISTAKES
    ]
    check_value(
        r,
        np.append(w, b),
        join_weights_and_bias(ref[:2]),
        (X, y),
        mistakes,
        "w and b after training on AND in the given order",
    )
    r.ok("w and b on AND without shuffling")
    if errors.shape == (20,) and errors[-1] == 0:
        r.fail("training must stop after the first epoch without a mistake.")
    check_value(r, errors, ref[2], (X, y), [], "the mistakes per epoch on AND")
    r.ok("mistakes per epoch, stopping after a clean epoch")
    out = call(r, perceptron_fit, X.copy(), 1 - y, epochs=50, shuffle=True, rng=0)
    w, b, errors = _check_fit_output(r, out, 2)
    if errors[-1] != 0 or not np.array_equal((X @ w + b >= 0).astype(int), 1 - y):
        r.fail(
            "with shuffling, training on NAND (separable) should end with an "
            "epoch without mistakes and classify all four inputs correctly."
        )
    r.ok("shuffled training converges on NAND")
    r.done("w, b and mistakes per epoch on other data, shuffled runs")


def check_perceptron_fit_xor(perceptron_fit):
    """Self-check: on XOR (not separable) every epoch runs and has mistakes."""
    r = Report("perceptron_fit")
    X, _ = and_gate()
    y = np.array([0.0, 1.0, 1.0, 0.0])
    for shuffle, epochs in ((False, 6), (True, 7)):
        kw = dict(epochs=epochs, shuffle=shuffle, rng=1)
        out = call(r, perceptron_fit, X.copy(), y.copy(), **kw)
        w, b, errors = _check_fit_output(r, out, 2)
        if not shuffle:
            ref = perceptron.perceptron_fit(X, y, **kw)
            check_value(
                r,
                np.concatenate([w, [b], errors]),
                np.concatenate([join_weights_and_bias(ref[:2]), ref[2]]),
                (),
                [],
                "w, b and the mistakes per epoch on XOR without shuffling",
            )
        if errors.shape != (epochs,) or (errors == 0).any():
            r.fail(
                f"on XOR with shuffle={shuffle}, every one of the {epochs} epochs "
                f"should run and have mistakes; errors has shape {errors.shape}."
            )
    r.ok("every epoch runs and has mistakes on XOR, with and without shuffling")
    r.done()
