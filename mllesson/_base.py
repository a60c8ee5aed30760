"""What every estimator shares, in scikit-learn's style.

``__init__`` only stores hyperparameters; ``fit`` validates, learns and sets
attributes ending in ``_``; ``fit`` returns ``self``.
"""

import inspect

import numpy as np

from ._validation import as_float_array, check_X


class NotFittedError(ValueError, RuntimeError):
    """An estimator was used before ``fit``.

    A ``ValueError``, like every other misuse the package reports, and a
    ``RuntimeError`` as well.
    """


class BaseEstimator:
    """Hyperparameters from the ``__init__`` signature, and a readable repr."""

    @classmethod
    def _param_names(cls):
        signature = inspect.signature(cls.__init__)
        return [p for p in signature.parameters if p != "self"]

    def get_params(self):
        """The hyperparameters as a dict, for copying or printing."""
        return {name: getattr(self, name) for name in self._param_names()}

    def __repr__(self):
        defaults = inspect.signature(type(self).__init__).parameters
        changed = [
            f"{name}={value!r}"
            for name, value in self.get_params().items()
            if defaults[name].default is not value
            and not _equal(defaults[name].default, value)
        ]
        return f"{type(self).__name__}({', '.join(changed)})"

    def _check_fitted(self, attribute):
        if not hasattr(self, attribute):
            raise NotFittedError(
                f"this {type(self).__name__} is not fitted yet; call fit(X, y) first"
            )

    def _check_n_features(self, X, n_features):
        X = check_X(X)
        if X.shape[1] != n_features:
            raise ValueError(
                f"X has {X.shape[1]} features, but {type(self).__name__} was "
                f"fitted with {n_features}"
            )
        return X


def _equal(a, b):
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return False


class ClassifierMixin:
    """``score`` as mean accuracy, from the subclass's ``predict``."""

    def score(self, X, y):
        """Mean accuracy of ``predict(X)`` against ``y``."""
        predictions = self.predict(X)
        y = as_float_array(y, "y", ndim=1)
        if y.shape != predictions.shape:
            raise ValueError(
                f"y has shape {y.shape} but predictions have shape {predictions.shape}"
            )
        return float(np.mean(predictions == y))
