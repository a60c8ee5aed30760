"""B3. One-vs-rest logistic regression on the digits: accuracy and time.

scikit-learn's 8x8 digits (1,797 images, 64 pixels, 10 classes, bundled with
the library), split 75/25 with stratification and standardised with the
training statistics. mllesson's ``OneVsRestClassifier`` (batch gradient
descent, ``lam=1``) against scikit-learn's
``OneVsRestClassifier(LogisticRegression(C=1))``, which minimises the same K
regularised costs (C = 1/lam) with L-BFGS.
"""

import warnings

import numpy as np

from ._common import Row, interleaved_medians, ratio

LAM, LEARNING_RATE, N_ITERS = 1.0, 1.0, 500


def load():
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    X, y = load_digits(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.25, stratify=y, random_state=0
    )
    mu, sd = X_train.mean(axis=0), X_train.std(axis=0)
    sd[sd == 0] = 1.0  # pixels that are always blank stay 0
    return (X_train - mu) / sd, (X_test - mu) / sd, y_train, y_test


def run(quick=False):
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier as SkOvR

    from mllesson import OneVsRestClassifier

    n_iters, repeats, sk_iters = (20, 1, 20) if quick else (N_ITERS, 5, 1000)
    X_train, X_test, y_train, y_test = load()

    def ours():
        return OneVsRestClassifier(
            lam=LAM, learning_rate=LEARNING_RATE, n_iters=n_iters
        ).fit(X_train, y_train)

    def theirs():
        with warnings.catch_warnings():  # quick mode stops L-BFGS early
            warnings.simplefilter("ignore", ConvergenceWarning)
            return SkOvR(
                LogisticRegression(C=1.0 / LAM, max_iter=sk_iters)
            ).fit(X_train, y_train)

    t = interleaved_medians({"ours": ours, "sklearn": theirs}, repeats)
    acc_ours = float(np.mean(ours().predict(X_test) == y_test))
    acc_sk = float(np.mean(theirs().predict(X_test) == y_test))
    rows = [
        Row(
            "B3", f"OvR digits test accuracy ({len(y_test)} images)",
            100 * acc_ours, 100 * acc_sk, unit="%",
            ratio=ratio(acc_ours, acc_sk),
        ),  # fmt: skip
        Row(
            "B3", f"OvR digits fit ({n_iters} GD steps x 10 classes)",
            t["ours"], t["sklearn"], ratio=ratio(t["ours"], t["sklearn"]),
        ),  # fmt: skip
    ]
    details = {
        "n_train": len(y_train), "n_test": len(y_test), "n_iters": n_iters,
        "accuracy": {"mllesson": acc_ours, "sklearn": acc_sk}, "fit_s": t,
    }  # fmt: skip
    return {"rows": rows, "details": details}
