"""nbgrader autograde and mlgrade on the grader's catalogue, cell by cell.

Every catalogue entry that nbgrader can grade safely is graded by both, with
the course's nbgrader configuration (``mlgrade.authoring.nbgrader_plugins``).
Where the two differ, the entry must be in :data:`NBGRADER_CANNOT_MATCH`
with the reason, which the instructors' page repeats; an entry listed there
that now agrees fails the test, so the list stays true.
"""

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .fixture_course import ASSIGNMENT, CATALOGUE, write_course

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent

#: Not given to nbgrader at all: its kernel has no limits and the grader's rights.
NOT_RUN = {
    "memory": "no memory limit: it would take the grading machine's memory",
    "reads-hidden": "reads the grader's disk: it finds the hidden checks and the "
    "reference, and scanning the disk takes minutes",
}

#: Where nbgrader cannot give mlgrade's score, and why.
_SAME_KERNEL = "the hidden tests run in the student's kernel, after its code"
NBGRADER_CANNOT_MATCH = {
    "calls-reference": "the student's kernel has the real mllesson to call",
    "calls-alias": "the student's kernel has the real mllesson to call",
    "detects-grading": "the student's kernel has the real mllesson to call",
    "patches-reference": _SAME_KERNEL,
    "patches-numpy": _SAME_KERNEL,
    "patches-builtins": _SAME_KERNEL,
    "shadows-at-runtime": _SAME_KERNEL,
    "ipython-hooks": _SAME_KERNEL,
    "os-exit": "a dead kernel costs every later cell, not only its task",
    "segfault": "a dead kernel costs every later cell, not only its task",
    "deleted-tests": "deleted test cells are not graded",
    "renamed": "a notebook under another name is not graded",
    "no-notebook": "nbgrader records no grade at all",
}

#: Submissions nbgrader fails on (the run stops, or skips them); an instructor
#: must set them aside by hand. mlgrade grades or reports each.
NBGRADER_FAILS_ON = {
    "edited-tests": "test cells duplicated",
    "malformed": "not a readable notebook",
    "truncated": "not a readable notebook",
    "wrong-assignment": "another assignment's notebook",
    "renamed": "a notebook under another name",
    "no-notebook": "no notebook",
}

CONFIG = """\
c = get_config()
c.CourseDirectory.course_id = "mllesson-catalogue"
c.CourseDirectory.root = {root!r}
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"
c.ExecutePreprocessor.timeout = 10
import sys
sys.path.insert(0, {repo!r})
from mlgrade.authoring.nbgrader_plugins import configure
configure(c)
"""


def _env(course):
    env = dict(os.environ)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONPATH"] = os.pathsep.join([str(course), str(ROOT)])
    return env


def _nbgrader(course, *args):
    cmd = [str(BIN / "nbgrader"), *args, "--log-level=WARN"]
    return subprocess.run(
        cmd, cwd=course, env=_env(course), capture_output=True, text=True, timeout=900
    )


def _nbgrader_scores(course):
    from nbgrader.api import Gradebook, MissingEntry

    out = {}
    with Gradebook(f"sqlite:///{course}/gradebook.db") as gb:
        for entry in CATALOGUE:
            try:
                nb = gb.find_submission_notebook(ASSIGNMENT, ASSIGNMENT, entry.name)
            except MissingEntry:
                continue
            out[entry.name] = {g.name: g.score for g in nb.grades}
    return out


def _mlgrade_scores(run):
    """mlgrade's cell scores from a run folder: {student: {grade_id: score}}."""
    scores = {}
    with open(run / "task_scores.csv", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["assignment"] == ASSIGNMENT:
                cells = scores.setdefault(row["student_id"], {})
                cells[row["grade_id"]] = float(row["score"])
    return scores


def _autograde_all(course):
    """Autograde every submission; nbgrader stops the whole run at some.

    Such a submission is set aside (its name is returned) and the run goes
    on with the rest, as an instructor would have to do by hand.
    """
    stopped, logs = [], []
    while True:
        proc = _nbgrader(course, "autograde", ASSIGNMENT)
        logs.append(proc.stderr)
        graded = {p.name for p in (course / "autograded").iterdir()}
        left = sorted(
            p.name for p in (course / "submitted").iterdir() if p.name not in graded
        )
        if proc.returncode == 0 or not left:
            return stopped, "\n".join(logs)
        stopped.append(left[0])  # nbgrader goes through the students in order
        shutil.rmtree(course / "submitted" / left[0])


@pytest.fixture(scope="module")
def both(tmp_path_factory, graded_catalogue):
    tmp = tmp_path_factory.mktemp("agreement")
    course = write_course(tmp / "course")
    (course / "nbgrader_config.py").write_text(
        CONFIG.format(root=str(course), repo=str(ROOT))
    )
    proc = _nbgrader(course, "generate_assignment", ASSIGNMENT, "--force")
    assert proc.returncode == 0, proc.stderr
    for entry in CATALOGUE:
        if entry.name in NOT_RUN:
            continue
        folder = course / "submitted" / entry.name / ASSIGNMENT
        folder.mkdir(parents=True)
        for name, data in entry.files.items():
            (folder / name).write_bytes(data)
    stopped, log = _autograde_all(course)
    # mlgrade's grades of the same catalogue come from the end-to-end test's
    # run (same limits), so that the catalogue is graded by mlgrade once.
    ml = _mlgrade_scores(graded_catalogue["run"])
    return _nbgrader_scores(course), ml, log, stopped


def test_both_graders_agree_cell_by_cell_or_say_why_not(both):
    nb, ml, _, stopped = both
    agree, differ = 0, {}
    for entry in CATALOGUE:
        if entry.name in NOT_RUN:
            continue
        ours, theirs = ml.get(entry.name), nb.get(entry.name)
        if ours == theirs:
            agree += len(ours or {})
        else:
            differ[entry.name] = (theirs, ours)
    print(f"catalogue: {agree} grade cells agree; not graded by nbgrader: {stopped}")
    for name, (theirs, ours) in differ.items():
        print(f"  {name}: nbgrader {theirs}, mlgrade {ours}")
    assert sorted(stopped) == sorted(NBGRADER_FAILS_ON)
    assert differ.keys() == NBGRADER_CANNOT_MATCH.keys(), differ


def test_no_checksum_warning_on_untouched_test_cells(both):
    log = both[2]
    # Only the entries that edit or delete test cells may be reported.
    lines = [line for line in log.splitlines() if "checksum" in line]
    assert all("has changed" in line for line in lines)
    assert len(lines) <= 6, lines
