"""End-to-end nbgrader runs: solutions, blank notebooks and the mutation gate.

One temporary course; one ``nbgrader autograde`` per assignment grades every
fake student at once (the master's answers, the untouched release, and one
student per mutant).
"""

import importlib

import pytest

from .course import ASSIGNMENTS, autograde, solution_sources, submit, tasks

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
