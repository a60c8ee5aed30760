"""mllesson.datasets: shapes, dtypes, seeding, label ranges, geometry, loaders."""

import subprocess
import sys

import numpy as np
import pytest
import sklearn.datasets
from sklearn.linear_model import LogisticRegression as SkLogisticRegression
from sklearn.svm import LinearSVC

from mllesson import datasets
from mllesson.datasets import (
    load_digits,
    load_iris,
    load_tumours,
    make_blobs_binary,
    make_blobs_multiclass,
    make_circles,
    make_exam_scores,
    make_moons,
    make_xor,
)

# (generator, extra keyword arguments, number of classes)
GENERATORS = [
    (make_blobs_binary, {}, 2),
    (make_blobs_binary, {"separation": 0.5}, 2),
    (make_exam_scores, {}, 2),
    (make_circles, {}, 2),
    (make_moons, {}, 2),
    (make_blobs_multiclass, {}, 3),
    (make_blobs_multiclass, {"n_classes": 5, "spread": 0.3}, 5),
    (make_xor, {}, 2),
]
IDS = [f"{g.__name__}-{i}" for i, (g, _, _) in enumerate(GENERATORS)]


@pytest.mark.parametrize(("make", "kwargs", "n_classes"), GENERATORS, ids=IDS)
@pytest.mark.parametrize("n_samples", [5, 6, 101])
def test_shapes_dtypes_and_labels(make, kwargs, n_classes, n_samples):
    X, y = make(n_samples=n_samples, rng=0, **kwargs)
    assert X.shape == (n_samples, 2) and X.dtype == np.float64
    assert y.shape == (n_samples,) and y.dtype == np.int64
    assert np.isfinite(X).all()
    assert set(np.unique(y)) <= set(range(n_classes))


@pytest.mark.parametrize(("make", "kwargs", "n_classes"), GENERATORS, ids=IDS)
def test_same_seed_same_data_other_seed_other_data(make, kwargs, n_classes):
    X1, y1 = make(rng=7, **kwargs)
    X2, y2 = make(rng=np.random.default_rng(7), **kwargs)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    X3, _ = make(rng=8, **kwargs)
    assert not np.allclose(X1, X3)


@pytest.mark.parametrize(("make", "kwargs", "n_classes"), GENERATORS, ids=IDS)
def test_a_generator_advances_and_global_state_is_untouched(make, kwargs, n_classes):
    before = np.random.get_state()[1].copy()  # noqa: NPY002 - checking it is unused
    rng = np.random.default_rng(0)
    X1, _ = make(rng=rng, **kwargs)
    X2, _ = make(rng=rng, **kwargs)
    assert not np.allclose(X1, X2)  # the caller's generator moved on
    after = np.random.get_state()[1]  # noqa: NPY002
    np.testing.assert_array_equal(after, before)


@pytest.mark.parametrize(
    ("make", "kwargs", "n_classes"),
    [g for g in GENERATORS if g[0] is not make_exam_scores],
    ids=[
        i for i, g in zip(IDS, GENERATORS, strict=True) if g[0] is not make_exam_scores
    ],
)
def test_classes_are_balanced_and_shuffled(make, kwargs, n_classes):
    X, y = make(n_samples=101, rng=3, **kwargs)
    counts = np.bincount(y, minlength=n_classes)
    assert counts.max() - counts.min() <= 1
    assert counts.sum() == 101
    assert not (np.diff(y) >= 0).all()  # not sorted by class


def test_blobs_binary_separation():
    # Far apart: a linear classifier reaches 100% on every seed tried.
    for seed in range(10):
        X, y = make_blobs_binary(200, separation=10.0, rng=seed)
        svm = LinearSVC(C=100.0, max_iter=100_000).fit(X, y)
        assert svm.score(X, y) == 1.0
        # the centres sit at -/+ separation/2 along the diagonal
        np.testing.assert_allclose(
            X[y == 1].mean(axis=0) - X[y == 0].mean(axis=0),
            [10 / np.sqrt(2)] * 2,
            atol=0.5,
        )
    # Close together: no line gets everything right.
    X, y = make_blobs_binary(200, separation=1.0, rng=0)
    assert SkLogisticRegression().fit(X, y).score(X, y) < 0.9


def test_blobs_binary_unit_spread():
    X, y = make_blobs_binary(20_000, separation=4.0, rng=0)
    for k in (0, 1):
        np.testing.assert_allclose(X[y == k].std(axis=0), [1.0, 1.0], atol=0.03)


def test_exam_scores_range_and_admission_rule():
    X, y = make_exam_scores(2000, rng=0)
    assert X.min() >= 30 and X.max() <= 100
    total = X.sum(axis=1)
    # far from the boundary (total 130) the label follows the total
    assert y[total > 160].mean() > 0.99
    assert y[total < 100].mean() < 0.01
    assert 0.2 < y.mean() < 0.8


@pytest.mark.parametrize("factor", [0.2, 0.5, 0.9])
def test_circles_radii(factor):
    X, y = make_circles(50, noise=0.0, factor=factor, rng=1)
    r = np.hypot(X[:, 0], X[:, 1])
    np.testing.assert_allclose(r[y == 0], 1.0)
    np.testing.assert_allclose(r[y == 1], factor)


def test_moons_without_noise_lie_on_their_arcs():
    X, y = make_moons(60, noise=0.0, rng=2)
    upper, lower = X[y == 0], X[y == 1]
    np.testing.assert_allclose(np.hypot(*upper.T), 1.0)
    assert (upper[:, 1] >= 0).all()
    np.testing.assert_allclose(np.hypot(lower[:, 0] - 1, lower[:, 1] - 0.5), 1.0)
    assert (lower[:, 1] <= 0.5).all()


def test_moons_and_circles_are_not_linearly_separable():
    for make in (make_moons, make_circles):
        X, y = make(400, noise=0.05, rng=0)
        assert SkLogisticRegression().fit(X, y).score(X, y) < 0.95


def test_multiclass_centres_and_spread():
    X, y = make_blobs_multiclass(40_000, n_classes=4, spread=0.5, rng=0)
    centres = np.array([X[y == k].mean(axis=0) for k in range(4)])
    r = 2.5 / np.sin(np.pi / 4)
    expected = r * np.array([[0, 1], [-1, 0], [0, -1], [1, 0]])
    np.testing.assert_allclose(centres, expected, atol=0.02)
    # neighbouring centres are 5 apart
    np.testing.assert_allclose(np.linalg.norm(centres[0] - centres[1]), 5.0, atol=0.03)
    np.testing.assert_allclose(X[y == 2].std(axis=0), [0.5, 0.5], atol=0.02)


def test_xor_labels_follow_the_quadrant_without_noise():
    X, y = make_xor(40, noise=0.0, rng=0)
    assert set(map(tuple, np.abs(X))) == {(1.0, 1.0)}
    np.testing.assert_array_equal(y, (X[:, 0] * X[:, 1] < 0).astype(int))
    assert SkLogisticRegression().fit(X, y).score(X, y) <= 0.75


@pytest.mark.parametrize(
    ("make", "kwargs", "error", "match"),
    [
        (make_blobs_binary, {"n_samples": 1}, ValueError, "at least 2"),
        (make_blobs_binary, {"n_samples": 0}, ValueError, "positive integer"),
        (make_blobs_binary, {"n_samples": 10.0}, TypeError, "n_samples must be a"),
        (make_blobs_binary, {"separation": -1.0}, ValueError, "separation must be"),
        (make_blobs_binary, {"rng": "seed"}, TypeError, "rng must be None"),
        (make_exam_scores, {"n_samples": -3}, ValueError, "n_samples must be"),
        (make_circles, {"factor": 1.0}, ValueError, "strictly between 0 and 1"),
        (make_circles, {"factor": 0.0}, ValueError, "factor must be a positive"),
        (make_circles, {"noise": np.nan}, ValueError, "noise must be a non-negative"),
        (make_moons, {"noise": -0.1}, ValueError, "noise must be a non-negative"),
        (make_blobs_multiclass, {"n_classes": 1}, ValueError, "at least 2"),
        (make_blobs_multiclass, {"n_samples": 2}, ValueError, r"at least 3 \(one per"),
        (make_blobs_multiclass, {"spread": 0}, ValueError, "spread must be a positive"),
        (make_xor, {"n_samples": 3}, ValueError, "at least 4"),
    ],
)
def test_generators_reject_bad_input(make, kwargs, error, match):
    with pytest.raises(error, match=match):
        make(**kwargs)


# --- loaders ------------------------------------------------------------------------


def test_tumours_one_is_malignant():
    X, y, names = load_tumours()
    ref = sklearn.datasets.load_breast_cancer()
    assert X.shape == (569, 30) and X.dtype == np.float64 and y.dtype == np.int64
    assert names == list(ref.feature_names)
    np.testing.assert_array_equal(X, ref.data)
    # sklearn's own names say which code is which; ours must be the reverse
    sk_names = np.asarray(ref.target_names)[ref.target]
    np.testing.assert_array_equal(y == 1, sk_names == "malignant")
    assert (y.sum(), (1 - y).sum()) == (212, 357)
    # malignant tumours are larger on average
    assert X[y == 1, 0].mean() > X[y == 0, 0].mean()


@pytest.mark.parametrize(
    "features",
    [["mean radius", "worst area"], [0, 23], ["mean radius", 23]],
)
def test_tumours_feature_selection(features):
    X, y, names = load_tumours(features)
    ref = sklearn.datasets.load_breast_cancer()
    assert names == ["mean radius", "worst area"]
    np.testing.assert_array_equal(X, ref.data[:, [0, 23]])
    assert y.shape == (569,)


@pytest.mark.parametrize(
    ("features", "error", "match"),
    [
        (
            ["mean radius", "tumour colour"],
            ValueError,
            "unknown feature 'tumour colour'",
        ),
        ([30], ValueError, r"index 30 is out of range 0\.\.29"),
        ([], ValueError, "features is empty"),
        ("mean radius", TypeError, "must be a list of names or indices"),
        ([1.5], TypeError, "must hold names or indices"),
        ([True], TypeError, "must hold names or indices"),
    ],
)
def test_tumours_rejects_bad_features(features, error, match):
    with pytest.raises(error, match=match):
        load_tumours(features)


@pytest.mark.parametrize(
    ("load", "reference", "shape", "n_classes"),
    [
        (load_iris, sklearn.datasets.load_iris, (150, 4), 3),
        (load_digits, sklearn.datasets.load_digits, (1797, 64), 10),
    ],
)
def test_multiclass_loaders(load, reference, shape, n_classes):
    X, y = load()
    ref = reference()
    assert X.shape == shape and X.dtype == np.float64 and y.dtype == np.int64
    np.testing.assert_array_equal(X, ref.data)
    np.testing.assert_array_equal(y, ref.target)
    assert np.unique(y).tolist() == list(range(n_classes))


def test_importing_datasets_does_not_import_sklearn():
    code = "import sys, mllesson.datasets; print('sklearn' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "False", out.stderr


def test_lazy_submodule_access():
    import mllesson

    assert mllesson.datasets is datasets
    with pytest.raises(AttributeError, match="no attribute 'nonexistent'"):
        mllesson.nonexistent  # noqa: B018
