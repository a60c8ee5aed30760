"""Which variant a student gets: dimensions, variants, and the derivation.

A variant is one value of every dimension of an assignment (the labels, the
layout of the data, where the bias lives, ...). It follows from three things
only: the course's salt, the assignment and the student's id. The salt ships
with the release, because a student's notebook derives its own variant; it is
not the grading secret, which keeps the hidden inputs secret.
"""

import hashlib
import itertools


# Plain classes rather than dataclasses: a dataclass made while its module's
# source is run outside the package (as a student's code may run any file it
# can read) writes into the builtins module, which the grader takes for
# tampering.
class Dimension:
    """One way in which variants differ, e.g. the labels: ``0/1`` or ``-1/+1``.

    ``values`` maps each value's short code to the sentence the student's
    task statement gets for it; the first value is the course's usual one.
    """

    __slots__ = ("name", "values")

    def __init__(self, name, values):
        self.name, self.values = name, dict(values)

    @property
    def codes(self):
        return tuple(self.values)

    def __repr__(self):
        return f"Dimension({self.name!r}, {self.codes})"


class Variant:
    """One student's version of an assignment: equal to, and hashed as,
    another with the same assignment and conventions."""

    __slots__ = ("assignment", "conventions")

    def __init__(self, assignment, conventions):
        self.assignment = assignment
        #: ((dimension, code), ...) in the assignment's order
        self.conventions = tuple(tuple(c) for c in conventions)

    def _key(self):
        return (self.assignment, self.conventions)

    def __eq__(self, other):
        return isinstance(other, Variant) and self._key() == other._key()

    def __hash__(self):
        return hash(self._key())

    def __repr__(self):
        return f"Variant({self.assignment!r}, {self.conventions!r})"

    @property
    def id(self):
        """A short name: the codes of its values, e.g. ``pm1-cols-b``."""
        return "-".join(code for _, code in self.conventions)

    def __getitem__(self, dimension):
        return dict(self.conventions)[dimension]

    def get(self, dimension, default=None):
        return dict(self.conventions).get(dimension, default)

    def to_json(self):
        """The plain values that ``python -m mlgrade.variants show`` prints."""
        return {
            "assignment": self.assignment,
            "id": self.id,
            "conventions": dict(self.conventions),
            "parameters": {},
        }


def all_variants(assignment, dimensions):
    """Every variant of ``assignment``, the usual conventions first."""
    names = [d.name for d in dimensions]
    return [
        Variant(assignment, tuple(zip(names, codes, strict=True)))
        for codes in itertools.product(*(d.codes for d in dimensions))
    ]


def derive(salt, assignment, student_id, dimensions):
    """The variant of ``student_id``: a hash of salt, assignment and id.

    The id is stripped of surrounding spaces and compared case-insensitively,
    so that ``Ada`` typed in a notebook and ``ada`` in an LMS agree.
    """
    if not isinstance(salt, str) or not salt:
        raise ValueError("salt: expected the course's variant salt, a non-empty str")
    if not isinstance(student_id, str) or not student_id.strip():
        raise ValueError("student_id: expected a non-empty str, the student's id")
    key = f"{salt}\0{assignment}\0{student_id.strip().casefold()}".encode()
    digest = int.from_bytes(hashlib.sha256(key).digest()[:8], "big")
    variants = all_variants(assignment, dimensions)
    return variants[digest % len(variants)]
