"""Time limits that fit the work: an endless loop costs seconds, and a correct
but slow loop-based answer still finishes.

A graded call may take ``call_factor`` times the reference's longest call in
the same check plus ``call_margin`` seconds
(``mlgrade.grading.check_runner.call_limit``),
never more than ``--step-timeout``. Both submissions below are graded with
the default limits (60 s per step), on the course's real assignments.
"""

import csv
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from mlgrade.grading.check_runner import call_limit
from mlgrade.sandbox.kernel import Limits, bwrap_available
from tests.assignments.variants import usual_student

ROOT = Path(__file__).resolve().parents[2]

#: ps02 with every answer written as Python loops over the examples.
LOOP_PS02 = {
    "log_loss": '''import math
def log_loss(y_true, y_prob, eps=1e-15):
    total, count = 0.0, 0
    for t, p in zip(np.ravel(y_true), np.ravel(y_prob)):
        p = min(max(float(p), eps), 1.0 - eps)
        total -= float(t) * math.log(p) + (1.0 - float(t)) * math.log1p(-p)
        count += 1
    return total / count''',
    "logistic_cost": '''def logistic_cost(theta, X, y, lam=0.0):
    total = 0.0
    for row, label in zip(X, y):
        z = float(row @ theta)
        total += np.logaddexp(0.0, z) - label * z
    return float(total / len(X))''',
    "logistic_gradient": '''def logistic_gradient(theta, X, y, lam=0.0):
    grad = np.zeros(X.shape[1])
    for row, label in zip(X, y):
        grad += (mllesson.sigmoid(row @ theta) - label) * row
    return grad / len(X)''',
}

#: ps03: gradient descent that never ends.
ENDLESS_GD = '''def gradient_descent(cost, gradient, theta0, X, y, *, learning_rate=0.1,
                     n_iters=100, lam=0.0):
    while True:
        pass'''


def _submit(folder, assignment, answers):
    master = ROOT / "solutions" / assignment / f"{assignment}.ipynb"
    nb = nbformat.read(master, as_version=4)
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid in answers:
            cell.source = answers[gid]
    # a student of the usual variant: the answers are in the course's conventions
    dest = folder / usual_student(assignment, "student") / assignment
    dest.mkdir(parents=True)
    nbformat.write(nb, dest / master.name)


def _grade(submissions, out):
    """Grade with the default limits; (wall seconds, task scores, problems)."""
    cmd = [sys.executable, "-m", "mlgrade", str(submissions), "--course", str(ROOT),
           "--out", str(out), "--jobs", "1", "--quiet"]  # fmt: skip
    start = time.monotonic()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=900)
    wall = time.monotonic() - start
    assert proc.returncode == 0, proc.stderr[-3000:]
    run = Path(out) / "latest"
    with open(run / "task_scores.csv", newline="") as fh:
        scores = {r["grade_id"]: float(r["score"]) for r in csv.DictReader(fh)}
    with open(run / "problems.csv", newline="") as fh:
        problems = [r["problem"] for r in csv.DictReader(fh)]
    return wall, scores, problems


def test_call_limit_follows_the_reference_within_the_step_limit():
    limits = Limits(step=60.0, call_factor=20.0, call_margin=10.0)
    assert call_limit(limits, 0.01) == pytest.approx(10.2)
    assert call_limit(limits, 10.0) == 60.0  # capped by the step limit
    assert call_limit(limits, None) == 60.0  # no reference time: the step limit


@pytest.mark.slow
def test_slow_loop_answers_pass_and_an_endless_loop_costs_seconds(tmp_path):
    assert bwrap_available(), "bubblewrap must be installed"
    assert Limits().step == 60.0 and Limits().call_margin <= 10.0

    loops = tmp_path / "loops"
    _submit(loops, "ps02-cost", LOOP_PS02)
    _, scores, problems = _grade(loops, tmp_path / "out-loops")
    assert "time limit" not in problems
    # Every check passes except those that ask for a vectorised answer.
    assert {g for g, s in scores.items() if s == 0} == {
        "log_loss_vectorised", "logistic_cost_vectorised",
        "logistic_gradient_vectorised",
    }  # fmt: skip

    endless = tmp_path / "endless"
    _submit(endless, "ps03-gradient-descent", {"gradient_descent": ENDLESS_GD})
    correct = tmp_path / "correct"
    _submit(correct, "ps03-gradient-descent", {})
    wall, scores, problems = _grade(endless, tmp_path / "out-endless")
    assert "time limit" in problems
    assert {g for g, s in scores.items() if s == 0} == {
        "gradient_descent_values", "gradient_descent_fused",
        "gradient_descent_inputs",
    }  # fmt: skip
    baseline, scores, problems = _grade(correct, tmp_path / "out-correct")
    assert not problems and all(scores.values())
    # One call ran into its limit (about 10 s) and the kernel was stopped:
    # with the 60 s step limit alone, the loop cost over a minute more (the
    # limit scales with the reference, so a loaded machine is slower here).
    assert wall - baseline < 50, (wall, baseline)
