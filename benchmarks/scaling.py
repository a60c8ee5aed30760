"""Scaling. B1 and B2 as the number of examples m grows, saved and plotted.

B1 (a gradient-descent step, n = 100) runs from m = 10^3 to 10^6. B2 (an MLP
epoch, 784 inputs, 128 hidden, batch 200) stops at m = 10^5: at 10^6 the input
alone is 6.3 GB of float64 and one epoch takes minutes per library on two
cores, while the measured points already show the time growing linearly in m
from 10^4 on, so the larger run would add nothing but wall time.
"""

import numpy as np

from . import b1_logistic, b2_mlp

B1_SIZES = [1_000, 3_000, 10_000, 30_000, 100_000, 300_000, 1_000_000]
B2_SIZES = [1_000, 3_000, 10_000, 30_000, 100_000]
QUICK_B1, QUICK_B2 = [200, 400], [200, 400]


def _b1_iters(m):
    # About 0.2 s of work per timing at every size.
    return int(np.clip(4e7 / (m * b1_logistic.N), 3, 300))


def run(quick=False):
    b1 = []
    for m in QUICK_B1 if quick else B1_SIZES:
        n = 5 if quick else b1_logistic.N
        X, y = b1_logistic.make_data(m, n)
        t = b1_logistic.step_times(X, y, 2 if quick else _b1_iters(m),
                                   1 if quick else 5)  # fmt: skip
        b1.append({"m": m, "mllesson_s": t["ours"], "roofline_s": t["roofline"]})
        del X, y
    b2 = []
    for m in QUICK_B2 if quick else B2_SIZES:
        n, hidden, batch = (10, 4, 50) if quick else (
            b2_mlp.N_FEATURES, b2_mlp.HIDDEN, b2_mlp.BATCH)  # fmt: skip
        X, y = b2_mlp.make_data(m, n)
        # Large sizes are timed once: an epoch there is seconds long already.
        repeats, warmup = (1, 0) if quick or m > 10_000 else (3, 1)
        t = b2_mlp.epoch_times(X, y, repeats, hidden, batch,
                               with_torch=not quick, warmup=warmup)
        b2.append({"m": m, **{f"{k}_s": v for k, v in t.items()}})
        del X, y
    return {"rows": [], "details": {"b1": b1, "b2": b2}}


def plot(details, path):
    """Two log-log panels: B1 seconds per step and B2 seconds per epoch."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 4), layout="constrained")
    styles = {
        "mllesson": dict(color="C0", marker="o"),
        "roofline": dict(color="0.4", marker="s", linestyle="--"),
        "sklearn": dict(color="C1", marker="^"),
        "torch": dict(color="C2", marker="v"),
    }
    panels = (
        (ax1, "b1", "B1: logistic regression, one GD step (n = 100)", "per step"),
        (ax2, "b2", "B2: MLP 784-128-10, one SGD epoch", "per epoch"),
    )
    for ax, key, title, per in panels:
        points = details.get(key) or []
        if not points:
            continue
        ms = [p["m"] for p in points]
        for name, style in styles.items():
            ys = [p.get(f"{name}_s") for p in points]
            if any(v is None for v in ys):
                continue
            label = {"roofline": "X@θ + Xᵀ@r (numpy)", "torch": "PyTorch CPU"}.get(
                name, name
            )
            ax.loglog(ms, ys, label=label, **style)
        ax.set_title(title, fontsize=10)
        ax.set_xlabel("training examples m")
        ax.set_ylabel(f"seconds {per}")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
