"""Self-checks of ps01, the hypothesis (sigmoid, hypothesis, predict).

Each check runs the student's function on small visible inputs, compares it
with the ``mllesson`` function of the same name and names the likely mistake.
"""

import numpy as np

from .. import activations, logistic
from .fixtures import visible_problem
from .mistakes import HYPOTHESIS_MISTAKES, PREDICT_MISTAKES, SIGMOID_MISTAKES
from .report import Report, call, check_array, check_value, check_vectorised

__all__ = [
    "check_hypothesis",
    "check_hypothesis_vectorised",
    "check_predict",
    "check_sigmoid",
    "check_sigmoid_stable",
    "check_sigmoid_vectorised",
]


def check_sigmoid(sigmoid):
    """Self-check for ``sigmoid(z)``."""
    r = Report("sigmoid")
    z = np.array([-2.0, 0.0, 2.0])
    out = call(r, sigmoid, z.copy())
    check_array(r, out, z.shape)
    r.ok("dtype")
    check_value(
        r, out, activations.sigmoid(z), (z,), SIGMOID_MISTAKES, "at z = −2, 0, 2"
    )
    r.ok("values at z = 0, ±2")
    Z = np.array([[0.0, 1.0], [-1.0, 3.0]])
    out = call(r, sigmoid, Z.copy())
    check_array(r, out, Z.shape, what="the result for a 2-D input")
    check_value(
        r, out, activations.sigmoid(Z), (Z,), SIGMOID_MISTAKES, "on a 2-D input"
    )
    r.ok("a 2-D input keeps its shape")
    r.done("inputs of other shapes")


def check_sigmoid_stable(sigmoid):
    """Self-check: finite and right where the naive formula overflows."""
    r = Report("sigmoid")
    z = np.array([-1000.0, -745.0, -40.0, 40.0, 745.0, 1000.0])
    out = call(r, sigmoid, z.copy())
    check_array(r, out, z.shape)
    check_value(
        r,
        out,
        activations.sigmoid(z),
        (z,),
        SIGMOID_MISTAKES,
        "at z = ±40, ±745, ±1000",
    )
    r.ok("finite and right at |z| up to 1000")
    r.done("|z| up to 1e6")


def _spread(m):
    return (np.linspace(-5.0, 5.0, m),)


def check_sigmoid_vectorised(sigmoid):
    """Self-check: no Python loop over the entries of z."""
    r = Report("sigmoid")
    check_vectorised(r, sigmoid, _spread, activations.sigmoid, "the entries of z")
    r.done()


def check_hypothesis(hypothesis):
    """Self-check for ``hypothesis(theta, X)``."""
    r = Report("hypothesis")
    theta, X, _ = visible_problem()
    out = call(r, hypothesis, theta.copy(), X.copy())
    check_array(r, out, (X.shape[0],))
    r.ok("dtype")
    check_value(
        r,
        out,
        logistic.hypothesis(theta, X),
        (theta, X),
        HYPOTHESIS_MISTAKES,
        "on a 5-example problem",
    )
    r.ok("values on 5 examples")
    r.done("several shapes, one example (m = 1), a single feature, large θᵀx")


def _examples(m):
    x = np.linspace(-3.0, 3.0, m)
    return np.array([0.1, -0.2, 0.3]), np.column_stack([np.ones(m), x, x**2 - 1.0])


def check_hypothesis_vectorised(hypothesis):
    """Self-check: no Python loop over the examples."""
    r = Report("hypothesis")
    check_vectorised(r, hypothesis, _examples, logistic.hypothesis)
    r.done()


def check_predict(predict):
    """Self-check for ``predict(theta, X, threshold=0.5)``."""
    r = Report("predict")
    theta, X, _ = visible_problem()
    for thr in (0.5, 0.3):
        out = call(r, predict, theta.copy(), X.copy(), thr)
        check_value(
            r,
            out,
            logistic.predict(theta, X, thr),
            (theta, X, thr),
            PREDICT_MISTAKES,
            f"with threshold={thr}",
        )
        check_array(r, out, (X.shape[0],), kind="i")
    r.ok("integer labels")
    r.ok("labels at thresholds 0.5 and 0.3")
    # Logits 0, 0.2, -1 and 0: two probabilities exactly 0.5, which are class 1.
    theta = np.array([0.0, 1.0, 0.0])
    X = np.array([[1.0, 0.0, 1.0], [1.0, 0.2, 0.0], [1.0, -1.0, 0.0], [1.0, 0.0, -2.0]])
    out = call(r, predict, theta.copy(), X.copy())
    check_value(
        r,
        out,
        logistic.predict(theta, X),
        (theta, X, 0.5),
        PREDICT_MISTAKES,
        "with logits 0, 0.2, −1 and 0 (two probabilities exactly 0.5)",
    )
    r.ok("probabilities exactly at the threshold")
    r.done("several shapes, other thresholds, m = 1")
