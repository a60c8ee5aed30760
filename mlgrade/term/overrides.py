"""Manual adjustments: ``overrides.csv`` sets one test cell's score by hand.

Columns ``student_id, assignment, grade_id, score, reason`` and, optionally,
``source``. Each row replaces the grader's score for that test cell of that
submission, and shows in ``task_scores.csv``, ``grades.csv``, ``problems.csv``
("manual adjustment") and on the student's feedback page with its reason.

One file serves every source of the term (the exchange, each Canvas or Moodle
course): a row whose ``source`` names another source, or (with no ``source``)
whose student is not in this run but in another source's newest run of the
assignment, belongs to that source and is left alone. Any other row naming a
student, assignment or test cell that is not in the run, or a score outside
``[0, points]``, is not applied and is listed as "override not applied".
"""

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path

COLUMNS = ["student_id", "assignment", "grade_id", "score", "reason"]


class OverridesError(ValueError):
    """``overrides.csv`` cannot be read."""


@dataclass(frozen=True)
class Override:
    student: str
    assignment: str
    grade_id: str
    score: float
    reason: str
    source: str = ""  #: the one source it is for ("" for any)


def read_overrides(path):
    """The rows of ``path`` (a missing file means no overrides)."""
    path = Path(path)
    if not path.is_file():
        return []
    with open(path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise OverridesError(
                f"{path}: needs the columns {', '.join(COLUMNS)}; missing "
                f"{', '.join(missing)}"
            )
        out = []
        for number, row in enumerate(reader, start=2):
            try:
                score = float(row["score"])
            except ValueError:
                raise OverridesError(
                    f"{path}, line {number}: score is not a number: {row['score']!r}"
                ) from None
            if not row["reason"].strip():
                raise OverridesError(f"{path}, line {number}: give a reason")
            out.append(
                Override(
                    row["student_id"].strip(),
                    row["assignment"].strip(),
                    row["grade_id"].strip(),
                    score,
                    row["reason"].strip(),
                    (row.get("source") or "").strip(),
                )
            )
    return out


def digest(overrides):
    """What the overrides change, for the run id."""
    text = "\n".join(repr(o) for o in overrides)
    return hashlib.sha256(text.encode()).hexdigest()[:16] if overrides else ""


def apply(results, overrides, source="", elsewhere=frozenset()):
    """Set the overridden scores in ``results`` (in place), a run of
    ``source``; ``elsewhere`` holds the (assignment, student) graded by the
    other sources, whose rows are theirs.

    Returns (applied, rejected): ``applied`` maps (assignment, student) to a
    list of (grade_id, old score, new score, reason); ``rejected`` lists
    (override, why).
    """
    by_key = {(r.assignment, r.student): r for r in results}
    applied, rejected = {}, []
    for o in overrides:
        if o.source and o.source != source:
            continue  # another source's adjustment
        result = by_key.get((o.assignment, o.student))
        if result is None and not o.source and (o.assignment, o.student) in elsewhere:
            continue  # a student of another source
        if result is None:
            rejected.append((o, "no graded submission of this student and assignment"))
            continue
        task = next((t for t in result.tasks if t.grade_id == o.grade_id), None)
        if task is None:
            rejected.append((o, f"{o.assignment} has no test cell {o.grade_id!r}"))
            continue
        if not 0 <= o.score <= task.max_score:
            rejected.append((o, f"score must lie in [0, {task.max_score:g}]"))
            continue
        applied.setdefault((o.assignment, o.student), []).append(
            (o.grade_id, task.score, o.score, o.reason)
        )
        task.score = o.score
    return applied, rejected
