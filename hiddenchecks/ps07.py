"""Hidden tests of ps07-feedforward: relu, leaky_relu, init_params, forward.

Values follow the course's tolerance policy (see :mod:`hiddenchecks`).
Random initialisation is graded by invariants, never by the exact draws:
shapes, zero biases where the method says so, every weight within its range,
the spread of a large layer within 10 % of the method's (Xavier's variance is
limit² / 3, He's standard deviation √(2 / n_in), about 40 000 draws each), the
same seed giving the same weights and different seeds different ones.
"""

import numpy as np

import mllesson
from mllesson.network import xavier_limit
from mllesson.selfcheck.fixtures import random_params
from mllesson.selfcheck.mistakes import (
    FORWARD_MISTAKES,
    LEAKY_RELU_MISTAKES,
    RELU_MISTAKES,
)

from . import WRONG_SHAPE, HiddenTestFailure, expect_close, expect_vectorised, run

#: Where every expected value of this assignment comes from.
REFERENCE = {
    "relu": mllesson.relu,
    "leaky_relu": mllesson.leaky_relu,
    "init_params": mllesson.init_params,
    "forward": mllesson.forward,
}


def _inputs(seed):
    rng = np.random.default_rng(seed)
    return [
        np.array([0.0]),
        rng.normal(size=9),
        5 * rng.normal(size=(4, 3)),
        rng.normal(size=(2, 3, 2)),
        np.array([-1000.0, -1e-12, 0.0, 1e-12, 1000.0]),
    ]


def relu_values(relu):
    """Values on inputs of several shapes, tiny and huge."""
    for i, z in enumerate(_inputs(700)):
        got = run("relu", relu, z.copy())
        expect_close(
            "relu", f"input {i + 1}", got, REFERENCE["relu"](z), (z,), RELU_MISTAKES
        )


def relu_vectorised(relu):
    """No Python loop over the entries."""
    expect_vectorised(
        "relu", relu, lambda m: (np.linspace(-5, 5, m),), REFERENCE["relu"]
    )


def leaky_relu_values(leaky_relu):
    """Values for several alphas, and the default 0.01."""
    for i, z in enumerate(_inputs(710)):
        for alpha in (None, 0.1, 0.3, 0.0):
            args = (z,) if alpha is None else (z, alpha)
            got = run("leaky_relu", leaky_relu, z.copy(), *args[1:])
            expect_close(
                "leaky_relu",
                f"input {i + 1}, alpha = {alpha if alpha is not None else 'default'}",
                got,
                REFERENCE["leaky_relu"](*args),
                args,
                LEAKY_RELU_MISTAKES,
            )


def leaky_relu_vectorised(leaky_relu):
    """No Python loop over the entries."""
    expect_vectorised(
        "leaky_relu",
        leaky_relu,
        lambda m: (np.linspace(-5, 5, m), 0.1),
        REFERENCE["leaky_relu"],
    )


SIZES = [(1, 1), (2, 1), (3, 5, 2), (4, 8, 6, 3), (10, 1, 10)]
METHODS = ("xavier", "he", "uniform", "zeros")


def _layers(out, sizes, where):
    task = "init_params"
    if not isinstance(out, list | tuple) or len(out) != len(sizes) - 1:
        raise HiddenTestFailure(
            f"{task}: {where}: expected a list of {len(sizes) - 1} (W, b) pairs.",
            WRONG_SHAPE,
        )
    layers = []
    for layer, (pair, n_in, n_out) in enumerate(
        zip(out, sizes[:-1], sizes[1:], strict=True), start=1
    ):
        if not (isinstance(pair, list | tuple) and len(pair) == 2):
            raise HiddenTestFailure(
                f"{task}: {where}: layer {layer} is not (W, b).", WRONG_SHAPE
            )
        W, b = (np.asarray(a, dtype=np.float64) for a in pair)
        if W.shape != (n_out, n_in) or b.shape != (n_out,):
            hint = " W is transposed." if W.shape == (n_in, n_out) else ""
            raise HiddenTestFailure(
                f"{task}: {where}: layer {layer} has W {W.shape} and b {b.shape}, "
                f"expected {(n_out, n_in)} and {(n_out,)}.{hint}",
                WRONG_SHAPE,
            )
        layers.append((W, b))
    return layers


def _expect_working(what, layers, method, eps):
    """Weights a working init_params could give: zeros exactly, else drawn in range.

    The shapes and seeding tasks earn points only with these (the draws
    themselves are free, so their exact values are not compared).
    """
    for layer, (W, b) in enumerate(layers, start=1):
        limit = xavier_limit(W.shape[1], W.shape[0])
        bound = {"xavier": limit, "uniform": eps}.get(method, np.inf)
        if method == "zeros":
            ok = not W.any() and not b.any()
        else:
            ok = (
                np.isfinite(W).all()
                and np.abs(W).max() <= bound
                and (method == "uniform" or not b.any())
                and (W.size == 1 or np.ptp(W) > 0)
            )
        if not ok:
            _fail(
                f"{what} not credited",
                f"layer {layer}'s weights are not what method={method!r} gives.",
            )


def init_params_shapes(init_params):
    """(W, b) shapes for several architectures and every method."""
    for sizes in SIZES:
        for method in METHODS:
            out = run("init_params", init_params, sizes, method, 0.12, 1)
            where = f"layer_sizes={sizes}, method={method!r}"
            _expect_working("the shapes", _layers(out, sizes, where), method, 0.12)


def _fail(where, message):
    raise HiddenTestFailure(f"init_params: {where}: {message}")


def init_params_scale(init_params):
    """Ranges, zero biases and the spread of each method on a large layer."""
    for sizes in [(3, 5, 2), (400, 100)]:
        for method, eps in (("xavier", 0.12), ("he", 0.12), ("uniform", 0.5)):
            where = f"layer_sizes={sizes}, method={method!r}"
            out = run("init_params", init_params, sizes, method, eps, 2)
            for W, b in _layers(out, sizes, where):
                n_out, n_in = W.shape
                limit = xavier_limit(n_in, n_out)
                if method != "uniform" and np.any(b != 0):
                    _fail(where, "biases must start at 0.")
                if method == "xavier" and np.abs(W).max() > limit:
                    _fail(where, "weights beyond the limit √(6 / (n_in + n_out)).")
                if method == "uniform" and max(np.abs(W).max(), np.abs(b).max()) > eps:
                    _fail(where, "weights or biases beyond ±epsilon.")
                if method == "uniform" and np.all(b == 0):
                    _fail(where, "'uniform' draws the biases too.")
                if W.size < 10_000:
                    continue
                spread = {
                    "xavier": limit / np.sqrt(3),
                    "he": np.sqrt(2.0 / n_in),
                    "uniform": eps / np.sqrt(3),
                }[method]
                if not 0.9 < W.std() / spread < 1.1 or abs(W.mean()) > 0.1 * spread:
                    _fail(where, "the weights' spread is not the method's.")
    out = run("init_params", init_params, (3, 5, 2), "zeros", 0.12, 0)
    for W, b in _layers(out, (3, 5, 2), "method='zeros'"):
        if np.any(W != 0) or np.any(b != 0):
            _fail("method='zeros'", "every weight and bias must be 0.")


def init_params_seeding(init_params):
    """The rng argument: same seed, same weights; other seed, other weights."""
    sizes = (4, 6, 3)
    for method in ("xavier", "he", "uniform"):
        a = _layers(run("init_params", init_params, sizes, method, 0.12, 11), sizes, "")
        b = _layers(run("init_params", init_params, sizes, method, 0.12, 11), sizes, "")
        c = _layers(run("init_params", init_params, sizes, method, 0.12, 12), sizes, "")
        where = f"method={method!r}"
        for layers in (a, c):
            _expect_working("seeding", layers, method, 0.12)
        if not all(np.array_equal(p[0], q[0]) for p, q in zip(a, b, strict=True)):
            _fail(where, "the same rng seed gave different weights.")
        if all(np.array_equal(p[0], q[0]) for p, q in zip(a, c, strict=True)):
            _fail(where, "different rng seeds gave the same weights.")
        if any(np.unique(W, axis=0).shape[0] < W.shape[0] for W, _ in a):
            _fail(where, "two units start with the same weights (symmetry).")


def _networks():
    """(params, X, hidden, output): depths 1 to 3, m = 1, one feature."""
    out = []
    archs = [
        ((3, 1), "relu", "sigmoid"),
        ((4, 3), "relu", "softmax"),
        ((1, 4, 2), "tanh", "softmax"),
        ((3, 5, 1), "sigmoid", "sigmoid"),
        ((5, 4, 4, 3), "leaky_relu", "softmax"),
        ((2, 6, 3, 4), "identity", "sigmoid"),
        ((6, 3, 3), "relu", "softmax"),
    ]
    for i, (sizes, hidden, output) in enumerate(archs):
        rng = np.random.default_rng(720 + i)
        params = random_params(rng, sizes)
        m = (1, 7, 30)[i % 3]
        out.append((params, rng.normal(size=(m, sizes[0])), hidden, output))
    return out


def _forward_output(out, m, n_out, where):
    if not (isinstance(out, tuple | list) and len(out) == 2):
        raise HiddenTestFailure(
            f"forward: {where}: return a pair (output, cache).", WRONG_SHAPE
        )
    return out


def _forward_mistakes(hidden, output):
    return [
        (m, lambda p, X, v=v: v(p, X, hidden, output)[0]) for m, v in FORWARD_MISTAKES
    ]


def forward_output(forward):
    """The network's output for several depths, activations, m = 1, one feature."""
    for i, (params, X, hidden, output) in enumerate(_networks()):
        where = f"network {i + 1} ({hidden}/{output}, X of shape {X.shape})"
        out = run(
            "forward", forward, mllesson.copy_params(params), X.copy(), hidden, output
        )
        A_out, _ = _forward_output(out, X.shape[0], params[-1][0].shape[0], where)
        expected, _ = REFERENCE["forward"](params, X, hidden, output)
        expect_close(
            "forward",
            where,
            A_out,
            expected,
            (params, X),
            _forward_mistakes(hidden, output),
        )


def forward_cache(forward):
    """The cache: Z[0] is None, A[0] is X, then every layer's Z and A."""
    for i, (params, X, hidden, output) in enumerate(_networks()):
        where = f"network {i + 1}"
        out = run(
            "forward", forward, mllesson.copy_params(params), X.copy(), hidden, output
        )
        _, cache = _forward_output(out, X.shape[0], params[-1][0].shape[0], where)
        try:
            Zs, As = cache
        except (TypeError, ValueError):
            raise HiddenTestFailure(
                "forward: the cache must be a pair (Z, A) of lists.", WRONG_SHAPE
            ) from None
        _, ref = REFERENCE["forward"](params, X, hidden, output)
        if len(Zs) != len(ref.Z) or len(As) != len(ref.A) or Zs[0] is not None:
            raise HiddenTestFailure(
                f"forward: {where}: the cache needs Z = [None, Z1, ..., ZL] and "
                "A = [X, A1, ..., AL].",
                WRONG_SHAPE,
            )
        expect_close("forward", f"{where}: A[0]", As[0], X)
        for layer in range(1, len(ref.Z)):
            expect_close("forward", f"{where}: Z[{layer}]", Zs[layer], ref.Z[layer])
            expect_close("forward", f"{where}: A[{layer}]", As[layer], ref.A[layer])


def forward_stable(forward):
    """Output logits of ±1000 give finite, correct probabilities."""
    X = np.array([[1.0, -1.0], [-2.0, 0.5], [0.0, 3.0]])
    for output, n_out in (("softmax", 3), ("sigmoid", 2), ("sigmoid", 1)):
        W1 = np.array([[1.0, 0.0], [0.0, 1.0]])
        W2 = 500.0 * np.array([[1.0, -1.0], [-1.0, 1.0], [2.0, 0.5]])[:n_out]
        params = [(W1, np.zeros(2)), (W2, np.zeros(n_out))]
        out = run(
            "forward",
            forward,
            mllesson.copy_params(params),
            X.copy(),
            "identity",
            output,
        )
        A_out, _ = _forward_output(out, 3, n_out, output)
        expected, _ = REFERENCE["forward"](params, X, "identity", output)
        expect_close(
            "forward", f"{output} outputs with logits of ±1000", A_out, expected
        )


def forward_vectorised(forward):
    """No Python loop over the examples (a loop over layers is fine)."""
    params, _, hidden, output = _networks()[4]
    rng = np.random.default_rng(730)
    expect_vectorised(
        "forward",
        forward,
        lambda m: (params, rng.normal(size=(m, 5)), hidden, output),
        REFERENCE["forward"],
        _expect_same_output,
    )


def _expect_same_output(task, what, got, expected):
    A_out, _ = _forward_output(got, 0, 0, what)
    expect_close(task, what, A_out, expected[0])
