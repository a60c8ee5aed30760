"""Small data sets for the course: seeded synthetic generators and real examples.

The generators need only numpy and are reproducible: pass ``rng`` (an int seed
or a ``numpy.random.Generator``) and the same call returns the same data. Rows
come in random order, so that the classes are mixed for stochastic gradient
descent. Every generator returns ``X`` of shape (n_samples, 2), float64, and
labels ``y`` of shape (n_samples,), int64, in 0..K-1; the classes are as equal
in size as ``n_samples`` allows.

The loaders read the copies of three classic data sets that ship inside
scikit-learn's wheel: nothing is downloaded, ever. scikit-learn is imported
only when a loader is called.
"""

import numpy as np

from ._validation import (
    check_non_negative_float,
    check_positive_float,
    check_positive_int,
    check_rng,
)
from .activations import _sigmoid


def _class_sizes(n_samples, n_classes):
    """Split n_samples into n_classes sizes that differ by at most one."""
    n_samples = check_positive_int(n_samples, "n_samples")
    if n_samples < n_classes:
        raise ValueError(
            f"n_samples must be at least {n_classes} (one per class), got {n_samples}"
        )
    sizes = np.full(n_classes, n_samples // n_classes)
    sizes[: n_samples % n_classes] += 1
    return sizes


def _labels_for(sizes):
    return np.repeat(np.arange(sizes.shape[0], dtype=np.int64), sizes)


def _shuffled(X, y, rng):
    order = rng.permutation(y.shape[0])
    return X[order], y[order]


def make_blobs_binary(n_samples=100, separation=3.0, rng=None):
    r"""Two round Gaussian clouds, one per class, for the first logistic models.

    Each cloud has unit standard deviation in every direction; their centres
    lie ``separation`` apart along the diagonal, symmetric about the origin:

    .. math:: x \sim \mathcal{N}\left(\pm \tfrac{s}{2\sqrt2}(1, 1),\ I\right)

    With a large separation the classes are linearly separable in practice
    (a point lies beyond the midpoint between the centres with probability
    :math:`\Phi(-s/2)`: about 1e-3 at 6, 4e-7 at 10); with a small one
    they overlap, and no line classifies every point.

    Parameters
    ----------
    n_samples : int, default=100
        At least 2.
    separation : float, default=3.0
        Distance between the two centres, in standard deviations.
    rng : None, int or numpy.random.Generator

    Returns
    -------
    X : ndarray of shape (n_samples, 2)
    y : ndarray of shape (n_samples,)
        0 for the cloud centred at negative coordinates, 1 for the other.

    Notes
    -----
    Used in the book, chapters "The hypothesis" and "The perceptron".

    Examples
    --------
    >>> from mllesson.datasets import make_blobs_binary
    >>> X, y = make_blobs_binary(6, separation=10.0, rng=0)
    >>> X.shape, int(y.sum())
    ((6, 2), 3)
    >>> bool(((X.sum(axis=1) > 0) == y).all())  # far apart: the line x1 + x2 = 0
    True
    """
    sizes = _class_sizes(n_samples, 2)
    separation = check_non_negative_float(separation, "separation")
    rng = check_rng(rng)
    y = _labels_for(sizes)
    centre = np.full(2, separation / (2 * np.sqrt(2)))  # |centre| = separation / 2
    signs = np.where(y == 1, 1.0, -1.0)[:, None]  # (n_samples, 1)
    X = signs * centre + rng.standard_normal((y.shape[0], 2))
    return _shuffled(X, y, rng)


def make_exam_scores(n_samples=100, rng=None):
    r"""Two exam scores per applicant and whether they were admitted.

    A synthetic set in the spirit of the classic admissions example, not a
    copy of any course's data. Scores are uniform on 30 to 100; the chance of
    admission rises smoothly with the total,

    .. math:: P(\text{admitted}) = \sigma\left((s_1 + s_2 - 130) / 5\right),

    so the classes are close to, but not exactly, linearly separable.

    Parameters
    ----------
    n_samples : int, default=100
    rng : None, int or numpy.random.Generator

    Returns
    -------
    X : ndarray of shape (n_samples, 2)
        Scores on exam 1 and exam 2, in [30, 100].
    y : ndarray of shape (n_samples,)
        1 admitted, 0 not admitted.

    Notes
    -----
    Used in the book, chapters "The cost function" and "Gradient descent",
    where its unscaled features show why standardisation helps.

    Examples
    --------
    >>> from mllesson.datasets import make_exam_scores
    >>> X, y = make_exam_scores(rng=1)
    >>> X.shape, bool(X.min() >= 30 and X.max() <= 100), sorted(set(y.tolist()))
    ((100, 2), True, [0, 1])
    """
    n_samples = check_positive_int(n_samples, "n_samples")
    rng = check_rng(rng)
    X = rng.uniform(30.0, 100.0, size=(n_samples, 2))
    p_admit = _sigmoid((X.sum(axis=1) - 130.0) / 5.0)
    y = (rng.random(n_samples) < p_admit).astype(np.int64)
    return X, y


def make_circles(n_samples=200, noise=0.1, factor=0.5, rng=None):
    r"""A small circle inside a large one: a boundary no line can draw.

    Points lie at random angles on the unit circle (class 0) and on a circle
    of radius ``factor`` (class 1), then get Gaussian noise:

    .. math:: x = r\,(\cos t, \sin t) + \varepsilon, \quad
        \varepsilon \sim \mathcal{N}(0, \text{noise}^2 I)

    Polynomial features of degree 2 (:func:`mllesson.map_feature`) separate
    them, because :math:`x_1^2 + x_2^2` is the squared radius.

    Parameters
    ----------
    n_samples : int, default=200
        At least 2.
    noise : float, default=0.1
        Standard deviation of the noise; 0 puts the points on the circles.
    factor : float, default=0.5
        Inner radius over outer radius, strictly between 0 and 1.
    rng : None, int or numpy.random.Generator

    Returns
    -------
    X : ndarray of shape (n_samples, 2)
    y : ndarray of shape (n_samples,)
        0 outer circle, 1 inner circle.

    Notes
    -----
    Used in the book, chapters "The hypothesis" (non-linear boundaries) and
    "Regularisation".

    Examples
    --------
    >>> import numpy as np
    >>> from mllesson.datasets import make_circles
    >>> X, y = make_circles(8, noise=0.0, factor=0.3, rng=0)
    >>> np.round(np.hypot(X[:, 0], X[:, 1]), 6)[np.argsort(y)]
    array([1. , 1. , 1. , 1. , 0.3, 0.3, 0.3, 0.3])
    """
    sizes = _class_sizes(n_samples, 2)
    noise = check_non_negative_float(noise, "noise")
    factor = check_positive_float(factor, "factor")
    if factor >= 1:
        raise ValueError(f"factor must be strictly between 0 and 1, got {factor}")
    rng = check_rng(rng)
    y = _labels_for(sizes)
    radius = np.where(y == 0, 1.0, factor)
    t = rng.uniform(0.0, 2 * np.pi, size=y.shape[0])
    X = radius[:, None] * np.column_stack([np.cos(t), np.sin(t)])
    X += noise * rng.standard_normal(X.shape)
    return _shuffled(X, y, rng)


def make_moons(n_samples=200, noise=0.1, rng=None):
    r"""Two interleaved half-moons, a classic non-linear two-class problem.

    Class 0 lies on the upper half of the unit circle, class 1 on a lower half
    circle shifted right and down, so each moon reaches into the other's hollow:

    .. math:: x^{(0)} = (\cos t, \sin t), \quad
        x^{(1)} = (1 - \cos t, \tfrac12 - \sin t), \quad t \in [0, \pi]

    Gaussian noise of standard deviation ``noise`` is then added.

    Parameters
    ----------
    n_samples : int, default=200
        At least 2.
    noise : float, default=0.1
    rng : None, int or numpy.random.Generator

    Returns
    -------
    X : ndarray of shape (n_samples, 2)
    y : ndarray of shape (n_samples,)

    Notes
    -----
    Used in the book, chapters "Regularisation" and "Feed-forward networks".

    Examples
    --------
    >>> from mllesson.datasets import make_moons
    >>> X, y = make_moons(rng=0)
    >>> X.shape, int(y.sum())
    ((200, 2), 100)
    """
    sizes = _class_sizes(n_samples, 2)
    noise = check_non_negative_float(noise, "noise")
    rng = check_rng(rng)
    y = _labels_for(sizes)
    t = rng.uniform(0.0, np.pi, size=y.shape[0])
    upper = np.column_stack([np.cos(t), np.sin(t)])
    lower = np.column_stack([1.0 - np.cos(t), 0.5 - np.sin(t)])
    X = np.where((y == 0)[:, None], upper, lower)
    X += noise * rng.standard_normal(X.shape)
    return _shuffled(X, y, rng)


def make_blobs_multiclass(n_samples=300, n_classes=3, spread=1.0, rng=None):
    r"""K round Gaussian clouds, one per class, for one-vs-all and softmax.

    The centres sit evenly on a circle whose radius puts neighbouring centres
    5 units apart (at least 2.5 from the origin); each cloud has standard
    deviation ``spread``:

    .. math:: x \sim \mathcal{N}\left(r (\cos\phi_k, \sin\phi_k),\
        \text{spread}^2 I\right), \quad \phi_k = \frac{\pi}{2} + \frac{2\pi k}{K}

    Parameters
    ----------
    n_samples : int, default=300
        At least ``n_classes``.
    n_classes : int, default=3
        At least 2.
    spread : float, default=1.0
        Standard deviation of each cloud; above about 2 the classes overlap.
    rng : None, int or numpy.random.Generator

    Returns
    -------
    X : ndarray of shape (n_samples, 2)
    y : ndarray of shape (n_samples,)
        Labels in 0..n_classes-1.

    Notes
    -----
    Used in the book, chapter "Multiclass classification".

    Examples
    --------
    >>> import numpy as np
    >>> from mllesson.datasets import make_blobs_multiclass
    >>> X, y = make_blobs_multiclass(300, n_classes=4, rng=0)
    >>> np.bincount(y).tolist()
    [75, 75, 75, 75]
    """
    n_classes = check_positive_int(n_classes, "n_classes")
    if n_classes < 2:
        raise ValueError(f"n_classes must be at least 2, got {n_classes}")
    sizes = _class_sizes(n_samples, n_classes)
    spread = check_positive_float(spread, "spread")
    rng = check_rng(rng)
    y = _labels_for(sizes)
    radius = 2.5 / np.sin(np.pi / n_classes)  # neighbouring centres 5 apart
    phi = np.pi / 2 + 2 * np.pi * np.arange(n_classes) / n_classes
    centres = radius * np.column_stack([np.cos(phi), np.sin(phi)])  # (K, 2)
    X = centres[y] + spread * rng.standard_normal((y.shape[0], 2))
    return _shuffled(X, y, rng)


def make_xor(n_samples=200, noise=0.2, rng=None):
    r"""Points around the four corners (±1, ±1), labelled by exclusive or.

    A point belongs to class 1 when its corner has coordinates of opposite
    signs, so no single line separates the classes: the problem that a
    single perceptron cannot solve and a hidden layer can.

    .. math:: y = [\operatorname{sign} c_1 \ne \operatorname{sign} c_2],
        \quad x = c + \varepsilon, \ \varepsilon \sim \mathcal{N}(0,
        \text{noise}^2 I)

    The label comes from the corner ``c``, so with large noise a few points
    stray into a neighbouring quadrant.

    Parameters
    ----------
    n_samples : int, default=200
        At least 4, so that every corner has a point.
    noise : float, default=0.2
    rng : None, int or numpy.random.Generator

    Returns
    -------
    X : ndarray of shape (n_samples, 2)
    y : ndarray of shape (n_samples,)

    Notes
    -----
    Used in the book, chapters "The perceptron" and "Feed-forward networks".

    Examples
    --------
    >>> from mllesson.datasets import make_xor
    >>> X, y = make_xor(4, noise=0.0, rng=0)
    >>> sorted(zip(X.tolist(), y.tolist()))
    [([-1.0, -1.0], 0), ([-1.0, 1.0], 1), ([1.0, -1.0], 1), ([1.0, 1.0], 0)]
    """
    corner_sizes = _class_sizes(n_samples, 4)
    noise = check_non_negative_float(noise, "noise")
    rng = check_rng(rng)
    corners = np.array([[-1.0, -1.0], [1.0, 1.0], [-1.0, 1.0], [1.0, -1.0]])
    which = _labels_for(corner_sizes)  # corner index, 0..3
    y = (which >= 2).astype(np.int64)  # the last two corners have mixed signs
    X = corners[which] + noise * rng.standard_normal((which.shape[0], 2))
    return _shuffled(X, y, rng)


# --- real data shipped with scikit-learn ---------------------------------------------


def _sklearn_datasets():
    try:
        from sklearn import datasets
    except ImportError as exc:  # pragma: no cover - scikit-learn is a requirement
        raise ImportError(
            "the loaders read data bundled with scikit-learn; install it with "
            "`pip install scikit-learn`"
        ) from exc
    return datasets


def load_tumours(features=None):
    """Breast-tumour measurements, labelled 1 malignant and 0 benign.

    The Wisconsin diagnostic breast-cancer data (569 tumours, 30 measurements
    of cell nuclei from images), read from the copy inside scikit-learn.
    scikit-learn codes *malignant* as 0; here 1 is malignant, the "positive"
    class the course predicts.

    Parameters
    ----------
    features : list of str or int, optional
        Columns to keep, by name (such as ``"mean radius"``) or index; all 30
        by default. Two features give a plane to plot.

    Returns
    -------
    X : ndarray of shape (569, n_features)
    y : ndarray of shape (569,)
        1 malignant (212 tumours), 0 benign (357).
    feature_names : list of str

    Notes
    -----
    Used in the book, chapter "The hypothesis", for the tumour example.

    Examples
    --------
    >>> from mllesson.datasets import load_tumours
    >>> X, y, names = load_tumours(["mean radius", "mean texture"])
    >>> X.shape, int(y.sum()), names
    ((569, 2), 212, ['mean radius', 'mean texture'])
    """
    data = _sklearn_datasets().load_breast_cancer()
    all_names = [str(name) for name in data.feature_names]
    X = np.asarray(data.data, dtype=np.float64)
    # scikit-learn: target 0 is "malignant"; flip so that 1 is malignant.
    malignant = list(data.target_names).index("malignant")
    y = (data.target == malignant).astype(np.int64)
    if features is None:
        return X, y, all_names
    if isinstance(features, (str, bytes, int)) or not hasattr(features, "__iter__"):
        raise TypeError(
            f"features must be a list of names or indices, got {features!r}"
        )
    features = list(features)
    if not features:
        raise ValueError("features is empty; pass at least one name or index")
    columns = []
    for f in features:
        if isinstance(f, str):
            if f not in all_names:
                raise ValueError(
                    f"features: unknown feature {f!r}; expected one of "
                    f"{', '.join(repr(n) for n in all_names[:4])}, ... "
                    f"({len(all_names)} names in all)"
                )
            columns.append(all_names.index(f))
        elif isinstance(f, (int, np.integer)) and not isinstance(f, bool):
            if not 0 <= f < len(all_names):
                raise ValueError(
                    f"features: index {f} is out of range 0..{len(all_names) - 1}"
                )
            columns.append(int(f))
        else:
            raise TypeError(f"features must hold names or indices, got {f!r}")
    return X[:, columns], y, [all_names[c] for c in columns]


def load_iris():
    """Fisher's iris flowers: 150 flowers, 4 measurements, 3 species.

    Read from the copy inside scikit-learn. Labels 0, 1, 2 are setosa,
    versicolor and virginica, 50 each.

    Returns
    -------
    X : ndarray of shape (150, 4)
        Sepal length, sepal width, petal length, petal width, in cm.
    y : ndarray of shape (150,)

    Notes
    -----
    Used in the book, chapter "Multiclass classification".

    Examples
    --------
    >>> from mllesson.datasets import load_iris
    >>> X, y = load_iris()
    >>> X.shape, sorted(set(y.tolist()))
    ((150, 4), [0, 1, 2])
    """
    data = _sklearn_datasets().load_iris()
    return np.asarray(data.data, dtype=np.float64), data.target.astype(np.int64)


def load_digits():
    """Handwritten digits: 1797 images of 8 x 8 pixels, labels 0 to 9.

    Read from the copy inside scikit-learn (a small version of the classic
    handwritten-digits task). Each row is an image flattened row by row, with
    pixel intensities 0 to 16.

    Returns
    -------
    X : ndarray of shape (1797, 64)
    y : ndarray of shape (1797,)

    Notes
    -----
    Used in the book, chapters "Multiclass classification" and
    "Feed-forward networks".

    Examples
    --------
    >>> from mllesson.datasets import load_digits
    >>> X, y = load_digits()
    >>> X.shape, int(X.max()), X[0].reshape(8, 8).shape
    ((1797, 64), 16, (8, 8))
    """
    data = _sklearn_datasets().load_digits()
    return np.asarray(data.data, dtype=np.float64), data.target.astype(np.int64)


__all__ = [
    "load_digits",
    "load_iris",
    "load_tumours",
    "make_blobs_binary",
    "make_blobs_multiclass",
    "make_circles",
    "make_exam_scores",
    "make_moons",
    "make_xor",
]
