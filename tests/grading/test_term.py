"""One term of ps01 on a small class, command by command, as the instructors'
page walks it: release, grade, export, regrade, release feedback.

Two classes take ps01-hypothesis (worth 10; see ``term_class``):

- **A Canvas class**: the gradebook export and a "Download submissions" zip.
  Jane 10; Bob, marked late by Canvas, 6 (predict does not parse); Eve 10 but
  excused (EX) in Canvas; Sam 0 and not on the roster; Ann submits nothing,
  then late (3) after the first grading.
- **A JupyterHub class** through nbgrader's exchange (a local folder): alice on
  time (10); bob after the due date (6, 10 %/day of the 10 points possible
  for one started day: 5);
  carol after the due date with an extension (3, no penalty). Their grades
  go to Moodle (grading worksheet, usernames mapped to participants).

Every number checked below is worked out by hand from the task points, not
read from an earlier run.
"""

import csv
import json
import os
import resource
import shutil
import subprocess
import sys
import time
import zipfile
from datetime import timedelta
from pathlib import Path

import nbformat
import pytest

from mlgrade.sandbox.kernel import bwrap_available
from mlgrade.term.deadlines import parse_time

from .term_class import (
    ASSIGNMENT,
    CANVAS_COLUMN,
    CANVAS_DOWNLOAD,
    CANVAS_GRADEBOOK,
    CANVAS_LATE,
    EXCHANGE,
    MOODLE_MAP,
    MOODLE_WORKSHEET,
    NOTEBOOK,
    ROOT,
    submission,
)

pytestmark = pytest.mark.slow
BIN = Path(sys.executable).parent
TIMINGS = {}
#: Where the course under test is published (its _config.yml's html.baseurl).
SITE = "https://course.example.org/ml"


def _rows(path):
    with open(path, newline="") as fh:
        return list(csv.DictReader(fh))


def _run(args, cwd, what):
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    start = time.monotonic()
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    TIMINGS[what] = TIMINGS.get(what, 0.0) + time.monotonic() - start
    assert done.returncode == 0, (args, done.stdout[-3000:], done.stderr[-3000:])
    return done


def _mlgrade(module, *args, cwd):
    return _run([sys.executable, "-m", module, *map(str, args)], cwd, module)


def _nbgrader(*args, cwd, exchange, student=None):
    extra = [f"--Exchange.root={exchange}", "--course=mllesson"]
    if student:
        # each student has their own cache, as each has their own home
        cache = exchange.parent / "cache" / student
        extra += [f"--student={student}", f"--Exchange.cache={cache}"]
    return _run(
        [str(BIN / "nbgrader"), *args, *extra, "--log-level=WARN"], cwd, "nbgrader"
    )


def _canvas_zip(path, files):
    with zipfile.ZipFile(path, "w") as archive:
        for name, (right, replace) in files.items():
            archive.writestr(name, submission(right, replace))
    return path


@pytest.fixture(scope="module")
def term(tmp_path_factory):
    assert bwrap_available(), (
        "bubblewrap must be installed (scripts/install-bubblewrap.sh)"
    )
    tmp = tmp_path_factory.mktemp("term")
    course = tmp / "course"
    # A term without variants (they have tests of their own, test_variant_class).
    for part in [f"solutions/{ASSIGNMENT}", f"exercises/{ASSIGNMENT}", "hiddenchecks"]:
        ignore = shutil.ignore_patterns("variants.json")
        shutil.copytree(ROOT / part, course / part, ignore=ignore)
    for name in ["_config.yml", "_toc.yml", "nbgrader_config.py"]:
        shutil.copyfile(ROOT / name, course / name)
    # The course published at an address: feedback links to its pages.
    config = (course / "_config.yml").read_text()
    assert 'baseurl: ""' in config
    (course / "_config.yml").write_text(
        config.replace('baseurl: ""', f'baseurl: "{SITE}"', 1)
    )
    start = time.monotonic()
    # --- release --------------------------------------------------------------
    _mlgrade("mlgrade.term.release", ASSIGNMENT, "--course", course, cwd=course)
    exchange = tmp / "exchange"
    exchange.mkdir()
    _nbgrader("release_assignment", ASSIGNMENT, cwd=course, exchange=exchange)
    # --- the Canvas class -----------------------------------------------------
    (tmp / "gradebook.csv").write_text(CANVAS_GRADEBOOK)
    first = _canvas_zip(tmp / "submissions.zip", CANVAS_DOWNLOAD)
    common = ["--course", course, "--out", course / "grading", "--jobs", "2", "--quiet"]
    roster = ["--roster", tmp / "gradebook.csv"]
    _mlgrade("mlgrade", first, *common, *roster, cwd=course)
    canvas_1 = (course / "grading" / ASSIGNMENT / "latest").resolve()
    _mlgrade(
        "mlgrade.term.export",
        "--lms",
        "canvas",
        "--gradebook",
        tmp / "gradebook.csv",
        "--out",
        course / "grading",
        "--assignment",
        ASSIGNMENT,
        cwd=course,
    )
    exported_1 = (canvas_1 / "canvas-import.csv").read_text()
    # --- regrade: Ann's late file, and a manual adjustment for Bob ------------
    (course / "grading" / "overrides.csv").write_text(
        "student_id,assignment,grade_id,score,reason\n"
        "222,ps01-hypothesis,predict_values,2,one missing parenthesis; "
        "predict checked by hand\n"
    )
    second = _canvas_zip(tmp / "submissions-2.zip", {**CANVAS_DOWNLOAD, **CANVAS_LATE})
    _mlgrade("mlgrade", second, *common, *roster, "--incremental", cwd=course)
    canvas_2 = (course / "grading" / ASSIGNMENT / "latest").resolve()
    _mlgrade(
        "mlgrade.term.export",
        "--lms",
        "canvas",
        "--gradebook",
        tmp / "gradebook.csv",
        "--out",
        course / "grading",
        "--assignment",
        ASSIGNMENT,
        "--changed",
        cwd=course,
    )
    (course / "grading" / "overrides.csv").unlink()
    # --- the JupyterHub class, through nbgrader's exchange ----------------------
    homes = {}
    for student, right in EXCHANGE.items():
        home = tmp / "home" / student
        home.mkdir(parents=True)
        _nbgrader(
            "fetch_assignment", ASSIGNMENT, cwd=home, exchange=exchange, student=student
        )
        (home / ASSIGNMENT / NOTEBOOK).write_bytes(submission(right))
        homes[student] = home
    stamps = {}
    for student in EXCHANGE:  # in this order, a second apart: alice is on time
        _nbgrader(
            "submit", ASSIGNMENT, cwd=homes[student], exchange=exchange, student=student
        )
        time.sleep(1.2)
    _nbgrader("collect", ASSIGNMENT, cwd=course, exchange=exchange)
    submitted = course / "submitted"
    for student in EXCHANGE:
        stamp = (submitted / student / ASSIGNMENT / "timestamp.txt").read_text()
        stamps[student] = parse_time(stamp)
    due = stamps["alice"] + timedelta(seconds=0.5)
    extended = due + timedelta(days=1)
    (tmp / "extensions.csv").write_text(
        f"student_id,due\ncarol,{extended.isoformat()}\n"
    )
    (tmp / "worksheet.csv").write_text(MOODLE_WORKSHEET)
    (tmp / "map.csv").write_text(MOODLE_MAP)
    _mlgrade(
        "mlgrade",
        submitted,
        *common[:2],  # the hub's class is another course: its own grading folder
        "--out",
        course / "grading-hub",
        *common[4:],
        "--due",
        due.isoformat(),
        "--extensions",
        tmp / "extensions.csv",
        "--late-penalty",
        "10%/day",
        "--roster",
        tmp / "worksheet.csv",
        "--match",
        "map",
        "--map",
        tmp / "map.csv",
        cwd=course,
    )
    hub = (course / "grading-hub" / ASSIGNMENT / "latest").resolve()
    _mlgrade(
        "mlgrade.term.export",
        "--lms",
        "moodle",
        "--gradebook",
        tmp / "worksheet.csv",
        "--map",
        tmp / "map.csv",
        "--match",
        "map",
        "--run",
        hub,
        cwd=course,
    )
    feedback_dir = Path("grading-hub", ASSIGNMENT, "latest", "nbgrader-feedback")
    _nbgrader(
        "release_feedback",
        ASSIGNMENT,
        f"--CourseDirectory.feedback_directory={feedback_dir}",
        cwd=course,
        exchange=exchange,
    )
    for student, home in homes.items():
        _nbgrader(
            "fetch_feedback", ASSIGNMENT, cwd=home, exchange=exchange, student=student
        )
    TIMINGS["whole term"] = time.monotonic() - start
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    TIMINGS["CPU of all commands"] = used.ru_utime + used.ru_stime
    print("\ntimings (s):", {k: round(v, 1) for k, v in TIMINGS.items()})
    return {
        "tmp": tmp,
        "course": course,
        "canvas_1": canvas_1,
        "canvas_2": canvas_2,
        "exported_1": exported_1,
        "hub": hub,
        "homes": homes,
        "stamps": stamps,
        "due": due,
    }


# --- release -----------------------------------------------------------------


def test_release_writes_the_zip_the_exchange_folder_and_the_list(term):
    course = term["course"]
    released = (course / "exercises" / ASSIGNMENT / NOTEBOOK).read_bytes()
    # The committed release, but for the variant cell: this term has no variants.
    committed = nbformat.reads(
        (ROOT / "exercises" / ASSIGNMENT / NOTEBOOK).read_text(), as_version=4
    )
    committed.cells = [
        c for c in committed.cells if "variant" not in c.metadata.get("tags", [])
    ]
    assert nbformat.reads(released.decode(), as_version=4).cells == committed.cells
    with zipfile.ZipFile(course / "release" / f"{ASSIGNMENT}.zip") as archive:
        assert archive.namelist() == [f"{ASSIGNMENT}/{NOTEBOOK}"]
        assert archive.read(f"{ASSIGNMENT}/{NOTEBOOK}") == released
    assert (course / "released.txt").read_text() == f"{ASSIGNMENT}\n"
    fetched = term["homes"]["alice"] / ASSIGNMENT / "feedback"
    assert fetched.is_dir()  # alice fetched the assignment and her feedback


# --- the Canvas class --------------------------------------------------------

CANVAS_1 = f"""Student,ID,SIS User ID,SIS Login ID,Section,{CANVAS_COLUMN}
    Points Possible,,,,,10.00
"Doe, Jane",12345,S1001,jdoe,ML 101 A,10
"Roe, Bob",222,S1002,broe,ML 101 A,6
"Lee, Ann",333,S1003,alee,ML 101 B,
"Kim, Eve",444,S1004,ekim,ML 101 B,EX
"""
# Only the changed students: Bob's adjustment (6 + 2) and Ann's late file (3).
CANVAS_2 = f"""Student,ID,SIS User ID,SIS Login ID,Section,{CANVAS_COLUMN}
    Points Possible,,,,,10.00
"Roe, Bob",222,S1002,broe,ML 101 A,8
"Lee, Ann",333,S1003,alee,ML 101 B,3
"""


def test_canvas_export_is_what_canvas_imports(term):
    assert term["exported_1"] == CANVAS_1
    assert (term["canvas_2"] / "canvas-import.csv").read_text() == CANVAS_2


def test_canvas_export_reports_the_unmatched_late_and_excused(term):
    report = (term["canvas_1"] / "export-report.txt").read_text().splitlines()
    assert report == [
        f"canvas-import.csv: {ASSIGNMENT}, students matched by id",
        "not in the roster (not exported): 555",
        "marked late by the LMS: 222 (Canvas applies its own late policy)",
        "Eve Kim (444) is excused (EX) in Canvas: not overwritten",
    ]


def test_canvas_grades_csv_names_everyone_on_the_roster(term):
    rows = {r["student_id"]: r for r in _rows(term["canvas_1"] / "grades.csv")}
    # graded: 12345, 222, 444, 555; on the roster, not submitted: 333 (and
    # Canvas's test student, 999999, is left out)
    assert {s: r["score"] for s, r in rows.items()} == {
        "12345": "10.0",
        "222": "6.0",
        "444": "10.0",
        "555": "0.0",
        "333": "0.0",
    }
    assert (rows["12345"]["last_name"], rows["12345"]["first_name"]) == ("Doe", "Jane")
    assert rows["555"]["last_name"] == ""  # not guessed
    assert {r["late_submission_penalty"] for r in rows.values()} == {"0.0"}
    problems = [
        (p["student_id"], p["problem"])
        for p in _rows(term["canvas_1"] / "problems.csv")
    ]
    assert ("222", "late (LMS flag)") in problems
    assert ("555", "not in roster") in problems


def test_feedback_page_names_cites_and_links(term):
    page = (term["canvas_1"] / "feedback" / "222" / f"{ASSIGNMENT}.html").read_text()
    assert "Student: Jane Doe" not in page and "Student: Bob Roe" in page
    assert "<h1>Problem set 1: the hypothesis: 6 / 10</h1>" in page
    assert "Task 3: predictions" in page and "predict_values</td>" not in page
    # the syntax error: once, in the cell the student sees, no kernel file name
    assert page.count("SyntaxError") == 1, page
    released = json.loads(submission(("sigmoid", "hypothesis"), {"predict": "x"}))
    number = 1 + next(
        i
        for i, c in enumerate(released["cells"])
        if c["metadata"].get("nbgrader", {}).get("grade_id") == "predict"
    )
    assert (
        f"in cell {number} of your notebook (counting from the top), "
        "your answer to Task 3: predictions" in page
    )
    assert ".py, line" not in page
    assert (
        f'href="{SITE}/book/01-hypothesis.html#from-a-probability-to-a-class"'
    ) in page
    assert "Canvas applies its own late policy" in page


def test_feedback_upload_zip_keeps_canvas_names(term):
    with zipfile.ZipFile(term["canvas_1"] / "feedback-upload.zip") as archive:
        names = sorted(archive.namelist())
        page = archive.read("roebob_LATE_222_67891_ps01-hypothesis.html").decode()
    assert names == sorted(n.replace(".ipynb", ".html") for n in CANVAS_DOWNLOAD)
    assert (
        page
        == (term["canvas_1"] / "feedback" / "222" / f"{ASSIGNMENT}.html").read_text()
    )


def test_regrade_changes_overrides_and_incremental(term):
    changes = _rows(term["canvas_2"] / "changes.csv")
    assert changes == [
        {
            "student_id": "222",
            "assignment": ASSIGNMENT,
            "old_score": "6.0",
            "new_score": "8.0",
            "tasks": "predict_values 0.0 -> 2.0",
        },
        {
            "student_id": "333",
            "assignment": ASSIGNMENT,
            "old_score": "0.0",
            "new_score": "3.0",
            "tasks": "first graded",
        },
    ]
    history = _rows(term["course"] / "grading" / ASSIGNMENT / "history.csv")
    runs = [h["run_id"] for h in history]
    assert runs[:2] == [term["canvas_1"].name, term["canvas_2"].name]
    assert [h["reused"] for h in history[:2]] == ["0", "4"]  # only Ann was graded
    problems = _rows(term["canvas_2"] / "problems.csv")
    assert {
        "student_id": "222",
        "assignment": ASSIGNMENT,
        "problem": "manual adjustment",
        "detail": "predict_values: 0 -> 2 (one missing parenthesis; predict "
        "checked by hand)",
    } in problems
    page = (term["canvas_2"] / "feedback" / "222" / f"{ASSIGNMENT}.html").read_text()
    assert "Adjusted by your instructor" in page and "8 / 10" in page
    meta = json.loads((term["canvas_2"] / "run.json").read_text())
    assert meta["assignments"] == [ASSIGNMENT] and meta["input_kind"] == "lms"
    assert meta["input"].endswith("submissions-2.zip")
    assert meta["options"]["incremental"] is True and meta["options"]["overrides"] == 1
    assert meta["checks_version"] and "graded_at" in meta


# --- the JupyterHub class ----------------------------------------------------


def test_exchange_grades_with_deadlines(term):
    rows = {r["student_id"]: r for r in _rows(term["hub"] / "grades.csv")}
    assert {
        s: (r["raw_score"], r["late_submission_penalty"], r["score"])
        for s, r in rows.items()
    } == {
        "alice": ("10.0", "0.0", "10.0"),
        "bob": ("6.0", "1.0", "5.0"),  # 10 % of the 10 points possible
        "carol": ("3.0", "0.0", "3.0"),
        "dan": ("0.0", "0.0", "0.0"),  # on the worksheet, no submission
    }
    due = term["due"].replace(tzinfo=None).isoformat(sep=" ")
    assert rows["alice"]["duedate"] == rows["bob"]["duedate"] == due
    assert rows["carol"]["duedate"] == (term["due"] + timedelta(days=1)).replace(
        tzinfo=None
    ).isoformat(sep=" ")
    assert rows["bob"]["email"] == "bob@example.edu"
    for student in ("alice", "bob", "carol"):
        assert rows[student]["timestamp"].endswith("UTC")
    page = (term["hub"] / "feedback" / "bob" / f"{ASSIGNMENT}.html").read_text()
    assert "5 / 10 (6 before the late penalty of 1)" in page
    assert "late penalty 10%/day: 10% of the 10 points possible: -1 points" in page


MOODLE = """Email address,ps01-hypothesis,ps01-hypothesis feedback
alice@example.edu,10,10 / 10. Details in your feedback file.
bob@example.edu,5,5 / 10 after a late penalty of 1. Not yet right: not \
attempted in Task 3: predictions. Details in your feedback file.
carol@example.edu,3,3 / 10. Not yet right: not attempted in Task 2: the \
hypothesis; not attempted in Task 3: predictions. Details in your feedback file.
dan@example.edu,,No submission.
"""


def test_moodle_export(term):
    assert (term["hub"] / "moodle-import.csv").read_text() == MOODLE


def test_feedback_released_and_fetched_through_the_exchange(term):
    for student, home in term["homes"].items():
        fetched = list((home / ASSIGNMENT / "feedback").glob(f"*/{ASSIGNMENT}.html"))
        assert len(fetched) == 1, (student, fetched)
        ours = term["hub"] / "feedback" / student / f"{ASSIGNMENT}.html"
        assert fetched[0].read_text() == ours.read_text()
        assert (
            "Student: "
            + {"alice": "Alice Ames", "bob": "Bob Burns", "carol": "Carol Chen"}[
                student
            ]
            in ours.read_text()
        )


def test_the_book_lists_only_released_assignments(term, tmp_path):
    """The Assignments page's listing code, run on the course copy."""
    text = (ROOT / "book" / "assignments.md").read_text()
    code = text.split("```{code-cell} ipython3")[1].split("```")[0]
    code = "\n".join(line for line in code.splitlines() if not line.startswith(":"))
    book = term["course"] / "book"
    book.mkdir(exist_ok=True)
    # What the page's code reads besides the notebooks: the site's addresses
    # (book/_ext), the package's version and the chapters.
    shutil.copytree(ROOT / "book" / "_ext", book / "_ext", dirs_exist_ok=True)
    shutil.copyfile(ROOT / "pyproject.toml", term["course"] / "pyproject.toml")
    (term["course"] / "_toc.yml").write_text("- file: book/01-hypothesis\n")
    shutil.copytree(ROOT / "exercises", tmp_path / "all")
    for other in (tmp_path / "all").iterdir():  # every notebook in exercises/
        if other.name != ASSIGNMENT:
            shutil.copytree(other, term["course"] / "exercises" / other.name)
    cwd = os.getcwd()
    os.chdir(book)
    try:
        namespace = {}
        exec(compile(code, "assignments.md", "exec"), namespace)
    finally:
        os.chdir(cwd)
    listed = [n.parent.name for n in namespace["notebooks"]]
    assert listed == [ASSIGNMENT]
    assert "Problem set 1" in str(namespace["text"])
    (term["course"] / "released.txt").write_text(
        f"{ASSIGNMENT}\nps03-gradient-descent\n"
    )
    os.chdir(book)
    try:
        namespace = {}
        exec(compile(code, "assignments.md", "exec"), namespace)
    finally:
        os.chdir(cwd)
        (term["course"] / "released.txt").write_text(f"{ASSIGNMENT}\n")
    assert [n.parent.name for n in namespace["notebooks"]] == [
        ASSIGNMENT,
        "ps03-gradient-descent",
    ]
