"""Self-checks of ps08, backpropagation.

nn_cost, backward, numerical_gradient, relative_error.

Each check runs the student's function on small visible inputs, compares it
with the ``mllesson`` function of the same name and names the likely mistake.
"""

import numpy as np

from .. import gradcheck, network
from .compare import FD_ATOL, FD_RTOL, close, finite_difference, flatten_gradients
from .fixtures import cubic, one_hot_targets, small_network
from .mistakes import (
    BACKWARD_MISTAKES,
    NN_COST_MISTAKES,
    NUMERICAL_GRADIENT_MISTAKES,
    RELATIVE_ERROR_MISTAKES,
)
from .report import Report, call, check_array, check_value, check_vectorised

__all__ = [
    "check_backward",
    "check_backward_finite_differences",
    "check_backward_vectorised",
    "check_nn_cost",
    "check_nn_cost_stable",
    "check_numerical_gradient",
    "check_relative_error",
]


def check_nn_cost(nn_cost):
    """Self-check for ``nn_cost(params, X, Y, lam, hidden, output)``."""
    r = Report("nn_cost")
    params, X = small_network((3, 4, 3))
    Y = one_hot_targets(X.shape[0], 3)
    zero = [(np.zeros_like(W), np.zeros_like(b)) for W, b in params]
    out = call(r, nn_cost, network.copy_params(zero), X.copy(), Y.copy())
    if not isinstance(out, float | np.floating):
        r.fail_shape(f"return a single float, got {type(out).__name__}.")
    r.ok("a single float")
    check_value(
        r,
        out,
        np.log(3),
        (zero, X, Y),
        NN_COST_MISTAKES,
        "with all weights 0, where the cost is ln 3",
    )
    r.ok("ln 3 with zero weights")
    for lam, hidden, output, YY in (
        (0.0, "relu", "softmax", Y),
        (2.0, "tanh", "sigmoid", Y),
    ):
        out = call(
            r,
            nn_cost,
            network.copy_params(params),
            X.copy(),
            YY.copy(),
            lam,
            hidden,
            output,
        )
        check_value(
            r,
            out,
            network.nn_cost(params, X, YY, lam, hidden, output),
            (params, X, YY, lam, hidden, output),
            NN_COST_MISTAKES,
            f"with lam={lam}, hidden={hidden!r}, output={output!r}",
        )
    r.ok("values for softmax and sigmoid outputs, with and without a penalty")
    r.done("other networks, m = 1")


def check_nn_cost_stable(nn_cost):
    """Self-check: output logits of several hundred, confidently wrong."""
    r = Report("nn_cost")
    X = np.array([[1.0, -1.0], [-2.0, 0.5]])
    for output, K in (("softmax", 3), ("sigmoid", 2)):
        W2 = 400.0 * np.array([[1.0, -1.0], [-1.0, 1.0], [2.0, 0.5]])[:K]
        params = [(np.eye(2), np.zeros(2)), (W2, np.zeros(K))]
        Y = np.eye(K)[np.argmin(X @ W2.T, axis=1)]  # the least likely class
        out = call(
            r, nn_cost, network.copy_params(params), X.copy(), Y.copy(), 0.0,
            "identity", output,
        )  # fmt: skip
        check_value(
            r,
            out,
            network.nn_cost(params, X, Y, 0.0, "identity", output),
            (params, X, Y, 0.0, "identity", output),
            NN_COST_MISTAKES,
            f"{output} outputs with logits of several hundred",
        )
    r.ok("finite and right for output logits of several hundred")
    r.done()


def check_backward(backward):
    """Self-check for ``backward(params, cache, Y, lam, hidden, output)``."""
    r = Report("backward")
    params, X = small_network((3, 4, 2))
    Y = one_hot_targets(X.shape[0], 2)
    for lam, hidden in ((0.0, "tanh"), (1.5, "sigmoid")):
        _, cache = network.forward(params, X, hidden, "softmax")
        copy = network.ForwardCache(
            [None] + [z.copy() for z in cache.Z[1:]], [a.copy() for a in cache.A]
        )
        out = call(
            r,
            backward,
            network.copy_params(params),
            copy,
            Y.copy(),
            lam,
            hidden,
            "softmax",
        )
        if not isinstance(out, list | tuple) or len(out) != len(params):
            r.fail_shape("return a list of (dW, db) pairs, one per layer, like params.")
        for layer, (pair, (W, b)) in enumerate(zip(out, params, strict=True), start=1):
            if not (isinstance(pair, list | tuple) and len(pair) == 2):
                r.fail_shape(f"grads[{layer - 1}] must be a pair (dW, db).")
            if np.shape(pair[0]) == W.T.shape and W.shape != W.T.shape:
                r.fail_shape(
                    f"dW of layer {layer} is transposed: it has the shape of W.T; "
                    "dW = dZ.T @ A_prev."
                )
            check_array(r, np.asarray(pair[0]), W.shape, what=f"dW of layer {layer}")
            check_array(r, np.asarray(pair[1]), b.shape, what=f"db of layer {layer}")
        args = (params, cache, Y, lam, hidden, "softmax")
        mistakes = [
            (m, lambda *a, v=v: flatten_gradients(v(*a))) for m, v in BACKWARD_MISTAKES
        ]
        check_value(
            r, flatten_gradients(out), flatten_gradients(network.backward(*args)),
            args, mistakes,
            f"the gradients with hidden={hidden!r}, lam={lam}",
        )  # fmt: skip
    r.ok("gradients for tanh and sigmoid hidden layers, with and without a penalty")
    r.done("relu and other hidden layers, deeper networks, sigmoid outputs")


def check_backward_finite_differences(backward):
    """Self-check: the gradients agree with central differences of the cost.

    On networks the other check of ``backward`` does not use: relu and
    leaky_relu hidden layers, sigmoid and softmax outputs, with a penalty.
    """
    r = Report("backward")
    lam = 0.5
    for sizes, hidden, output in (
        ((2, 3, 2), "relu", "sigmoid"),
        ((3, 4, 3, 2), "leaky_relu", "softmax"),
    ):
        params, X = small_network(sizes, seed=11)
        Y = one_hot_targets(X.shape[0], sizes[-1])

        def cost(t, sizes=sizes, X=X, Y=Y, hidden=hidden, output=output):
            p = network.unflatten(t, sizes)
            return network.nn_cost(p, X, Y, lam, hidden, output)

        numeric = finite_difference(cost, network.flatten(params))
        _, cache = network.forward(params, X, hidden, output)
        out = call(
            r, backward, network.copy_params(params), cache, Y.copy(), lam, hidden,
            output,
        )  # fmt: skip
        got = flatten_gradients(out)
        where = f"layer_sizes={sizes}, hidden={hidden!r}, output={output!r}, lam={lam}"
        if got is None or got.shape != numeric.shape:
            r.fail(f"{where}: return a list of (dW, db) pairs shaped like params.")
        if not np.allclose(got, numeric, rtol=FD_RTOL, atol=FD_ATOL):
            worst = int(np.argmax(np.abs(got - numeric)))
            r.fail(
                f"{where}: your gradients disagree with central differences of the "
                f"cost; the worst entry (number {worst} of the flattened gradients) "
                f"is {got[worst]:.6g}, the differences give {numeric[worst]:.6g}."
            )
    r.ok("agrees with central differences for relu/sigmoid and leaky_relu/softmax")
    r.done("deeper networks, other activations")


def check_backward_vectorised(backward):
    """Self-check: no Python loop over the examples (a loop over layers is fine)."""
    r = Report("backward")
    params, _ = small_network((2, 4, 3))

    def make_args(m):
        x = np.linspace(-2.0, 2.0, m)
        X = np.column_stack([x, np.sin(3 * x)])
        _, cache = network.forward(params, X, "tanh", "softmax")
        Y = np.eye(3)[np.arange(m) % 3]
        return network.copy_params(params), cache, Y, 0.1, "tanh", "softmax"

    check_vectorised(r, backward, make_args, network.backward, pick=_flat)
    r.done()


def _flat(grads):
    """The gradients laid end to end, or as they are if they are not (dW, db)
    pairs (the comparison then says what is wrong)."""
    flat = flatten_gradients(grads) if isinstance(grads, list | tuple) else None
    return grads if flat is None else flat


def check_numerical_gradient(numerical_gradient):
    """Self-check for ``numerical_gradient(f, x, eps=1e-4)``."""
    r = Report("numerical_gradient")
    x = np.array([1.0, -2.0, 0.5])
    start = x.copy()
    for eps in (1e-4, 0.1):
        out = call(r, numerical_gradient, cubic, x, eps)
        check_array(r, np.asarray(out), x.shape)
        # Central differences of a cubic are exact up to ε² x: compare with them.
        check_value(
            r, out, gradcheck.numerical_gradient(cubic, start, eps),
            (cubic, start, eps),
            NUMERICAL_GRADIENT_MISTAKES, f"f(x) = Σx³ + (Σx)² with eps = {eps}",
        )  # fmt: skip
        if not np.array_equal(x, start):  # credited only with the right values
            r.fail_input_modified(
                "x was left changed: put every entry back after nudging it."
            )
    r.ok("x left unchanged")
    r.ok("central differences of a cubic with eps = 1e-4 and 0.1")
    r.done("2-D x, other functions")


def check_relative_error(relative_error):
    """Self-check for ``relative_error(a, b)``."""
    r = Report("relative_error")
    a, b = np.array([3.0, 0.0, -4.0]), np.array([2.0, 1.0, -4.0])
    out = call(r, relative_error, a.copy(), b.copy())
    if not isinstance(out, float | np.floating):
        r.fail_shape(f"return a single float, got {type(out).__name__}.")
    r.ok("a single float")
    expected = gradcheck.relative_error(a, b)
    check_value(r, out, expected, (a, b), RELATIVE_ERROR_MISTAKES, "on two 3-vectors")
    r.ok("value on two vectors")
    out = call(r, relative_error, np.zeros(2), np.zeros(2))
    if not close(out, 0.0):
        r.fail("two zero arrays agree perfectly: return 0 there, not NaN.")
    r.ok("0 for two zero arrays")
    r.done("2-D arrays, other values")
