"""The inputs that the self-checks and the hidden checks share.

Small visible problems, small networks and smooth test functions: the
self-checks run a student's function on them where the student can see them,
and the hidden checks build their larger inputs from the same pieces. They
live in the package so that a grader can name them to a student's kernel
(a test function is sent by its module and name).
"""

import numpy as np

__all__ = [
    "and_gate",
    "cubic",
    "gd_problem",
    "log_sum_exp",
    "one_hot_targets",
    "random_params",
    "small_network",
    "sum_of_sines",
    "three_classes",
    "visible_problem",
    "weighted_cube",
]


def visible_problem():
    """(theta, X, y): five examples whose logits show every threshold mistake."""
    # Logits -0.75, 2.75, -1.75, 0.75 and 0.25: every threshold mistake shows.
    X = np.array(
        [[1.0, 0.5, -1.0], [1.0, -1.5, 2.0], [1.0, 2.0, 0.0], [1.0, 0.0, 1.0],
         [1.0, 0.0, 0.0]]
    )  # fmt: skip
    theta = np.array([0.25, -1.0, 0.5])
    y = np.array([1.0, 0.0, 1.0, 0.0, 1.0])
    return theta, X, y


def gd_problem():
    """(theta0, X, y): the visible problem and three more examples, θ = 0."""
    # Seven examples: batches of 3 leave a smaller last batch of 1.
    _, X, y = visible_problem()
    extra = np.array([[1.0, 1.0, 1.0], [1.0, -0.5, -2.0], [1.0, 0.3, 0.7]])
    return np.zeros(3), np.vstack([X, extra]), np.concatenate([y, [1.0, 0.0, 0.0]])


def three_classes():
    """(X, y): six examples of three classes, X with its column of ones."""
    x = np.array(
        [
            [-2.0, 0.5, 1.0],
            [-1.5, -0.5, 0.0],
            [0.1, 2.0, -1.0],
            [0.3, 1.5, 0.5],
            [2.0, -1.0, 0.2],
            [1.8, -2.0, -0.4],
        ]
    )
    return np.column_stack([np.ones(6), x]), np.array([0, 0, 1, 1, 2, 2])


def and_gate():
    """(X, y): the truth table of AND."""
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    return X, np.array([0.0, 0.0, 0.0, 1.0])


def random_params(rng, sizes):
    """[(W, b), ...] for ``sizes``: normal weights, smaller normal biases."""
    return [
        (rng.normal(size=(n_out, n_in)), rng.normal(scale=0.5, size=n_out))
        for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True)
    ]


def small_network(sizes=(3, 4, 2), seed=7):
    """(params, X): random weights of a network of ``sizes`` and 5 examples."""
    rng = np.random.default_rng(seed)
    params = [
        (rng.normal(size=(n_out, n_in)), rng.normal(size=n_out))
        for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True)
    ]
    X = rng.normal(size=(5, sizes[0]))
    return params, X


def one_hot_targets(m, k, seed=3):
    """``m`` one-hot rows of ``k`` classes, every class present when m ≥ k."""
    labels = np.arange(m) % k
    np.random.default_rng(seed).shuffle(labels)
    return np.eye(k)[labels]


# Smooth functions of an array, for the numerical-gradient checks.


def cubic(x):
    """Σx³ + (Σx)²."""
    return float(np.sum(x**3) + np.sum(x) ** 2)


def sum_of_sines(x):
    """Σ sin x + (Σx)²."""
    return float(np.sum(np.sin(x)) + np.sum(x) ** 2)


def log_sum_exp(x):
    """log Σ eˣ."""
    return float(np.log(np.sum(np.exp(x))))


def weighted_cube(x):
    """Σ_k k x_k³, the entries numbered from 1 in C order."""
    w = np.arange(1.0, x.size + 1).reshape(x.shape)
    return float(np.sum(w * x**3))
