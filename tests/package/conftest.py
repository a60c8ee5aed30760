"""Shared by the package's unit tests: a finite-difference reference."""

from functools import partial

import pytest

from mllesson import numerical_gradient


@pytest.fixture
def central_diff():
    """``central_diff(f, x)``: central differences of scalar ``f`` at ``x``.

    mllesson's own helper, which test_gradcheck.py checks against closed-form
    derivatives. The error is O(h^2) per entry; with h = 1e-6 and smooth costs
    of order 1 it is far below the 1e-7 the gradient tests ask for.
    """
    return partial(numerical_gradient, eps=1e-6)
