"""A 60-student class of ps02-cost with variants, graded by ``python -m mlgrade``.

Every student hands in the answer of their own variant (written as a student
of that variant writes it, ``tests/assignments/variants/ps02.py``), except:
five copy the notebook of a classmate with another variant, three make a
classic mistake in their own variant, and two type a classmate's id into
their notebook's variant cell (the grader must not believe it).
"""

import csv
import importlib
import json
import shutil
import subprocess
import sys

import nbformat
import pytest

from mllesson import variants
from tests.assignments.course import ROOT
from tests.assignments.variant_gate import agree
from tests.assignments.variants import first_students, ps02

pytestmark = pytest.mark.slow

NAME = "ps02-cost"
SALT = json.loads((ROOT / "solutions" / NAME / "variants.json").read_text())["salt"]
WITH_VARIANTS = sorted(variants.SPECS)
#: The assignments graded one student per variant (ps02's class has them all).
OTHERS = [name for name in WITH_VARIANTS if name != "ps02-cost"]
STUDENTS = [f"st{i:02d}" for i in range(1, 61)]
VARIANT = {s: variants.variant_for(NAME, SALT, s) for s in STUDENTS}
MUTANT_LABELS = list(ps02.MUTANTS)[:3]


def _plan():
    """{student: (whose variant's answer, mutant label or None, typed id)}."""
    plan = {s: (s, None, s) for s in STUDENTS}
    copiers = STUDENTS[:5]
    for s in copiers:  # the nearest classmate (in the list) with another variant
        source = next(t for t in STUDENTS[5:] if VARIANT[t] != VARIANT[s])
        plan[s] = (source, None, s)
    for s, label in zip(STUDENTS[5:8], MUTANT_LABELS, strict=True):
        plan[s] = (s, label, s)
    for s, other in zip(STUDENTS[8:10], STUDENTS[-2:], strict=True):
        plan[s] = (s, None, other)  # the notebook claims another student
    return plan, copiers


def _notebook(answers, typed):
    nb = nbformat.read(ROOT / "exercises" / NAME / f"{NAME}.ipynb", as_version=4)
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution") and meta.get("grade_id") in answers:
            cell.source = answers[meta["grade_id"]]
        if "variant" in cell.metadata.get("tags", []) and cell.cell_type == "code":
            cell.source = cell.source.replace('student_id=""', f"student_id={typed!r}")
    return nb


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    plan, copiers = _plan()
    root = tmp_path_factory.mktemp("variant-class")
    for student, (whose, mutant, typed) in plan.items():
        answers = ps02.answers(VARIANT[whose])
        if mutant:
            task, old, new = ps02.MUTANTS[mutant]
            answers[task] = answers[task].replace(old, new)
        folder = root / "submitted" / student / NAME
        folder.mkdir(parents=True)
        nbformat.write(_notebook(answers, typed), folder / f"{NAME}.ipynb")
    out = root / "out"
    cmd = [sys.executable, "-m", "mlgrade", str(root / "submitted"), "--course"]
    cmd += [str(ROOT), "--out", str(out), "--quiet", "--jobs", "2"]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    results = {}
    for line in (out / "latest" / "results.jsonl").read_text().splitlines():
        r = json.loads(line)["result"]
        results[r["student"]] = r
    return plan, copiers, results, out / "latest"


def _task_points(result):
    """{task: (points, max)}: the grade cells summed by task (their prefix)."""
    out = {}
    for t in result["tasks"]:
        task = next(
            k for k in ps02.answers(VARIANT["st01"]) if t["grade_id"].startswith(k)
        )
        got, full = out.get(task, (0.0, 0.0))
        out[task] = (got + t["score"], full + t["max_score"])
    return out


def test_every_student_is_graded_in_the_variant_their_id_gives(graded):
    plan, _, results, _ = graded
    assert sorted(results) == STUDENTS
    assert {s: r["variant"] for s, r in results.items()} == {
        s: v.id for s, v in VARIANT.items()
    }
    assert len({v.id for v in VARIANT.values()}) == 8  # every variant is in the class


def test_own_answers_get_full_marks_whatever_the_notebook_claims(graded):
    plan, copiers, results, _ = graded
    honest = [s for s, (whose, mutant, _) in plan.items() if whose == s and not mutant]
    assert len(honest) == 52
    assert {
        s: sum(t["score"] for t in results[s]["tasks"]) for s in honest
    } == dict.fromkeys(honest, 12.0)


def test_a_copy_keeps_at_most_half_of_each_task_its_variant_changes(graded):
    plan, copiers, results, _ = graded
    for s in copiers:
        source = VARIANT[plan[s][0]]
        for task, (got, full) in _task_points(results[s]).items():
            if not agree(NAME, task, source, VARIANT[s]):
                assert got <= full / 2, (s, task, got, full)


def test_mistakes_lose_points_and_are_not_taken_for_copies(graded):
    plan, _, results, _ = graded
    for s in STUDENTS[5:8]:
        assert sum(t["score"] for t in results[s]["tasks"]) < 12.0
        assert "solves_variant" not in results[s]


def test_similarity_flags_exactly_the_planted_wrong_variant_copies(graded):
    plan, copiers, results, folder = graded
    with open(folder / "similarity.csv", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["flagged"] == "wrong-variant match"]
    assert sorted(r["student_a"] for r in rows) == copiers
    for r in rows:
        solved = VARIANT[plan[r["student_a"]][0]]
        assert results[r["student_a"]]["solves_variant"] == solved.id
        # The classmate of that variant with the nearest code, or, where no
        # code was compared, every classmate of that variant in the reasons.
        mates = [s for s in STUDENTS if VARIANT[s] == solved]
        if r["student_b"]:
            assert VARIANT[r["student_b"]] == solved
        else:
            assert all(m in r["reasons"] for m in mates[:10])
    flagged = {s for s, r in results.items() if r.get("solves_variant")}
    assert flagged == set(copiers)


def test_the_run_shows_each_variants_scores_and_the_copies(graded):
    plan, copiers, results, folder = graded
    with open(folder / "variants.csv", newline="") as fh:
        rows = {r["variant"]: r for r in csv.DictReader(fh)}
    counts = {v.id: sum(VARIANT[s] == v for s in STUDENTS) for v in VARIANT.values()}
    assert {v: int(r["students"]) for v, r in rows.items()} == counts
    for v, r in rows.items():
        scores = [sum(t["score"] for t in results[s]["tasks"]) for s in STUDENTS
                  if VARIANT[s].id == v]  # fmt: skip
        assert float(r["mean"]) == pytest.approx(sum(scores) / len(scores), abs=1e-3)
    page = (folder / "dashboard.html").read_text()
    assert '<h2 id="variants">Variants</h2>' in page
    assert f"Wrong-variant matches: {len(copiers)}." in page
    for s in copiers:
        assert f"<code>{s}</code>: graded as <code>{VARIANT[s].id}</code>" in page


# -- every variant of every assignment, through the sandbox


def _one_student_per_variant(name):
    """{student id: variant} covering every variant of ``name``."""
    return {sid: v for v, sid in first_students(name, "v").items()}


@pytest.fixture(scope="module")
def every_variant(tmp_path_factory):
    """Each assignment with variants: one student per variant, each handing in
    the master's answer written in their own variant; graded in one run."""
    root = tmp_path_factory.mktemp("every-variant")
    planned = {}
    for name in OTHERS:
        module = importlib.import_module(f"tests.assignments.variants.{name[:4]}")
        for student, variant in _one_student_per_variant(name).items():
            planned[student, name] = variant
            nb = nbformat.read(
                ROOT / "exercises" / name / f"{name}.ipynb", as_version=4
            )
            answers = module.answers(variant)
            for cell in nb.cells:
                meta = cell.metadata.get("nbgrader", {})
                if meta.get("solution") and meta.get("grade_id") in answers:
                    cell.source = answers[meta["grade_id"]]
            folder = root / "submitted" / student / name
            folder.mkdir(parents=True)
            nbformat.write(nb, folder / f"{name}.ipynb")
        # and the untouched release, handed in by a student of a variant
        # whose signatures differ from the release's
        blank = next(s for s, v in _one_student_per_variant(name).items()
                     if v.id == variants.variants_of(name)[-1].id)  # fmt: skip
        folder = root / "submitted" / f"blank-{blank}" / name
        folder.mkdir(parents=True)
        shutil.copy(ROOT / "exercises" / name / f"{name}.ipynb", folder)
    out = root / "out"
    cmd = [sys.executable, "-m", "mlgrade", str(root / "submitted"), "--course"]
    cmd += [str(ROOT), "--out", str(out), "--quiet", "--jobs", "2"]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=1200)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return planned, out / "latest"


def test_every_variants_master_gets_full_marks_through_the_sandbox(every_variant):
    planned, folder = every_variant
    graded, blanks = {}, {}
    for line in (folder / "results.jsonl").read_text().splitlines():
        r = json.loads(line)["result"]
        score = sum(t["score"] for t in r["tasks"])
        full = sum(t["max_score"] for t in r["tasks"])
        if r["student"].startswith("blank-"):
            blanks[r["assignment"]] = (score, {t["failure"] for t in r["tasks"]})
            continue
        graded[r["student"], r["assignment"]] = (r.get("variant"), score == full > 0)
    assert graded == {key: (v.id, True) for key, v in planned.items()}
    # A stub called with another variant's arguments is still "not attempted".
    assert blanks == dict.fromkeys(OTHERS, (0.0, {"not attempted"}))
    with open(folder / "problems.csv", newline="") as fh:
        assert list(csv.DictReader(fh)) == []  # the variant cell runs cleanly
