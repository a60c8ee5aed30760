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
    """What went wrong with a submission or a task, named where it happens.

    The value is the problem's name in ``problems.csv``, the summary and the
    feedback page, word for word. The trusted side names it: the grader (a
    notebook it could not read), the sandbox's own accounting (its control
    group's counters, the kernel's exit status, the grader's timers) and the
    hidden checks (the kinds after ``GRADER_ERROR``, carried by their
    ``HiddenTestFailure``); never a message's wording, and never the name of
    an exception the student's code raised.
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
    MEMORY_LIMIT = "memory limit"  #: the kernel's control group killed for memory
    PROCESS_LIMIT = "process limit"  #: the control group refused a process
    #: a kill that per-process limits cannot tell apart (no control group)
    KILLED = "killed (time or memory)"
    KERNEL_DIED = "kernel died"
    OUTPUT_LIMIT = "output limit"
    EXIT_CALLED = "exit called"
    RECURSION_LIMIT = "recursion limit"
    TAMPER = "flagged for manual review"  #: the kernel's environment changed
    GRADER_ERROR = "grader error"  #: the grader's own bug, not the student's
    # -- a task's failure, as the check that failed it names it
    NOT_ATTEMPTED = "not attempted"  #: the release's stub (NotImplementedError)
    ERROR = "error"  #: the student's code raised (their message is their own)
    WRONG_VALUES = "wrong values"  #: values returned, and wrong
    WRONG_SHAPE = "wrong shape"  #: a result of the wrong shape, type or structure
    NOT_FINITE = "not finite"  #: NaN or infinity where the reference is finite
    NOT_VECTORISED = "not vectorised"  #: a Python loop over the examples
    FINITE_DIFFERENCES = "finite differences"  #: a gradient that disagrees
    INPUT_MODIFIED = "input modified"  #: an input changed in place


@dataclass
class TaskResult:
    grade_id: str
    score: float
    max_score: float
    message: str = ""  #: public: safe to show the student
    #: digest of the values a wrong answer returned on the class's common
    #: inputs (mlgrade.insight.similarity); never the values, never shown
    wrong_values: str = ""
    #: why the task failed, set where it happened (the grader, the sandbox,
    #: the check); None when it passed, or in runs graded before kinds
    failure: Failure | None = None
    #: the catalogued mistake (its message in mllesson.selfcheck.mistakes)
    #: that the trusted comparison found the returned values to match
    mistake: str = ""

    def to_dict(self):
        data = asdict(self)
        if self.failure is None:  # as results.jsonl was before failure kinds
            del data["failure"]
        if not self.mistake:
            del data["mistake"]
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
    #: the student's variant (``mllesson.variants``), "" where the assignment has none
    variant: str = ""
    #: another variant this submission solves better than its own (a copy?), or ""
    solves_variant: str = ""

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
        for key in ("variant", "solves_variant"):  # a class without variants: as before
            if not data[key]:
                del data[key]
        return data

    @classmethod
    def from_dict(cls, data):
        out = cls(**{k: v for k, v in data.items() if k != "tasks"})
        out.tasks = [TaskResult.from_dict(t) for t in data["tasks"]]
        out.problems = [(Failure(kind), detail) for kind, detail in out.problems]
        out.answers = [tuple(a) for a in out.answers]
        return out
