"""Finite differences against derivatives known in closed form."""

import numpy as np
import pytest

from mllesson import (
    GradientCheckReport,
    gradient_check,
    init_params,
    numerical_gradient,
    relative_error,
)


@pytest.mark.parametrize(
    "f, df",
    [
        (lambda x: np.sum(x**3), lambda x: 3 * x**2),
        (
            lambda x: np.sum(np.sin(x) * x**2),
            lambda x: np.cos(x) * x**2 + 2 * x * np.sin(x),
        ),
        (lambda x: np.log(np.sum(np.exp(x))), lambda x: np.exp(x) / np.exp(x).sum()),
        (
            lambda x: float(x[0, 0] * x[1, 1] - x[0, 1] * x[1, 0]),
            lambda x: np.array([[x[1, 1], -x[1, 0]], [-x[0, 1], x[0, 0]]]),
        ),
    ],
)
def test_central_differences_match_closed_form_derivatives(f, df):
    x = np.random.default_rng(0).normal(size=(2, 2))
    before = x.copy()
    np.testing.assert_allclose(
        numerical_gradient(f, x, eps=1e-5), df(x), rtol=1e-8, atol=1e-9
    )
    np.testing.assert_array_equal(x, before)


def test_error_shrinks_like_eps_squared():
    # f = sum(x^3): the central difference is exactly 3x^2 + eps^2.
    x = np.array([0.7, -1.3])
    for eps in (1e-1, 1e-2):
        error = numerical_gradient(lambda v: np.sum(v**3), x, eps=eps) - 3 * x**2
        np.testing.assert_allclose(error, eps**2, rtol=1e-6)


def test_x_is_nudged_in_place_so_closures_see_it():
    W = np.array([[1.0, 2.0], [3.0, 4.0]])
    view = W[:, 1]  # a strided view: f reads W, not its argument
    grad = numerical_gradient(lambda _: float((W**2).sum()), view)
    np.testing.assert_allclose(grad, 2 * W[:, 1], rtol=1e-9)
    np.testing.assert_array_equal(W, [[1.0, 2.0], [3.0, 4.0]])


def test_x_is_restored_even_if_f_raises():
    x = np.array([1.0, 2.0, 3.0])
    calls = []

    def f(v):
        calls.append(v.copy())
        if len(calls) == 4:  # second entry, minus side
            raise RuntimeError("boom")
        return v.sum()

    with pytest.raises(RuntimeError, match="boom"):
        numerical_gradient(f, x)
    np.testing.assert_array_equal(x, [1.0, 2.0, 3.0])
    np.testing.assert_allclose(calls[3], [1.0, 2.0 - 1e-4, 3.0])


def test_lists_and_integer_arrays_are_copied_not_modified():
    x = np.array([1, 2])
    grad = numerical_gradient(lambda v: float(v @ v), x)
    np.testing.assert_allclose(grad, [2.0, 4.0], rtol=1e-9)
    np.testing.assert_array_equal(x, [1, 2])
    np.testing.assert_allclose(numerical_gradient(lambda v: v[0] * 3, [5.0]), [3.0])


@pytest.mark.parametrize(
    "call, exc, match",
    [
        (lambda: numerical_gradient(3, np.ones(2)), TypeError, "f must be callable"),
        (
            lambda: numerical_gradient(lambda v: v, np.ones(2)),
            TypeError,
            "f must return a number",
        ),
        (
            lambda: numerical_gradient(lambda v: np.nan, np.ones(2)),
            ValueError,
            "f returned nan; expected a finite number",
        ),
        (
            lambda: numerical_gradient(np.sum, np.ones(2), eps=0),
            ValueError,
            "eps must be a positive finite number",
        ),
        (
            lambda: relative_error(np.ones(2), np.ones(3)),
            ValueError,
            r"a and b must have the same shape: \(2,\) != \(3,\)",
        ),
        (
            lambda: gradient_check(
                init_params((2, 2), rng=0), np.ones((3, 2)), [0, 1, 2]
            ),
            ValueError,
            "Y must contain labels in 0..1",
        ),
    ],
)
def test_bad_input_messages(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


def test_relative_error_values():
    assert relative_error([3.0, 4.0], [3.0, 4.0]) == 0.0
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0  # dead units agree
    # |a - b| = |(0, 1)| = 1 and |a| + |b| = 5 + sqrt(18)
    assert relative_error([3.0, 4.0], [3.0, 3.0]) == pytest.approx(
        1 / (5 + np.sqrt(18)), rel=1e-15
    )


def test_report_table():
    rng = np.random.default_rng(1)
    params = init_params((3, 4, 2), method="uniform", epsilon=1.0, rng=rng)
    report = gradient_check(
        params, rng.normal(size=(6, 3)), [0, 1, 1, 0, 1, 0], lam=0.3, hidden="sigmoid"
    )
    assert isinstance(report, GradientCheckReport)
    assert len(report) == 4 and report[2].name == "W2" and report[2].shape == (2, 4)
    assert report.passed(1e-7) and not report.passed(0.0)
    assert report.worst == max(r.relative_error for r in report)
    text = str(report).splitlines()
    assert text[0].split() == [
        "parameter",
        "shape",
        "relative",
        "error",
        "max",
        "|difference|",
    ]
    assert set(text[1]) == {"-", " "}
    assert text[2].startswith("W1") and "(4, 3)" in text[2]
    assert text[-1].startswith("worst relative error: ")
    assert len(text) == 2 + 4 + 1
