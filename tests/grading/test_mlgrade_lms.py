"""An LMS download (Canvas zip, Moodle folder) grades like nbgrader's layout.

The same two notebooks (the fixture's correct and blank submissions) are
graded three ways: in nbgrader's layout, as a Canvas "download all
submissions" zip and as an unpacked Moodle download. The student ids come
from the file names, so all three give the same grades, byte for byte. The
fast tests below the graded ones run nbgrader's zip_collect only, no kernel.
"""

import hashlib
import zipfile
from pathlib import Path

import pytest

from mlgrade.__main__ import main
from mlgrade.classrun.lms import (
    DEFAULT_REGEXP,
    SubmissionsError,
    check_regexp,
    open_submissions,
)
from mlgrade.grading.course import load_course
from mlgrade.sandbox.kernel import bwrap_available

from .fixture_course import ASSIGNMENT, CATALOGUE, write_course
from .test_mlgrade_e2e import ROOT, _checksums, _grade, _rows

NOTEBOOK = f"{ASSIGNMENT}.ipynb"
BY_NAME = {e.name: e.files[NOTEBOOK] for e in CATALOGUE if NOTEBOOK in e.files}
CORRECT, BLANK = BY_NAME["correct"], BY_NAME["blank"]

CANVAS = {
    f"doejane_12345_67890_{NOTEBOOK}": CORRECT,
    f"roebob_LATE_222_333_{NOTEBOOK}": BLANK,
    "notes-without-a-student.ipynb": CORRECT,
    "doejane_12345_67890_report.pdf": b"%PDF-1.4",
}
MOODLE = {
    f"Jane Doe_12345_assignsubmission_file_/{NOTEBOOK}": CORRECT,
    f"Bob Roe_222_assignsubmission_file_{NOTEBOOK}": BLANK,
}


def _write_zip(path, files):
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return path


def _write_tree(root, files):
    for name, data in files.items():
        path = Path(root, name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return Path(root)


def _tree_hash(path):
    path = Path(path)
    if path.is_file():
        return hashlib.sha256(path.read_bytes()).hexdigest()
    return _checksums(path)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    assert bwrap_available(), (
        "bubblewrap must be installed (scripts/install-bubblewrap.sh)"
    )
    tmp = tmp_path_factory.mktemp("lms")
    course = write_course(tmp / "course")
    nbgrader = _write_tree(
        tmp / "submitted",
        {
            f"12345/{ASSIGNMENT}/{NOTEBOOK}": CORRECT,
            f"222/{ASSIGNMENT}/{NOTEBOOK}": BLANK,
        },
    )
    canvas = _write_zip(tmp / "submissions.zip", CANVAS)
    moodle = _write_tree(tmp / "moodle-download", MOODLE)
    inputs = {"canvas": canvas, "moodle": moodle}
    before = {k: _tree_hash(v) for k, v in inputs.items()}
    out = tmp / "out"
    runs, files = {}, {}  # files: each run's checksums, right after it
    for kind, submissions in [*inputs.items(), ("nbgrader", nbgrader)]:
        runs[kind] = _grade(submissions, course, out)
        files[kind] = _checksums(runs[kind])
    runs["canvas-again"] = _grade(canvas, course, out)
    return {"runs": runs, "files": files, "inputs": inputs, "before": before}


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["canvas", "moodle"])
def test_download_grades_like_nbgrader_layout(graded, kind):
    """Full marks and zero, for the ids in the file names, as in nbgrader's layout."""
    run, reference = graded["runs"][kind], graded["runs"]["nbgrader"]
    scores = {r["student_id"]: r["score"] for r in _rows(run / "grades.csv")}
    assert scores == {"12345": "5.0", "222": "0.0"}
    mine, theirs = graded["files"][kind], graded["files"]["nbgrader"]
    differ = {n for n in mine.keys() | theirs.keys() if mine.get(n) != theirs.get(n)}
    # The download's file names (for feedback-upload.zip) are part of the run.
    expected = {"run.json", "feedback-upload.zip"}
    if kind == "canvas":  # an unmatched file, Bob's _LATE_ flag
        # dashboard.html lists the problems too
        expected |= {"problems.csv", "summary.md", "dashboard.html"}
        expected |= {"feedback/222/ps00-fixture.html"}
    assert run != reference and differ == expected
    # Each is the first run of its own source (history is kept per source): the
    # same changes.csv, never one against another source's run.
    assert mine["changes.csv"] == theirs["changes.csv"]
    assert "feedback/12345/ps00-fixture.html" in mine


@pytest.mark.slow
def test_unmatched_file_is_reported(graded):
    problems = _rows(graded["runs"]["canvas"] / "problems.csv")
    assert ("222", ASSIGNMENT, "late (LMS flag)") in [
        (p["student_id"], p["assignment"], p["problem"]) for p in problems
    ]
    problems = [p for p in problems if p["problem"] != "late (LMS flag)"]
    assert [(p["student_id"], p["assignment"], p["problem"]) for p in problems] == [
        ("", ASSIGNMENT, "unmatched file")
    ] * 2
    assert [p["detail"] for p in problems] == [
        "submissions/doejane_12345_67890_report.pdf (not a notebook)",
        "submissions/notes-without-a-student.ipynb "
        "(file name does not match the LMS pattern)",
    ]
    summary = (graded["runs"]["canvas"] / "summary.md").read_text()
    assert "notes-without-a-student.ipynb" in summary
    assert not _rows(graded["runs"]["moodle"] / "problems.csv")


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["canvas", "moodle"])
def test_download_never_modified(graded, kind):
    assert _tree_hash(graded["inputs"][kind]) == graded["before"][kind]


@pytest.mark.slow
def test_same_zip_twice_same_run_and_files(graded):
    """Same run folder, same files; no temporary path in any of them."""
    first, again = graded["runs"]["canvas"], graded["runs"]["canvas-again"]
    assert first == again
    assert _checksums(again) == graded["files"]["canvas"]
    for path in again.rglob("*"):
        if path.is_file():
            assert b"mlgrade-lms-" not in path.read_bytes(), path


# --- zip_collect only: no kernel -------------------------------------------------


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = write_course(tmp_path_factory.mktemp("course") / "course")
    return load_course(str(root))


def _collected(download, course, **kwargs):
    with open_submissions(download, course, **kwargs) as found:
        files = {
            str(p.relative_to(found.folder)): p.read_bytes()
            for p in sorted(found.folder.rglob("*"))
            if p.is_file()
        }
        return found.assignment, files, found.unmatched


@pytest.mark.parametrize(
    ("name", "student", "file_id", "timestamp"),
    [
        ("doejane_12345_67890_ps01-hypothesis.ipynb", "12345", "ps01-hypothesis", None),
        (
            "doejane_LATE_12345_67890_ps01-hypothesis.ipynb",
            "12345",
            "ps01-hypothesis",
            None,
        ),
        ("Jane Doe_12345_assignsubmission_file_ps01.ipynb", "12345", "ps01", None),
        ("Jane Doe_12345_assignsubmission_file_/ps01.ipynb", "12345", "ps01", None),
        (
            "PS 01_jdoe_attempt_2026-11-20-12-00-00_ps01.ipynb",
            "jdoe",
            "ps01",
            "2026-11-20-12-00-00",
        ),
    ],
)
def test_default_pattern_reads_lms_names(name, student, file_id, timestamp):
    """Canvas, Moodle (flat or foldered) and Blackboard names, inside a download."""
    match = check_regexp(DEFAULT_REGEXP).match(f"download/{name}")
    assert match["student_id"] == student
    assert match["file_id"] == f"{file_id}.ipynb"
    assert match["timestamp"] == timestamp


def test_download_folder_of_loose_files(course, tmp_path):
    """Canvas files unpacked by hand; the notebook names give the assignment."""
    download = _write_tree(tmp_path / "downloads", CANVAS)
    assignment, files, unmatched = _collected(download, course)
    assert assignment == ASSIGNMENT
    assert files == {
        f"12345/{ASSIGNMENT}/{NOTEBOOK}": CORRECT,
        f"222/{ASSIGNMENT}/{NOTEBOOK}": BLANK,
    }
    assert unmatched == [
        ("downloads/doejane_12345_67890_report.pdf", "not a notebook"),
        (
            "downloads/notes-without-a-student.ipynb",
            "file name does not match the LMS pattern",
        ),
    ]


def test_blackboard_attempt_time_becomes_timestamp(course, tmp_path):
    name = f"PS 00_jdoe_attempt_2026-11-20-12-00-00_{NOTEBOOK}"
    download = _write_zip(tmp_path / "gradebook.zip", {name: CORRECT})
    _, files, _ = _collected(download, course)
    assert files[f"jdoe/{ASSIGNMENT}/timestamp.txt"] == b"2026-11-20 12:00:00"


def test_assignment_from_the_download_name(course, tmp_path):
    """Renamed notebooks: the zip's name (ps00) says which assignment it is."""
    download = _write_zip(
        tmp_path / "ML course-PS00 submissions.ZIP",
        {"doejane_12345_67890_my-work.ipynb": CORRECT},
    )
    assignment, files, _ = _collected(download, course)
    assert assignment == ASSIGNMENT
    assert set(files) == {f"12345/{ASSIGNMENT}/my-work.ipynb"}


def test_custom_regexp_and_assignment(course, tmp_path):
    download = _write_zip(tmp_path / "x.zip", {"s-77-answers.ipynb": CORRECT})
    regexp = r".*/s-(?P<student_id>\d+)-(?P<file_id>.+)"
    assignment, files, _ = _collected(
        download, course, assignment="ps99-other", regexp=regexp
    )
    assert assignment == "ps99-other"
    assert set(files) == {"77/ps99-other/answers.ipynb"}


@pytest.mark.parametrize(
    ("regexp", "message"),
    [
        (r"(?P<student_id>\w+)_(?P<name>.+)", r"file_id missing"),
        (r"(?P<file_id>.+)", r"student_id missing"),
        (r"(?P<student_id>\w+", r"not a valid regular expression"),
    ],
)
def test_bad_regexp_is_a_clear_error(tmp_path, capsys, regexp, message):
    download = _write_zip(tmp_path / "submissions.zip", CANVAS)
    before = _tree_hash(download)
    argv = [str(download), "--lms-regexp", regexp, "--course", str(ROOT)]
    with pytest.raises(SystemExit) as exit_:
        main([*argv, "--out", str(tmp_path / "out"), "--no-sandbox", "--quiet"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("mlgrade: --lms-regexp ") and message in err
    assert _tree_hash(download) == before


def _fails(download, course, match, **kwargs):
    with pytest.raises(SubmissionsError, match=match):
        _collected(download, course, **kwargs)


def test_missing_path(course, tmp_path):
    _fails(tmp_path / "nowhere.zip", course, r"no such file or folder: .*nowhere")


def test_unreadable_zip(course, tmp_path):
    download = tmp_path / "submissions.zip"
    download.write_bytes(b"PK\x03\x04 this is not a zip")
    _fails(download, course, r"submissions.zip is not a readable archive")


def test_broken_zip_inside_the_download(course, tmp_path):
    """One student's broken archive is that student's problem; the others
    are collected."""
    files = {"doejane_1_2_work.zip": b"nope", f"roebob_222_3_{NOTEBOOK}": CORRECT}
    download = _write_tree(tmp_path / "downloads", files)
    with open_submissions(download, course) as found:
        assert found.problems == [
            (
                "",
                "not unpacked",
                "downloads/doejane_1_2_work: not a readable archive (BadZipFile)",
            )
        ]
        assert (found.folder / "222" / ASSIGNMENT / NOTEBOOK).read_bytes() == CORRECT
    alone = _write_tree(tmp_path / "alone", {"doejane_1_2_work.zip": b"nope"})
    _fails(alone, course, r"no notebooks found .*/doejane_1_2_work: not a readable")


def test_no_notebooks_found(course, tmp_path):
    download = _write_zip(tmp_path / "submissions.zip", {"readme.txt": b"hi"})
    _fails(
        download,
        course,
        r"no notebooks found .* \(1 files skipped: submissions/readme.txt\)",
    )


def test_unknown_assignment_asks_for_one(course, tmp_path):
    download = _write_zip(
        tmp_path / "submissions.zip", {"doejane_12345_67890_work.ipynb": CORRECT}
    )
    _fails(
        download,
        course,
        r"cannot tell which assignment submissions.zip is \(no name or notebook "
        r"matches solutions/\); pass --assignment NAME \(one of: ps00-fixture, "
        r"ps99-other\)",
    )
    _fails(
        download, course, r"--assignment 'ps42' is not in solutions/", assignment="ps42"
    )


def test_nbgrader_layout_takes_no_lms_options(course, tmp_path):
    """Used as it is, even with a notebook astray at a student's top level."""
    tree = {f"a/{ASSIGNMENT}/{NOTEBOOK}": CORRECT, "b/stray.ipynb": BLANK}
    folder = _write_tree(tmp_path / "submitted", tree)
    assignment, files, unmatched = _collected(folder, course)
    assert (assignment, unmatched) == ("", [])
    assert files == tree
    _fails(folder, course, r"in nbgrader's layout", regexp=DEFAULT_REGEXP)
    _fails(folder, course, r"in nbgrader's layout", assignment=ASSIGNMENT)
