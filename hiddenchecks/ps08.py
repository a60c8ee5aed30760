"""Hidden tests of ps08-backpropagation: nn_cost, backward, numerical_gradient,
relative_error.

Values follow the course's tolerance policy (see :mod:`hiddenchecks`). The
gradients of ``backward`` are compared with the reference and also with
central differences of the student's own ``nn_cost``; if that cost is itself
wrong (a separate task), the reference cost is used, so one mistake never
costs the points of two tasks.
"""

import copy

import numpy as np

import mllesson
from mllesson.selfcheck.compare import close, flatten_gradients
from mllesson.selfcheck.fixtures import (
    log_sum_exp,
    random_params,
    sum_of_sines,
    weighted_cube,
)
from mllesson.selfcheck.mistakes import (
    BACKWARD_MISTAKES,
    NN_COST_MISTAKES,
    NUMERICAL_GRADIENT_MISTAKES,
    RELATIVE_ERROR_MISTAKES,
)

from . import (
    FD_ATOL,
    FD_RTOL,
    FINITE_DIFFERENCES,
    INPUT_MODIFIED,
    WRONG_SHAPE,
    HiddenTestFailure,
    expect_close,
    expect_vectorised,
    finite_difference,
    run,
)

#: Where every expected value of this assignment comes from.
REFERENCE = {
    "nn_cost": mllesson.nn_cost,
    "backward": mllesson.backward,
    "forward": mllesson.forward,
    "numerical_gradient": mllesson.numerical_gradient,
    "relative_error": mllesson.relative_error,
}

#: The penalty under which the gradients meet finite differences.
FD_LAM = 0.3

ARCHS = [
    ((3, 1), "relu", "sigmoid"),
    ((4, 3), "relu", "softmax"),
    ((1, 4, 2), "tanh", "softmax"),
    ((3, 5, 1), "sigmoid", "sigmoid"),
    ((5, 4, 4, 3), "leaky_relu", "softmax"),
    ((2, 6, 3, 2), "identity", "sigmoid"),
    ((6, 3, 3), "relu", "softmax"),
    ((3, 4, 3), "tanh", "sigmoid"),
]


def _problem(i, sizes, output, m=None):
    """Random params, X and one-hot (or 0/1) targets Y of shape (m, K)."""
    rng = np.random.default_rng(800 + i)
    params = random_params(rng, sizes)
    m = m or (1, 6, 25)[i % 3]
    X = rng.normal(size=(m, sizes[0]))
    K = sizes[-1]
    if output == "softmax":
        Y = np.eye(K)[rng.integers(0, K, size=m)]
    else:
        Y = (rng.random((m, K)) < 0.5).astype(np.float64)
    return params, X, Y


def _cost_cases(lams):
    return [
        (*_problem(i, sizes, output), lams[i % len(lams)], hidden, output)
        for i, (sizes, hidden, output) in enumerate(ARCHS)
    ]


def _check_costs(nn_cost, cases):
    for i, (params, X, Y, lam, hidden, output) in enumerate(cases):
        args = (params, X, Y, lam, hidden, output)
        got = run(
            "nn_cost",
            nn_cost,
            mllesson.copy_params(params),
            X.copy(),
            Y.copy(),
            *args[3:],
        )
        if np.ndim(got) != 0:
            raise HiddenTestFailure("nn_cost: return a single number.", WRONG_SHAPE)
        expect_close(
            "nn_cost",
            f"network {i + 1} ({hidden}/{output}, m = {X.shape[0]}, lam = {lam})",
            got,
            REFERENCE["nn_cost"](*args),
            args,
            NN_COST_MISTAKES,
        )


def nn_cost_values(nn_cost):
    """Softmax and sigmoid outputs, several depths and activations, lam = 0."""
    _check_costs(nn_cost, _cost_cases([0.0]))


def nn_cost_penalty(nn_cost):
    """lam > 0: λ/(2m) times the squared weights, never the biases."""
    _check_costs(nn_cost, _cost_cases([0.5, 3.0, 10.0]))


def nn_cost_stable(nn_cost):
    """Output logits of several hundred, confidently wrong: finite and right."""
    X = np.array([[1.0, -1.0], [-2.0, 0.5], [0.0, 3.0]])
    cases = []
    for output, K in (("softmax", 3), ("sigmoid", 2), ("sigmoid", 1)):
        W2 = 400.0 * np.array([[1.0, -1.0], [-1.0, 1.0], [2.0, 0.5]])[:K]
        params = [(np.eye(2), np.zeros(2)), (W2, np.zeros(K))]
        Z = X @ W2.T
        Y = np.eye(K)[np.argmin(Z, axis=1)] if K > 1 else (Z < 0) * 1.0
        cases.append((params, X, Y, 0.0, "identity", output))
    _check_costs(nn_cost, cases)


def _backward_cases(lams, archs):
    out = []
    for i, (sizes, hidden, output) in enumerate(archs):
        params, X, Y = _problem(i, sizes, output)
        out.append((params, X, Y, lams[i % len(lams)], hidden, output))
    return out


def _check_backward(backward, cases):
    for i, (params, X, Y, lam, hidden, output) in enumerate(cases):
        _, cache = REFERENCE["forward"](params, X, hidden, output)
        # Copies: the expected gradients below use the cache the student never held.
        got = run(
            "backward",
            backward,
            mllesson.copy_params(params),
            copy.deepcopy(cache),
            Y.copy(),
            lam,
            hidden,
            output,
        )
        flat = flatten_gradients(got) if isinstance(got, list | tuple) else None
        expected = REFERENCE["backward"](params, cache, Y, lam, hidden, output)
        shapes = (
            [(np.shape(dW), np.shape(db)) for dW, db in got]
            if flat is not None
            else None
        )
        want = [(W.shape, b.shape) for W, b in params]
        if flat is None or shapes != want:
            raise HiddenTestFailure(
                f"backward: network {i + 1}: expected a list of (dW, db) pairs "
                f"with shapes {want}, got {shapes}.",
                WRONG_SHAPE,
            )
        args = (params, cache, Y, lam, hidden, output)
        mistakes = [
            (m, lambda *a, v=v: flatten_gradients(v(*a))) for m, v in BACKWARD_MISTAKES
        ]
        expect_close(
            "backward",
            f"network {i + 1} ({hidden}/{output}, m = {X.shape[0]}, lam = {lam})",
            flat,
            flatten_gradients(expected),
            args,
            mistakes,
        )


def backward_output_layer(backward):
    """One layer (no hidden layer): softmax and sigmoid outputs."""
    _check_backward(backward, _backward_cases([0.0], ARCHS[:2]))


def backward_hidden(backward):
    """Hidden layers with every activation, lam = 0."""
    _check_backward(backward, _backward_cases([0.0], ARCHS[2:]))


def backward_penalty(backward):
    """lam > 0: (λ/m) W in every dW, nothing added to db."""
    _check_backward(backward, _backward_cases([0.7, 4.0], ARCHS))


def backward_finite_differences(backward, nn_cost):
    """The gradients agree with central differences of the cost.

    The differences are those of the reference cost, computed here: taking
    them of the student's ``nn_cost`` (which the test cell also passes) would
    cost two calls per parameter, and a backward that is right must match
    the true cost anyway, whatever ``nn_cost`` does.
    """
    for i in (2, 4, 7):
        sizes, hidden, output = ARCHS[i]
        params, X, Y = _problem(i, sizes, output, m=5)
        theta = mllesson.flatten(params)

        def reference(t, sizes=sizes, X=X, Y=Y, hidden=hidden, output=output):
            p = mllesson.unflatten(t, sizes)
            return REFERENCE["nn_cost"](p, X, Y, FD_LAM, hidden, output)

        numeric = finite_difference(reference, theta)
        _, cache = REFERENCE["forward"](params, X, hidden, output)
        got = run(
            "backward",
            backward,
            mllesson.copy_params(params),
            cache,
            Y.copy(),
            FD_LAM,
            hidden,
            output,
        )
        flat = flatten_gradients(got) if isinstance(got, list | tuple) else None
        if flat is None or flat.shape != theta.shape:
            raise HiddenTestFailure(
                "backward: expected a list of (dW, db) pairs.", WRONG_SHAPE
            )
        if not np.allclose(flat, numeric, rtol=FD_RTOL, atol=FD_ATOL):
            raise HiddenTestFailure(
                f"backward: network {i + 1} ({hidden}/{output}): your gradients "
                "disagree with central differences of the cost.",
                FINITE_DIFFERENCES,
            )


def backward_vectorised(backward):
    """No Python loop over the examples (a loop over layers is fine)."""
    sizes, hidden, output = ARCHS[4]
    params, _, _ = _problem(4, sizes, output)
    rng = np.random.default_rng(830)

    def make(m):
        X = rng.normal(size=(m, sizes[0]))
        Y = np.eye(sizes[-1])[rng.integers(0, sizes[-1], size=m)]
        _, cache = REFERENCE["forward"](params, X, hidden, output)
        return params, cache, Y, 0.1, hidden, output

    expect_vectorised("backward", backward, make, REFERENCE["backward"], _expect_grads)


def _expect_grads(task, what, got, expected):
    flat = flatten_gradients(got) if isinstance(got, list | tuple) else None
    if flat is None:
        raise HiddenTestFailure(
            f"{task}: {what}: expected a list of (dW, db) pairs.", WRONG_SHAPE
        )
    expect_close(task, what, flat, flatten_gradients(expected))


def _gradient_cases():
    rng = np.random.default_rng(840)
    return [
        (sum_of_sines, rng.normal(size=4), 1e-4),
        (log_sum_exp, rng.normal(size=(2, 3)), 1e-4),
        (weighted_cube, rng.normal(size=(3, 2)), 0.05),
        (weighted_cube, np.array([2.0]), 1e-3),
        (sum_of_sines, rng.normal(size=(1, 5)), 0.1),
    ]


def numerical_gradient_values(numerical_gradient):
    """Central differences for several functions, 1-D and 2-D x, several eps."""
    for i, (f, x, eps) in enumerate(_gradient_cases()):
        args = (f, x.copy(), eps) if eps != 1e-4 else (f, x.copy())
        got = run("numerical_gradient", numerical_gradient, *args)
        expect_close(
            "numerical_gradient",
            f"function {i + 1} at x of shape {x.shape}, eps = {eps}",
            got,
            REFERENCE["numerical_gradient"](f, x.copy(), eps),
            (f, x, eps),
            NUMERICAL_GRADIENT_MISTAKES,
        )


def numerical_gradient_restores(numerical_gradient):
    """x is the same after the call, entry for entry; the gradient is right."""
    for i, (f, x, eps) in enumerate(_gradient_cases()):
        before = x.copy()
        expected = REFERENCE["numerical_gradient"](f, x.copy(), eps)
        got = run("numerical_gradient", numerical_gradient, f, x, eps)
        if not close(got, expected):
            raise HiddenTestFailure(
                "numerical_gradient: restoring x not credited: the gradient of "
                f"function {i + 1} (x of shape {x.shape}) is wrong."
            )
        if not np.array_equal(x, before):
            raise HiddenTestFailure(
                "numerical_gradient: x was changed: restore each entry after "
                "nudging it.",
                INPUT_MODIFIED,
            )


def relative_error_values(relative_error):
    """Random vectors and matrices, near and far apart."""
    rng = np.random.default_rng(850)
    for shape in [(1,), (5,), (3, 4), (20,)]:
        a = rng.normal(size=shape)
        for b in (a + 1e-6 * rng.normal(size=shape), rng.normal(size=shape), -a):
            got = run("relative_error", relative_error, a.copy(), b.copy())
            if np.ndim(got) != 0:
                raise HiddenTestFailure(
                    "relative_error: return a single number.", WRONG_SHAPE
                )
            expect_close(
                "relative_error",
                f"arrays of shape {shape}",
                got,
                REFERENCE["relative_error"](a, b),
                (a, b),
                RELATIVE_ERROR_MISTAKES,
            )


def relative_error_zero(relative_error):
    """0 for two zero arrays (not NaN), 1 when exactly one is zero."""
    for a, b, want in (
        (np.zeros(3), np.zeros(3), 0.0),
        (np.zeros((2, 2)), np.zeros((2, 2)), 0.0),
        (np.zeros(3), np.array([1.0, -2.0, 0.5]), 1.0),
    ):
        got = run("relative_error", relative_error, a.copy(), b.copy())
        expect_close("relative_error", f"a = {a.tolist()}, b = {b.tolist()}", got, want)
