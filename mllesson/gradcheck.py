"""Gradient checking: compare backpropagation with finite differences.

Backpropagation is easy to get subtly wrong: a missing transpose or a
forgotten ``1/m`` still trains, only worse. Central differences need nothing
but the cost, so they are an independent answer to check it against. They
cost two evaluations of the cost per parameter, so check on a small network
and then switch them off. See the book, chapter "Backpropagation".
"""

from dataclasses import dataclass

import numpy as np

from ._validation import check_non_negative_float, check_positive_float
from .network import (
    _backward,
    _check_problem,
    _data_loss,
    _forward,
    _layer_sizes,
    _n_params,
    _penalty,
    _unflatten,
    copy_params,
)


def numerical_gradient(f, x, eps=1e-4):
    r"""Central-difference estimate of the gradient of ``f`` at ``x``.

    .. math:: \frac{\partial f}{\partial x_i} \approx
        \frac{f(x + \varepsilon e_i) - f(x - \varepsilon e_i)}{2\varepsilon}

    Each entry of ``x`` is nudged in place, ``f(x)`` is evaluated, and the
    entry is put back exactly, even if ``f`` raises. So ``f`` may ignore its
    argument and read ``x`` some other way, for example as one of a network's
    weight matrices.

    Parameters
    ----------
    f : callable
        ``f(x) -> float``.
    x : ndarray
        The point. A writable float64 array is nudged in place (and restored);
        anything else is first copied to one.
    eps : float, default=1e-4
        The step :math:`\varepsilon`. The error of the estimate is of order
        :math:`\varepsilon^2` plus rounding of order
        :math:`10^{-16} / \varepsilon`.

    Returns
    -------
    ndarray of the same shape as ``x``

    Examples
    --------
    >>> import numpy as np
    >>> from mllesson import numerical_gradient
    >>> x = np.array([1.0, -2.0])
    >>> np.round(numerical_gradient(lambda v: (v**2).sum(), x), 8)  # 2x
    array([ 2., -4.])
    >>> x  # unchanged
    array([ 1., -2.])
    """
    if not callable(f):
        raise TypeError(f"f must be callable, got {f!r}")
    eps = check_positive_float(eps, "eps")
    if not (isinstance(x, np.ndarray) and x.dtype == np.float64 and x.flags.writeable):
        x = np.array(x, dtype=np.float64)
    grad = np.empty_like(x)
    for idx in np.ndindex(x.shape):
        original = x[idx]
        try:
            x[idx] = original + eps
            f_plus = _scalar(f(x))
            x[idx] = original - eps
            f_minus = _scalar(f(x))
        finally:
            x[idx] = original
        grad[idx] = (f_plus - f_minus) / (2.0 * eps)
    return grad


def _scalar(value):
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise TypeError(f"f must return a number, got {value!r}") from None
    if not np.isfinite(value):
        raise ValueError(f"f returned {value}; expected a finite number")
    return value


def relative_error(a, b):
    r"""Relative distance between two arrays, 0 when both are zero.

    .. math:: \frac{\lVert a - b\rVert_2}{\lVert a\rVert_2 + \lVert b\rVert_2}

    Examples
    --------
    >>> from mllesson import relative_error
    >>> relative_error([1.0, 2.0], [1.0, 2.0])
    0.0
    >>> relative_error([1.0], [-1.0])
    1.0
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape: {a.shape} != {b.shape}")
    scale = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if scale == 0 else float(np.linalg.norm(a - b) / scale)


@dataclass(frozen=True)
class GradientCheckRecord:
    """The check of one parameter array."""

    name: str
    shape: tuple
    relative_error: float
    max_abs_error: float


@dataclass(frozen=True)
class GradientCheckReport:
    """Per-array results of :func:`gradient_check`; ``print`` it for a table."""

    records: tuple

    @property
    def worst(self):
        """The largest relative error over all arrays."""
        return max(r.relative_error for r in self.records)

    def passed(self, tol=1e-7):
        """Whether every array's relative error is below ``tol``."""
        return self.worst < tol

    def __iter__(self):
        return iter(self.records)

    def __len__(self):
        return len(self.records)

    def __getitem__(self, i):
        return self.records[i]

    def __str__(self):
        rows = [("parameter", "shape", "relative error", "max |difference|")]
        rows += [
            (r.name, str(r.shape), f"{r.relative_error:.2e}", f"{r.max_abs_error:.2e}")
            for r in self.records
        ]
        widths = [max(len(row[c]) for row in rows) for c in range(4)]
        lines = [
            "  ".join(
                cell.ljust(w) if c < 2 else cell.rjust(w)
                for c, (cell, w) in enumerate(zip(row, widths, strict=True))
            )
            for row in rows
        ]
        lines.insert(1, "  ".join("-" * w for w in widths))
        lines.append(f"worst relative error: {self.worst:.2e}")
        return "\n".join(lines)


def gradient_check(params, X, Y, lam=0.0, hidden="relu", output="softmax", eps=1e-4):
    r"""Compare :func:`mllesson.backward` with central differences, per array.

    .. math:: \text{error} = \frac{\lVert g_\text{backprop} - g_\text{numerical}
        \rVert_2}{\lVert g_\text{backprop}\rVert_2 + \lVert g_\text{numerical}
        \rVert_2}

    Parameters
    ----------
    params : list of (W, b)
        Not modified: the differences are taken on a private copy.
    X, Y, lam, hidden, output
        As in :func:`mllesson.nn_cost`.
    eps : float, default=1e-4
        The finite-difference step.

    Returns
    -------
    GradientCheckReport
        One record per array, named ``W1, b1, W2, ...``. Errors around 1e-9
        or below mean the gradients agree; 1e-3 or above means a bug.

    Notes
    -----
    See the book, chapter "Backpropagation".

    Examples
    --------
    >>> import numpy as np
    >>> from mllesson import gradient_check, init_params
    >>> rng = np.random.default_rng(0)
    >>> params = init_params((3, 4, 2), method="uniform", epsilon=1.0, rng=rng)
    >>> report = gradient_check(params, rng.normal(size=(5, 3)), [0, 1, 1, 0, 1],
    ...                         lam=0.5, hidden="tanh")
    >>> [r.name for r in report], report.passed(1e-7)
    (['W1', 'b1', 'W2', 'b2'], True)
    """
    params, X, Y = _check_problem(params, X, Y, hidden, output)
    lam = check_non_negative_float(lam, "lam")
    sizes = _layer_sizes(params)
    params = copy_params(params)
    m = X.shape[0]

    def cost(_):
        _, cache = _forward(params, X, hidden, output)
        return _data_loss(cache.Z[-1], Y, output) + _penalty(params, lam, m)

    _, cache = _forward(params, X, hidden, output)
    grads = _unflatten(np.empty(_n_params(sizes)), sizes)
    _backward(params, cache, Y, lam, hidden, grads)

    records = []
    for layer, (pair, grad_pair) in enumerate(zip(params, grads, strict=True), 1):
        for kind, array, analytic in zip("Wb", pair, grad_pair, strict=True):
            numeric = numerical_gradient(cost, array, eps)
            records.append(
                GradientCheckRecord(
                    name=f"{kind}{layer}",
                    shape=array.shape,
                    relative_error=relative_error(analytic, numeric),
                    max_abs_error=float(np.max(np.abs(analytic - numeric))),
                )
            )
    return GradientCheckReport(tuple(records))


__all__ = [
    "GradientCheckRecord",
    "GradientCheckReport",
    "gradient_check",
    "numerical_gradient",
    "relative_error",
]
