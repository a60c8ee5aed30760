"""Every variant's answers, written as a student of that variant writes them.

``psNN.answers(variant)`` returns ``{grade_id: source}``: the master's answer
cells in that variant's own conventions (−1/+1 labels, examples as columns, a
separate b, ...). They are written independently of the adapters in
``mllesson.variants.adapters``, so the gates catch an adapter that translates
a convention the wrong way. ``psNN.MUTANTS`` lists classic mistakes as
``{label: (grade_id, old, new)}``: ``old`` replaced by ``new`` in every
variant's answer to that task.
"""

import json
from pathlib import Path

from mllesson import variants

ROOT = Path(__file__).resolve().parents[3]


def first_students(name, prefix="s"):
    """{variant: the first id ``prefix`` + a number that gets it}, for every
    variant of ``name``, as the course's salt deals them."""
    salt = json.loads((ROOT / "solutions" / name / "variants.json").read_text())
    found, i = {}, 0
    while len(found) < len(variants.variants_of(name)):
        i += 1
        found.setdefault(
            variants.variant_for(name, salt["salt"], f"{prefix}{i}"), f"{prefix}{i}"
        )
    return found


def usual_student(name, prefix="s"):
    """An id whose variant of ``name`` is the usual one, for tests that hand
    in answers in the course's conventions; ``prefix`` alone where ``name``
    has no variants."""
    if not (ROOT / "solutions" / name / "variants.json").is_file():
        return prefix
    return first_students(name, prefix)[variants.variants_of(name)[0]]
