"""What every benchmark shares: timing, result rows, the table and the machine."""

import json
import math
import operator
import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_COMPARE = {"<=": operator.le, ">=": operator.ge}


@dataclass
class Row:
    """One line of the table: a measurement, its reference and its target.

    ``ratio`` is ``ours / reference`` (or a measured quantity on its own, such
    as seconds, when ``reference`` is None); ``target`` is ``("<=", 1.3)`` or
    ``(">=", 1.7)``, or None for numbers reported for context only.
    """

    bench: str
    measure: str
    ours: float | None
    reference: float | None = None
    unit: str = "s"
    ratio: float | None = None
    target: tuple | None = None
    note: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def verdict(self):
        if self.ratio is None:
            return "n/a" if self.target else ""
        if self.target is None:
            return ""
        op, bound = self.target
        return "meets" if _COMPARE[op](self.ratio, bound) else "MISSES"

    def as_dict(self):
        d = asdict(self)
        d["verdict"] = self.verdict
        return d


def ratio(ours, reference):
    if ours is None or reference is None or reference == 0:
        return None
    return ours / reference


def interleaved_medians(fns, repeats, warmup=1):
    """Median wall time in seconds of each function in ``fns`` (a dict).

    The functions take turns within each repeat, so a burst of load from the
    rest of the machine hits all of them alike rather than one.
    """
    times = {name: [] for name in fns}
    for i in range(warmup + repeats):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            elapsed = time.perf_counter() - start
            if i >= warmup:
                times[name].append(elapsed)
    return {name: statistics.median(t) for name, t in times.items()}


def load_average():
    try:
        return list(os.getloadavg())
    except OSError:
        return None


def machine():
    """The facts a reader needs to compare these numbers with their own."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gib = None
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        mem_gib = round(pages / 2**30, 1)
    except (ValueError, OSError):
        pass
    versions = {"python": platform.python_version()}
    for name in ("numpy", "scipy", "sklearn", "torch", "mllesson"):
        try:
            versions[name] = __import__(name).__version__
        except ImportError:
            versions[name] = None
    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "memory_gib": mem_gib,
        "platform": platform.platform(),
        "versions": versions,
        "load_average": load_average(),
    }


def git_commit():
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT, capture_output=True, text=True, check=True,
        )  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return None
    return out.stdout.strip()


def fmt_value(x, unit):
    if x is None:
        return "-"
    if unit == "s":
        if x >= 100:
            return f"{x:.0f} s"
        if x >= 1:
            return f"{x:.2f} s"
        return f"{x * 1e3:.3g} ms"
    if unit == "MiB":
        return f"{x:.0f} MiB" if x >= 10 else f"{x:.2g} MiB"
    if unit == "%":
        return f"{x:.1f} %"
    return f"{x:.3g} {unit}".strip()


def fmt_ratio(row):
    if row.ratio is None:
        return "-"
    if row.reference is None and row.unit == "s":
        return fmt_value(row.ratio, "s")
    return f"{row.ratio:.2f}x"


def fmt_target(row):
    if row.target is None:
        return "context" if row.ratio is not None else ""
    op, bound = row.target
    sym = {"<=": "≤", ">=": "≥"}[op]
    if row.reference is None and row.unit == "s":
        return f"{sym} {bound:g} s"
    return f"{sym} {bound:g}x"


COLUMNS = ("Benchmark", "Measure", "mllesson", "Reference", "Ratio", "Target", "")


def table_cells(rows):
    cells = []
    for r in rows:
        cells.append(
            (
                r.bench,
                r.measure,
                fmt_value(r.ours, r.unit),
                fmt_value(r.reference, r.unit) if r.reference is not None else "",
                fmt_ratio(r) if r.ratio is not None else r.note,
                fmt_target(r),
                r.verdict,
            )
        )
    return cells


def text_table(rows):
    cells = [COLUMNS, *table_cells(rows)]
    widths = [max(len(c[i]) for c in cells) for i in range(len(COLUMNS))]
    lines = []
    for k, c in enumerate(cells):
        padded = (s.ljust(w) for s, w in zip(c, widths, strict=True))
        lines.append("  ".join(padded).rstrip())
        if k == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def markdown_table(rows):
    def esc(s):
        return s.replace("|", "\\|")

    lines = [
        "| " + " | ".join(COLUMNS[:-1]) + " | verdict |",
        "|" + "---|" * len(COLUMNS),
    ]
    for c in table_cells(rows):
        lines.append("| " + " | ".join(esc(s) for s in c) + " |")
    return "\n".join(lines)


def rows_from_json(data):
    rows = []
    for d in data["rows"]:
        d = {k: v for k, v in d.items() if k != "verdict"}
        if d.get("target") is not None:
            d["target"] = tuple(d["target"])
        rows.append(Row(**d))
    return rows


def finite(x):
    return x is not None and math.isfinite(x)


def write_json(path, data):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, default=float) + "\n")


def python():
    """The interpreter running the benchmarks, for fresh subprocesses."""
    return sys.executable
