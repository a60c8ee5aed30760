"""Self-checks of ps04, multiclass (softmax, one_vs_all, predict_one_vs_all).

Each check runs the student's function on small visible inputs, compares it
with the ``mllesson`` function of the same name and names the likely mistake.
"""

import numpy as np

from .. import activations, multiclass
from .fixtures import three_classes
from .mistakes import ONE_VS_ALL_MISTAKES, PREDICT_ONE_VS_ALL_MISTAKES, SOFTMAX_MISTAKES
from .report import Report, call, check_array, check_value, check_vectorised

__all__ = [
    "check_one_vs_all",
    "check_predict_one_vs_all",
    "check_predict_one_vs_all_vectorised",
    "check_softmax",
    "check_softmax_stable",
    "check_softmax_vectorised",
]


def check_softmax(softmax):
    """Self-check for ``softmax(Z)``."""
    r = Report("softmax")
    Z = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0], [2.0, -1.0, 0.5]])
    out = call(r, softmax, Z.copy())
    check_array(r, out, Z.shape)
    check_value(
        r, out, activations.softmax(Z), (Z,), SOFTMAX_MISTAKES, "on a 3×3 input"
    )
    r.ok("values on a 3×3 input")
    z = np.array([1.0, 3.0])
    out = call(r, softmax, z.copy())
    check_array(r, np.asarray(out), z.shape, what="the result for a 1-D input")
    check_value(r, out, activations.softmax(z), (z,), [], "on a 1-D input")
    r.ok("a 1-D input")
    r.done("1-D and 2-D scores, one row, one column")


def check_softmax_stable(softmax):
    """Self-check: finite and right for scores of ±1000 (subtract each row's max)."""
    r = Report("softmax")
    Z = np.array([[1000.0, 0.0, -1000.0], [-1000.0, -1001.0, -1002.0]])
    out = call(r, softmax, Z.copy())
    check_array(r, out, Z.shape)
    check_value(
        r, out, activations.softmax(Z), (Z,), SOFTMAX_MISTAKES, "on scores of ±1000"
    )
    r.ok("finite and right for scores of ±1000")
    r.done()


def _scores(m):
    return (np.column_stack([np.linspace(-3, 3, m), np.zeros(m), np.ones(m)]),)


def check_softmax_vectorised(softmax):
    """Self-check: no Python loop over the rows."""
    r = Report("softmax")
    check_vectorised(r, softmax, _scores, activations.softmax, "the rows")
    r.done()


def check_one_vs_all(one_vs_all):
    """Self-check for ``one_vs_all(X, y, num_labels, lam=0.0, ...)``."""
    r = Report("one_vs_all")
    X, y = three_classes()
    kw = dict(lam=0.1, learning_rate=0.5, n_iters=50)
    out = call(r, one_vs_all, X.copy(), y.copy(), 3, **kw)
    if isinstance(out, np.ndarray) and out.shape == (X.shape[1], 3):
        r.fail_shape(
            "all_theta has shape (n + 1, num_labels): it should be "
            "(num_labels, n + 1), one row per class."
        )
    check_array(r, out, (3, X.shape[1]))
    mistakes = [(m, lambda *a, v=v: v(*a, **kw)) for m, v in ONE_VS_ALL_MISTAKES]
    check_value(
        r,
        out,
        multiclass.one_vs_all(X, y, 3, **kw),
        (X, y, 3),
        mistakes,
        "after 50 steps on a 3-class problem",
    )
    r.ok("values on a 3-class problem")
    r.done("2 to 4 classes, one feature, m = 3 to 40, lam = 0 and lam = 1")


def check_predict_one_vs_all(predict_one_vs_all):
    """Self-check for ``predict_one_vs_all(all_theta, X)``."""
    r = Report("predict_one_vs_all")
    X, _ = three_classes()
    all_theta = np.array(
        [[0.0, -2.0, 0.0, 0.3], [0.5, 0.0, 1.5, 0.0], [0.0, 2.0, -1.0, 0.1]]
    )
    out = call(r, predict_one_vs_all, all_theta.copy(), X.copy())
    expected = multiclass.predict_one_vs_all(all_theta, X)
    check_value(
        r,
        out,
        expected,
        (all_theta, X),
        PREDICT_ONE_VS_ALL_MISTAKES,
        "on 6 examples and 3 classes",
    )
    check_array(r, out, (X.shape[0],), kind="i")
    r.ok("integer labels")
    r.ok("labels on 6 examples")
    r.done("m = 1 to 60 and 2 to 5 classes")


def _examples(m):
    x = np.linspace(-2.0, 2.0, m)
    all_theta = np.array([[0.0, -2.0, 0.5], [0.5, 0.0, 1.5], [0.0, 2.0, -1.0]])
    return all_theta, np.column_stack([np.ones(m), x, np.sin(2 * x)])


def check_predict_one_vs_all_vectorised(predict_one_vs_all):
    """Self-check: no Python loop over the examples."""
    r = Report("predict_one_vs_all")
    check_vectorised(r, predict_one_vs_all, _examples, multiclass.predict_one_vs_all)
    r.done()
