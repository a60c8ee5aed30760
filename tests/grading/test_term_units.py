"""The term's pieces without a kernel: deadlines, roster, export, overrides,
changes, feedback texts and links. Expected values are worked out by hand or
taken from the LMS formats' documentation (see ``term_class``)."""

import argparse
import csv
import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from mlgrade.classrun import lms
from mlgrade.grading.course import (
    load_assignment,
    load_course,
    notebook_numbers,
    rebuild,
)
from mlgrade.grading.result import Failure, Result, TaskResult
from mlgrade.term import deadlines, export, feedback, history, overrides, roster
from mlgrade.term.context import TermOptions, add_arguments

from .term_class import (
    ASSIGNMENT,
    CANVAS_COLUMN,
    CANVAS_GRADEBOOK,
    MOODLE_MAP,
    MOODLE_WORKSHEET,
    ROOT,
    submission,
)

DAY, HOUR = 86400, 3600


# --- deadlines ---------------------------------------------------------------


@pytest.mark.parametrize(
    "rule, late, fraction",
    [
        ("10%/day", 1, 0.1),  # one started day
        ("10%/day", DAY, 0.1),
        ("10%/day", DAY + 1, 0.2),
        ("10%/day", 15 * DAY, 1.0),  # capped at 100 %
        ("5%/hour", 1.5 * HOUR, 0.1),
        ("zero", 1, 1.0),
        ("none", 30 * DAY, 0.0),
        ("10%/day", 0, 0.0),  # exactly on time
        ("10%/day", -5, 0.0),
    ],
)
def test_penalty_per_started_unit(rule, late, fraction):
    assert deadlines.Penalty.parse(rule).fraction(late) == pytest.approx(fraction)


@pytest.mark.parametrize("rule", ["10", "10%", "0%/day", "150%/day", "5%/week"])
def test_penalty_rejects(rule):
    with pytest.raises(deadlines.DeadlineError, match="late-penalty"):
        deadlines.Penalty.parse(rule)


def test_nbgrader_timestamp_and_iso_times_are_utc():
    expected = datetime(2026, 11, 20, 12, 0, 0, 123456, tzinfo=UTC)
    assert deadlines.parse_time("2026-11-20 12:00:00.123456 UTC") == expected
    assert deadlines.parse_time("2026-11-20T13:00:00.123456+01:00") == expected
    assert deadlines.parse_time("2026-11-20 12:00:00.123456") == expected
    with pytest.raises(deadlines.DeadlineError, match="ISO 8601"):
        deadlines.parse_time("next friday")


def test_extension_moves_the_due_date(tmp_path):
    path = tmp_path / "ext.csv"
    path.write_text("student_id,due\ncarol,2026-11-21T12:00:00Z\n")
    rules = deadlines.Deadlines(
        deadlines.parse_time("2026-11-20T12:00:00Z"),
        deadlines.read_extensions(path),
        deadlines.Penalty.parse("10%/day"),
    )
    stamp = "2026-11-21 11:00:00 UTC"  # 23 h late for bob, on time for carol
    bob = rules.assess("bob", stamp, 6.0, possible=10.0)
    carol = rules.assess("carol", stamp, 6.0, possible=10.0)
    assert (bob.penalty, bob.late_by, bob.duedate) == (
        1.0,  # 10 % of the 10 points possible, as Canvas's late policy
        "23:00:00",
        "2026-11-20 12:00:00",
    )
    assert (carol.penalty, carol.duedate) == (0.0, "2026-11-21 12:00:00")
    unknown = rules.assess("dan", "", 6.0, possible=10.0)
    assert unknown.penalty == 0 and "No submission time" in unknown.note
    flagged = rules.assess("eve", "", 6.0, lms_late=True, possible=10.0)
    assert flagged.penalty == 0 and "Canvas applies its own late policy" in flagged.note
    assert "does not say when you submitted" in flagged.note
    path.write_text("student_id,due\ncarol,2026-11-21\ncarol,2026-11-22\n")
    with pytest.raises(deadlines.DeadlineError, match="listed twice"):
        deadlines.read_extensions(path)


@pytest.mark.parametrize(
    "basis, raw, late_days, penalty, arithmetic",
    [
        # Canvas: "deduct 10 % per day" of the points possible
        ("possible", 7.0, 2, 2.0, "20% of the 10 points possible: -2 points"),
        ("score", 7.0, 2, 1.4, "20% of your score of 7: -1.4 points"),
        # never below zero: 30 % of 10 is 3, the student has 2
        ("possible", 2.0, 3, 2.0, "30% of the 10 points possible (at most your "),
    ],
)
def test_late_penalty_basis_and_its_arithmetic(
    basis, raw, late_days, penalty, arithmetic
):
    rules = deadlines.Deadlines(
        deadlines.parse_time("2026-11-20T12:00:00Z"),
        penalty=deadlines.Penalty.parse("10%/day"),
        basis=basis,
    )
    stamp = f"2026-11-{20 + late_days - 1} 13:00:00 UTC"  # late_days started days
    out = rules.assess("bob", stamp, raw, possible=10.0)
    assert out.penalty == pytest.approx(penalty)
    assert arithmetic in out.note, out.note
    assert rules.describe()["late_penalty_of"] == basis


def test_late_penalty_basis_is_checked():
    with pytest.raises(deadlines.DeadlineError, match="late-penalty-of"):
        deadlines.Deadlines(basis="points")


# --- roster ------------------------------------------------------------------


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_canvas_gradebook_export_is_read(tmp_path):
    gb = roster.read_roster(_write(tmp_path, "gb.csv", CANVAS_GRADEBOOK))
    assert gb.kind == "canvas"
    assert gb.columns == [CANVAS_COLUMN, "PS02 The cost (4712)"]  # not the totals
    assert gb.points == {CANVAS_COLUMN: "10.00", "PS02 The cost (4712)": "12.00"}
    assert [p.lms_id for p in gb.people] == ["12345", "222", "333", "444"]
    # Canvas's test student is recognised and left out of the class.
    assert [p.lms_id for p in gb.test_students] == ["999999"]
    jane = gb.people[0]
    assert (jane.first_name, jane.last_name, jane.login, jane.section) == (
        "Jane",
        "Doe",
        "jdoe",
        "ML 101 A",
    )
    assert gb.cells["444"][CANVAS_COLUMN] == "EX"


def test_canvas_semicolon_export_and_muted_row(tmp_path):
    text = (
        "Student;ID;SIS User ID;SIS Login ID;Section;PS01 (4711)\n"
        "    Points Possible;;;;;10,00\n"
        ";;;;;Muted\n"
        '"Doe, Jane";12345;S1;jdoe;A;7,5\n'
    )
    gb = roster.read_roster(_write(tmp_path, "gb.csv", text))
    assert [p.lms_id for p in gb.people] == ["12345"]
    assert gb.cells["12345"]["PS01 (4711)"] == "7,5"


def test_moodle_worksheet_is_read(tmp_path):
    ws = roster.read_roster(_write(tmp_path, "ws.csv", MOODLE_WORKSHEET))
    assert ws.kind == "moodle" and ws.max_grade == "10.00"
    assert [(p.lms_id, p.email) for p in ws.people][:2] == [
        ("501", "alice@example.edu"),
        ("502", "bob@example.edu"),
    ]


def test_matching_is_exact_and_reports_the_rest(tmp_path):
    gb = roster.read_roster(_write(tmp_path, "gb.csv", CANVAS_GRADEBOOK))
    by_id = roster.match(gb, ["12345", "555", "jdoe"], "id")
    assert list(by_id.found) == ["12345"] and by_id.unmatched == ["555", "jdoe"]
    assert [p.lms_id for p in by_id.absent] == ["222", "333", "444"]
    by_login = roster.match(gb, ["jdoe", "JDOE", "12345"], "login")
    assert list(by_login.found) == ["jdoe"] and by_login.unmatched == ["12345", "JDOE"]
    mapping = roster.read_mapping(_write(tmp_path, "map.csv", MOODLE_MAP))
    ws = roster.read_roster(_write(tmp_path, "ws.csv", MOODLE_WORKSHEET))
    mapped = roster.match(ws, ["alice", "zed"], "map", mapping)
    assert mapped.found["alice"].lms_id == "501" and mapped.unmatched == ["zed"]


def test_a_shared_login_is_an_error_not_a_guess(tmp_path):
    text = CANVAS_GRADEBOOK.replace("S1002,broe", "S1002,jdoe")
    gb = roster.read_roster(_write(tmp_path, "gb.csv", text))
    with pytest.raises(roster.RosterError, match="same login 'jdoe'"):
        roster.match(gb, ["jdoe"], "login")


def test_unknown_roster_is_refused(tmp_path):
    with pytest.raises(roster.RosterError, match="not a roster"):
        roster.read_roster(_write(tmp_path, "x.csv", "name,score\na,1\n"))


# --- export, on a run folder written by hand -------------------------------------

GRADES = ["assignment", "duedate", "timestamp", "student_id", "last_name"]
GRADES += ["first_name", "email", "raw_score", "late_submission_penalty"]
GRADES += ["score", "max_score"]


def _run_folder(tmp_path, scores, kind="lms", late=(), changes=None, max_score=10):
    run = tmp_path / "run"
    run.mkdir()
    with open(run / "grades.csv", "w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(GRADES)
        for student, (score, penalty) in scores.items():
            raw = score + penalty
            writer.writerow(
                [
                    ASSIGNMENT,
                    "",
                    "",
                    student,
                    "",
                    "",
                    "",
                    raw,
                    penalty,
                    score,
                    max_score,
                ]
            )
            page = run / "feedback" / student / f"{ASSIGNMENT}.html"
            page.parent.mkdir(parents=True)
            page.write_text("page")
    with open(run / "problems.csv", "w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["student_id", "assignment", "problem", "detail"])
        for student in late:
            writer.writerow([student, ASSIGNMENT, "late (LMS flag)", "late"])
    with open(run / "task_scores.csv", "w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["student_id", "assignment", "grade_id", "score", "max_score"])
        for student in scores:
            writer.writerow([student, ASSIGNMENT, "sigmoid_values", 1.0, 1.0])
            writer.writerow([student, ASSIGNMENT, "predict_values", 0.0, 2.0])
    if changes is not None:
        history.write_changes(run, [[s, ASSIGNMENT, "", "", ""] for s in changes])
    (run / "run.json").write_text(json.dumps({"input_kind": kind}))
    return run


def test_canvas_export_missing_zero_and_excused(tmp_path):
    gb = _write(tmp_path, "gb.csv", CANVAS_GRADEBOOK)
    run = _run_folder(tmp_path, {"12345": (7.5, 0.0), "444": (10.0, 0.0)})
    path = export.Export(run, gb, missing="zero").canvas()
    lines = path.read_text().splitlines()
    assert lines[0] == f"Student,ID,SIS User ID,SIS Login ID,Section,{CANVAS_COLUMN}"
    assert lines[1:] == [
        "    Points Possible,,,,,10.00",
        '"Doe, Jane",12345,S1001,jdoe,ML 101 A,7.5',
        '"Roe, Bob",222,S1002,broe,ML 101 A,0',
        '"Lee, Ann",333,S1003,alee,ML 101 B,0',
        '"Kim, Eve",444,S1004,ekim,ML 101 B,EX',
    ]


def test_canvas_export_needs_one_column_and_equal_points(tmp_path):
    text = CANVAS_GRADEBOOK.replace("PS02 The cost (4712)", "PS01 again (4713)")
    run = _run_folder(tmp_path, {"12345": (7.0, 0.0)})
    with pytest.raises(export.ExportError, match="--column"):
        export.Export(run, _write(tmp_path, "gb.csv", text)).canvas()
    path = export.Export(run, _write(tmp_path, "gb.csv", text)).canvas(column="4711")
    assert path.read_text().splitlines()[0].endswith(CANVAS_COLUMN)
    worth_12 = CANVAS_GRADEBOOK.replace(",10.00,12.00", ",12.00,12.00")
    with pytest.raises(export.ExportError, match="worth 12.00 points"):
        export.Export(run, _write(tmp_path, "gb2.csv", worth_12)).canvas()


def test_moodle_export_never_writes_above_the_maximum(tmp_path):
    ws = _write(tmp_path, "ws.csv", MOODLE_WORKSHEET.replace("10.00", "5.00", 1))
    mapping = _write(tmp_path, "map.csv", MOODLE_MAP)
    run = _run_folder(
        tmp_path,
        {"alice": (7.0, 0.0), "bob": (4.5, 0.5), "zed": (1.0, 0.0)},
        kind="nbgrader",
    )
    ex = export.Export(run, ws, match="map", mapping=mapping)
    lines = ex.moodle().read_text().splitlines()
    assert lines == [
        "Email address,ps01-hypothesis,ps01-hypothesis feedback",
        # alice's 7 is above her item's maximum of 5: not written, reported
        "bob@example.edu,4.5,4.5 / 10 after a late penalty of 0.5. Not yet right: "
        "Task 3: predictions. Details in your feedback file.",
        # carol and dan, on the roster, did not submit: no grade, still listed
        "carol@example.edu,,No submission.",
        "dan@example.edu,,No submission.",
    ]
    report = (run / "export-report.txt").read_text()
    assert "Alice Ames: 7 is above the maximum 5: not written" in report
    assert "not in the roster (not exported): zed" in report


def test_moodle_feedback_names_mistakes_in_words(tmp_path):
    """Not the grader's ids: the misconception recognised, or the task's
    title (from the course's master) with what went wrong."""
    ws = _write(tmp_path, "ws.csv", MOODLE_WORKSHEET)
    mapping = _write(tmp_path, "map.csv", MOODLE_MAP)
    run = _run_folder(tmp_path, {"bob": (7.0, 0.0)}, kind="nbgrader")
    summed = "you summed instead of averaging (missing 1/m)"
    with open(run / "task_scores.csv", "w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(
            ["student_id", "assignment", "grade_id", "score", "max_score"]
            + ["failure_category", "failure_kind", "message"]
        )
        rows = [
            ("sigmoid_values", 0.0, summed, "misconception"),
            ("sigmoid_stable", 0.0, summed, "misconception"),
            ("predict_values", 0.0, "wrong values", "wrong values"),
            ("predict_labels", 1.0, "", ""),
        ]
        for gid, score, category, kind in rows:
            writer.writerow(["bob", ASSIGNMENT, gid, score, 1.0, category, kind, ""])
    ex = export.Export(run, ws, match="map", mapping=mapping, missing="zero")
    rows = list(csv.reader(ex.moodle().read_text().splitlines()))
    assert rows[1:] == [
        ["alice@example.edu", "0", "No submission."],
        [
            "bob@example.edu",
            "7",
            f"7 / 10. Not yet right: {summed}; wrong values in Task 3: predictions. "
            "Details in your feedback file.",
        ],
        ["carol@example.edu", "0", "No submission."],
        ["dan@example.edu", "0", "No submission."],
    ]
    assert not any("_" in cell for row in rows[1:] for cell in row)


def test_moodle_export_by_id_number_with_zero_for_missing(tmp_path):
    text = (
        "lms_id,name,email,login,id_number\n"
        "1,Ann A,a@x.org,ann,N1\n2,Ben B,b@x.org,ben,N2\n"
    )
    run = _run_folder(tmp_path, {"ann": (3.0, 0.0)}, kind="nbgrader")
    ex = export.Export(run, _write(tmp_path, "r.csv", text), missing="zero")
    assert ex.moodle(identity="idnumber").read_text().splitlines() == [
        "ID number,ps01-hypothesis,ps01-hypothesis feedback",
        "N1,3,3 / 10. Not yet right: Task 3: predictions. "
        "Details in your feedback file.",
        "N2,0,No submission.",
    ]


def test_export_changed_rows_only(tmp_path):
    gb = _write(tmp_path, "gb.csv", CANVAS_GRADEBOOK)
    run = _run_folder(
        tmp_path, {"12345": (7.0, 0.0), "222": (5.0, 0.0)}, changes=["222"]
    )
    rows = export.Export(run, gb, changed=True).canvas().read_text().splitlines()
    assert rows[2:] == ['"Roe, Bob",222,S1002,broe,ML 101 A,5']


# --- overrides and changes ------------------------------------------------------


def _result(student, scores):
    r = Result(student, ASSIGNMENT)
    r.tasks = [TaskResult(g, s, m) for g, s, m in scores]
    return r


def test_overrides_apply_or_are_rejected(tmp_path):
    path = _write(
        tmp_path,
        "o.csv",
        "student_id,assignment,grade_id,score,reason\n"
        f"bob,{ASSIGNMENT},predict_values,2,checked by hand\n"
        f"bob,{ASSIGNMENT},nope,1,typo\n"
        f"bob,{ASSIGNMENT},sigmoid_values,3,too much\n"
        f"zed,{ASSIGNMENT},predict_values,1,not graded\n",
    )
    results = [_result("bob", [("sigmoid_values", 1, 1), ("predict_values", 0, 2)])]
    applied, rejected = overrides.apply(results, overrides.read_overrides(path))
    assert results[0].score == 3
    assert applied == {
        (ASSIGNMENT, "bob"): [("predict_values", 0, 2.0, "checked by hand")]
    }
    assert [why for _, why in rejected] == [
        f"{ASSIGNMENT} has no test cell 'nope'",
        "score must lie in [0, 1]",
        "no graded submission of this student and assignment",
    ]
    assert overrides.read_overrides(tmp_path / "none.csv") == []


def test_changes_list_only_what_moved(tmp_path):
    def folder(name, rows):
        path = tmp_path / name
        path.mkdir()
        (path / "grades.csv").write_text(
            "assignment,student_id,score\n"
            + "".join(f"{ASSIGNMENT},{s},{sum(t.values())}\n" for s, t in rows.items())
        )
        (path / "task_scores.csv").write_text(
            "student_id,assignment,grade_id,score\n"
            + "".join(
                f"{s},{ASSIGNMENT},{g},{v}\n"
                for s, t in rows.items()
                for g, v in t.items()
            )
        )
        return path

    old = folder(
        "old",
        {"a": {"x": 1.0, "y": 0.0}, "b": {"x": 1.0, "y": 1.0}, "d": {"x": 1.0}},
    )
    new = folder(
        "new", {"a": {"x": 1.0, "y": 2.0}, "b": {"x": 1.0, "y": 1.0}, "c": {"x": 0.0}}
    )
    assert history.changes(new, {ASSIGNMENT: old}) == [
        ["a", ASSIGNMENT, "1.0", "3.0", "y 0.0 -> 2.0"],
        ["c", ASSIGNMENT, "", "0.0", "first graded"],
        ["d", ASSIGNMENT, "1.0", "", "not graded in this run"],
    ]


def test_previous_run_is_the_one_before_the_first_grading(tmp_path):
    for rid in ["r1", "r2", "r1"]:
        (tmp_path / rid).mkdir(exist_ok=True)
        (tmp_path / rid / "grades.csv").write_text("")
        history.record(tmp_path, rid, [ASSIGNMENT], "in", 1, 0, "")
    assert history.previous_run(tmp_path, ASSIGNMENT, "r1") is None
    assert history.previous_run(tmp_path, ASSIGNMENT, "r2").name == "r1"
    assert history.previous_run(tmp_path, ASSIGNMENT, "r3").name == "r1"
    assert history.latest(tmp_path, ASSIGNMENT).name == "r1"


def test_history_is_kept_per_source(tmp_path):
    # exchange, canvas-a, exchange again, canvas-b, then canvas-a's re-run
    for rid, source in [
        ("h1", "exchange"),
        ("a1", "canvas-a"),
        ("h2", "exchange"),
        ("b1", "canvas-b"),
        ("a2", "canvas-a"),
    ]:
        (tmp_path / rid).mkdir()
        (tmp_path / rid / "grades.csv").write_text("assignment,student_id,score\n")
        history.record(tmp_path, rid, [ASSIGNMENT], "in", 1, 0, "", source)
    assert history.previous_run(tmp_path, ASSIGNMENT, "h2", "exchange").name == "h1"
    assert history.previous_run(tmp_path, ASSIGNMENT, "a2", "canvas-a").name == "a1"
    assert history.previous_run(tmp_path, ASSIGNMENT, "b1", "canvas-b") is None
    assert history.latest(tmp_path, ASSIGNMENT, "exchange").name == "h2"
    assert history.latest(tmp_path, ASSIGNMENT, "moodle") is None
    assert history.latest(tmp_path, ASSIGNMENT).name == "a2"  # of any source
    assert {k: v.name for k, v in history.sources_of(tmp_path, ASSIGNMENT).items()} == {
        "canvas-a": "a2",
        "canvas-b": "b1",
        "exchange": "h2",
    }


def test_an_older_history_gains_the_source_column(tmp_path):
    path = tmp_path / ASSIGNMENT / "history.csv"
    path.parent.mkdir()
    path.write_text(
        "time,run_id,input,submissions,reused,commit\n"
        "2026-01-01T00:00:00Z,old,subs,3,0,abc\n"
    )
    history.record(tmp_path, "new", [ASSIGNMENT], "dl.zip", 2, 1, "def", "canvas")
    rows = history.runs_of(tmp_path, ASSIGNMENT)
    assert [(r["run_id"], r["source"], r["commit"]) for r in rows] == [
        ("old", "", "abc"),  # recorded before sources: of none
        ("new", "canvas", "def"),
    ]
    assert [r["run_id"] for r in history.runs_of(tmp_path, ASSIGNMENT, "canvas")] == [
        "new"
    ]


@pytest.mark.parametrize(
    "name", ["", "Canvas", "-a", "a/b", "../x", "a b", "a" * 65, None, 3]
)
def test_a_source_name_is_checked(name):
    with pytest.raises(ValueError, match="--source"):
        history.check_source(name)


def test_default_source_follows_the_input():
    def collected(*paths):
        return lms.Collected(
            Path("x"),
            assignment=ASSIGNMENT,
            originals={str(i): p for i, p in enumerate(paths)},
        )

    assert lms.default_source(lms.Collected(Path("submitted"))) == "exchange"
    canvas = collected("doejane_12345_67890_ps01.ipynb", "roebob_LATE_222_9_ps01.ipynb")
    assert lms.default_source(canvas) == "canvas"
    moodle = collected("Jane Doe_12345_assignsubmission_file_/ps01.ipynb")
    assert lms.default_source(moodle) == "moodle"
    blackboard = collected("PS 01_jdoe_attempt_2026-11-20-12-00-00_ps01.ipynb")
    assert lms.default_source(blackboard) == "blackboard"
    mixed = collected("doejane_12345_67890_ps01.ipynb", "x_1_assignsubmission_file_a")
    assert lms.default_source(mixed) == "lms"
    # One student's upload named like Moodle's files keeps the class on Canvas.
    odd = collected(
        "doejane_12345_67890_ps01.ipynb",
        "roebob_222_9_ps01.ipynb",
        "eve_333_10_x_assignsubmission_file_y.ipynb",
    )
    assert lms.default_source(odd) == "canvas"


def test_overrides_of_another_source_are_left_to_it(tmp_path):
    path = _write(
        tmp_path,
        "o.csv",
        "student_id,assignment,grade_id,score,reason,source\n"
        f"bob,{ASSIGNMENT},predict_values,2,checked by hand,\n"
        f"201,{ASSIGNMENT},predict_values,1,the other section's,canvas-b\n"
        f"102,{ASSIGNMENT},predict_values,1,graded in canvas-a,\n"
        f"bob,{ASSIGNMENT},predict_values,1,for canvas-b's bob only,canvas-b\n"
        f"zed,{ASSIGNMENT},predict_values,1,nobody,\n",
    )
    rows = overrides.read_overrides(path)
    results = [_result("bob", [("sigmoid_values", 1, 1), ("predict_values", 0, 2)])]
    applied, rejected = overrides.apply(
        results, rows, "exchange", frozenset({(ASSIGNMENT, "102")})
    )
    assert results[0].score == 3
    assert applied == {
        (ASSIGNMENT, "bob"): [("predict_values", 0, 2.0, "checked by hand")]
    }
    assert [(o.student, why) for o, why in rejected] == [
        ("zed", "no graded submission of this student and assignment")
    ]


# --- feedback texts ------------------------------------------------------------


def test_task_titles_and_links_of_ps01():
    assignment = load_assignment(ROOT / "solutions" / ASSIGNMENT)
    text = feedback.assignment_text(ROOT, assignment, "https://course.example.org")
    assert text.title == "Problem set 1: the hypothesis"
    stable = text.tests["sigmoid_stable"]
    assert (stable.task, stable.checks) == (
        "Task 1: the sigmoid",
        "finite and correct for |z| up to 1e6.",
    )
    assert stable.url == (
        "https://course.example.org/book/01-hypothesis.html#the-sigmoid-function"
    )
    assert text.tests["predict_labels"].section == "From a probability to a class"


def test_every_answer_links_to_a_heading_of_its_chapter():
    sections = json.loads((ROOT / feedback.SECTIONS_FILE).read_text())
    for name, assignment in load_course(ROOT).items():
        text = feedback.assignment_text(ROOT, assignment, "https://course.example.org")
        for gid, test in text.tests.items():
            chapter = re.search(
                r"^https://course\.example\.org/book/([\w-]+)\.html#", test.url
            ).group(1)
            assert chapter.startswith(name[2:4]), (name, chapter)
            headings = {
                line.lstrip("#").strip()
                for line in (ROOT / "book" / f"{chapter}.md").read_text().splitlines()
                if re.match(r"#{2,3} ", line)
            }
            assert test.section in headings, (name, gid, test.section)
        assert set(sections[name]) == set(assignment.answers), name


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        # The course as it ships: no address, so no link (never a made-up one).
        ('html:\n  baseurl: ""\nrepository:\n  url: ""\n', ""),
        (
            'html:\n  baseurl: "https://site.example.org/ml/"\n'
            "repository:\n  url: https://git.example.org/ml\n",
            "https://site.example.org/ml/book/02-cost.html#the-log-loss",
        ),
        (
            "repository:\n  url: https://git.example.org/ml\n  branch: term-2\n",
            "https://git.example.org/ml/blob/term-2/book/02-cost.md#the-log-loss",
        ),
    ],
)
def test_feedback_links_are_built_from_the_configured_addresses(
    tmp_path, config, expected
):
    (tmp_path / "_config.yml").write_text(config)
    assert feedback.book_url(tmp_path, "02-cost", "The log-loss") == expected
    # --book-url wins over the configuration.
    assert feedback.book_url(
        tmp_path, "02-cost", "The log-loss", "https://term.example.org"
    ) == ("https://term.example.org/book/02-cost.html#the-log-loss")


def test_the_shipped_course_links_feedback_nowhere_without_an_address():
    for assignment in load_course(ROOT).values():
        text = feedback.assignment_text(ROOT, assignment)
        assert text.tests and all(t.section for t in text.tests.values())
        assert {t.url for t in text.tests.values()} == {""}


def test_an_error_is_cited_once_by_the_students_cell():
    """The grader numbers a failing cell as the student's notebook does (not
    by its place among the cells it runs), and the page cites that number."""
    assignment = load_assignment(ROOT / "solutions" / ASSIGNMENT)
    text = feedback.assignment_text(ROOT, assignment)
    raw = submission(("sigmoid",), {"predict": "def predict(:\n    pass"})
    cells = json.loads(raw)["cells"]
    number = 1 + next(
        i
        for i, c in enumerate(cells)
        if c["metadata"].get("nbgrader", {}).get("grade_id") == "predict"
    )
    code, _ = rebuild(assignment, cells)
    code_index = code.index("def predict(:\n    pass")
    assert code_index + 1 != number  # the grader runs fewer cells than it holds
    assert notebook_numbers(cells, code)[code_index] == number
    errors = [
        f"cell {number}: SyntaxError: invalid syntax (3754837622.py, line 1)",
        f"cell {number}: SyntaxError: invalid syntax (1188345170.py, line 1)",
        "a released cell: NameError: name 'np' is not defined",
    ]
    assert feedback.cited_errors(assignment, text, raw, errors) == [
        f"SyntaxError: invalid syntax (line 1), in cell {number} of your notebook "
        "(counting from the top), your answer to Task 3: predictions",
        "NameError: name 'np' is not defined, in a cell of the assignment that "
        "runs as released",
    ]


def test_a_released_cell_the_student_deleted_has_no_number():
    assignment = load_assignment(ROOT / "solutions" / ASSIGNMENT)
    cells = json.loads(submission(("sigmoid",)))["cells"]
    code, _ = rebuild(assignment, cells)
    kept = [c for c in cells if "".join(c["source"]).strip() != code[0].strip()]
    assert len(kept) < len(cells)
    numbers = notebook_numbers(kept, code)
    assert numbers[0] is None and all(n for n in numbers[1:])


def test_slug_matches_the_books_anchors():
    assert feedback.slug("The backward pass of an $L$-layer network") == (
        "the-backward-pass-of-an-l-layer-network"
    )
    assert (
        feedback.slug("Why not fit a straight line?") == "why-not-fit-a-straight-line"
    )


def test_upload_zip_names_follow_the_download(tmp_path):
    pages = {
        (ASSIGNMENT, "12345"): ("nb.ipynb", "<p>a</p>"),
        (ASSIGNMENT, "9"): ("n", "b"),
    }
    originals = {
        (ASSIGNMENT, "12345"): "submissions/doejane_LATE_12345_67890_ps01.ipynb",
        (ASSIGNMENT, "9"): "dl/Jane Doe_9_assignsubmission_file_/ps01.ipynb",
    }
    import zipfile

    path = feedback.write_upload_zip(tmp_path, pages, originals)
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == [
            "Jane Doe_9_assignsubmission_file_/ps01.html",
            "doejane_LATE_12345_67890_ps01.html",
        ]
    assert Path(path).name == "feedback-upload.zip"


def test_read_links_follow_the_mistake_as_on_the_dashboard():
    """Two mistakes on one task link to the sections that teach each (the
    dashboard's table, booklinks.teaching_section), not both to the task's."""
    from mlgrade.insight import booklinks
    from mlgrade.insight.categories import catalogue_function, misconception_name

    name = "ps05-regularisation"
    text = feedback.assignment_text(
        ROOT, load_assignment(ROOT / "solutions" / name), "https://c.example.org"
    )
    gid = "logistic_gradient_penalty"
    task_section = text.tests[gid].section
    mistakes = [
        "the sign is flipped: the gradient is Xᵀ(h − y)/m, not Xᵀ(y − h)/m.",
        "the penalty's gradient is (λ/m)θ_j: the 1/m is missing.",
    ]
    linked = []
    for message in mistakes:
        r = Result("s1", name)
        r.tasks = [
            TaskResult(
                gid,
                0.0,
                1.0,
                f"problem 1: {message}",
                failure=Failure.WRONG_VALUES,
                mistake=message,
            )
        ]
        html = feedback.page(r, text)
        (href, label) = re.findall(r'Read: <a href="([^"]+)">([^<]+)</a>', html)[0]
        category = misconception_name(message)
        taught = booklinks.teaching_section(
            ROOT, name, category, catalogue_function(category)
        )
        assert label == taught.title, (message, label)
        assert href == (
            f"https://c.example.org/book/{taught.chapter}.html#{taught.anchor}"
        )
        linked.append(label)
    assert len(set(linked)) == 2 and task_section not in linked
    # a wrong value the catalogue does not name: the task's own section
    r = Result("s1", name)
    r.tasks = [TaskResult(gid, 0.0, 1.0, "problem 1: wrong values.")]
    assert f">{task_section}</a>" in feedback.page(r, text)


def test_the_rehearsal_recipe_is_the_one_the_term_test_runs():
    """The instructors' page shows how to rehearse a term with made-up
    students; the term test (test_term.py) runs the same nbgrader commands,
    in the same order, with the same options."""
    page = (ROOT / "book" / "instructors.md").read_text()
    recipe = page.split("### Rehearse a term on one machine")[1].split("```bash")[1]
    recipe = recipe.split("```")[0]
    commands = re.findall(r"^\s*nbgrader (\w+) ps01-hypothesis (.*)$", recipe, re.M)
    source = (ROOT / "tests" / "grading" / "test_term.py").read_text()
    hub = source.split("# --- the JupyterHub class, through")[1]
    hub = hub.split("# --- feedback")[0] if "# --- feedback" in hub else hub
    ran = ["release_assignment"] + [
        c
        for c in re.findall(r'_nbgrader\(\s*"(\w+)"', hub)
        if c in ("fetch_assignment", "submit", "collect")
    ]
    assert [c for c, _ in commands] == ran
    for command, options in commands:
        assert "--Exchange.root=$EXCHANGE --course=mllesson" in options
        by_student = command in ("fetch_assignment", "submit")
        assert ("--student=$STUDENT" in options) == by_student, command
        assert ("--Exchange.cache=" in options) == by_student, command
    assert '--student={student}", f"--Exchange.cache={cache}' in source


def test_the_source_option_is_checked_on_the_command_line(capsys):
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    assert TermOptions.from_args(parser.parse_args([])).source == ""
    args = parser.parse_args(["--source", "canvas-section-a"])
    assert TermOptions.from_args(args).source == "canvas-section-a"
    with pytest.raises(SystemExit):
        parser.parse_args(["--source", "Section A"])
    assert "--source must be" in capsys.readouterr().err
