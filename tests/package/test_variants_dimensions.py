"""The shared dimensions and ``noted``, which adds an assignment's own
sentence to a value's statement."""

import pytest

from mllesson.variants.dimensions import BIAS, CLASSES, noted


def test_noted_appends_the_sentence_to_the_named_values_only():
    extended = noted(CLASSES, c1="Row k − 1 is class k.")
    assert extended.name == "classes"
    assert extended.codes == ("c0", "c1")  # the usual value stays first
    assert extended.values["c0"] == CLASSES.values["c0"]
    assert extended.values["c1"] == CLASSES.values["c1"] + " Row k − 1 is class k."


def test_noted_leaves_the_shared_dimension_as_it_was():
    before = dict(BIAS.values)
    noted(BIAS, b="No column of ones here.")
    assert BIAS.values == before


def test_noted_refuses_a_value_the_dimension_does_not_have():
    with pytest.raises(ValueError, match=r"notes: \['pm1'\].*'bias'.*'ones', 'b'"):
        noted(BIAS, pm1="Labels are −1 and +1.")
