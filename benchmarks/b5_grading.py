"""B5. Grading: seconds per submission on every assignment, against nbgrader.

For each of the eight assignments, a class of ``N`` fully correct submissions
(the master notebook, handed in as each student's notebook) is graded twice,
side by side:

- by ``python -m mlgrade --jobs 1`` (what ``make grade`` runs), in the
  bubblewrap sandbox when ``bwrap`` works here (else ``--no-sandbox``; the
  details say which);
- by ``nbgrader autograde`` of the same notebooks, in a throw-away nbgrader
  course (one kernel per notebook, no sandbox, hidden checks run beside the
  student's code).

Each time is the class's wall time divided by ``N`` (so each tool's start-up
is shared out over the class, alike). Targets: mlgrade at most 1.0 s per
submission on every assignment, and at most half nbgrader's time. A class of
one (the first assignment) gives mlgrade's start-up on its own: what a run
costs before and after its submissions (imports, the worker, the first
kernel, the reports), which a class of 300 shares out to nothing.

Parallel efficiency: one class of all eight assignments (``N`` students each)
is graded with ``--jobs 1`` and ``--jobs 2``; efficiency per core is
``T(1 job) / (2 x T(2 jobs))``, target at least 0.85. The machine's CPU time
during each run is recorded too: one job already keeps more than one core
busy (its next kernel boots while it grades), which bounds the efficiency at
1 / (cores busy at one job).

Runs are interleaved, ``REPEATS`` times, and medians reported, so a busy
spell on the machine hits both tools alike.
"""

import csv
import math
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from ._common import ROOT, Row, python

TARGET_SECONDS = ("<=", 1.0)
TARGET_VS_NBGRADER = ("<=", 0.5)
TARGET_EFFICIENCY = (">=", 0.85)
N_SUBMISSIONS = 10  # per assignment: start-up is then a small share, as in a class
REPEATS = 3
CLUSTER_WORKERS = (1, 2, 4)
N_CLUSTER = 16  # submissions of the first assignment graded on the Dask cluster


def assignments():
    return sorted(p.parent.name for p in ROOT.glob("solutions/*/*.ipynb"))


def grader_available():
    return (ROOT / "mlgrade" / "__main__.py").is_file() and bool(assignments())


def _sandbox_works():
    try:
        from mlgrade.sandbox.kernel import bwrap_available
    except ImportError:
        return False
    return bwrap_available()


def _env():
    env = dict(os.environ, PYTHONPATH=str(ROOT), MPLBACKEND="Agg")
    env["PATH"] = f"{Path(python()).parent}{os.pathsep}{env.get('PATH', '')}"
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    return env


def make_class(folder, names, n):
    """``n`` students per assignment, each handing in its master notebook."""
    for name in names:
        master = next((ROOT / "solutions" / name).glob("*.ipynb"))
        for i in range(1, n + 1):
            dest = folder / f"student{i:02d}" / name
            dest.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(master, dest / master.name)


#: CPU seconds the whole machine spent during the latest :func:`_timed`
#: command. Machine-wide, because a grading run's kernels are not its waited-for
#: descendants (the sandbox's process group is killed), so its own rusage
#: misses them; on a quiet machine the rest is small.
last_cpu = 0.0


def _machine_cpu():
    """Busy CPU seconds of the machine since boot (``/proc/stat``), or None."""
    try:
        with open("/proc/stat") as f:
            fields = [int(v) for v in f.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _timed(cmd, cwd):
    """Wall seconds of ``cmd`` (the machine's CPU seconds in :data:`last_cpu`)."""
    global last_cpu
    cpu = _machine_cpu()
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=_env(), capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    after = _machine_cpu()
    last_cpu = after - cpu if cpu is not None and after is not None else float("nan")
    if proc.returncode:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-10:])
        raise RuntimeError(f"{' '.join(map(str, cmd[:4]))} failed:\n{tail}")
    return elapsed


def grade(subs, out, jobs, sandbox):
    """(wall seconds, number of submissions with full marks) of one mlgrade run."""
    cmd = [python(), "-m", "mlgrade", str(subs), "--course", str(ROOT),
           "--out", str(out), "--jobs", str(jobs), "--quiet"]  # fmt: skip
    if not sandbox:
        cmd.append("--no-sandbox")
    seconds = _timed(cmd, ROOT)
    with open(Path(out) / "latest" / "grades.csv", newline="") as f:
        grades = list(csv.DictReader(f))
    full = sum(float(g["score"]) == float(g["max_score"]) for g in grades)
    return seconds, full


#: A ps03 answer that never returns, for the cost of an endless loop.
ENDLESS = {
    "gradient_descent": "def gradient_descent(cost, gradient, theta0, X, y, *, "
    "learning_rate=0.1, n_iters=100, lam=0.0):\n    while True:\n        pass"
}
ENDLESS_ASSIGNMENT = "ps03-gradient-descent"


def endless_loop_cost(folder, sandbox):
    """Wall seconds of grading one ps03 submission whose ``gradient_descent``
    never returns, and of one correct submission, each alone."""
    import nbformat

    make_class(folder / "correct", [ENDLESS_ASSIGNMENT], 1)
    make_class(folder / "endless", [ENDLESS_ASSIGNMENT], 1)
    notebook = next((folder / "endless").glob("*/*/*.ipynb"))
    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid in ENDLESS:
            cell.source = ENDLESS[gid]
    nbformat.write(nb, notebook)
    return {
        kind: grade(folder / kind, folder / f"{kind}-out", 1, sandbox)[0]
        for kind in ("correct", "endless")
    }


def nbgrader_course(folder, names):
    """A throw-away nbgrader course (the assignment tests' helpers) with
    ``names`` generated."""
    from tests.assignments import course

    shutil.copytree(ROOT / "solutions", folder / "solutions")
    config = course.CONFIG.format(root=str(folder), repo=str(ROOT))
    (folder / "nbgrader_config.py").write_text(config)
    for name in names:
        course.nbgrader(folder, name, "generate_assignment", name, "--force")
    return folder


def nbgrader_autograde(course_dir, subs, name, n):
    """Wall seconds of ``nbgrader autograde`` of ``n`` submissions of ``name``."""
    from tests.assignments import course

    submitted = course_dir / "submitted"
    shutil.rmtree(submitted, ignore_errors=True)
    shutil.rmtree(course_dir / "autograded", ignore_errors=True)
    for student in sorted(subs.iterdir()):
        if (student / name).is_dir():
            shutil.copytree(student / name, submitted / student.name / name)
    db = f"--CourseDirectory.db_url=sqlite:///{course_dir}/gradebook-{name}.db"
    cmd = [str(course.BIN / "nbgrader"), "autograde", name, "--force", db,
           "--log-level=WARN"]  # fmt: skip
    start = time.perf_counter()
    subprocess.run(cmd, cwd=course_dir, env=course.env(), check=True,
                   capture_output=True)  # fmt: skip
    return time.perf_counter() - start


def cluster_times(subs, out, sandbox, workers=CLUSTER_WORKERS):
    """Wall seconds to grade ``subs`` on a local Dask cluster of ``w`` workers
    (one thread each), for each ``w``; the cluster is started before timing."""
    from distributed import LocalCluster

    times = {}
    for w in workers:
        with LocalCluster(
            n_workers=w, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster:
            cmd = [python(), "-m", "mlgrade", str(subs), "--course", str(ROOT),
                   "--out", str(out / f"w{w}"), "--quiet",
                   "--scheduler", cluster.scheduler_address]  # fmt: skip
            if not sandbox:
                cmd.append("--no-sandbox")
            _timed(cmd, ROOT)  # warm: every worker has its grading process
            times[w] = _timed(cmd, ROOT)
    return times


def cluster_model(times, n, cores):
    """Fit ``T(S, W) = t0 + S * c / min(W, cores)`` to the 1- and 2-worker
    times of ``n`` submissions; its predictions for every measured ``W``."""
    c = (times[1] - times[2]) / (n - n / min(2, cores)) if cores > 1 else times[1] / n
    t0 = times[1] - n * c
    return t0, c, {w: t0 + n * c / min(w, cores) for w in times}


def _unavailable(reason):
    rows = [
        Row("B5", "grading, s per submission (vs nbgrader autograde)", None,
            target=TARGET_SECONDS, note=reason),
        Row("B5", "parallel efficiency per core, 2 jobs", None,
            target=TARGET_EFFICIENCY, note=reason),
    ]  # fmt: skip
    return {"rows": rows, "details": {"available": False, "reason": reason}}


def run(quick=False):
    if not grader_available():
        return _unavailable("grader not available yet")
    names = assignments()[:1] if quick else assignments()
    n = 1 if quick else N_SUBMISSIONS
    repeats = 1 if quick else REPEATS
    sandbox = _sandbox_works()
    tmp = Path(tempfile.mkdtemp(prefix="mllesson-b5-"))
    ours = {name: [] for name in names}
    theirs = {name: [] for name in names}
    full = {name: [] for name in names}
    wall, cpu, startup = {1: [], 2: []}, {1: [], 2: []}, []
    try:
        per_assignment = {}
        for name in names:
            per_assignment[name] = tmp / "classes" / name
            make_class(per_assignment[name], [name], n)
        everyone = tmp / "everyone"
        make_class(everyone, names, n)
        alone = tmp / "alone"
        make_class(alone, names[:1], 1)
        course_dir = nbgrader_course(tmp / "nbgrader", names)
        for r in range(repeats):
            for name in names:
                seconds, n_full = grade(per_assignment[name], tmp / f"o{r}", 1, sandbox)
                ours[name].append(seconds / n)
                full[name].append(n_full)
                seconds = nbgrader_autograde(course_dir, per_assignment[name], name, n)
                theirs[name].append(seconds / n)
            for jobs in (1, 2):
                seconds, _ = grade(everyone, tmp / f"all{jobs}-{r}", jobs, sandbox)
                wall[jobs].append(seconds)
                cpu[jobs].append(last_cpu)
            startup.append(grade(alone, tmp / f"alone{r}", 1, sandbox)[0])
        if quick:
            cluster, endless = {}, {}
        else:
            first = tmp / "cluster"
            make_class(first, names[:1], N_CLUSTER)
            cluster = cluster_times(first, tmp / "cluster-out", sandbox)
            endless = endless_loop_cost(tmp / "endless", sandbox)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    rows = []
    for name in names:
        mine, nb = statistics.median(ours[name]), statistics.median(theirs[name])
        note = "" if all(f == n for f in full[name]) else f"full marks: {full[name]}"
        rows.append(
            Row("B5", f"{name}: mlgrade --jobs 1, s per submission "
                "(vs nbgrader autograde)", mine, nb, ratio=mine / nb,
                target=TARGET_VS_NBGRADER, note=note)
        )  # fmt: skip
    slowest = max(names, key=lambda m: statistics.median(ours[m]))
    worst = statistics.median(ours[slowest])
    rows.append(
        Row("B5", f"slowest assignment ({slowest}), s per submission, serial",
            worst, ratio=worst, target=TARGET_SECONDS)
    )  # fmt: skip
    one = statistics.median(startup)
    rows.append(
        Row("B5", f"a class of one ({names[0]}), s: start-up plus one submission",
            one, ratio=one)
    )  # fmt: skip
    t1, t2 = statistics.median(wall[1]), statistics.median(wall[2])
    total = n * len(names)
    busy = statistics.median(cpu[1]) / t1  # cores kept busy by one job
    bound = (
        f"; one job alone keeps {busy:.2f} cores busy, so at most "
        f"{min(1.0, 1 / busy):.2f}"
        if busy > 0 and math.isfinite(busy)
        else ""
    )
    rows.append(
        Row("B5", f"parallel efficiency per core, 2 jobs, {total} submissions "
            f"(T1 / 2 T2{bound})", t2 / total, t1 / total, ratio=t1 / (2 * t2),
            target=TARGET_EFFICIENCY)
    )  # fmt: skip
    if endless:
        extra = endless["endless"] - endless["correct"]
        rows.append(
            Row("B5", f"an endless loop in {ENDLESS_ASSIGNMENT}'s gradient_descent: "
                "extra s over a correct submission (the step limit is 60 s)",
                extra, ratio=extra)
        )  # fmt: skip
    model = None
    if cluster:
        t0, c, predicted = cluster_model(cluster, N_CLUSTER, os.cpu_count() or 1)
        model = {"t0_s": t0, "c_s": c, "predicted_s": predicted}
        for w, seconds in cluster.items():
            rows.append(
                Row("B5", f"Dask cluster, {w} worker(s): {N_CLUSTER} submissions of "
                    f"{names[0]}, s (vs model t0 + S c / min(W, cores))", seconds,
                    predicted[w], ratio=seconds / predicted[w])
            )  # fmt: skip
    details = {
        "cluster_wall_s": cluster, "cluster_model": model,
        "available": True, "assignments": names, "submissions_each": n,
        "repeats": repeats, "sandbox": sandbox, "cores": os.cpu_count(),
        "mlgrade_s_per_submission": ours, "nbgrader_s_per_submission": theirs,
        "full_marks": full, "class_wall_s": wall, "class_cpu_s": cpu,
        "class_of_one_s": startup, "endless_loop_s": endless,
    }  # fmt: skip
    return {"rows": rows, "details": details}
