"""Self-checks of ps01, the hypothesis (sigmoid, hypothesis, predict).

Each check runs the student's function on small visible inputs, compares it
with the ``mllesson`` function of the same name and names the likely mistake.
"""

import numpy as np

from .. import activations, logistic
from .fixtures import visible_problem
from .mistakes import HYPOTHESIS_MISTAKES, PREDICT_MISTAKES, SIGMOID_MISTAKES
from .report import Report, call, check_array, check_value

__all__ = ["check_hypothesis", "check_predict", "check_sigmoid"]


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
    r.done("very large |z| (where the naive formula overflows), vectorisation")


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
    r.done("one example (m = 1), a single feature, large θᵀx, vectorisation")


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
    r.done("a probability exactly at the threshold, m = 1, vectorisation")
