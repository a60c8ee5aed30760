"""End-to-end nbgrader runs: solutions, blank notebooks and the mutation gate.

One temporary course; one ``nbgrader autograde`` per assignment grades every
fake student at once (the master's answers, the untouched release, and one
student per mutant). The hardened grader, ``mlgrade``, grades the same
submissions of some assignments, and must give every grade cell the same score.
"""

import csv
import importlib
import shutil
import subprocess
import sys

import pytest

from .course import ASSIGNMENTS, ROOT, autograde, solution_sources, submit, tasks

pytestmark = pytest.mark.slow


def _mutants(name):
    module = importlib.import_module(f".mutants.{name[:4]}", __package__)
    return module.MUTANTS


def _student_id(i):
    return f"mutant{i:02d}"


@pytest.fixture(scope="module")
def grades(course):
    for name in ASSIGNMENTS:
        answers = solution_sources(name)
        submit(course, name, "solution", answers)
        submit(course, name, "blank")
        for i, (task, code) in enumerate(_mutants(name).values()):
            submit(course, name, _student_id(i), {**answers, task: code.strip()})
    return autograde(course, ASSIGNMENTS)


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_solutions_score_full_marks(grades, name):
    cells = grades[name]["solution"]
    assert cells, "no grade cells"
    assert {k: s for k, (s, m) in cells.items() if s != m} == {}


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_untouched_student_version_scores_zero(grades, name):
    assert sum(s for s, _ in grades[name]["blank"].values()) == 0
    assert len(grades[name]["blank"]) == len(grades[name]["solution"])


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_catalogue_has_five_mutants_breaking_real_tasks(name):
    mutants = _mutants(name)
    assert len(mutants) >= 5
    assert {task for task, _ in mutants.values()} <= set(tasks(name))


CASES = [
    (name, i, label) for name in ASSIGNMENTS for i, label in enumerate(_mutants(name))
]


@pytest.mark.parametrize(("name", "i", "label"), CASES, ids=[c[2] for c in CASES])
def test_mutant_loses_its_task_and_nothing_else(grades, name, i, label):
    broken = _mutants(name)[label][0]
    cells = grades[name][_student_id(i)]
    for task, graded in tasks(name).items():
        got = sum(cells[gid][0] for gid, _ in graded)
        full = sum(points for _, points in graded)
        if task == broken:
            assert got < full, f"{label}: the {task} tests did not notice"
        else:
            assert got == full, f"{label}: lost points in {task} too"


def test_score_table(grades):
    """Print assignment, task, points and every mutant's score (shown with -rP)."""
    rows = [
        "| assignment | student | broken task | score | max |",
        "|---|---|---|---|---|",
    ]
    for name in ASSIGNMENTS:
        full = sum(m for _, m in grades[name]["solution"].values())
        labels = list(_mutants(name))
        students = ["solution", "blank", *(_student_id(i) for i in range(len(labels)))]
        for student in students:
            score = sum(s for s, _ in grades[name][student].values())
            label = labels[int(student[6:])] if student.startswith("mutant") else "-"
            rows.append(f"| {name} | {student} | {label} | {score:g} | {full:g} |")
    print("\n".join(rows))
    assert len(rows) > 2


#: Graded by mlgrade too (about 2 s a submission): those whose mutants change
#: their inputs in place and pass the network's cache between functions.
MLGRADE_ASSIGNMENTS = ["ps06-perceptron", "ps08-backpropagation"]


@pytest.fixture(scope="module")
def mlgraded(grades, course, tmp_path_factory):
    """{assignment: {student: {grade_id: score}}} from one mlgrade run."""
    tmp = tmp_path_factory.mktemp("mlgrade")
    for name in MLGRADE_ASSIGNMENTS:
        for folder in (course / "submitted").glob(f"*/{name}"):
            shutil.copytree(folder, tmp / "submitted" / folder.parent.name / name)
    # A fixed grading secret: the same hidden inputs on every run of this test.
    (tmp / "out").mkdir()
    (tmp / "out" / ".secret").write_text("mutation-gate\n")
    cmd = [sys.executable, "-m", "mlgrade", str(tmp / "submitted"), "--course"]
    cmd += [str(ROOT), "--out", str(tmp / "out"), "--quiet", "--jobs", "2"]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    scores = {}
    with open(tmp / "out" / "latest" / "task_scores.csv", newline="") as fh:
        for row in csv.DictReader(fh):
            cells = scores.setdefault(row["assignment"], {})
            cells = cells.setdefault(row["student_id"], {})
            cells[row["grade_id"]] = float(row["score"])
    return scores


def _by_label(name, by_student):
    labels = list(_mutants(name))
    return {
        labels[int(s[6:])] if s.startswith("mutant") else s: cells
        for s, cells in by_student.items()
    }


@pytest.mark.parametrize("name", MLGRADE_ASSIGNMENTS)
def test_mlgrade_scores_every_submission_as_nbgrader_does(grades, mlgraded, name):
    """The master, the blank and every mutant, grade cell by grade cell."""
    nbgrader = {
        student: {gid: score for gid, (score, _) in cells.items()}
        for student, cells in grades[name].items()
    }
    assert _by_label(name, mlgraded[name]) == _by_label(name, nbgrader)
