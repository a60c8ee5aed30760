"""Shared by the package's unit tests: a finite-difference reference."""

import numpy as np
import pytest


def _central_diff(f, x, h=1e-6):
    """Central differences of a scalar function ``f`` at every entry of ``x``.

    The error is O(h^2) per entry; with h = 1e-6 and smooth costs of order 1
    it is far below the 1e-7 the gradient tests ask for.
    """
    x = np.asarray(x, dtype=np.float64)
    grad = np.empty_like(x)
    for idx in np.ndindex(x.shape):  # one entry at a time, on a copy
        step = np.zeros_like(x)
        step[idx] = h
        grad[idx] = (f(x + step) - f(x - step)) / (2 * h)
    return grad


@pytest.fixture
def central_diff():
    """``central_diff(f, x)``: the numerical gradient of scalar ``f`` at ``x``."""
    return _central_diff
