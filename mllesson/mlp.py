"""The feed-forward network as a classifier: :class:`MLPClassifier`.

A thin scikit-learn-style estimator over :mod:`mllesson.network`: ``fit``
builds the network's layer sizes from the data, starts from
:func:`mllesson.init_params` and trains the flat parameter vector with
:func:`mllesson.sgd` or :func:`mllesson.gradient_descent`. See the book,
chapters "Feed-forward networks" and "Backpropagation".
"""

from functools import partial
from numbers import Integral

import numpy as np

from ._base import BaseEstimator, ClassifierMixin
from ._validation import (
    check_class_labels,
    check_consistent_length,
    check_non_negative_float,
    check_option,
    check_positive_float,
    check_positive_int,
    check_rng,
    check_X,
)
from .multiclass import _one_hot
from .network import (
    HIDDEN_ACTIVATIONS,
    INIT_EPSILON,
    INIT_METHODS,
    OUTPUT_ACTIVATIONS,
    _flat_cost_gradient,
    _flatten,
    _forward,
    _init_params,
    _unflatten,
)
from .optim import gradient_descent, sgd


def _check_hidden_layer_sizes(sizes):
    if isinstance(sizes, Integral) and not isinstance(sizes, bool):
        sizes = (sizes,)
    if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__"):
        raise TypeError(
            f"hidden_layer_sizes must be a tuple of positive integers, got {sizes!r}"
        )
    sizes = tuple(sizes)
    for size in sizes:
        if isinstance(size, bool) or not isinstance(size, Integral) or size <= 0:
            raise ValueError(
                f"hidden_layer_sizes must contain positive integers, got {sizes}"
            )
    return tuple(int(s) for s in sizes)


class MLPClassifier(ClassifierMixin, BaseEstimator):
    """A feed-forward network classifier trained by (mini-batch) gradient descent.

    Binary problems get one sigmoid output unit, :math:`P(y = 1 \\mid x)`, as
    logistic regression does; problems with K > 2 classes get K softmax
    units. ``output='sigmoid'`` instead gives K > 2 classes K independent
    logistic units (one-vs-all inside one network), and ``output='softmax'``
    gives binary problems two softmax units.

    Parameters
    ----------
    hidden_layer_sizes : tuple of int, default=(25,)
        Units in each hidden layer; ``()`` is a network with no hidden
        layer, which is logistic (or softmax) regression.
    activation : {'relu', 'leaky_relu', 'sigmoid', 'tanh', 'identity'}, \
default='relu'
        The hidden layers' activation.
    lam : float, default=0.0
        L2 regularisation strength on the weights (never the biases).
    learning_rate : float, default=0.1
    batch_size : int or None, default=32
        Examples per step of :func:`mllesson.sgd`; None for full-batch
        :func:`mllesson.gradient_descent`.
    epochs : int, default=200
        Passes over the data (steps, for full-batch training).
    init : {'auto', 'xavier', 'he', 'uniform', 'zeros'}, default='auto'
        See :func:`init_params`; ``'auto'`` is He for (leaky) ReLU and
        Xavier otherwise.
    output : {'auto', 'softmax', 'sigmoid'}, default='auto'
    rng : None, int or numpy.random.Generator
        Source of the initial weights and of the shuffling.

    Attributes
    ----------
    params_ : list of (W, b)
        Views into ``theta_``.
    theta_ : ndarray of shape (n_params,)
    layer_sizes_ : tuple of int
    out_activation_ : str
    classes_ : ndarray of shape (n_classes,)
        ``0, ..., K-1``.
    loss_history_ : ndarray of shape (epochs,)
        The regularised cost in each epoch (see :func:`mllesson.sgd`).

    Notes
    -----
    See the book, chapters "Feed-forward networks" and "Backpropagation".

    Examples
    --------
    >>> import numpy as np
    >>> from mllesson import MLPClassifier
    >>> X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    >>> clf = MLPClassifier((4,), activation="tanh", learning_rate=1.0,
    ...                     batch_size=None, epochs=500, rng=1).fit(X, [0, 1, 1, 0])
    >>> clf.predict(X)
    array([0, 1, 1, 0])
    """

    def __init__(
        self,
        hidden_layer_sizes=(25,),
        activation="relu",
        lam=0.0,
        learning_rate=0.1,
        batch_size=32,
        epochs=200,
        init="auto",
        output="auto",
        rng=None,
    ):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.lam = lam
        self.learning_rate = learning_rate
        self.batch_size = batch_size
        self.epochs = epochs
        self.init = init
        self.output = output
        self.rng = rng

    def fit(self, X, y):
        """Learn the weights from ``X`` (n_samples, n_features) and labels 0..K-1."""
        X = check_X(X)
        labels, n_classes = check_class_labels(y)
        check_consistent_length(X, labels)
        if n_classes < 2:
            raise ValueError(
                "y must contain at least two classes (labels 0 and 1), "
                "got only the label 0"
            )
        hidden_sizes = _check_hidden_layer_sizes(self.hidden_layer_sizes)
        check_option(self.activation, "activation", HIDDEN_ACTIVATIONS)
        check_option(self.output, "output", ("auto", *OUTPUT_ACTIVATIONS))
        check_option(self.init, "init", ("auto", *INIT_METHODS))
        lam = check_non_negative_float(self.lam, "lam")
        check_positive_float(self.learning_rate, "learning_rate")
        epochs = check_positive_int(self.epochs, "epochs")
        if self.batch_size is not None:
            check_positive_int(self.batch_size, "batch_size")
        rng = check_rng(self.rng)

        output = self.output
        if output == "auto":
            output = "sigmoid" if n_classes == 2 else "softmax"
        n_outputs = 1 if output == "sigmoid" and n_classes == 2 else n_classes
        Y = (
            labels[:, np.newaxis].astype(np.float64)
            if n_outputs == 1
            else _one_hot(labels, n_classes)
        )  # (m, n_outputs)
        sizes = (X.shape[1], *hidden_sizes, n_outputs)
        method = self.init
        if method == "auto":
            method = "he" if self.activation in ("relu", "leaky_relu") else "xavier"
        theta0 = _flatten(_init_params(sizes, method, INIT_EPSILON, rng))

        cost = partial(
            _flat_cost_gradient,
            layer_sizes=sizes,
            hidden=self.activation,
            output=output,
        )
        common = dict(learning_rate=self.learning_rate, lam=lam)
        if self.batch_size is None:
            theta, history = gradient_descent(
                cost, True, theta0, X, Y, n_iters=epochs, **common
            )
        else:
            theta, history = sgd(
                cost, True, theta0, X, Y, epochs=epochs,
                batch_size=self.batch_size, shuffle=True, rng=rng, **common,
            )  # fmt: skip
        self.theta_ = theta
        self.params_ = _unflatten(theta, sizes)
        self.layer_sizes_ = sizes
        self.out_activation_ = output
        self.classes_ = np.arange(n_classes)
        self.loss_history_ = history
        return self

    def _output(self, X):
        self._check_fitted("params_")
        X = self._check_n_features(X, self.layer_sizes_[0])
        out, _ = _forward(self.params_, X, self.activation, self.out_activation_)
        return out  # (m, n_outputs)

    def predict_proba(self, X):
        """Class probabilities of shape (n_samples, n_classes).

        With ``output='sigmoid'`` and more than two classes the columns are
        the K logistic units' outputs, which need not sum to 1.
        """
        out = self._output(X)
        if out.shape[1] == 1:
            return np.column_stack([1.0 - out[:, 0], out[:, 0]])
        return out

    def predict(self, X):
        """The most probable class for each row (class 1 where P >= 0.5 if binary)."""
        out = self._output(X)
        if out.shape[1] == 1:
            return (out[:, 0] >= 0.5).astype(np.int64)
        return np.argmax(out, axis=1)


__all__ = ["MLPClassifier"]
