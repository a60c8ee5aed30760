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


def usual_student(name, prefix="s"):
    """An id (``prefix`` and a number) whose variant of ``name`` is the
    usual one, for tests that hand in answers in the course's conventions;
    ``prefix`` alone where ``name`` has no variants."""
    setting = ROOT / "solutions" / name / "variants.json"
    if not setting.is_file():
        return prefix
    salt = json.loads(setting.read_text())["salt"]
    return next(
        f"{prefix}{i}"
        for i in range(1, 1000)
        if variants.is_usual(variants.variant_for(name, salt, f"{prefix}{i}"))
    )
