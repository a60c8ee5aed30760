"""``python -m mlgrade.term.export``: a run's grades as the LMS imports them.

**Canvas** (Grades, Import): ``canvas-import.csv`` with the header ``Student,
ID, SIS User ID, SIS Login ID, Section`` and one column ``<title> (<id>)``, the
assignment's column of the gradebook export given as ``--gradebook``. Canvas
(``lib/gradebook_importer.rb``) finds students by ``ID``, then SIS ids;
rejects a header whose last identity column is not ``Section``; reads a
``Points Possible`` row; takes a blank or ``-`` as no score and ``EX`` as
excused; and skips a student whose value did not change.

**Moodle** (Grades, Import, CSV file; ``grade/import/csv``): ``moodle-import.csv``
with an identity column (``Email address`` or ``ID number``, mapped to the
user's email or ID number on import), the grade and a feedback text. Moodle
takes ``-`` or an empty grade as "no grade", and refuses a grade above the
maximum; such a grade is never written here, it is reported.

Every roster student is in the file (or, with ``--changed``, those of
``changes.csv`` only: the changes since the previous run from the same
source; ``--source`` picks that source's newest run). Non-submitters keep
what the gradebook holds (Moodle: an empty grade, with the feedback "No
submission."), or get 0 with ``--missing zero``. Moodle's feedback names each
task not yet right in words: the misconception the grader recognised, or the
task's title and what went wrong. A cell the gradebook marks ``EX`` is never
overwritten. Students are matched by one exact key (see
:mod:`mlgrade.term.roster`); what cannot be matched is listed in
``export-report.txt`` and printed, never guessed.
"""

import argparse
import csv
import json
import re
import sys
from pathlib import Path

from mlgrade.insight.safe_text import terminal, write_csv
from mlgrade.term import history, roster

#: The course this grader belongs to: its masters name the tasks.
COURSE = Path(__file__).resolve().parents[2]
CANVAS_HEADER = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]


class ExportError(ValueError):
    """The run, the gradebook or an option does not allow an export."""


def _rows(path):
    with open(path, newline="") as fh:
        return list(csv.DictReader(fh))


def _number(x):
    return f"{float(x):g}"


def _canvas_column(gb, assignment, column):
    if column:
        chosen = [h for h in gb.columns if h == column or h.endswith(f"({column})")]
    else:
        words = {assignment.lower(), assignment.lower().split("-")[0]}
        chosen = [
            h
            for h in gb.columns
            if any(
                re.search(rf"(?<![a-z0-9]){re.escape(w)}(?![a-z0-9])", h.lower())
                for w in words
            )
        ]
    if len(chosen) != 1:
        raise ExportError(
            f"cannot tell which gradebook column is {assignment} "
            f"({len(chosen)} match); pass --column with one of: "
            + "; ".join(gb.columns)
        )
    return chosen[0]


class Export:
    """One assignment of one run, matched against a roster."""

    def __init__(
        self,
        run,
        roster_path,
        *,
        assignment=None,
        match=None,
        mapping=None,
        missing="blank",
        changed=False,
    ):
        self.run = Path(run).resolve()
        if not (self.run / "grades.csv").is_file():
            raise ExportError(f"{run} is not a run folder (no grades.csv)")
        meta = json.loads((self.run / "run.json").read_text())
        grades = _rows(self.run / "grades.csv")
        names = sorted({g["assignment"] for g in grades})
        if assignment is None and len(names) != 1:
            raise ExportError(f"the run grades {', '.join(names)}; pass --assignment")
        self.assignment = assignment or names[0]
        if self.assignment not in names:
            raise ExportError(f"the run did not grade {self.assignment}")
        self.grades = {
            g["student_id"]: g for g in grades if g["assignment"] == self.assignment
        }
        self.roster = roster.read_roster(roster_path)
        kind = meta.get("input_kind", "nbgrader")
        self.match_key = match or ("id" if kind == "lms" else "login")
        self.mapping = roster.read_mapping(mapping) if mapping else None
        if missing not in ("blank", "zero"):
            raise ExportError(f"--missing is blank or zero; got {missing!r}")
        self.missing = missing
        problems = _rows(self.run / "problems.csv")
        self.late = {
            p["student_id"]
            for p in problems
            if p["problem"] == "late (LMS flag)" and p["assignment"] == self.assignment
        }
        self.only = None
        if changed:
            changes = self.run / "changes.csv"
            if not changes.is_file():
                raise ExportError(f"{run} has no changes.csv")
            self.only = {
                c["student_id"]
                for c in _rows(changes)
                if c["assignment"] == self.assignment
            }
        graded = [
            s for s, g in self.grades.items() if g["timestamp"] or self._submitted(s)
        ]
        self.matching = roster.match(self.roster, graded, self.match_key, self.mapping)
        self.by_person = {id(p): s for s, p in self.matching.found.items()}
        self.notes = []
        self._task_titles = None

    def _submitted(self, student):
        return (self.run / "feedback" / student / f"{self.assignment}.html").is_file()

    def _wanted(self, student):
        return self.only is None or student in self.only

    def canvas(self, column=None, out=None):
        """Write ``canvas-import.csv``; return its path."""
        gb = self.roster
        if gb.kind != "canvas":
            raise ExportError(
                "LMS=canvas needs Canvas's gradebook export as the gradebook"
            )
        header = _canvas_column(gb, self.assignment, column)
        possible = gb.points.get(header, "")
        rows = []
        if possible:
            rows.append(["    Points Possible", "", "", "", "", possible])
        for p in gb.people:
            student = self.by_person.get(id(p))
            current = gb.cells.get(p.lms_id, {}).get(header, "")
            if student is not None and not self._wanted(student):
                continue
            if student is None and self.only is not None:
                continue
            if current.upper() == "EX":
                value = "EX"
                if student is not None:
                    self.notes.append(
                        f"{p.display_name} ({p.lms_id}) is excused (EX) in Canvas: "
                        "not overwritten"
                    )
            elif student is not None:
                value = self._score(student, possible)
            elif self.missing == "zero":
                value = "0"
            else:
                value = current  # unchanged: Canvas skips it
            rows.append([p.name, p.lms_id, p.sis_user_id, p.login, p.section, value])
        path = Path(out or self.run / "canvas-import.csv")
        write_csv(path, CANVAS_HEADER + [header], rows)
        self._report(path)
        return path

    def _score(self, student, possible):
        g = self.grades[student]
        score, best = float(g["score"]), float(g["max_score"])
        if possible and abs(float(possible) - best) > 1e-9:
            raise ExportError(
                f"the Canvas column is worth {possible} points, the assignment "
                f"{best:g}; set the column's points to {best:g} in Canvas"
            )
        return _number(score)

    def moodle(self, identity="email", out=None, maximum=None):
        """Write ``moodle-import.csv``; return its path."""
        column = {"email": "Email address", "idnumber": "ID number"}.get(identity)
        if column is None:
            raise ExportError(f"--identity is email or idnumber; got {identity!r}")
        attr = {"email": "email", "idnumber": "id_number"}[identity]
        rows = []
        best = maximum if maximum is not None else self.roster.max_grade
        for p in self.roster.people:
            key = getattr(p, attr)
            student = self.by_person.get(id(p))
            if student is not None and not self._wanted(student):
                continue
            if student is None and self.only is not None:
                continue  # --changed: only those whose grade moved
            if not key:
                self.notes.append(f"{p.display_name} has no {column}: not exported")
                continue
            if student is None:  # an empty grade is "no grade" to Moodle
                grade = "0" if self.missing == "zero" else ""
                rows.append([key, grade, "No submission."])
                continue
            g = self.grades[student]
            score = float(g["score"])
            limit = float(best) if best not in (None, "") else float(g["max_score"])
            if score > limit:
                self.notes.append(
                    f"{p.display_name}: {score:g} is above the maximum {limit:g}: "
                    "not written"
                )
                continue
            rows.append([key, _number(score), self._comment(student, g)])
        path = Path(out or self.run / "moodle-import.csv")
        header = [column, self.assignment, f"{self.assignment} feedback"]
        write_csv(path, header, rows)
        self._report(path)
        return path

    def _comment(self, student, g):
        text = f"{_number(g['score'])} / {_number(g['max_score'])}"
        if float(g["late_submission_penalty"] or 0):
            text += f" after a late penalty of {_number(g['late_submission_penalty'])}"
        failed = []
        for t in _rows(self.run / "task_scores.csv"):
            if (
                t["student_id"] == student
                and t["assignment"] == self.assignment
                and float(t["score"]) < float(t["max_score"])
            ):
                words = self._in_words(t)
                if words not in failed:
                    failed.append(words)
        if failed:
            text += ". Not yet right: " + "; ".join(failed)
        return text + ". Details in your feedback file."

    def _in_words(self, task):
        """A failed task as the student reads it: the misconception's name,
        or what went wrong in the task ("wrong values in Task 3: predictions")."""
        if task.get("failure_kind") == "misconception" and task["failure_category"]:
            return task["failure_category"]
        title = self._titles().get(task["grade_id"]) or task["grade_id"]
        category = task.get("failure_category")
        return f"{category} in {title}" if category else title

    def _titles(self):
        """grade_id -> the task's title, from the course this grader is part of."""
        if self._task_titles is None:
            self._task_titles = {}
            folder = COURSE / "solutions" / self.assignment
            if folder.is_dir():
                from mlgrade.grading import course
                from mlgrade.term import feedback

                assignment = course.load_assignment(folder)
                text = feedback.assignment_text(COURSE, assignment)
                self._task_titles = {g: t.task for g, t in text.tests.items()}
        return self._task_titles

    def _report(self, path):
        lines = [
            f"{path.name}: {self.assignment}, students matched by {self.match_key}"
        ]
        for student in self.matching.unmatched:
            lines.append(f"not in the roster (not exported): {student}")
        for student in sorted(self.late):
            lines.append(
                f"marked late by the LMS: {student} "
                "(Canvas applies its own late policy)"
            )
        lines += self.notes
        text = "\n".join(lines) + "\n"
        (self.run / "export-report.txt").write_text(text)
        print(terminal(text), end="", file=sys.stderr)


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m mlgrade.term.export",
        description="Write a run's grades in the form Canvas or Moodle imports.",
    )
    parser.add_argument("--lms", required=True, choices=["canvas", "moodle"])
    parser.add_argument(
        "--gradebook",
        required=True,
        help="Canvas: the gradebook export (CSV); Moodle: the grading worksheet "
        "or a CSV with lms_id, email, login",
    )
    parser.add_argument(
        "--run",
        default="",
        help="a run folder (default: the newest of --assignment from --source, "
        "or grading/latest)",
    )
    parser.add_argument(
        "--source",
        default=None,
        metavar="NAME",
        help="with --assignment: the newest run from this source (exchange, "
        "canvas, moodle or the name given to mlgrade --source), whose "
        "changes.csv --changed exports; default: the newest of any source",
    )
    parser.add_argument(
        "--out", default="grading", help="where the runs are (default: grading)"
    )
    parser.add_argument("--assignment", default=None)
    parser.add_argument(
        "--column", default=None, help="Canvas: the gradebook column, or its id"
    )
    parser.add_argument("--match", default=None, choices=roster.MATCH_KEYS)
    parser.add_argument("--map", default=None, metavar="CSV", help="student_id, lms_id")
    parser.add_argument(
        "--missing",
        default="blank",
        choices=["blank", "zero"],
        help="non-submitters: leave as they are (blank) or 0",
    )
    parser.add_argument(
        "--changed", action="store_true", help="only the students of changes.csv"
    )
    parser.add_argument(
        "--identity",
        default="email",
        choices=["email", "idnumber"],
        help="Moodle: the identity column",
    )
    args = parser.parse_args(argv)
    run = args.run
    if args.source is not None and not args.assignment:
        parser.exit(2, "mlgrade.term.export: --source needs --assignment\n")
    if not run and args.source is not None:
        run = history.latest(args.out, args.assignment, args.source)
        if run is None:
            parser.exit(
                2,
                f"mlgrade.term.export: no run of {args.assignment} from the "
                f"source {terminal(args.source)} in {args.out}\n",
            )
    if not run:
        found = history.latest(args.out, args.assignment) if args.assignment else None
        run = found or Path(args.out, "latest")
    try:
        export = Export(
            run,
            args.gradebook,
            assignment=args.assignment,
            match=args.match,
            mapping=args.map,
            missing=args.missing,
            changed=args.changed,
        )
        if args.lms == "canvas":
            path = export.canvas(column=args.column)
        else:
            path = export.moodle(identity=args.identity)
    except (ExportError, roster.RosterError, OSError) as exc:
        parser.exit(2, f"mlgrade.term.export: {exc}\n")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
