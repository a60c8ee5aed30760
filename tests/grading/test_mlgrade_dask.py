"""Grading on a Dask cluster: the same outputs as a local run, and a worker
killed mid-run loses nothing.

A scheduler and two workers are started from this Python environment on the
loopback interface (as `dask scheduler` / `dask worker` would be on a real
cluster). The workers run in a folder of their own, with no copy of the course
or the grader on their path: everything they need travels with the tasks.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mlgrade.sandbox.kernel import bwrap_available

from .fixture_course import ASSIGNMENT, CATALOGUE, write_course, write_submissions
from .test_mlgrade_e2e import LIMITS, _checksums, _totals

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
#: Enough of the catalogue to exercise full marks, zero, a crash and a cheat.
#: Not "reads-hidden": how far its walk over the disk gets before the time
#: limit depends on the machine's load, so its messages differ between runs.
STUDENTS = [
    "correct", "blank", "calls-reference", "os-exit", "hard-coded", "naive-warning",
    "infinite-loop", "memory", "big-output",
]  # fmt: skip


def _outputs(run):
    """The run's file checksums; run.json without the time it was graded at,
    which is all that may differ between two folders graded from one input."""
    sums = _checksums(run)
    meta = json.loads((run / "run.json").read_text())
    meta.pop("graded_at")
    sums["run.json"] = meta
    return sums


def _start(cmd, cwd, log):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.Popen(
        cmd,
        cwd=cwd,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # the whole worker (nanny, grading) is killed
    )


def _stop(proc):
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    proc.wait()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    assert bwrap_available(), "bubblewrap must be installed"
    tmp = tmp_path_factory.mktemp("dask")
    elsewhere = tmp / "worker-cwd"
    elsewhere.mkdir()
    scheduler_file = tmp / "scheduler.json"
    log = open(tmp / "cluster.log", "wb")
    procs = [
        _start(
            [str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", "0",
             "--no-dashboard", "--scheduler-file", str(scheduler_file)],
            elsewhere, log,
        )
    ]  # fmt: skip
    deadline = time.monotonic() + 60
    while not scheduler_file.is_file() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert scheduler_file.is_file(), (tmp / "cluster.log").read_text()[-2000:]
    for name in ("w1", "w2"):
        procs.append(
            _start(
                [str(BIN / "dask"), "worker", "--scheduler-file", str(scheduler_file),
                 "--nthreads", "1", "--nworkers", "1", "--name", name,
                 "--host", "127.0.0.1", "--no-dashboard"],
                elsewhere, log,
            )
        )  # fmt: skip
    yield {"file": scheduler_file, "procs": procs, "tmp": tmp}
    for proc in procs:
        _stop(proc)
    log.close()


def _class(tmp):
    course = write_course(tmp / "course")
    entries = [e for e in CATALOGUE if e.name in STUDENTS]
    return course, write_submissions(tmp / "submissions", entries)


def _command(subs, course, out, *extra):
    return [sys.executable, "-m", "mlgrade", str(subs), "--course", str(course),
            "--out", str(out), "--quiet", *LIMITS, *extra]  # fmt: skip


def _grade(subs, course, out, *extra):
    proc = subprocess.run(
        _command(subs, course, out, *extra), cwd=ROOT, capture_output=True, text=True,
        timeout=900,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    return (Path(out) / "latest").resolve()


def _wait_for_workers(scheduler_file, n):
    from distributed import Client

    with Client(scheduler_file=str(scheduler_file), timeout="60s") as client:
        client.wait_for_workers(n, timeout=120)


def _wait_until_busy(scheduler_file, name):
    """Return once worker ``name`` is grading a submission."""
    from distributed import Client

    with Client(scheduler_file=str(scheduler_file), timeout="60s") as client:
        address = next(
            a
            for a, w in client.scheduler_info()["workers"].items()
            if w["name"] == name
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            busy = client.processing().get(address, ())
            if any(
                str(k).startswith("mlgrade-") and "-course-" not in str(k) for k in busy
            ):
                time.sleep(1.0)  # well inside the task: its kernels are up
                return
            time.sleep(0.1)
    raise AssertionError(f"worker {name} never started grading")


def test_cluster_run_equals_local_run_even_when_a_worker_dies(cluster, tmp_path):
    course, subs = _class(tmp_path)
    assert sorted(p.name for p in subs.iterdir()) == sorted(STUDENTS)
    local = _grade(subs, course, tmp_path / "local")
    for out in ("remote", "killed"):  # the same course secret, as a re-run has
        (tmp_path / out).mkdir()
        shutil.copy(tmp_path / "local" / ".secret", tmp_path / out / ".secret")
    _wait_for_workers(cluster["file"], 2)

    # The first cluster run: all outputs byte for byte as the local run's.
    remote = _grade(
        subs, course, tmp_path / "remote", "--scheduler-file", str(cluster["file"])
    )
    assert remote.name == local.name  # the same run id
    assert _outputs(remote) == _outputs(local)
    scores = _totals(local)
    expected = {e.name: e.score for e in CATALOGUE if e.name in STUDENTS}
    assert scores == expected

    # The second: worker w1 is killed (nanny and all) while it grades.
    out = tmp_path / "killed"
    cmd = _command(subs, course, out, "--scheduler-file", str(cluster["file"]))
    run = subprocess.Popen(
        cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    _wait_until_busy(cluster["file"], "w1")
    assert run.poll() is None, "the run ended before a worker could be killed"
    _stop(cluster["procs"][1])
    stdout, stderr = run.communicate(timeout=600)
    assert run.returncode == 0, stderr.decode()[-3000:]
    killed = (out / "latest").resolve()
    assert killed.name == local.name
    assert _outputs(killed) == _outputs(local)
    assert ASSIGNMENT in (killed / "grades.csv").read_text()
