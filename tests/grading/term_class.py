"""A small class for one term of ps01, and the LMS files around it.

The LMS files are written from the formats' own code and documentation:

- Canvas's gradebook export (``lib/gradebook_importer.rb`` reads it back):
  identity columns ``Student, ID, SIS User ID, SIS Login ID, Section``, one
  column ``<title> (<id>)`` per assignment, the totals, a ``Points Possible``
  row, ``EX`` for an excused student, Canvas's test student.
- Canvas's "Download submissions" names: ``<name>_[LATE_]<user id>_<file id>_
  <file name>`` (Canvas's re-upload reads the first two numbers back).
- Moodle's grading worksheet: ``Identifier`` ``Participant N``, ``Full name``,
  ``Email address``, ``Maximum Grade``...

ps01-hypothesis is worth 10: sigmoid 3 (values 1, stable 1, vectorised 1),
hypothesis 3 (values 2, vectorised 1), predict 4 (values 2, threshold 1,
labels 1). The submissions below answer whole tasks right or not at all, so
every score is a sum of those numbers.
"""

import copy
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]
ASSIGNMENT = "ps01-hypothesis"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"
TASKS = {"sigmoid": 3.0, "hypothesis": 3.0, "predict": 4.0}

#: A syntax error in the predict answer's third line.
BROKEN_PREDICT = (
    "def predict(theta, X, threshold=0.5):\n"
    "    p = hypothesis(theta, X)\n"
    "    return (p >= threshold).astype(int\n"
)


def _answers():
    master = nbformat.read(ROOT / "solutions" / ASSIGNMENT / NOTEBOOK, as_version=4)
    out = {}
    for cell in master.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution"):
            out[meta["grade_id"]] = cell.source
    return out


def submission(right=(), replace=None):
    """The released notebook with the master's answers for the tasks in
    ``right``; ``replace`` maps an answer's grade_id to other code."""
    released = nbformat.read(ROOT / "exercises" / ASSIGNMENT / NOTEBOOK, as_version=4)
    nb = copy.deepcopy(released)
    answers = _answers()
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid in right:
            cell.source = answers[gid]
        if replace and gid in replace:
            cell.source = replace[gid]
    return nbformat.writes(nb).encode()


def score(right):
    return sum(TASKS[t] for t in right)


CANVAS_COLUMN = "PS01 The hypothesis (4711)"
_CANVAS_HEADER = ",".join(
    ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", CANVAS_COLUMN]
    + ["PS02 The cost (4712)", "Current Score", "Unposted Current Score"]
    + ["Final Score", "Unposted Final Score"]
)
CANVAS_GRADEBOOK = f"""{_CANVAS_HEADER}
    Points Possible,,,,,10.00,12.00,(read only),(read only),(read only),(read only)
"Doe, Jane",12345,S1001,jdoe,ML 101 A,,,,,,
"Roe, Bob",222,S1002,broe,ML 101 A,,,,,,
"Lee, Ann",333,S1003,alee,ML 101 B,,,,,,
"Kim, Eve",444,S1004,ekim,ML 101 B,EX,,,,,
"Student, Test",999999,,,ML 101 A,,,,,,
"""

#: Canvas's download: file name -> (tasks answered right, other answers)
CANVAS_DOWNLOAD = {
    f"doejane_12345_67890_{NOTEBOOK}": (("sigmoid", "hypothesis", "predict"), None),
    f"roebob_LATE_222_67891_{NOTEBOOK}": (
        ("sigmoid", "hypothesis"),
        {"predict": BROKEN_PREDICT},
    ),
    f"kimeve_444_67892_{NOTEBOOK}": (("sigmoid", "hypothesis", "predict"), None),
    f"smithsam_555_67893_{NOTEBOOK}": ((), None),  # not on the roster
}
#: Handed in late, after the first grading.
CANVAS_LATE = {f"leeann_LATE_333_67894_{NOTEBOOK}": (("sigmoid",), None)}

_MOODLE_HEADER = ",".join(
    ["Identifier", "Full name", "Email address", "Status", "Grade", "Maximum Grade"]
    + ["Grade can be changed", "Last modified (submission)"]
    + ["Last modified (grade)", "Feedback comments"]
)
MOODLE_WORKSHEET = f"""{_MOODLE_HEADER}
Participant 501,Alice Ames,alice@example.edu,Submitted for grading,,10.00,Yes,,-,
Participant 502,Bob Burns,bob@example.edu,Submitted for grading,,10.00,Yes,,-,
Participant 503,Carol Chen,carol@example.edu,Submitted for grading,,10.00,Yes,,-,
Participant 504,Dan Diaz,dan@example.edu,No submission,,10.00,Yes,-,-,
"""
#: JupyterHub usernames -> Moodle participant numbers
MOODLE_MAP = "student_id,lms_id\nalice,501\nbob,502\ncarol,503\ndan,504\n"

#: The exchange class: username -> tasks answered right.
EXCHANGE = {
    "alice": ("sigmoid", "hypothesis", "predict"),  # on time
    "bob": ("sigmoid", "hypothesis"),  # late: 10 %/day, one started day
    "carol": ("sigmoid",),  # late, but has an extension
}
