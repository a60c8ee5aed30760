"""The run's files: grades, task scores, summary, problems, feedback pages.

Nothing here contains a check's source or an expected value: the only texts
are the checks' public failure messages, the grader's own notes and the
student's own answer code.
"""

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from mlgrade.grading.result import Failure
from mlgrade.insight import categories, similarity, variants
from mlgrade.insight.safe_text import markdown_cell, write_csv
from mlgrade.term import feedback

TASK_SCORES_COLUMNS = [
    "student_id",
    "assignment",
    "grade_id",
    "score",
    "max_score",
    "failure_category",
    "failure_kind",
    "message",
]


def task_row(result, task):
    """One row of ``task_scores.csv``: a task's score, category and message."""
    passed = task.score >= task.max_score
    category = categories.categorise(task)
    return [
        result.student,
        result.assignment,
        task.grade_id,
        str(float(task.score)),
        str(float(task.max_score)),
        category.name if category else "",
        category.kind.name.lower().replace("_", " ") if category else "",
        "" if passed else categories.redact(task.message),
    ]


GRADES_COLUMNS = [
    "assignment",
    "duedate",
    "timestamp",
    "student_id",
    "last_name",
    "first_name",
    "email",
    "raw_score",
    "late_submission_penalty",
    "score",
    "max_score",
]


def _number(x):
    return str(float(x))


def write_all(
    folder, results, unknown, assignments, unmatched=(), term=None, problems=()
):
    """Write the run's files (``variants.csv`` too where an assignment has
    variants); ``unmatched`` lists an LMS download's files that
    were not graded, as (assignment, path inside the download, why), and
    ``problems`` what else was found but not graded, as problems.csv rows
    (student, assignment, problem, detail). ``term``
    (:class:`mlgrade.term.context.TermContext`) applies overrides, deadlines and the
    roster, and writes the feedback pages (without it, the pages name the
    tasks by their grade_id)."""
    folder = Path(folder)
    if term is not None:
        term.prepare(results)
    results = sorted(results, key=lambda r: (r.assignment, r.student))
    students = sorted({r.student for r in results})
    if term is not None:  # a roster lists who did not submit, too
        students = sorted(set(students) | set(term.absent()))
    by_key = {(r.assignment, r.student): r for r in results}
    graded = sorted({r.assignment for r in results})

    rows = []
    for name in graded:
        max_score = assignments[name].max_score
        for student in students:
            r = by_key.get((name, student))
            score = r.score if r else 0.0
            extra = _term_columns(term, r, student, score)
            rows.append(
                [
                    name,
                    extra["duedate"],
                    r.timestamp if r else "",
                    student,
                    extra["last_name"],
                    extra["first_name"],
                    extra["email"],
                    _number(score),
                    _number(extra["late_submission_penalty"]),
                    _number(extra["score"]),
                    _number(max_score),
                ]
            )
    write_csv(folder / "grades.csv", GRADES_COLUMNS, rows)

    write_csv(
        folder / "task_scores.csv",
        TASK_SCORES_COLUMNS,
        [task_row(r, t) for r in results for t in r.tasks],
    )

    summary = []
    for name in graded:
        per_task = defaultdict(list)
        for r in results:
            if r.assignment == name:
                for t in r.tasks:
                    per_task[t.grade_id].append(t)
        for test in assignments[name].tests:
            tasks = per_task.get(test.grade_id, [])
            mean = sum(t.score for t in tasks) / len(tasks) if tasks else 0.0
            counts = categories.count_categories(tasks)
            common, count = counts[0] if counts else ("", 0)
            summary.append(
                [
                    name,
                    test.grade_id,
                    _number(test.points),
                    f"{mean:.3f}",
                    len(tasks),
                    common,
                    count,
                    categories.format_counts(counts),
                ]
            )
    write_csv(
        folder / "summary.csv",
        [
            "assignment",
            "grade_id",
            "max_score",
            "mean_score",
            "submissions",
            "most_common_failure",
            "failures_of_that_kind",
            "failures_by_category",
        ],
        summary,
    )

    found, problems = problems, []
    for r in results:
        for kind, detail in r.problems:
            problems.append([r.student, r.assignment, kind, detail])
        if r.tampering:
            problems.append(
                [
                    r.student,
                    r.assignment,
                    Failure.TAMPER,
                    "kernel tampered: " + ", ".join(r.tampering[:10]),
                ]
            )
    for student, name in unknown:
        problems.append([student, name, "unknown assignment", "not graded"])
    for name, path, why in unmatched:
        problems.append(["", name, "unmatched file", f"{path} ({why})"])
    problems.extend(list(row) for row in found)
    if term is not None:
        problems.extend(term.problems())
    write_csv(
        folder / "problems.csv",
        ["student_id", "assignment", "problem", "detail"],
        problems,
    )

    _write_markdown(folder / "summary.md", summary, problems)
    variants.write_table(folder, results)  # only where some result has a variant
    untitled = feedback.AssignmentText()  # without a term: tasks by grade_id
    for r in results:
        page = folder / "feedback" / r.student / f"{r.assignment}.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(
            term.page(r) if term is not None else feedback.page(r, untitled)
        )


def _term_columns(term, r, student, score):
    """grades.csv's duedate, names, penalty and score (nbgrader's columns)."""
    if term is None:
        return dict.fromkeys(["duedate", "last_name", "first_name", "email"], "") | {
            "late_submission_penalty": 0.0,
            "score": score,
        }
    if r is None:
        p = term.person(student)
        return {
            "duedate": term.duedate(student),
            "last_name": p.last_name if p else "",
            "first_name": p.first_name if p else "",
            "email": p.email if p else "",
            "late_submission_penalty": 0.0,
            "score": score,
        }
    return term.grade_row(r)


def _write_markdown(path, summary, problems):
    lines = [
        "# Grading summary",
        "",
        "| assignment | task | max | mean | failures by category (count) |",
        "|---|---|---|---|---|",
    ]
    for name, gid, max_score, mean, _n, _common, _count, every in summary:
        cells = [name, gid, max_score, mean, every]
        lines.append("| " + " | ".join(markdown_cell(c) for c in cells) + " |")
    lines += ["", "## Submissions needing attention", ""]
    if not problems:
        lines.append("None.")
    else:
        lines += ["| student | assignment | problem | detail |", "|---|---|---|---|"]
        for row in problems:
            lines.append("| " + " | ".join(markdown_cell(c) for c in row) + " |")
    path.write_text("\n".join(lines) + "\n")


@dataclass
class AssignmentData:
    name: str
    grade_ids: list  #: in the master's order
    max_scores: dict  #: grade_id -> points
    scores: dict = field(default_factory=dict)  #: student -> {grade_id: score}
    failures: dict = field(default_factory=dict)  #: (grade_id, category) -> [students]
    kinds: dict = field(default_factory=dict)  #: category -> kind name
    roster: list = field(default_factory=list)  #: every student of grades.csv

    @property
    def max_score(self):
        return sum(self.max_scores.values())

    @property
    def students(self):
        return sorted(self.scores)

    def matrix(self):
        """Scores, submitted students × tasks."""
        return np.array(
            [
                [self.scores[s].get(g, 0.0) for g in self.grade_ids]
                for s in self.students
            ]
        ).reshape(len(self.students), len(self.grade_ids))

    def attempted(self):
        """Students who attempted something: not every task "not attempted"."""
        blank = defaultdict(int)
        for (_, _category), students in self.failures.items():
            if self.kinds.get(_category) == "not attempted":
                for s in students:
                    blank[s] += 1
        return [s for s in self.students if blank[s] < len(self.grade_ids)]


def read_rows(path):
    if not Path(path).is_file():
        return []
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def read_run(folder):
    """({assignment: AssignmentData}, problems rows) from a run folder."""
    folder = Path(folder)
    data = {}
    for row in read_rows(folder / "task_scores.csv"):
        a = data.setdefault(
            row["assignment"], AssignmentData(row["assignment"], [], {})
        )
        gid = row["grade_id"]
        if gid not in a.max_scores:
            a.grade_ids.append(gid)
            a.max_scores[gid] = float(row["max_score"])
        a.scores.setdefault(row["student_id"], {})[gid] = float(row["score"])
        category = row.get("failure_category", "")
        if category:
            a.failures.setdefault((gid, category), []).append(row["student_id"])
            a.kinds[category] = row.get("failure_kind", "")
    for row in read_rows(folder / "grades.csv"):
        if row["assignment"] in data:
            data[row["assignment"]].roster.append(row["student_id"])
    return data, read_rows(folder / "problems.csv")


def read_pairs(folder):
    out = []
    for row in read_rows(Path(folder) / "similarity.csv"):
        if row["flagged"] not in (similarity.FLAGGED, similarity.WORTH_A_LOOK):
            continue
        shared = [
            tuple(item.split(": ", 1))
            for item in row["shared_wrong_values"].split("; ")
            if ": " in item
        ]
        out.append(
            similarity.Pair(
                row["assignment"],
                row["student_a"],
                row["student_b"],
                float(row["code_similarity"]),
                int(row["shared_fingerprints"]),
                float(row["behaviour_weight"]),
                shared,
                row["cell"],
                row["flagged"] == similarity.FLAGGED,
                [r for r in row["reasons"].split("; ") if r],
                int(row["group"] or 0),
                row["flagged"] == similarity.WORTH_A_LOOK,
            )
        )
    return out
