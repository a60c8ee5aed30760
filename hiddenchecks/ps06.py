"""Hidden tests of ps06-perceptron: mcculloch_pitts, perceptron_update, perceptron_fit.

Values follow the course's tolerance policy (see :mod:`hiddenchecks`).
Unit outputs and mistake counts are small integers, compared exactly within
that policy. Shuffled training is graded by invariants: on separable data it
ends with an epoch without mistakes and classifies every training example; on
XOR it runs every epoch.
"""

import numpy as np

import mllesson
from mllesson.selfcheck.compare import join_weights_and_bias
from mllesson.selfcheck.mistakes import (
    MCCULLOCH_PITTS_MISTAKES,
    PERCEPTRON_FIT_MISTAKES,
    PERCEPTRON_UPDATE_MISTAKES,
)

from . import (
    INPUT_MODIFIED,
    WRONG_SHAPE,
    HiddenTestFailure,
    expect_close,
    expect_vectorised,
    run,
)

#: Where every expected value of this assignment comes from.
REFERENCE = {
    "mcculloch_pitts": mllesson.mcculloch_pitts,
    "perceptron_update": mllesson.perceptron_update,
    "perceptron_fit": mllesson.perceptron_fit,
}

_INPUTS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])


def _unit_cases():
    """(x, weights, threshold): the gates, ties, random units of several sizes."""
    cases = [(_INPUTS, np.array(w), t) for w, t in mllesson.LOGIC_GATES.values()
             if len(w) == 2]  # fmt: skip
    cases.append((np.array([[0.0], [1.0]]), np.array([-1.0]), 0.0))  # NOT
    for seed, (m, n) in enumerate([(1, 1), (9, 3), (40, 10), (1, 6)]):
        rng = np.random.default_rng(600 + seed)
        x = rng.integers(0, 2, size=(m, n)).astype(np.float64)
        w = rng.integers(-2, 3, size=n).astype(np.float64)  # integer sums: ties
        cases.append((x, w, float(rng.integers(-2, 3))))
        cases.append((rng.normal(size=(m, n)), rng.normal(size=n), rng.normal()))
    return cases


def _mistakes():
    return [(m, lambda x, w, t, v=v: v(x, w, t)) for m, v in MCCULLOCH_PITTS_MISTAKES]


def mcculloch_pitts_values(mcculloch_pitts):
    """Logic gates, ties at the threshold and random units, batches of examples."""
    for i, (x, w, t) in enumerate(_unit_cases()):
        got = run("mcculloch_pitts", mcculloch_pitts, x.copy(), w.copy(), t)
        expect_close(
            "mcculloch_pitts",
            f"unit {i + 1} on inputs of shape {x.shape}",
            got,
            REFERENCE["mcculloch_pitts"](x, w, t),
            (x, w, t),
            _mistakes(),
        )


def mcculloch_pitts_single(mcculloch_pitts):
    """A single example (x of shape (n,)) gives a single 0 or 1."""
    for i, (x, w, t) in enumerate(_unit_cases()[:6]):
        for row in x:
            got = run("mcculloch_pitts", mcculloch_pitts, row.copy(), w.copy(), t)
            if np.ndim(got) != 0:
                raise HiddenTestFailure(
                    "mcculloch_pitts: a single example must give one number, "
                    f"got shape {np.shape(got)}.",
                    WRONG_SHAPE,
                )
            expect_close(
                "mcculloch_pitts",
                f"a single example of unit {i + 1}",
                got,
                REFERENCE["mcculloch_pitts"](row, w, t),
            )


def mcculloch_pitts_vectorised(mcculloch_pitts):
    """No Python loop over the examples."""
    rng = np.random.default_rng(610)
    w = rng.normal(size=3)
    expect_vectorised(
        "mcculloch_pitts",
        mcculloch_pitts,
        lambda m: (rng.integers(0, 2, size=(m, 3)).astype(np.float64), w, 0.5),
        REFERENCE["mcculloch_pitts"],
    )


def _update_cases():
    """(w, b, x, y, eta): right and wrong on both classes, ties, one feature."""
    cases = [
        (np.zeros(2), 0.0, np.array([1.0, 2.0]), 0.0, 1.0),  # tie: predicts 1
        (np.zeros(2), 0.0, np.array([1.0, 2.0]), 1.0, 1.0),
        (np.array([1.0]), -3.0, np.array([2.0]), 1.0, 0.5),
        (np.array([1.0]), -3.0, np.array([4.0]), 0.0, 0.1),
    ]
    for seed, n in enumerate([1, 2, 5, 20, 3, 8, 4, 10]):
        rng = np.random.default_rng(620 + seed)
        w, x = rng.normal(size=n), rng.normal(size=n)
        eta = float(rng.choice([1.0, 0.5, 0.01, 3.0]))
        cases.append((w, float(rng.normal()), x, float(seed % 2), eta))
    return cases


def _update_mistakes():
    return [
        (m, lambda *a, v=v: join_weights_and_bias(v(*a)))
        for m, v in PERCEPTRON_UPDATE_MISTAKES
    ]


def _pair(task, out):
    joined = join_weights_and_bias(out)
    if joined is None or np.ndim(out[0]) != 1:
        raise HiddenTestFailure(f"{task}: return a pair (w, b).", WRONG_SHAPE)
    return joined


def perceptron_update_values(perceptron_update):
    """w and b after one step, for many cases; the default learning rate too."""
    for i, (w, b, x, y, eta) in enumerate(_update_cases()):
        extra = () if eta == 1.0 else (eta,)
        out = run(
            "perceptron_update", perceptron_update, w.copy(), b, x.copy(), y, *extra
        )
        expect_close(
            "perceptron_update",
            f"case {i + 1} with {w.size} features",
            _pair("perceptron_update", out),
            join_weights_and_bias(REFERENCE["perceptron_update"](w, b, x, y, eta)),
            (w, b, x, y, eta),
            _update_mistakes(),
        )


def perceptron_update_inputs(perceptron_update):
    """w and x are not modified; b comes back as a number; the step is right."""
    for i, (w, b, x, y, eta) in enumerate(_update_cases()[:6]):
        w0, x0 = w.copy(), x.copy()
        expected = join_weights_and_bias(
            REFERENCE["perceptron_update"](w0, b, x0, y, eta)
        )
        out = run("perceptron_update", perceptron_update, w, b, x, y, eta)
        try:
            expect_close(
                "perceptron_update",
                f"case {i + 1}",
                _pair("perceptron_update", out),
                expected,
            )
        except HiddenTestFailure as exc:
            raise exc.restated(
                "perceptron_update: unchanged inputs not credited: "
                + str(exc).removeprefix("perceptron_update: ")
            ) from None
        if not (np.array_equal(w, w0) and np.array_equal(x, x0)):
            raise HiddenTestFailure(
                "perceptron_update: w or x was modified in place; return new arrays.",
                INPUT_MODIFIED,
            )
        if np.ndim(out[1]) != 0:
            raise HiddenTestFailure(
                "perceptron_update: b must be a single number.", WRONG_SHAPE
            )


def _separable(m, n, seed, gap=1.0):
    rng = np.random.default_rng(seed)
    w = rng.normal(size=n)
    X = rng.normal(size=(m, n))
    z = X @ w + 0.3
    X = X[np.abs(z) > gap * 0.2]  # a margin, so training converges quickly
    return X, (X @ w + 0.3 > 0).astype(np.float64)


def _fit_problems():
    """(X, y, learning_rate, epochs): separable and not, m = 1, one feature."""
    out = [(_INPUTS, np.array(t, dtype=float), 1.0, 30)
           for t in ([0, 0, 0, 1], [0, 1, 1, 1], [1, 1, 1, 0])]  # fmt: skip
    out.append((np.array([[2.0, -1.0]]), np.array([0.0]), 1.0, 10))  # m = 1
    for i, (m, n, eta) in enumerate([(20, 1, 0.5), (40, 3, 1.0), (60, 5, 0.1)]):
        X, y = _separable(m, n, 630 + i)
        out.append((X, y, eta, 100))
    out.append((_INPUTS, np.array([0.0, 1.0, 1.0, 0.0]), 1.0, 7))  # XOR
    rng = np.random.default_rng(640)
    out.append((rng.normal(size=(15, 2)), (rng.random(15) < 0.5) * 1.0, 0.3, 12))
    return out


def _fit_output(out, n):
    if not (isinstance(out, tuple | list) and len(out) == 3):
        raise HiddenTestFailure(
            "perceptron_fit: return a tuple (w, b, errors).", WRONG_SHAPE
        )
    w, b, errors = out
    if np.shape(w) != (n,) or np.ndim(b) != 0 or np.ndim(errors) != 1:
        raise HiddenTestFailure(
            f"perceptron_fit: expected w of shape ({n},), a number b and a 1-D "
            f"errors; got shapes {np.shape(w)}, {np.shape(b)}, {np.shape(errors)}.",
            WRONG_SHAPE,
        )
    return np.asarray(w, dtype=np.float64), float(b), np.asarray(errors)


def perceptron_fit_ordered(perceptron_fit):
    """Without shuffling: w, b and the mistakes per epoch, exactly."""
    for i, (X, y, eta, epochs) in enumerate(_fit_problems()):
        kw = dict(learning_rate=eta, epochs=epochs, shuffle=False)
        out = run("perceptron_fit", perceptron_fit, X.copy(), y.copy(), **kw)
        w, b, errors = _fit_output(out, X.shape[1])
        ref = REFERENCE["perceptron_fit"](X, y, **kw)
        mistakes = [
            (m, lambda *a, v=v, kw=kw: join_weights_and_bias(v(*a, **kw)[:2]))
            for m, v in PERCEPTRON_FIT_MISTAKES
        ]
        where = f"problem {i + 1} of shape {X.shape}"
        expect_close(
            "perceptron_fit", f"w and b, {where}", np.append(w, b),
            join_weights_and_bias(ref[:2]), (X, y), mistakes,
        )  # fmt: skip
        if errors.shape == (epochs,) and ref[2].size < epochs and errors[-1] == 0:
            raise HiddenTestFailure(
                f"perceptron_fit: {where}: training must stop after the first "
                "epoch without a mistake."
            )
        expect_close("perceptron_fit", f"errors per epoch, {where}", errors, ref[2])


def perceptron_fit_shuffled(perceptron_fit):
    """Shuffled training on separable data converges and classifies it all."""
    for i, (X, y, eta, epochs) in enumerate(_fit_problems()[:7]):
        for seed in (0, 1):
            kw = dict(learning_rate=eta, epochs=epochs + 100, shuffle=True, rng=seed)
            out = run("perceptron_fit", perceptron_fit, X.copy(), y.copy(), **kw)
            w, b, errors = _fit_output(out, X.shape[1])
            where = f"problem {i + 1} of shape {X.shape}, rng={seed}"
            if errors.size == 0 or errors[-1] != 0 or (errors[:-1] == 0).any():
                raise HiddenTestFailure(
                    f"perceptron_fit: {where}: on separable data training must "
                    "end with its first epoch without a mistake."
                )
            if not np.array_equal(X @ w + b >= 0, y == 1):
                raise HiddenTestFailure(
                    f"perceptron_fit: {where}: the trained unit misclassifies "
                    "training examples although the last epoch had no mistake."
                )


def perceptron_fit_xor(perceptron_fit):
    """On XOR every epoch runs and every epoch has mistakes."""
    y = np.array([0.0, 1.0, 1.0, 0.0])
    for shuffle, epochs in ((False, 9), (True, 13)):
        kw = dict(epochs=epochs, shuffle=shuffle, rng=3)
        out = run("perceptron_fit", perceptron_fit, _INPUTS.copy(), y.copy(), **kw)
        w, b, errors = _fit_output(out, 2)
        if not shuffle:
            ref = REFERENCE["perceptron_fit"](_INPUTS, y, **kw)
            expect_close(
                "perceptron_fit",
                "XOR without shuffling: w, b and the errors",
                np.concatenate([w, [b], errors]),
                np.concatenate([join_weights_and_bias(ref[:2]), ref[2]]),
            )
        if errors.shape != (epochs,) or (errors == 0).any():
            raise HiddenTestFailure(
                f"perceptron_fit: XOR with shuffle={shuffle}: expected mistakes in "
                f"each of the {epochs} epochs, got errors of shape {errors.shape}."
            )
