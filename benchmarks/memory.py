"""Memory. Peak resident memory of B1 and B2 against the size of their data.

Each workload runs in a fresh Python process that makes its data, trains for a
few steps (B1) or one epoch (B2) and reports its own high-water mark of
resident memory (``VmHWM`` in ``/proc/self/status``; ``ru_maxrss`` where
there is no /proc). The ratio divides it by the bytes of ``X`` and ``y``, so
it includes the interpreter and numpy themselves, which the child also
reports (its resident memory after the imports, before any data). Target: at
most 1.5x.

Run one child by hand with ``python -m benchmarks.memory b1 200000 100``.
"""

import json
import resource
import subprocess
import sys
from pathlib import Path

from ._common import ROOT, Row, python

TARGET = ("<=", 1.5)
FULL = {"b1": (200_000, 100), "b2": (60_000, 784)}
QUICK = {"b1": (2_000, 10), "b2": (600, 20)}


def _status_bytes(field):
    """A memory figure of this process from /proc/self/status, in bytes."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def _rss_high_water():
    peak = _status_bytes("VmHWM")
    if peak is None:  # no /proc: ru_maxrss is in KiB on Linux
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return peak


def child(workload, m, n):
    """Run one workload in this process and print what it used, as JSON."""
    import numpy as np

    import mllesson  # noqa: F401 (counted in the baseline)

    baseline = _status_bytes("VmRSS")
    if workload == "b1":
        from mllesson.logistic import _logistic_cost_gradient
        from mllesson.optim import gradient_descent

        from .b1_logistic import LEARNING_RATE, make_data

        X, y = make_data(m, n)
        gradient_descent(
            _logistic_cost_gradient, True, np.zeros(X.shape[1]), X, y,
            learning_rate=LEARNING_RATE, n_iters=5,
        )  # fmt: skip
    elif workload == "b2":
        from .b2_mlp import fit_mllesson, make_data

        X, y = make_data(m, n)
        hidden, batch = (128, 200) if n > 100 else (8, 50)
        fit_mllesson(X, y, hidden=hidden, batch=batch, epochs=1)
    else:
        raise ValueError(f"workload must be 'b1' or 'b2', got {workload!r}")
    data = X.nbytes + y.nbytes
    print(json.dumps({"data_bytes": data, "peak_bytes": _rss_high_water(),
                      "baseline_bytes": baseline}))  # fmt: skip


def measure(workload, m, n):
    out = subprocess.run(
        [python(), "-m", "benchmarks.memory", workload, str(m), str(n)],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(quick=False):
    sizes = QUICK if quick else FULL
    rows, details = [], {}
    mib = 2**20
    for workload, (m, n) in sizes.items():
        r = measure(workload, m, n)
        details[workload] = {"m": m, "n": n, **r}
        base = r["baseline_bytes"]
        rows.append(
            Row(
                "Mem", f"{workload.upper()} peak RSS, m={m:,}, n={n} (vs data)",
                r["peak_bytes"] / mib, r["data_bytes"] / mib, unit="MiB",
                ratio=r["peak_bytes"] / r["data_bytes"], target=TARGET,
                note="" if base is None else f"interpreter {base / mib:.0f} MiB",
            )  # fmt: skip
        )
    return {"rows": rows, "details": details}


if __name__ == "__main__":
    child(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
