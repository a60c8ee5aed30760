"""End-to-end: grade a catalogue of adversarial and broken submissions.

One grading run over the whole catalogue (in parallel, with modest limits),
in a temporary course folder, then assertions on every output. A second,
small run grades the control submissions alone: their grades must be exactly
the same as in the big run, and a re-run must write identical files.
"""

import csv
import hashlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.assignments.variants import usual_student

from .fixture_course import (
    ASSIGNMENT,
    CATALOGUE,
    SIGMOID,
    _bytes,
    notebook,
    write_submissions,
)

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
LIMITS = ["--timeout", "30", "--step-timeout", "8", "--memory", "512M", "--jobs", "2"]
CONTROLS = ["correct", "blank", "naive-warning", "os-exit"]


def _grade(submissions, course, out):
    cmd = [
        sys.executable,
        "-m",
        "mlgrade",
        str(submissions),
        "--course",
        str(course),
        "--out",
        str(out),
        "--quiet",
        *LIMITS,
    ]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return (Path(out) / "latest").resolve()


def _checksums(folder):
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(Path(folder).rglob("*"))
        if p.is_file()
    }


def _rows(path):
    with open(path, newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def graded(graded_catalogue):
    """The catalogue's run (tests/grading/conftest.py)."""
    return graded_catalogue


def _totals(run):
    return {r["student_id"]: float(r["score"]) for r in _rows(run / "grades.csv")}


def _problems(run):
    out = {}
    for row in _rows(run / "problems.csv"):
        out.setdefault(row["student_id"], []).append(row["problem"])
    return out


@pytest.mark.parametrize("entry", CATALOGUE, ids=[e.name for e in CATALOGUE])
def test_catalogue_outcome(graded, entry):
    """Each submission gets exactly its expected score and summary entry."""
    run = graded["run"]
    assert _totals(run)[entry.name] == entry.score, entry.what
    problems = _problems(run).get(entry.name, [])
    if entry.problem:
        assert entry.problem in problems, problems
    assert ("flagged for manual review" in problems) == entry.flagged, problems


def test_controls_full_marks_and_zero(graded):
    totals = _totals(graded["run"])
    assert totals["correct"] == 5.0
    assert totals["blank"] == 0.0
    # Nothing to report about a clean notebook, even when it scores zero.
    problems = _problems(graded["run"])
    assert "correct" not in problems and "blank" not in problems, problems
    assert {r["max_score"] for r in _rows(graded["run"] / "grades.csv")} == {"5.0"}


def test_outputs_in_nbgrader_formats(graded):
    run = graded["run"]
    with open(run / "grades.csv") as fh:
        header = fh.readline().strip()
    assert header == (
        "assignment,duedate,timestamp,student_id,last_name,first_name,"
        "email,raw_score,late_submission_penalty,score,max_score"
    )
    tasks = _rows(run / "task_scores.csv")
    assert set(tasks[0]) == {
        "student_id",
        "assignment",
        "grade_id",
        "score",
        "max_score",
        "failure_category",
        "failure_kind",
        "message",
    }
    assert len(tasks) == 3 * len(CATALOGUE)
    summary = {r["grade_id"]: r for r in _rows(run / "summary.csv")}
    assert set(summary) == {"sigmoid_values", "sigmoid_stable", "hypothesis_values"}
    assert summary["sigmoid_values"]["most_common_failure"]
    for entry in CATALOGUE:
        assert (run / "feedback" / entry.name / f"{ASSIGNMENT}.html").is_file()


def test_course_files_are_not_reachable_from_the_kernel(graded):
    """The reads-hidden submission searched the sandbox and reports what it found."""
    page = graded["run"] / "feedback" / "reads-hidden" / f"{ASSIGNMENT}.html"
    assert "hypothesis raised RuntimeError: secret files: []" in page.read_text()


def test_submissions_never_modified(graded):
    assert _checksums(graded["submissions"]) == graded["before"]


def test_feedback_leaks_no_hidden_test_or_expected_value(graded):
    """Not the checks' source, not the hidden cells, not an expected number."""
    check_source = (graded["course"] / "fixturegrading" / "ps00.py").read_text()
    secret_lines = [
        line.strip() for line in check_source.splitlines() if len(line.strip()) > 25
    ]
    for page in (graded["run"] / "feedback").rglob("*.html"):
        text = page.read_text()
        for line in secret_lines:
            assert line not in text, (page, line)
        # Outside the student's own code (<pre>), which may mention anything:
        outside_code = re.sub(r"<pre>.*?</pre>", "", text, flags=re.S)
        assert "BEGIN HIDDEN TESTS" not in outside_code, page
        assert "ps00." not in outside_code, page
        assert not re.search(r"\d\.\d{5,}", outside_code), page


def test_bad_submissions_leave_others_unchanged_and_rerun_is_identical(
    graded, tmp_path
):
    """The controls graded alone score exactly as in the big run; twice, same
    files. With them, a student whose import fails: the error names the
    package's file, never the kernel's random folder, so no grader path
    reaches an output and a re-run stays byte-identical."""
    alone = tmp_path / "alone"
    write_submissions(alone, [e for e in CATALOGUE if e.name in CONTROLS])
    failing = "from mllesson import no_such_name\n\n" + SIGMOID
    folder = alone / "import-error" / ASSIGNMENT
    folder.mkdir(parents=True)
    (folder / f"{ASSIGNMENT}.ipynb").write_bytes(_bytes(notebook(failing)))
    (folder / "timestamp.txt").write_text("2026-11-20 12:00:00.000000 UTC\n")
    out = graded["tmp"] / "out"  # same grading secret as the big run
    first = _grade(alone, graded["course"], out)
    files = _checksums(first)
    second = _grade(alone, graded["course"], out)
    assert first == second and _checksums(second) == files
    problems = (first / "problems.csv").read_text()
    assert "no_such_name" in problems and "mllesson/__init__.py" in problems
    for path in first.rglob("*"):
        if path.is_file() and path.suffix in (".csv", ".md", ".html", ".jsonl"):
            text = path.read_text(errors="replace")
            assert not re.search(r"mlgrade-[a-z0-9_]{8}/", text), path
    mine = {
        (r["student_id"], r["grade_id"]): r["score"]
        for r in _rows(first / "task_scores.csv")
        if r["student_id"] in CONTROLS
    }
    big = {
        (r["student_id"], r["grade_id"]): r["score"]
        for r in _rows(graded["run"] / "task_scores.csv")
        if r["student_id"] in CONTROLS
    }
    assert mine == big
    assert first != graded["run"]  # another input, another run folder
    assert (graded["run"] / "grades.csv").is_file()  # the big run is untouched


def test_course_assignments_reuse_their_hidden_checks(tmp_path):
    """The real masters score full marks through the proxy; a blank scores 0.

    The grader runs each assignment's own test cells (``hiddenchecks``) on the
    trusted side; this is what makes sure every check can call a student
    function that lives in another process.
    """
    masters = sorted((ROOT / "solutions").glob("ps*/ps*.ipynb"))
    assert masters, "no assignments in solutions/"
    submissions = tmp_path / "submitted"
    # Each master is handed in by a student of the usual variant (the masters
    # are written in the course's conventions; every variant is graded in
    # test_variant_class.py).
    student = {m.parent.name: usual_student(m.parent.name, "master") for m in masters}
    for master in masters:
        folder = submissions / student[master.parent.name] / master.parent.name
        folder.mkdir(parents=True)
        folder.joinpath(master.name).write_bytes(master.read_bytes())
    blank = ROOT / "exercises" / masters[0].parent.name / masters[0].name
    folder = submissions / "blank" / masters[0].parent.name
    folder.mkdir(parents=True)
    folder.joinpath(blank.name).write_bytes(blank.read_bytes())
    run = _grade(submissions, ROOT, tmp_path / "out")
    scores = {
        (r["student_id"], r["assignment"]): (r["score"], r["max_score"])
        for r in _rows(run / "grades.csv")
    }
    for master in masters:
        got, best = scores[(student[master.parent.name], master.parent.name)]
        assert got == best, (master.parent.name, _rows(run / "problems.csv"))
    assert scores[("blank", masters[0].parent.name)][0] == "0.0"
    assert not _rows(run / "problems.csv")
