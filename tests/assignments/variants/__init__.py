"""Every variant's answers, written as a student of that variant writes them.

``psNN.answers(variant)`` returns ``{grade_id: source}``: the master's answer
cells in that variant's own conventions (−1/+1 labels, examples as columns, a
separate b, ...). They are written independently of the adapters in
``mllesson.variants.adapters``, so the gates catch an adapter that translates
a convention the wrong way. ``psNN.MUTANTS`` lists classic mistakes as
``{label: (grade_id, old, new)}``: ``old`` replaced by ``new`` in every
variant's answer to that task.
"""
