"""Both graders on every assignment: answers, non-answers and the mutation gate.

One temporary course. Each assignment gets, as separate students: the
master's answers, the untouched release, every non-answer of
:mod:`.nonanswers` and every mutant of ``mutants/psNN.py``. One ``nbgrader
autograde`` per assignment grades them all, and one run of the hardened
grader, ``mlgrade`` (``make grade``), grades the same submissions meanwhile.
The two must give every grade cell the same score.
"""

import csv
import importlib
import subprocess
import sys

import pytest

from .course import (
    ASSIGNMENTS,
    autograde,
    env,
    nbgrader,
    solution_sources,
    submit,
    tasks,
)
from .nonanswers import KINDS, nonanswer

pytestmark = pytest.mark.slow


def _module(name):
    return importlib.import_module(f".mutants.{name[:4]}", __package__)


def _mutants(name):
    return _module(name).MUTANTS


def _student_id(i):
    return f"mutant{i:02d}"


def _nonanswer_id(j):
    return f"nonanswer{j}"


def _label(name, student):
    """What a student of the gate is: 'solution', 'blank', a mutant, a kind."""
    if student.startswith("mutant"):
        return list(_mutants(name))[int(student[6:])]
    if student.startswith("nonanswer"):
        return f"non-answer: {KINDS[int(student[9:])]}"
    return student


@pytest.fixture(scope="module")
def submitted(course):
    """Every submission of the gate, written into the course's submitted/."""
    for name in ASSIGNMENTS:
        answers = solution_sources(name)
        submit(course, name, "solution", answers)
        submit(course, name, "blank")
        for i, (task, code) in enumerate(_mutants(name).values()):
            submit(course, name, _student_id(i), {**answers, task: code.strip()})
        for j, kind in enumerate(KINDS):
            submit(course, name, _nonanswer_id(j), nonanswer(kind, name))
    return course / "submitted"


@pytest.fixture(scope="module")
def graded(submitted, course, tmp_path_factory):
    """Both graders' scores: ({assignment: {student: {cell: score}}}, ...).

    mlgrade runs in the background while nbgrader grades, one assignment
    per core, so the gate costs about as long as the slower of the two.
    """
    out = tmp_path_factory.mktemp("mlgrade")
    # A fixed grading secret: the same hidden inputs on every run of this test.
    (out / ".secret").write_text("mutation-gate\n")
    cmd = [sys.executable, "-m", "mlgrade", str(submitted), "--course", str(course)]
    cmd += ["--out", str(out), "--quiet", "--jobs", "2"]
    # Run in the course, whose hiddenchecks/ the grader imports; mlgrade itself
    # comes from the repository, on PYTHONPATH.
    ml = subprocess.Popen(
        cmd,
        cwd=course,
        env=env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    scores, logs = autograde(course, ASSIGNMENTS)
    _, stderr = ml.communicate(timeout=1800)
    assert ml.returncode == 0, stderr[-3000:]
    nb = {
        name: {s: {g: score for g, (score, _) in c.items()} for s, c in by.items()}
        for name, by in scores.items()
    }
    ml_scores = {}
    with open(out / "latest" / "task_scores.csv", newline="") as fh:
        for row in csv.DictReader(fh):
            cells = ml_scores.setdefault(row["assignment"], {})
            cells = cells.setdefault(row["student_id"], {})
            cells[row["grade_id"]] = float(row["score"])
    maxima = {
        name: {g: m for g, (_, m) in by["solution"].items()}
        for name, by in scores.items()
    }
    return nb, ml_scores, maxima, logs


@pytest.fixture(scope="module")
def grades(graded):
    """nbgrader's scores: {assignment: {student: {cell: score}}}."""
    return graded[0]


@pytest.fixture(scope="module")
def mlgraded(graded):
    """mlgrade's scores, in the same shape."""
    return graded[1]


def _points(name):
    return {gid: pts for cells in tasks(name).values() for gid, pts in cells}


def _both(graded, name, student):
    nb, ml, _, _ = graded
    return {"nbgrader": nb[name][student], "mlgrade": ml[name][student]}


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_solutions_score_full_marks(graded, name):
    for grader, cells in _both(graded, name, "solution").items():
        assert cells.keys() == _points(name).keys(), grader
        assert cells == _points(name), grader


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_untouched_student_version_scores_zero(graded, name):
    for grader, cells in _both(graded, name, "blank").items():
        assert cells == dict.fromkeys(_points(name), 0.0), grader


NONANSWERS = [(name, j, kind) for name in ASSIGNMENTS for j, kind in enumerate(KINDS)]


@pytest.mark.parametrize(
    ("name", "j", "kind"), NONANSWERS, ids=[f"{n[:4]}-{k}" for n, _, k in NONANSWERS]
)
def test_nonanswer_scores_zero_on_every_cell(graded, name, j, kind):
    for grader, cells in _both(graded, name, _nonanswer_id(j)).items():
        assert cells == dict.fromkeys(_points(name), 0.0), f"{grader}: {kind}"


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
    for task, graded_cells in tasks(name).items():
        got = sum(cells[gid] for gid, _ in graded_cells)
        full = sum(points for _, points in graded_cells)
        if task == broken:
            assert got < full, f"{label}: the {task} tests did not notice"
        else:
            assert got == full, f"{label}: lost points in {task} too"


PROPERTY_CASES = [
    (name, list(_mutants(name)).index(label), label, lost)
    for name in ASSIGNMENTS
    for label, lost in _module(name).PROPERTY.items()
]


@pytest.mark.parametrize(
    ("name", "i", "label", "lost"), PROPERTY_CASES, ids=[c[2] for c in PROPERTY_CASES]
)
def test_property_mutant_loses_only_that_property(grades, name, i, label, lost):
    cells = grades[name][_student_id(i)]
    assert {gid for gid, score in cells.items() if score < _points(name)[gid]} == lost


def _expected_total(name, student):
    """The score a student of the gate must get, from what it is."""
    full = sum(_points(name).values())
    if student == "solution":
        return full
    if student == "blank" or student.startswith("nonanswer"):
        return 0.0
    label = _label(name, student)
    lost = _module(name).PROPERTY.get(label)
    if lost is not None:
        return full - sum(_points(name)[gid] for gid in lost)
    return None  # a mutant: below full, above full minus its task (checked below)


def test_score_table(graded):
    """Every student's total, both graders, against what it must be (-rP shows it)."""
    nb, ml, _, _ = graded
    rows = ["| assignment | student | nbgrader | mlgrade | max |", "|---" * 5 + "|"]
    wrong = []
    for name in ASSIGNMENTS:
        full = sum(_points(name).values())
        for student in sorted(nb[name]):
            got = sum(nb[name][student].values()), sum(ml[name][student].values())
            rows.append(
                f"| {name} | {_label(name, student)} | {got[0]:g} | {got[1]:g} "
                f"| {full:g} |"
            )
            want = _expected_total(name, student)
            if want is None:
                task = _mutants(name)[_label(name, student)][0]
                floor = full - sum(p for _, p in tasks(name)[task])
                ok = all(floor <= g < full for g in got)
            else:
                ok = got == (want, want)
            if not ok:
                wrong.append(rows[-1])
    print("\n".join(rows))
    assert len(nb) == len(ASSIGNMENTS) and len(rows) > 2 * len(ASSIGNMENTS)
    assert wrong == []


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_mlgrade_scores_every_grade_cell_as_nbgrader_does(graded, name):
    """The master, the blank, every non-answer and mutant, cell by cell."""
    nb, ml, _, _ = graded
    assert ml[name].keys() == nb[name].keys()
    differ = [
        f"{_label(name, student)}: {gid} nbgrader {score:g}, "
        f"mlgrade {ml[name][student].get(gid)}"
        for student, cells in nb[name].items()
        for gid, score in cells.items()
        if ml[name][student].get(gid) != score
    ]
    agree = sum(len(cells) for cells in nb[name].values()) - len(differ)
    print(f"{name}: {agree} grade cells agree")
    assert differ == []


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_no_checksum_warning_on_untouched_test_cells(graded, name):
    """Every submission of the gate keeps the released test cells as they are."""
    log = graded[3][name]
    assert "checksum" not in log, log[:2000]


def test_feedback_shows_no_hidden_test(graded, course):
    """nbgrader's feedback: no hidden part of a test cell, no traceback through one."""
    name = "ps02-cost"
    nbgrader(course, name, "generate_feedback", name, "--force")
    pages = list((course / "feedback").glob(f"*/{name}/{name}.html"))
    assert len(pages) == len(graded[0][name])
    hidden = ["hiddenchecks", "HIDDEN TESTS", "ps02.", "_logistic.", "expect_close"]
    for page in pages:
        text = page.read_text()
        assert "Self-check" in text and "logistic_cost" in text  # the visible part
        assert [word for word in hidden if word in text] == [], page
