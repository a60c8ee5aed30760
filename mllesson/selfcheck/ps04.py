"""Self-checks of ps04, multiclass (softmax, one_vs_all, predict_one_vs_all).

Each check runs the student's function on small visible inputs, compares it
with the ``mllesson`` function of the same name and names the likely mistake.
"""

import numpy as np

from .. import activations, multiclass
from .fixtures import three_classes
from .mistakes import ONE_VS_ALL_MISTAKES, PREDICT_ONE_VS_ALL_MISTAKES, SOFTMAX_MISTAKES
from .report import Report, call, check_array, check_value

__all__ = ["check_one_vs_all", "check_predict_one_vs_all", "check_softmax"]


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
    r.done("scores of ±1000 (stability), other shapes, vectorisation")


def check_one_vs_all(one_vs_all):
    """Self-check for ``one_vs_all(X, y, num_labels, lam=0.0, ...)``."""
    r = Report("one_vs_all")
    X, y = three_classes()
    kw = dict(lam=0.1, learning_rate=0.5, n_iters=50)
    out = call(r, one_vs_all, X.copy(), y.copy(), 3, **kw)
    if isinstance(out, np.ndarray) and out.shape == (X.shape[1], 3):
        r.fail(
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
    r.done("other numbers of classes and shapes, lam = 0, longer training")


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
    r.done("other numbers of classes, m = 1, vectorisation")
