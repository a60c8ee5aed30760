"""B2. A one-hidden-layer network: seconds per epoch of mini-batch SGD.

60,000 x 784 synthetic float64 data (MNIST-shaped), 10 classes, 128 ReLU
units, softmax output, batch 200, plain SGD (no momentum, no penalty), one
epoch per fit. The same network and data in:

- mllesson's ``MLPClassifier`` (trained through ``mllesson.sgd`` on a flat
  parameter vector); target at most 1.0x scikit-learn;
- scikit-learn's ``MLPClassifier(solver='sgd', momentum=0)``;
- PyTorch on the CPU, in float64 like the others, when the optional extra is
  installed (``make bench-torch``); target at most 1.5x.
"""

import warnings

import numpy as np

from ._common import Row, interleaved_medians, ratio

M, N_FEATURES, N_CLASSES, HIDDEN, BATCH = 60_000, 784, 10, 128, 200
LEARNING_RATE = 0.01
TARGET_SKLEARN = ("<=", 1.0)
TARGET_TORCH = ("<=", 1.5)


def make_data(m, n_features=N_FEATURES, n_classes=N_CLASSES, seed=0):
    """Pixel-like features in [0, 1) and labels from a random linear teacher."""
    rng = np.random.default_rng(seed)
    X = rng.random((m, n_features))  # float64, no temporary copy
    W = rng.standard_normal((n_features, n_classes))
    y = np.argmax(X @ W, axis=1)
    return X, y


def fit_mllesson(X, y, hidden=HIDDEN, batch=BATCH, epochs=1):
    from mllesson import MLPClassifier

    return MLPClassifier(
        hidden_layer_sizes=(hidden,), activation="relu", lam=0.0,
        learning_rate=LEARNING_RATE, batch_size=batch, epochs=epochs, rng=0,
    ).fit(X, y)  # fmt: skip


def fit_sklearn(X, y, hidden=HIDDEN, batch=BATCH, epochs=1):
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    clf = MLPClassifier(
        hidden_layer_sizes=(hidden,), activation="relu", solver="sgd",
        alpha=0.0, batch_size=batch, learning_rate="constant",
        learning_rate_init=LEARNING_RATE, momentum=0.0, nesterovs_momentum=False,
        max_iter=epochs, shuffle=True, random_state=0, tol=0.0,
        early_stopping=False,
    )  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return clf.fit(X, y)


def torch_available():
    try:
        import torch  # noqa: F401
    except ImportError:
        return False
    return True


def make_torch_fit(X, y, hidden=HIDDEN, batch=BATCH):
    """A function that trains the same network for one epoch with PyTorch."""
    import torch

    torch.manual_seed(0)
    Xt = torch.from_numpy(X)  # shares memory, float64
    yt = torch.from_numpy(y.astype(np.int64))
    n_classes = int(y.max()) + 1

    def fit():
        model = torch.nn.Sequential(
            torch.nn.Linear(X.shape[1], hidden),
            torch.nn.ReLU(),
            torch.nn.Linear(hidden, n_classes),
        ).double()
        opt = torch.optim.SGD(model.parameters(), lr=LEARNING_RATE, momentum=0.0)
        loss_fn = torch.nn.CrossEntropyLoss()
        order = torch.randperm(Xt.shape[0])
        for start in range(0, Xt.shape[0], batch):
            idx = order[start : start + batch]
            opt.zero_grad()
            loss = loss_fn(model(Xt[idx]), yt[idx])
            loss.backward()
            opt.step()
        return model

    return fit


def epoch_times(
    X, y, repeats, hidden=HIDDEN, batch=BATCH, with_torch=True, warmup=1
):
    fns = {
        "mllesson": lambda: fit_mllesson(X, y, hidden, batch),
        "sklearn": lambda: fit_sklearn(X, y, hidden, batch),
    }
    if with_torch and torch_available():
        fns["torch"] = make_torch_fit(X, y, hidden, batch)
    return interleaved_medians(fns, repeats, warmup=warmup)


def run(quick=False):
    if quick:
        m, n, hidden, batch, repeats = 600, 20, 8, 50, 1
    else:
        m, n, hidden, batch, repeats = M, N_FEATURES, HIDDEN, BATCH, 3
    X, y = make_data(m, n)
    t = epoch_times(X, y, repeats, hidden, batch)
    shape = f"{m:,}x{n}, {hidden} hidden, batch {batch}"
    rows = [
        Row(
            "B2", f"MLP epoch, {shape} (vs sklearn sgd)",
            t["mllesson"], t["sklearn"], ratio=ratio(t["mllesson"], t["sklearn"]),
            target=TARGET_SKLEARN,
        ),  # fmt: skip
    ]
    if "torch" in t:
        rows.append(
            Row(
                "B2", "MLP epoch vs PyTorch CPU (float64)",
                t["mllesson"], t["torch"], ratio=ratio(t["mllesson"], t["torch"]),
                target=TARGET_TORCH,
            )  # fmt: skip
        )
    else:
        rows.append(
            Row(
                "B2", "MLP epoch vs PyTorch CPU (float64)", t["mllesson"], None,
                target=TARGET_TORCH,
                note="not installed (make bench-torch)",
            )  # fmt: skip
        )
    return {"rows": rows, "details": {"m": m, "n": n, "hidden": hidden,
                                      "batch": batch, "epoch_s": t}}  # fmt: skip
