"""mllesson.multiclass against scikit-learn, finite differences and hand-worked values.

Penalty conversion: scikit-learn minimises C * sum(loss) + ||w||^2 / 2; we
minimise mean(loss) + lam / (2m) * ||w||^2. Multiplying ours by m / lam gives
theirs with C = 1 / lam. Neither penalises the intercept.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.special import expit
from scipy.special import softmax as scipy_softmax
from sklearn.linear_model import LogisticRegression as SkLogisticRegression
from sklearn.multiclass import OneVsRestClassifier as SkOneVsRest

import mllesson
from mllesson import (
    OneVsRestClassifier,
    SoftmaxRegression,
    add_intercept,
    logistic_cost,
    logistic_gradient,
    one_vs_all,
    predict_one_vs_all,
    predict_softmax,
    softmax_cost,
    softmax_cost_gradient,
    softmax_gradient,
    softmax_proba,
    standardize,
)
from mllesson.datasets import load_iris, make_blobs_multiclass

SK_TIGHT = dict(tol=1e-12, max_iter=100_000)


def converged(lam):
    """Gradient-descent settings that reach scikit-learn's optimum to ~1e-6.

    Weak penalties on the nearly separable iris data need the most steps; the
    worst parameter difference measured was 4e-6 at lam = 0.1 and 3e-7 above.
    """
    return dict(learning_rate=2.0, n_iters=15_000 if lam < 0.5 else 5_000)


@pytest.fixture(scope="module")
def iris():
    X, y = load_iris()
    return standardize(X)[0], y


@pytest.fixture(scope="module")
def blobs():
    # four overlapping classes: the unpenalised optimum is finite too
    X, y = make_blobs_multiclass(200, n_classes=4, spread=2.0, rng=0)
    return standardize(X)[0], y


def _data(request, name):
    return request.getfixturevalue(name)


def _random_problem(rng, m=12, n=3, k=4):
    X = add_intercept(rng.normal(size=(m, n)))
    y = rng.integers(0, k, size=m)
    y[:k] = np.arange(k)  # every class present
    Theta = rng.normal(size=(k, n + 1))
    return Theta, X, y


# --- one-vs-all against scikit-learn -----------------------------------------


@pytest.mark.parametrize("data", ["iris", "blobs"])
@pytest.mark.parametrize("lam", [0.1, 1.0, 10.0])
def test_one_vs_all_matches_sklearn(request, data, lam):
    X, y = _data(request, data)
    all_theta = one_vs_all(add_intercept(X), y, num_labels=y.max() + 1, lam=lam,
                           **converged(lam))  # fmt: skip
    sk = SkOneVsRest(SkLogisticRegression(C=1 / lam, **SK_TIGHT)).fit(X, y)
    sk_theta = np.array(
        [np.r_[est.intercept_, est.coef_.ravel()] for est in sk.estimators_]
    )
    np.testing.assert_allclose(all_theta, sk_theta, rtol=0, atol=1e-4)
    np.testing.assert_array_equal(predict_one_vs_all(all_theta, add_intercept(X)),
                                  sk.predict(X))  # fmt: skip


@pytest.mark.parametrize("lam", [0.1, 1.0])
def test_one_vs_rest_estimator_matches_sklearn(iris, lam):
    X, y = iris
    clf = OneVsRestClassifier(lam=lam, **converged(lam)).fit(X, y)
    sk = SkOneVsRest(SkLogisticRegression(C=1 / lam, **SK_TIGHT)).fit(X, y)
    sk_coef = np.vstack([est.coef_ for est in sk.estimators_])
    sk_intercept = np.concatenate([est.intercept_ for est in sk.estimators_])
    np.testing.assert_allclose(clf.coef_, sk_coef, rtol=0, atol=1e-4)
    np.testing.assert_allclose(clf.intercept_, sk_intercept, rtol=0, atol=1e-4)
    np.testing.assert_array_equal(clf.predict(X), sk.predict(X))
    # scikit-learn normalises the K sigmoids the same way
    np.testing.assert_allclose(clf.predict_proba(X), sk.predict_proba(X), atol=1e-5)
    assert clf.score(X, y) == sk.score(X, y)


def test_predict_one_vs_all_is_argmax_of_sigmoids():
    rng = np.random.default_rng(5)
    Theta, X, _ = _random_problem(rng, m=50)
    probs = expit(X @ Theta.T)
    np.testing.assert_array_equal(predict_one_vs_all(Theta, X), probs.argmax(axis=1))


def test_predict_one_vs_all_breaks_no_ties_by_saturation():
    # both classifiers give probability 1.0 in floating point; the logits differ
    all_theta = np.array([[0.0, 50.0], [0.0, 60.0]])
    assert predict_one_vs_all(all_theta, [[1.0, 1.0]]).tolist() == [1]


def test_one_vs_all_rows_are_binary_logistic_optima(iris):
    # each row zeroes the gradient of its own binary problem
    X, y = iris
    Xd = add_intercept(X)
    all_theta = one_vs_all(Xd, y, 3, lam=1.0, **converged(1.0))
    for k in range(3):
        grad = logistic_gradient(all_theta[k], Xd, (y == k).astype(int), lam=1.0)
        np.testing.assert_allclose(grad, 0.0, atol=1e-8)


def test_one_vs_all_with_an_absent_class_learns_never():
    X = add_intercept([[-1.0], [-0.5], [0.5], [1.0]])
    all_theta = one_vs_all(X, [0, 0, 2, 2], num_labels=3, lam=1.0)
    assert all_theta.shape == (3, 2)
    assert (expit(X @ all_theta[1]) < 0.01).all()


# --- softmax regression against scikit-learn ---------------------------------


@pytest.mark.parametrize("data", ["iris", "blobs"])
@pytest.mark.parametrize("lam", [0.1, 1.0, 10.0])
def test_softmax_regression_matches_sklearn(request, data, lam):
    # With lam > 0 the penalised coefficients are unique; the intercepts are
    # unique only up to a common shift, and ours sum to zero, so centre theirs.
    X, y = _data(request, data)
    clf = SoftmaxRegression(lam=lam, **converged(lam)).fit(X, y)
    sk = SkLogisticRegression(C=1 / lam, **SK_TIGHT).fit(X, y)  # multinomial
    np.testing.assert_allclose(clf.coef_, sk.coef_, rtol=0, atol=1e-4)
    np.testing.assert_allclose(
        clf.intercept_, sk.intercept_ - sk.intercept_.mean(), rtol=0, atol=1e-4
    )
    np.testing.assert_allclose(clf.predict_proba(X), sk.predict_proba(X), atol=1e-5)
    np.testing.assert_array_equal(clf.predict(X), sk.predict(X))


def test_softmax_regression_unpenalised_matches_sklearn_probabilities(blobs):
    # lam = 0: the optimum is unique only up to adding a vector to every row.
    # Compare what is identifiable: probabilities, and centred parameters.
    X, y = blobs
    clf = SoftmaxRegression(lam=0.0, **converged(1.0)).fit(X, y)
    sk = SkLogisticRegression(C=np.inf, **SK_TIGHT).fit(X, y)
    np.testing.assert_allclose(clf.predict_proba(X), sk.predict_proba(X), atol=1e-5)
    sk_theta = np.column_stack([sk.intercept_, sk.coef_])
    np.testing.assert_allclose(clf.theta_, sk_theta - sk_theta.mean(axis=0), atol=1e-4)


# --- softmax cost and gradient -----------------------------------------------


def test_softmax_cost_at_zero_is_log_k():
    rng = np.random.default_rng(0)
    for k in (2, 3, 7):
        _, X, y = _random_problem(rng, k=k)
        assert softmax_cost(np.zeros((k, X.shape[1])), X, y) == pytest.approx(np.log(k))


def test_softmax_cost_hand_worked():
    # one example, scores z = [0, ln 3]: P = [1/4, 3/4]; label 0 costs ln 4.
    # Penalty: lam/(2m) * (theta_11)^2 = 2/2 * (ln 3)^2, the intercepts are free.
    Theta = np.array([[5.0, 0.0], [5.0, np.log(3.0)]])
    X = np.array([[1.0, 1.0]])
    assert softmax_cost(Theta, X, [0]) == pytest.approx(np.log(4.0))
    assert softmax_cost(Theta, X, [0], lam=2.0) == pytest.approx(
        np.log(4.0) + np.log(3.0) ** 2
    )


@pytest.mark.parametrize("lam", [0.0, 0.7])
def test_two_class_softmax_is_logistic_regression(lam):
    # With row 0 fixed at zero, P(y = 1) = sigmoid(theta . x): the logistic model.
    rng = np.random.default_rng(1)
    theta, X, y = _random_problem(rng, k=2)
    theta = theta[1]
    Theta = np.vstack([np.zeros_like(theta), theta])
    assert softmax_cost(Theta, X, y, lam) == pytest.approx(
        logistic_cost(theta, X, y, lam)
    )
    np.testing.assert_allclose(
        softmax_gradient(Theta, X, y, lam)[1], logistic_gradient(theta, X, y, lam)
    )


def test_softmax_cost_matches_scipy():
    rng = np.random.default_rng(2)
    Theta, X, y = _random_problem(rng, m=30)
    P = scipy_softmax(X @ Theta.T, axis=1)
    expected = -np.mean(np.log(P[np.arange(30), y]))
    assert softmax_cost(Theta, X, y) == pytest.approx(expected, rel=1e-12)
    np.testing.assert_allclose(softmax_proba(Theta, X), P, rtol=1e-12)


@pytest.mark.parametrize("lam", [0.0, 0.5, 3.0])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_softmax_gradient_matches_finite_differences(central_diff, lam, seed):
    rng = np.random.default_rng(seed)
    Theta, X, y = _random_problem(rng)
    numeric = central_diff(lambda T: softmax_cost(T, X, y, lam), Theta)
    analytic = softmax_gradient(Theta, X, y, lam)
    assert analytic.shape == Theta.shape
    np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("scale", [1.0, 300.0])  # 300: saturated softmax
@pytest.mark.parametrize("lam", [0.0, 0.3])
def test_readable_cost_gradient_agrees_with_the_training_kernel(scale, lam):
    # softmax_cost_gradient (shown in the book) against the flat kernel behind
    # softmax_cost, softmax_gradient and SoftmaxRegression.
    rng = np.random.default_rng(3)
    Theta, X, y = _random_problem(rng)
    Theta = scale * Theta
    J, grad = softmax_cost_gradient(Theta, X, y, lam)
    assert J == pytest.approx(softmax_cost(Theta, X, y, lam), rel=1e-13)
    np.testing.assert_allclose(grad, softmax_gradient(Theta, X, y, lam),
                               rtol=1e-12, atol=1e-14)  # fmt: skip


def test_softmax_cost_is_finite_when_saturated():
    # a wrong answer with a score gap of 1e6 costs exactly 1e6
    Theta = np.array([[0.0, 1e6], [0.0, 0.0]])
    assert softmax_cost(Theta, [[1.0, 1.0]], [1]) == pytest.approx(1e6)
    assert softmax_cost(Theta, [[1.0, 1.0]], [0]) == 0.0


def test_predict_softmax_is_argmax_of_probabilities():
    rng = np.random.default_rng(4)
    Theta, X, _ = _random_problem(rng, m=40)
    expected = scipy_softmax(X @ Theta.T, axis=1).argmax(axis=1)
    np.testing.assert_array_equal(predict_softmax(Theta, X), expected)


# --- properties --------------------------------------------------------------


finite = st.floats(-1e6, 1e6, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(
    Theta=arrays(np.float64, (3, 3), elements=finite),
    X=arrays(np.float64, (5, 2), elements=finite),
)
def test_softmax_proba_rows_are_distributions(Theta, X):
    P = softmax_proba(Theta, add_intercept(X))
    assert np.isfinite(P).all()
    assert ((P >= 0) & (P <= 1)).all()
    np.testing.assert_allclose(P.sum(axis=1), 1.0)


@settings(max_examples=60, deadline=None)
@given(
    coef=arrays(np.float64, (4, 2), elements=finite),
    X=arrays(np.float64, (6, 2), elements=finite),
)
def test_one_vs_rest_proba_rows_are_distributions(coef, X):
    clf = OneVsRestClassifier()
    clf._set_parameters(np.column_stack([np.zeros(4), coef]), np.zeros((4, 1)))
    P = clf.predict_proba(X)
    assert np.isfinite(P).all() and ((P >= 0) & (P <= 1)).all()
    np.testing.assert_allclose(P.sum(axis=1), 1.0)
    # proportional to the K sigmoids, and consistent with predict
    Z = clf.decision_function(X)
    moderate = np.abs(Z).max(axis=1) < 30
    S = expit(Z[moderate])
    np.testing.assert_allclose(P[moderate], S / S.sum(axis=1, keepdims=True))
    top2 = np.sort(Z, axis=1)[:, -2:]
    clear = moderate & (top2[:, 1] - top2[:, 0] > 1e-6)  # no near-ties
    np.testing.assert_array_equal(P[clear].argmax(axis=1), clf.predict(X)[clear])


@pytest.mark.parametrize("Estimator", [OneVsRestClassifier, SoftmaxRegression])
def test_cost_history_does_not_increase_on_standardised_data(iris, Estimator):
    X, y = iris
    clf = Estimator(lam=0.5).fit(X, y)  # the default step size
    history = np.atleast_2d(clf.loss_history_)
    assert (np.diff(history, axis=1) <= 1e-12).all()


# --- estimators --------------------------------------------------------------


@pytest.mark.parametrize("Estimator", [OneVsRestClassifier, SoftmaxRegression])
def test_estimator_attributes(iris, Estimator):
    X, y = iris
    clf = Estimator(n_iters=50)
    assert clf.fit(X, y) is clf
    assert clf.coef_.shape == (3, 4) and clf.intercept_.shape == (3,)
    np.testing.assert_array_equal(
        clf.theta_, np.column_stack([clf.intercept_, clf.coef_])
    )
    np.testing.assert_array_equal(clf.classes_, [0, 1, 2])
    expected_history = (3, 50) if Estimator is OneVsRestClassifier else (50,)
    assert clf.loss_history_.shape == expected_history
    P = clf.predict_proba(X)
    assert P.shape == (150, 3)
    np.testing.assert_allclose(P.sum(axis=1), 1.0)
    np.testing.assert_array_equal(clf.predict(X), P.argmax(axis=1))
    assert clf.score(X, y) == np.mean(clf.predict(X) == y)
    assert clf.get_params() == {"lam": 0.0, "learning_rate": 1.0, "n_iters": 50}
    assert repr(clf) == f"{Estimator.__name__}(n_iters=50)"


def test_estimators_reach_good_accuracy_with_defaults(iris):
    X, y = iris
    assert OneVsRestClassifier().fit(X, y).score(X, y) >= 0.93
    assert SoftmaxRegression().fit(X, y).score(X, y) >= 0.96


def test_one_vs_rest_history_is_padded_after_divergence():
    X = np.array([[-1000.0], [-900.0], [0.0], [100.0], [900.0], [1000.0]])
    with pytest.warns(mllesson.DivergenceWarning, match="learning rate"):
        clf = OneVsRestClassifier(learning_rate=1e305, n_iters=20).fit(
            X, [0, 0, 1, 1, 2, 2]
        )
    assert clf.loss_history_.shape == (3, 20)
    assert np.isnan(clf.loss_history_[:, -1]).any()
    assert np.isfinite(clf.loss_history_[:, 0]).all()


def test_softmax_columns_sum_to_zero(blobs):
    X, y = blobs
    clf = SoftmaxRegression(lam=0.0, n_iters=300).fit(X, y)
    np.testing.assert_allclose(clf.theta_.sum(axis=0), 0.0, atol=1e-12)


def test_public_names_exported():
    for name in (
        "OneVsRestClassifier", "SoftmaxRegression", "one_vs_all", "predict_one_vs_all",
        "predict_softmax", "softmax_cost", "softmax_cost_gradient", "softmax_gradient",
        "softmax_proba",
    ):  # fmt: skip
        assert name in mllesson.__all__
        assert getattr(mllesson, name) is getattr(mllesson.multiclass, name)


# --- bad input and purity ----------------------------------------------------


X3 = add_intercept([[0.0, 1.0], [1.0, 0.0], [2.0, 2.0]])
TH3 = np.zeros((3, 3))


def _fitted_ovr():
    return OneVsRestClassifier(n_iters=5).fit(X3, [0, 1, 2])


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (
            lambda: one_vs_all(X3, [0, 1, 3], 3),
            ValueError,
            r"y must contain labels in 0\.\.2",
        ),
        (
            lambda: one_vs_all(X3, [0, -1, 1], 3),
            ValueError,
            r"labels in 0\.\.2, got values from -1",
        ),
        (lambda: one_vs_all(X3, [0, 1.5, 1], 3), ValueError, "integer class labels"),
        (
            lambda: one_vs_all(X3, [0, 1], 3),
            ValueError,
            "inconsistent numbers of samples: 3 != 2",
        ),
        (
            lambda: one_vs_all(X3, [0, 1, 2], 0),
            ValueError,
            "num_labels must be a positive",
        ),
        (
            lambda: one_vs_all(X3, [0, 1, 2], 3, lam=-1),
            ValueError,
            "lam must be a non-negative",
        ),
        (
            lambda: one_vs_all(X3, [0, 1, 2], 3, learning_rate=0),
            ValueError,
            "learning_rate must be",
        ),
        (
            lambda: one_vs_all(X3, [0, 1, 2], 3, n_iters=2.5),
            TypeError,
            "n_iters must be a positive",
        ),
        (
            lambda: one_vs_all([[1.0, np.nan]] * 3, [0, 1, 2], 3),
            ValueError,
            "X contains NaN",
        ),
        (lambda: one_vs_all(X3[:, 0], [0, 1, 2], 3), ValueError, "X must be 2-D"),
        (
            lambda: predict_one_vs_all(np.zeros((3, 2)), X3),
            ValueError,
            r"all_theta has shape \(3, 2\) but X has 3 columns",
        ),
        (
            lambda: predict_one_vs_all(np.zeros(3), X3),
            ValueError,
            "all_theta must be 2-D",
        ),
        (
            lambda: softmax_cost(TH3, X3, [0, 1, 3]),
            ValueError,
            r"y must contain labels in 0\.\.2",
        ),
        (
            lambda: softmax_cost(TH3[:, :2], X3, [0, 1, 2]),
            ValueError,
            r"must have shape \(n_classes, 3\)",
        ),
        (
            lambda: softmax_cost(TH3.ravel(), X3, [0, 1, 2]),
            ValueError,
            "Theta must be 2-D",
        ),
        (
            lambda: softmax_cost(TH3, X3, [0, 1]),
            ValueError,
            "inconsistent numbers of samples",
        ),
        (
            lambda: softmax_cost(TH3, X3, [0, 1, 2], lam=np.inf),
            ValueError,
            "lam must be",
        ),
        (
            lambda: softmax_gradient(TH3 + np.nan, X3, [0, 1, 2]),
            ValueError,
            "Theta contains NaN",
        ),
        (lambda: softmax_gradient(TH3, X3, [[0, 1, 2]]), ValueError, "y must be 1-D"),
        (lambda: softmax_proba(TH3, "abc"), TypeError, "X must be numeric"),
        (lambda: predict_softmax(TH3, np.empty((0, 3))), ValueError, "X is empty"),
        (
            lambda: OneVsRestClassifier().fit(X3, [0, 0, 0]),
            ValueError,
            "only one class",
        ),
        (
            lambda: SoftmaxRegression().fit(X3, [0, 1]),
            ValueError,
            "inconsistent numbers",
        ),
        (
            lambda: SoftmaxRegression(n_iters=0).fit(X3, [0, 1, 2]),
            ValueError,
            "n_iters must be",
        ),
        (lambda: SoftmaxRegression().predict(X3), ValueError, "not fitted yet"),
        (lambda: OneVsRestClassifier().predict_proba(X3), ValueError, "not fitted yet"),
        (
            lambda: _fitted_ovr().predict(X3[:, :2]),
            ValueError,
            "X has 2 features, but OneVsRestClassifier was fitted with 3",
        ),
    ],
)
def test_bad_input_is_rejected_with_a_clear_message(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_inputs_are_not_modified(iris):
    X, y = iris
    X, y = X[::5].copy(), y[::5].copy()
    Xd = add_intercept(X)
    Theta = np.random.default_rng(0).normal(size=(3, 5))
    saved = [a.copy() for a in (X, y, Xd, Theta)]
    one_vs_all(Xd, y, 3, lam=1.0, n_iters=5)
    predict_one_vs_all(Theta, Xd)
    softmax_cost_gradient(Theta, Xd, y, lam=1.0)
    softmax_cost(Theta, Xd, y, lam=1.0)
    softmax_gradient(Theta, Xd, y, lam=1.0)
    softmax_proba(Theta, Xd)
    predict_softmax(Theta, Xd)
    for Estimator in (OneVsRestClassifier, SoftmaxRegression):
        clf = Estimator(n_iters=5).fit(X, y)
        clf.predict_proba(X)
        clf.score(X, y)
    for before, after in zip(saved, (X, y, Xd, Theta), strict=True):
        np.testing.assert_array_equal(before, after)


# --- one_hot -------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(3))
def test_one_hot_matches_scikit_learn(seed):
    from sklearn.preprocessing import OneHotEncoder

    y = np.random.default_rng(seed).integers(0, 5, size=40)
    y[:5] = np.arange(5)  # every class present, so the encoder finds K = 5
    expected = OneHotEncoder(sparse_output=False).fit_transform(y[:, None])
    Y = mllesson.one_hot(y)
    np.testing.assert_array_equal(Y, expected)
    assert Y.dtype == np.float64
    # With n_classes, absent classes still get their (all-zero) column.
    from sklearn.preprocessing import LabelBinarizer

    wide = LabelBinarizer().fit(np.arange(7)).transform(y)
    np.testing.assert_array_equal(mllesson.one_hot(y, n_classes=7), wide)


def test_one_hot_by_hand_and_input_unchanged():
    y = [2.0, 0.0, 1.0]  # whole-number floats are labels too
    np.testing.assert_array_equal(
        mllesson.one_hot(y), [[0, 0, 1], [1, 0, 0], [0, 1, 0]]
    )
    assert y == [2.0, 0.0, 1.0]


@pytest.mark.parametrize(
    "args, error, match",
    [
        (([0, 1.5],), ValueError, r"y must contain integer class labels"),
        (([0, -1],), ValueError, r"y must contain labels in 0\.\.0, got values from"),
        (([0, 3], 3), ValueError, r"y must contain labels in 0\.\.2, got values"),
        (([[0, 1]],), ValueError, r"y must be 1-D"),
        (([],), ValueError, r"y is empty"),
        ((["a"],), TypeError, r"y must contain numbers"),
        (([0, 1], 0), ValueError, r"n_classes must be a positive integer, got 0"),
        (([0, 1], 2.0), TypeError, r"n_classes must be a positive integer"),
    ],
)
def test_one_hot_rejects_bad_input_naming_the_argument(args, error, match):
    with pytest.raises(error, match=match):
        mllesson.one_hot(*args)
