"""Self-checks of ps07, feed-forward networks (relu, leaky_relu, init_params, forward).

Each check runs the student's function on small visible inputs, compares it
with the ``mllesson`` function of the same name and names the likely mistake.
"""

import numpy as np

from .. import activations, network
from .compare import close
from .fixtures import small_network
from .mistakes import FORWARD_MISTAKES, LEAKY_RELU_MISTAKES, RELU_MISTAKES
from .report import Report, call, check_array, check_value, check_vectorised

__all__ = [
    "check_forward",
    "check_forward_stable",
    "check_forward_vectorised",
    "check_init_params",
    "check_init_params_scale",
    "check_init_params_seeding",
    "check_leaky_relu",
    "check_leaky_relu_vectorised",
    "check_relu",
    "check_relu_vectorised",
]


def _line(m):
    return (np.linspace(-5.0, 5.0, m),)


def check_relu(relu):
    """Self-check for ``relu(z)``."""
    r = Report("relu")
    z = np.array([-2.0, -0.5, 0.0, 0.5, 3.0])
    out = call(r, relu, z.copy())
    check_array(r, out, z.shape)
    r.ok("dtype")
    check_value(
        r, out, activations.relu(z), (z,), RELU_MISTAKES, "at z = −2, −0.5, 0, 0.5, 3"
    )
    r.ok("values on both sides of 0")
    Z = np.array([[1.0, -1.0], [-3.0, 2.0]])
    out = call(r, relu, Z.copy())
    check_array(r, out, Z.shape, what="the result for a 2-D input")
    r.ok("a 2-D input keeps its shape")
    r.done("inputs of several shapes")


def check_relu_vectorised(relu):
    """Self-check: no Python loop over the entries of z."""
    r = Report("relu")
    check_vectorised(r, relu, _line, activations.relu, "the entries of z")
    r.done()


def check_leaky_relu(leaky_relu):
    """Self-check for ``leaky_relu(z, alpha=0.01)``."""
    r = Report("leaky_relu")
    z = np.array([-2.0, -0.5, 0.0, 0.5, 3.0])
    for alpha in (0.1, None):
        args = (z,) if alpha is None else (z, alpha)
        out = call(
            r, leaky_relu, *(a.copy() if isinstance(a, np.ndarray) else a for a in args)
        )
        check_array(r, out, z.shape)
        a = 0.01 if alpha is None else alpha
        check_value(
            r,
            out,
            activations.leaky_relu(z, a),
            args,
            LEAKY_RELU_MISTAKES,
            "with the default alpha" if alpha is None else f"with alpha = {alpha}",
        )
    r.ok("values with alpha = 0.1 and the default 0.01")
    r.done("several alphas and shapes")


def check_leaky_relu_vectorised(leaky_relu):
    """Self-check: no Python loop over the entries of z."""
    r = Report("leaky_relu")
    check_vectorised(
        r,
        leaky_relu,
        lambda m: (*_line(m), 0.1),
        activations.leaky_relu,
        "the entries of z",
    )
    r.done()


def _check_layers(r, params, sizes):
    if not isinstance(params, list | tuple) or len(params) != len(sizes) - 1:
        r.fail_shape(
            f"return a list of {len(sizes) - 1} (W, b) pairs for layer_sizes "
            f"{tuple(sizes)}: one pair per layer after the input."
        )
    for layer, (pair, n_in, n_out) in enumerate(
        zip(params, sizes[:-1], sizes[1:], strict=True), start=1
    ):
        W, b = (np.asarray(a) for a in pair)
        if W.shape == (n_in, n_out) and n_in != n_out:
            r.fail_shape(
                f"W of layer {layer} has shape {W.shape}: it is transposed. "
                f"It should be (n_l, n_(l-1)) = {(n_out, n_in)}, one row per unit."
            )
        check_array(r, W, (n_out, n_in), what=f"W of layer {layer}")
        check_array(r, b, (n_out,), what=f"b of layer {layer}")
    return [(np.asarray(W, float), np.asarray(b, float)) for W, b in params]


def check_init_params(init_params):
    """Self-check for ``init_params(layer_sizes, method, epsilon, rng)``."""
    r = Report("init_params")
    sizes = (3, 5, 2)
    params = _check_layers(r, call(r, init_params, sizes, "xavier", 0.12, 0), sizes)
    r.ok("one (W, b) pair per layer")
    for layer, (W, b) in enumerate(params, start=1):
        limit = network.xavier_limit(W.shape[1], W.shape[0])
        if np.any(b != 0):
            r.fail(f"b of layer {layer} must start at 0 for 'xavier'.")
        if np.abs(W).max() > limit:
            r.fail(
                f"W of layer {layer} has entries beyond the Xavier limit "
                "√(6 / (n_(l-1) + n_l)): draw uniformly between −limit and limit."
            )
        if np.unique(W).size < W.size:
            r.fail(f"W of layer {layer} repeats values: draw every entry at random.")
    r.ok("Xavier weights within their limit, zero biases")
    again = _check_layers(r, call(r, init_params, sizes, "xavier", 0.12, 0), sizes)
    if not all(np.array_equal(a[0], b[0]) for a, b in zip(params, again, strict=True)):
        r.fail(
            "the same rng seed gave different weights: draw from "
            "np.random.default_rng(rng), not from np.random directly."
        )
    r.ok("the same seed gives the same weights")
    big = _check_layers(r, call(r, init_params, (200, 100), "he", 0.12, 1), (200, 100))
    std = big[0][0].std()
    if not 0.9 < std / np.sqrt(2.0 / 200) < 1.1:
        r.fail("'he' weights need the standard deviation √(2 / n_(l-1)).")
    r.ok("He weights' spread")
    zeros = _check_layers(r, call(r, init_params, sizes, "zeros", 0.12, 0), sizes)
    if any(np.any(W != 0) or np.any(b != 0) for W, b in zeros):
        r.fail("method='zeros' must give all weights and biases 0.")
    r.ok("zeros")
    # A single output unit still has a b of shape (1,), not a number.
    for method in ("xavier", "he", "uniform", "zeros"):
        _check_layers(r, call(r, init_params, (4, 3, 1), method, 0.12, 0), (4, 3, 1))
    r.ok("every method's shapes with a single output unit")
    r.done("several architectures and methods")


def check_init_params_scale(init_params):
    """Self-check: each method's range and spread, on a large layer."""
    r = Report("init_params")
    sizes = (400, 100)
    for method, eps in (("xavier", 0.12), ("he", 0.12), ("uniform", 0.5)):
        out = call(r, init_params, sizes, method, eps, 2)
        ((W, b),) = _check_layers(r, out, sizes)
        limit = network.xavier_limit(400, 100)
        if method != "uniform" and np.any(b != 0):
            r.fail(f"method={method!r}: the biases must start at 0.")
        if method == "xavier" and np.abs(W).max() > limit:
            r.fail("'xavier' weights go beyond the limit √(6 / (n_in + n_out)).")
        if method == "uniform" and max(np.abs(W).max(), np.abs(b).max()) > eps:
            r.fail("'uniform' weights or biases go beyond ±epsilon.")
        if method == "uniform" and np.all(b == 0):
            r.fail("'uniform' draws the biases too, between −epsilon and epsilon.")
        spread = {"xavier": limit / np.sqrt(3), "he": np.sqrt(2.0 / 400)}
        spread = spread.get(method, eps / np.sqrt(3))
        if not 0.9 < W.std() / spread < 1.1 or abs(W.mean()) > 0.1 * spread:
            r.fail(
                f"method={method!r}: the weights' standard deviation is "
                f"{W.std():.4g}, the method's is {spread:.4g}."
            )
    r.ok("the range and spread of 'xavier', 'he' and 'uniform' (epsilon = 0.5)")
    r.done("a small network too")


def check_init_params_seeding(init_params):
    """Self-check: the same seed gives the same weights, another seed others."""
    r = Report("init_params")
    sizes = (4, 6, 3)
    for method in ("xavier", "he", "uniform"):
        a, b, c = (
            _check_layers(r, call(r, init_params, sizes, method, 0.12, seed), sizes)
            for seed in (11, 11, 12)
        )
        if not all(np.array_equal(p[0], q[0]) for p, q in zip(a, b, strict=True)):
            r.fail(
                f"method={method!r}: the same rng seed gave different weights: draw "
                "from np.random.default_rng(rng), not from np.random directly."
            )
        if all(np.array_equal(p[0], q[0]) for p, q in zip(a, c, strict=True)):
            r.fail(f"method={method!r}: different rng seeds gave the same weights.")
        if any(np.unique(W, axis=0).shape[0] < W.shape[0] for W, _ in a):
            r.fail(f"method={method!r}: two units start with the same weights.")
    r.ok("same seed, same weights; another seed, other weights; no two units alike")
    r.done()


def _unpack_forward(r, out, m, n_out):
    if not (isinstance(out, tuple | list) and len(out) == 2):
        r.fail_shape("return a pair (output, cache), with cache = (Z, A).")
    A_out, cache = out
    if isinstance(A_out, np.ndarray) and A_out.shape == (n_out, m) and m != n_out:
        r.fail_shape(
            f"the output has shape {A_out.shape}: one row per example is "
            f"({m}, {n_out}). Compute Z = A_prev @ W.T + b."
        )
    check_array(r, np.asarray(A_out), (m, n_out), what="the output")
    try:
        Zs, As = cache
    except (TypeError, ValueError):
        r.fail_shape("the cache must be a pair (Z, A) of lists, one entry per layer.")
    return A_out, list(Zs), list(As)


def check_forward(forward):
    """Self-check for ``forward(params, X, hidden='relu', output='softmax')``."""
    r = Report("forward")
    params, X = small_network()
    for hidden, output in (("relu", "softmax"), ("tanh", "sigmoid")):
        out = call(r, forward, network.copy_params(params), X.copy(), hidden, output)
        A_out, Zs, As = _unpack_forward(r, out, X.shape[0], 2)
        ref, cache = network.forward(params, X, hidden, output)
        mistakes = [
            (m, lambda *a, v=v, h=hidden, o=output: v(*a, h, o)[0])
            for m, v in FORWARD_MISTAKES
        ]
        where = f"the output with hidden={hidden!r}, output={output!r}"
        check_value(r, A_out, ref, (params, X), mistakes, where)
        if len(Zs) != 3 or len(As) != 3:
            r.fail_shape(
                "the cache holds one Z and one A per layer plus the input: "
                "Z = [None, Z1, Z2] and A = [X, A1, A2] for two layers."
            )
        if Zs[0] is not None or not close(As[0], X):
            r.fail_shape("the cache starts with Z[0] = None and A[0] = X.")
        for name, got, want in (("Z", Zs, cache.Z), ("A", As, cache.A)):
            for layer in (1, 2):
                check_value(
                    r, got[layer], want[layer], (), [], f"{name}[{layer}] in the cache"
                )
    r.ok("output shape")
    r.ok("outputs for relu/softmax and tanh/sigmoid")
    r.ok("cached Z and A of every layer")
    r.done("deeper networks, other activations, m = 1")


def check_forward_stable(forward):
    """Self-check: output logits of ±1000 give finite, right probabilities."""
    r = Report("forward")
    X = np.array([[1.0, -1.0], [-2.0, 0.5]])
    for output, n_out in (("softmax", 3), ("sigmoid", 2)):
        W2 = 500.0 * np.array([[1.0, -1.0], [-1.0, 1.0], [2.0, 0.5]])[:n_out]
        params = [(np.eye(2), np.zeros(2)), (W2, np.zeros(n_out))]
        out = call(
            r, forward, network.copy_params(params), X.copy(), "identity", output
        )
        A_out, _, _ = _unpack_forward(r, out, 2, n_out)
        expected, _ = network.forward(params, X, "identity", output)
        check_value(r, A_out, expected, (), [], f"{output} outputs of logits ±1000")
    r.ok("finite and right for output logits of ±1000")
    r.done()


def check_forward_vectorised(forward):
    """Self-check: no Python loop over the examples (a loop over layers is fine)."""
    r = Report("forward")
    params, _ = small_network((2, 4, 3))

    def make_args(m):
        x = np.linspace(-2.0, 2.0, m)
        return (
            network.copy_params(params),
            np.column_stack([x, x**2]),
            "tanh",
            "softmax",
        )

    def output(out):
        return out[0] if isinstance(out, tuple | list) and len(out) == 2 else out

    check_vectorised(r, forward, make_args, network.forward, pick=output)
    r.done()
