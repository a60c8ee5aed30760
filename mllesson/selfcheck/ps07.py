"""Self-checks of ps07, feed-forward networks (relu, leaky_relu, init_params, forward).

Each check runs the student's function on small visible inputs, compares it
with the ``mllesson`` function of the same name and names the likely mistake.
"""

import numpy as np

from .. import activations, network
from .compare import close
from .fixtures import small_network
from .mistakes import FORWARD_MISTAKES, LEAKY_RELU_MISTAKES, RELU_MISTAKES
from .report import Report, call, check_array, check_value

__all__ = [
    "check_forward",
    "check_init_params",
    "check_leaky_relu",
    "check_relu",
]


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
    r.done("other shapes, vectorisation")


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
    r.done("other alphas and shapes, vectorisation")


def _check_layers(r, params, sizes):
    if not isinstance(params, list | tuple) or len(params) != len(sizes) - 1:
        r.fail(
            f"return a list of {len(sizes) - 1} (W, b) pairs for layer_sizes "
            f"{tuple(sizes)}: one pair per layer after the input."
        )
    for layer, (pair, n_in, n_out) in enumerate(
        zip(params, sizes[:-1], sizes[1:], strict=True), start=1
    ):
        W, b = (np.asarray(a) for a in pair)
        if W.shape == (n_in, n_out) and n_in != n_out:
            r.fail(
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
    r.done("'uniform' and epsilon, other layer sizes, the spread of 'xavier'")


def _unpack_forward(r, out, m, n_out):
    if not (isinstance(out, tuple | list) and len(out) == 2):
        r.fail("return a pair (output, cache), with cache = (Z, A).")
    A_out, cache = out
    if isinstance(A_out, np.ndarray) and A_out.shape == (n_out, m) and m != n_out:
        r.fail(
            f"the output has shape {A_out.shape}: one row per example is "
            f"({m}, {n_out}). Compute Z = A_prev @ W.T + b."
        )
    check_array(r, np.asarray(A_out), (m, n_out), what="the output")
    try:
        Zs, As = cache
    except (TypeError, ValueError):
        r.fail("the cache must be a pair (Z, A) of lists, one entry per layer.")
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
            r.fail(
                "the cache holds one Z and one A per layer plus the input: "
                "Z = [None, Z1, Z2] and A = [X, A1, A2] for two layers."
            )
        if Zs[0] is not None or not close(As[0], X):
            r.fail("the cache starts with Z[0] = None and A[0] = X.")
        for name, got, want in (("Z", Zs, cache.Z), ("A", As, cache.A)):
            for layer in (1, 2):
                check_value(
                    r, got[layer], want[layer], (), [], f"{name}[{layer}] in the cache"
                )
    r.ok("output shape")
    r.ok("outputs for relu/softmax and tanh/sigmoid")
    r.ok("cached Z and A of every layer")
    r.done("deeper networks, other activations, large logits, m = 1, vectorisation")
