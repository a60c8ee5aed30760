"""Due dates, per-student extensions and the late penalty.

The submission time is the one nbgrader records: ``nbgrader submit`` writes it
to ``timestamp.txt`` and ``nbgrader collect`` copies it beside the notebook
(``2026-11-20 12:00:00.123456 UTC``). Times without a zone are UTC, as in
nbgrader. An LMS download carries no time; Canvas only marks a file ``_LATE_``,
a flag that is kept and shown, while Canvas applies its own late policy.
"""

import csv
import math
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

_UNITS = {"day": 86400.0, "hour": 3600.0}
#: What a late penalty's percentage is of: the points possible (Canvas's own
#: late policy, the default) or the submission's raw score.
BASES = ("possible", "score")


class DeadlineError(ValueError):
    """A due date, an extension file or a penalty that cannot be read."""


def parse_time(text, what="time"):
    """An aware UTC datetime from ISO 8601 or nbgrader's timestamp text."""
    raw = str(text).strip()
    clean = re.sub(r"\s*(UTC|GMT)$", "", raw, flags=re.I).replace("Z", "+00:00")
    try:
        value = datetime.fromisoformat(clean)
    except ValueError:
        raise DeadlineError(
            f"{what} is not an ISO 8601 date and time: {raw!r} "
            "(for example 2026-11-20T23:59:00+00:00)"
        ) from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def show_time(value):
    """A time as nbgrader's export writes it: ``YYYY-MM-DD HH:MM:SS`` (UTC)."""
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")


@dataclass(frozen=True)
class Penalty:
    """``N%/day`` or ``N%/hour`` per started unit (capped at 100 %), ``zero``
    (a late submission scores 0) or ``none``."""

    kind: str = "none"  #: "none", "zero" or "rate"
    percent: float = 0.0
    unit: str = "day"

    @classmethod
    def parse(cls, text):
        text = (text or "none").strip().lower().replace(" ", "")
        if text in ("none", "zero"):
            return cls(text)
        match = re.fullmatch(r"(\d+(?:\.\d+)?)%/(day|hour)", text)
        if not match or not 0 < float(match.group(1)) <= 100:
            raise DeadlineError(
                f"--late-penalty must be N%/day, N%/hour (0 < N <= 100), zero or "
                f"none; got {text!r}"
            )
        return cls("rate", float(match.group(1)), match.group(2))

    def __str__(self):
        if self.kind == "rate":
            return f"{self.percent:g}%/{self.unit}"
        return self.kind

    def fraction(self, late_seconds):
        """The share lost after ``late_seconds`` past due (of the points
        possible or of the raw score: see :data:`BASES`)."""
        if late_seconds <= 0 or self.kind == "none":
            return 0.0
        if self.kind == "zero":
            return 1.0
        started = math.ceil(late_seconds / _UNITS[self.unit])
        return min(1.0, started * self.percent / 100.0)


@dataclass
class Lateness:
    """What the deadline did to one submission."""

    duedate: str = ""  #: shown in grades.csv, empty without a due date
    late_by: str = ""  #: e.g. "1 day, 2:00:00"; empty when on time or unknown
    penalty: float = 0.0  #: points subtracted from the raw score
    note: str = ""  #: one sentence for the feedback page and problems.csv


@dataclass
class Deadlines:
    due: datetime = None
    extensions: dict = field(default_factory=dict)  #: student id -> datetime
    penalty: Penalty = field(default_factory=Penalty)
    basis: str = "possible"  #: one of BASES

    def __post_init__(self):
        if self.basis not in BASES:
            raise DeadlineError(
                f"--late-penalty-of must be one of {', '.join(BASES)}; "
                f"got {self.basis!r}"
            )

    def describe(self):
        """Plain data for run.json."""
        return {
            "due": show_time(self.due) if self.due else "",
            "extensions": {s: show_time(t) for s, t in sorted(self.extensions.items())},
            "late_penalty": str(self.penalty),
            "late_penalty_of": self.basis,
        }

    def due_for(self, student):
        return self.extensions.get(student, self.due)

    def assess(self, student, timestamp, raw_score, lms_late=False, possible=None):
        """The :class:`Lateness` of a submission with nbgrader's ``timestamp``
        text (empty for an LMS download), ``raw_score`` and ``possible``
        points (needed when the penalty is a share of the points possible)."""
        due = self.due_for(student)
        out = Lateness(duedate=show_time(due) if due else "")
        if lms_late:
            out.note = (
                "The LMS marked this submission late. No late penalty is applied "
                "here, because an LMS download does not say when you submitted; "
                "Canvas applies its own late policy to the grade in its gradebook."
            )
        if due is None:
            return out
        if not timestamp:
            if not lms_late:
                out.note = "No submission time is known: no late penalty applied."
            return out
        late = (parse_time(timestamp, "timestamp.txt") - due).total_seconds()
        if late <= 0:
            return out
        out.late_by = str(timedelta(seconds=round(late)))
        share = self.penalty.fraction(late)
        if self.basis == "possible":
            if possible is None:
                raise TypeError("possible (the points possible) is needed")
            base, of = possible, f"the {possible:g} points possible"
        else:
            base, of = raw_score, f"your score of {raw_score:g}"
        # a penalty never takes a score below zero
        out.penalty = round(min(raw_score, base * share), 6)
        out.note = (
            f"Submitted {out.late_by} after the due date {out.duedate} UTC; "
            f"late penalty {str(self.penalty)}: {_percent(share)} of {of}"
            f"{' (at most your score)' if base * share > raw_score else ''}: "
            f"-{out.penalty:g} points."
        )
        return out


def _percent(share):
    return f"{100 * share:.10g}%"


def read_extensions(path):
    """``student_id, due`` rows (a header line first) -> {student id: datetime}."""
    out = {}
    with open(path, newline="", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    for number, row in enumerate(rows, start=2):
        student = (row.get("student_id") or "").strip()
        if not student or not (row.get("due") or "").strip():
            raise DeadlineError(
                f"{path}, line {number}: extensions need the columns student_id "
                f"and due; got {row}"
            )
        if student in out:
            raise DeadlineError(f"{path}, line {number}: {student} is listed twice")
        out[student] = parse_time(row["due"], f"{path}, line {number}: due")
    return out
