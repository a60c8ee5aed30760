"""One submission to grade, as found in the submissions folder.

A :class:`Job` crosses processes as JSON (a worker's stdin, a Dask task):
:meth:`Job.to_dict` and :meth:`Job.from_dict` are used only there.
"""

from dataclasses import asdict, dataclass, field, replace

from mlgrade.sandbox.kernel import Limits


@dataclass(frozen=True)
class Job:
    student: str
    assignment: str  #: the assignment's name (its folder in ``solutions/``)
    path: str | None  #: the notebook to grade; None if none was submitted
    digest: str  #: sha256 of the notebook's bytes ("" bytes if none)
    note: str | None = None  #: why this notebook (or none) was picked
    timestamp: str = ""  #: nbgrader's timestamp.txt, if any
    guess: str | None = None  #: the assignment its answer cells look like
    #: a :class:`mlgrade.grading.result.Failure` value when discovery already knows
    #: the submission cannot be graded (a linked notebook, say); ``note`` says why
    failure: str | None = None
    # How to grade it, the same for every job of a run:
    course: str | None = None  #: the course folder (masters and checks)
    limits: Limits = field(default_factory=Limits)
    secret: str = ""  #: the course's grading secret (seeds hidden inputs)
    sandbox: bool = True  #: bubblewrap around the kernels

    def graded_with(self, course, limits, secret, sandbox):
        """This job, to be graded with these settings."""
        return replace(
            self, course=course, limits=limits, secret=secret, sandbox=sandbox
        )

    def to_dict(self):
        return asdict(self)

    @classmethod
    def from_dict(cls, data):
        return cls(**{**data, "limits": Limits(**data["limits"])})
