"""What grading one submission found: its tasks' scores and its problems.

A :class:`Result` is built by the grader and read by the reports. It crosses
processes (a worker's pipe and stdout, a Dask task's reply) and is kept in a
run's ``results.jsonl`` as plain JSON: :meth:`Result.to_dict` and
:meth:`Result.from_dict` are used only there, and read the results of runs
graded before the failure kinds existed.
"""

from dataclasses import asdict, dataclass, field
from enum import StrEnum


class Failure(StrEnum):
    """What went wrong with a submission, named where it happens.

    The value is the problem's name in ``problems.csv``, the summary and the
    feedback page, word for word.
    """

    NO_NOTEBOOK = "no notebook"
    NOTEBOOK_NAME = "notebook name"
    UNREADABLE = "unreadable notebook"
    WRONG_ASSIGNMENT = "wrong assignment?"
    ANSWERS_MISSING = "answer cells missing"
    TEST_CELLS_DELETED = "test cells deleted"
    CELLS_DUPLICATED = "cells duplicated"
    TEST_CELLS_EDITED = "test cells edited"
    CELL_TYPES_CHANGED = "cell types changed"
    CELL_ERROR = "error in a cell"
    TIME_LIMIT = "time limit"
    MEMORY_LIMIT = "memory limit"
    KILLED = "killed (time or memory)"  #: a kill: the time or the memory limit
    KERNEL_DIED = "kernel died"
    OUTPUT_LIMIT = "output limit"
    EXIT_CALLED = "exit called"
    RECURSION_LIMIT = "recursion limit"
    TAMPER = "flagged for manual review"  #: the kernel's environment changed
    GRADER_ERROR = "grader error"  #: the grader's own bug, not the student's


@dataclass
class TaskResult:
    grade_id: str
    score: float
    max_score: float
    message: str = ""  #: public: safe to show the student
    #: digest of the values a wrong answer returned on the class's common
    #: inputs (mlgrade.similarity); never the values, never shown
    wrong_values: str = ""
    #: set when the grader, not a check, failed the task (no notebook, a
    #: stopped kernel, ...); None when a check decided
    failure: Failure | None = None

    def to_dict(self):
        data = asdict(self)
        if self.failure is None:  # as results.jsonl was before failure kinds
            del data["failure"]
        return data

    @classmethod
    def from_dict(cls, data):
        failure = data.get("failure")
        return cls(**{**data, "failure": Failure(failure) if failure else None})


@dataclass
class Result:
    student: str
    assignment: str
    tasks: list = field(default_factory=list)  #: [TaskResult]
    problems: list = field(default_factory=list)  #: [(Failure, detail)]
    cell_errors: list = field(default_factory=list)
    tampering: list = field(default_factory=list)
    answers: list = field(default_factory=list)  #: (grade_id, source) shown as feedback
    timestamp: str = ""

    @property
    def score(self):
        return sum(t.score for t in self.tasks)

    @property
    def max_score(self):
        return sum(t.max_score for t in self.tasks)

    def note(self, failure, detail):
        """Add a problem for the summary, once."""
        entry = (Failure(failure), detail[:300])
        if entry not in self.problems:
            self.problems.append(entry)

    def zero(self, tests, message, failure=None):
        """Every task of ``tests`` failed with ``message``."""
        self.tasks = [
            TaskResult(t.grade_id, 0.0, t.points, message, failure=failure)
            for t in tests
        ]

    def to_dict(self):
        data = asdict(self)
        data["tasks"] = [t.to_dict() for t in self.tasks]
        return data

    @classmethod
    def from_dict(cls, data):
        out = cls(**{k: v for k, v in data.items() if k != "tasks"})
        out.tasks = [TaskResult.from_dict(t) for t in data["tasks"]]
        out.problems = [(Failure(kind), detail) for kind, detail in out.problems]
        out.answers = [tuple(a) for a in out.answers]
        return out
