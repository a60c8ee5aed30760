"""History per source: a term graded through the hub's exchange and through
two Canvas sections keeps each route's runs, ``--incremental``,
``changes.csv`` and overrides apart.

The fixture course's ``ps00-fixture`` is worth 5 (sigmoid 2 + 1, hypothesis
2). A blank sigmoid scores 2: the hypothesis uses the package's own sigmoid.
Every expected number below is worked out from those points by hand.
"""

import csv
import json

import pytest

from mlgrade.classrun.run import RunOptions, grade_class
from mlgrade.sandbox.kernel import Limits, bwrap_available
from mlgrade.term import export, history
from mlgrade.term.context import TermOptions

from .fixture_course import ASSIGNMENT, BLANK_SIGMOID, SIGMOID, _answers, write_course

pytestmark = pytest.mark.slow
LIMITS = Limits(wall=30, step=8)


def _rows(path):
    with open(path, newline="") as fh:
        return list(csv.DictReader(fh))


def _hub(folder, notebooks):
    """nbgrader's layout: <student>/<assignment>/<assignment>.ipynb."""
    for student, data in notebooks.items():
        path = folder / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return folder


def _canvas(folder, notebooks):
    """A Canvas download, unpacked: <name>_<user id>_<submission id>_<file>."""
    folder.mkdir(parents=True)
    for n, (student, data) in enumerate(notebooks.items()):
        (folder / f"student{n}_{student}_{9000 + n}_{ASSIGNMENT}.ipynb").write_bytes(
            data
        )
    return folder


def _grade(course, submissions, out, source=None):
    """A run with --incremental; a named source is a Canvas section's."""
    assert bwrap_available(), "bubblewrap is needed (scripts/install-bubblewrap.sh)"
    options = RunOptions(
        limits=LIMITS,
        jobs=2,
        progress=False,
        assignment=ASSIGNMENT if source else None,
        term=TermOptions(incremental=True, source=source or ""),
    )
    return grade_class(submissions, course, out, options)


def _reused(out, run):
    rows = history.runs_of(out, ASSIGNMENT)
    return int(next(r for r in reversed(rows) if r["run_id"] == run.name)["reused"])


def _changes(run):
    return {
        r["student_id"]: (r["old_score"], r["new_score"])
        for r in _rows(run / "changes.csv")
    }


def _not_applied(run):
    return sorted(
        r["student_id"]
        for r in _rows(run / "problems.csv")
        if r["problem"] == "override not applied"
    )


@pytest.fixture(scope="module")
def term(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("sources")
    course = write_course(tmp / "course")
    right, blank = _answers(SIGMOID), _answers(BLANK_SIGMOID)
    out = tmp / "grading"
    runs = {}
    # first gradings: the hub, then section A, then section B
    hub = {"alice": right, "bob": blank, "carol": right}
    runs["hub"] = _grade(course, _hub(tmp / "hub-1", hub), out)
    section_a = {"101": right, "102": blank}
    runs["a"] = _grade(course, _canvas(tmp / "a-1", section_a), out, "canvas-a")
    section_b = {"201": right, "202": blank}
    runs["b"] = _grade(course, _canvas(tmp / "b-1", section_b), out, "canvas-b")
    # one overrides file for the whole term, then a regrade of each
    (out / "overrides.csv").write_text(
        "student_id,assignment,grade_id,score,reason,source\n"
        f"carol,{ASSIGNMENT},hypothesis_values,1,shared her answer,\n"
        f"102,{ASSIGNMENT},sigmoid_values,2,checked by hand,\n"
        f"201,{ASSIGNMENT},sigmoid_stable,0,copied,canvas-b\n"
        f"zed,{ASSIGNMENT},sigmoid_values,1,nobody of that id,\n"
    )
    runs["hub-2"] = _grade(course, _hub(tmp / "hub-2", {**hub, "bob": right}), out)
    runs["a-2"] = _grade(
        course, _canvas(tmp / "a-2", {**section_a, "103": right}), out, "canvas-a"
    )
    runs["b-2"] = _grade(course, _canvas(tmp / "b-2", section_b), out, "canvas-b")
    return {"out": out, **runs}


def test_each_regrade_reuses_its_own_sources_results(term):
    out = term["out"]
    assert [_reused(out, term[k]) for k in ("hub", "a", "b")] == [0, 0, 0]
    # the hub: alice and carol unchanged (bob resubmitted); a: 101, 102 (103
    # is new); b: both unchanged
    assert [_reused(out, term[k]) for k in ("hub-2", "a-2", "b-2")] == [2, 2, 2]


def test_changes_list_only_the_sources_real_changes(term):
    # bob: blank sigmoid 2 -> right 5; carol: 5 -> 4 by her override
    assert _changes(term["hub-2"]) == {"bob": ("2.0", "5.0"), "carol": ("5.0", "4.0")}
    # 102: sigmoid_values 0 -> 2 by hand; 103 graded for the first time
    assert _changes(term["a-2"]) == {"102": ("2.0", "4.0"), "103": ("", "5.0")}
    # 201: sigmoid_stable 1 -> 0 by the override for canvas-b
    assert _changes(term["b-2"]) == {"201": ("5.0", "4.0")}
    # the first grading of a source lists its own students only
    assert set(_changes(term["b"])) == {"201", "202"}


def test_overrides_of_other_sources_are_not_reported(term):
    for key in ("hub-2", "a-2", "b-2"):
        assert _not_applied(term[key]) == ["zed"], key  # a typo still is


def test_runs_name_their_source_and_export_finds_it(term):
    out = term["out"]
    sources = {
        k: json.loads((term[k] / "run.json").read_text())["source"]
        for k in term
        if k != "out"
    }
    assert sources == {
        "hub": "exchange",
        "hub-2": "exchange",
        "a": "canvas-a",
        "a-2": "canvas-a",
        "b": "canvas-b",
        "b-2": "canvas-b",
    }
    assert history.latest(out, ASSIGNMENT, "canvas-a") == term["a-2"]
    assert history.latest(out, ASSIGNMENT, "exchange") == term["hub-2"]
    assert history.latest(out, ASSIGNMENT) == term["b-2"]  # the newest of any


def test_changed_export_of_one_source_lists_its_changes_only(term, tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "lms_id,email\n"
        + "".join(f"{i},s{i}@example.edu\n" for i in ("101", "102", "103", "201"))
    )
    argv = ["--lms", "moodle", "--gradebook", str(roster), "--out", str(term["out"])]
    argv += ["--assignment", ASSIGNMENT, "--source", "canvas-a", "--changed"]
    assert export.main(argv) == 0
    rows = _rows(term["a-2"] / "moodle-import.csv")
    # 102: 4 of 5 after the adjustment; 103: 5, graded for the first time
    assert [(r["Email address"], r[ASSIGNMENT]) for r in rows] == [
        ("s102@example.edu", "4"),
        ("s103@example.edu", "5"),
    ]
    with pytest.raises(SystemExit):
        export.main([*argv[:-3], "--source", "moodle"])  # no run of that source
