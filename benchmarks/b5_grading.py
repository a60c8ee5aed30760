"""B5. Grading: seconds per submission, serial and parallel, against bare execution.

A class of ``N`` identical, fully correct submissions of the first assignment
(its master notebook, handed in as each student's notebook) is graded by
``python -m mlgrade`` (what ``make grade`` runs) with ``--jobs 1`` and with
one job per core. The reference is running the same notebook once per
submission with ``jupyter nbconvert --execute``, which executes the answers
and the tests (the hidden checks included) but isolates and reports nothing.

- grading overhead: serial seconds per submission / nbconvert seconds per
  notebook; target at most 1.5x;
- parallel throughput: serial wall time / parallel wall time on all cores;
  target at least 1.7x on 2 cores.

Each figure is the median of ``REPEATS`` runs over the class, the three kinds
of run interleaved so that a busy spell on the machine hits them alike.
Kernels run in the bubblewrap sandbox when ``bwrap`` works here, else with
``--no-sandbox`` (the details say which).
"""

import csv
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from ._common import ROOT, Row, python

TARGET_OVERHEAD = ("<=", 1.5)
TARGET_PARALLEL = (">=", 1.7)
N_SUBMISSIONS = 8  # a small class; a run's fixed start-up (~0.8 s) stays a small part
REPEATS = 3


def grader_available():
    return (ROOT / "mlgrade" / "__main__.py").is_file() and any(
        ROOT.glob("solutions/*/*.ipynb")
    )


def _unavailable(reason):
    return {
        "rows": [
            Row(
                "B5",
                "grading overhead (vs nbconvert --execute)",
                None,
                unit="x",
                target=TARGET_OVERHEAD,
                note=reason,
            ),
            Row(
                "B5",
                "parallel throughput (vs serial)",
                None,
                unit="x",
                target=TARGET_PARALLEL,
                note=reason,
            ),
        ],  # fmt: skip
        "details": {"available": False, "reason": reason},
    }


def _sandbox_works():
    try:
        from mlgrade.sandbox import bwrap_available
    except ImportError:
        return False
    return bwrap_available()


def _env():
    env = dict(os.environ, PYTHONPATH=str(ROOT), MPLBACKEND="Agg")
    env["PATH"] = f"{Path(python()).parent}{os.pathsep}{env.get('PATH', '')}"
    return env


def make_class(folder, n):
    """``n`` students, each handing in the first assignment's master notebook."""
    master = sorted(ROOT.glob("solutions/*/*.ipynb"))[0]
    assignment = master.parent.name
    for i in range(1, n + 1):
        dest = folder / f"student{i:02d}" / assignment
        dest.mkdir(parents=True)
        shutil.copyfile(master, dest / master.name)
    return assignment, master.name


def _timed(cmd, cwd):
    """Wall seconds of ``cmd``."""
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=_env(), capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-10:])
        raise RuntimeError(f"{' '.join(map(str, cmd[:4]))} failed:\n{tail}")
    return elapsed


def grade(subs, out, jobs, sandbox):
    cmd = [python(), "-m", "mlgrade", str(subs), "--course", str(ROOT),
           "--out", str(out), "--jobs", str(jobs), "--quiet"]  # fmt: skip
    if not sandbox:
        cmd.append("--no-sandbox")
    seconds = _timed(cmd, ROOT)
    with open(Path(out) / "latest" / "grades.csv", newline="") as f:
        grades = list(csv.DictReader(f))
    full = sum(float(g["score"]) == float(g["max_score"]) for g in grades)
    return seconds, full


def bare(notebooks, out):
    cmd = [python(), "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
           "--output-dir", str(out), "--log-level", "ERROR"]  # fmt: skip
    total = 0.0
    for i, nb in enumerate(notebooks):
        total += _timed([*cmd, "--output", f"run{i}", str(nb)], nb.parent)
    return total


def kernels_per_submission(assignment):
    """How many fresh kernels mlgrade starts for one submission (one per group
    of test cells that use the same student functions)."""
    from mlgrade.course import load_assignment
    from mlgrade.grader import _groups

    return len(_groups(load_assignment(ROOT / "solutions" / assignment).tests))


def kernel_start_seconds(repeats=3):
    """Median seconds to start a plain Python kernel and run ``1 + 1``."""
    import statistics

    from jupyter_client.manager import start_new_kernel

    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        km, kc = start_new_kernel(kernel_name="python3", stderr=subprocess.DEVNULL)
        try:
            kc.execute_interactive("1 + 1", timeout=60, output_hook=lambda msg: None)
            times.append(time.perf_counter() - start)
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
    return statistics.median(times)


def run(quick=False):
    if not grader_available():
        return _unavailable("grader not available yet")
    n = 1 if quick else N_SUBMISSIONS
    repeats = 1 if quick else REPEATS
    cores = os.cpu_count() or 1
    sandbox = _sandbox_works()
    tmp = Path(tempfile.mkdtemp(prefix="mllesson-b5-"))
    times = {"serial": [], "parallel": [], "nbconvert": []}
    full = {"serial": [], "parallel": []}
    try:
        subs = tmp / "submissions"
        assignment, notebook = make_class(subs, n)
        notebooks = sorted(subs.glob(f"*/{assignment}/{notebook}"))
        # Interleaved, so that a busy spell on the machine hits all three alike.
        for r in range(repeats):
            for mode, jobs in (("serial", 1), ("parallel", cores)):
                seconds, n_full = grade(subs, tmp / f"{mode}{r}", jobs, sandbox)
                times[mode].append(seconds)
                full[mode].append(n_full)
            times["nbconvert"].append(bare(notebooks, tmp / f"bare{r}"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    wall = {mode: statistics.median(t) for mode, t in times.items()}
    per = {mode: seconds / n for mode, seconds in wall.items()}
    note = ""
    if any(f != n for f in full["serial"] + full["parallel"]):  # a kernel died
        note = f"full marks of {n}: serial {full['serial']}, jobs {full['parallel']}"
    rows = [
        Row(
            "B5",
            f"grade {assignment}, s per submission, serial (vs nbconvert)",
            per["serial"],
            per["nbconvert"],
            ratio=per["serial"] / per["nbconvert"],
            target=TARGET_OVERHEAD,
            note=note,
        ),  # fmt: skip
        Row(
            "B5",
            f"parallel throughput, {cores} jobs (serial / parallel time)",
            per["parallel"],
            per["serial"],
            ratio=wall["serial"] / wall["parallel"],
            target=TARGET_PARALLEL,
            note=note,
        ),  # fmt: skip
    ]
    kernels = kernels_per_submission(assignment)
    kernel_s = kernel_start_seconds(1 if quick else 3)
    rows.append(
        Row(
            "B5",
            f"  of which: {kernels} sandboxed kernels per submission "
            "(nbconvert: 1), one kernel start",
            kernel_s,
        )  # fmt: skip
    )
    details = {
        "kernels_per_submission": kernels, "kernel_start_s": kernel_s,
        "available": True, "assignment": assignment, "submissions": n,
        "repeats": repeats, "wall_s": times,
        "jobs": cores, "sandbox": sandbox, "seconds_per_submission": per,
        "full_marks": full,
    }  # fmt: skip
    return {"rows": rows, "details": details}
