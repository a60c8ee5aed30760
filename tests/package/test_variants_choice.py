"""Which variant a student gets: deterministic, spread, strict with bad input."""

import collections

import numpy as np
import pytest

import mllesson
from mllesson import variants
from mllesson.selfcheck.fixtures import visible_problem
from mllesson.variants.choice import derive

NAME = "ps02-cost"
DIMENSIONS = variants.spec(NAME).DIMENSIONS


def test_a_variant_follows_from_salt_assignment_and_id_only():
    a = variants.variant_for(NAME, "salt-one", "ada")
    assert variants.variant_for(NAME, "salt-one", "ada") == a
    assert variants.variant_for(NAME, "salt-one", "  ADA ") == a  # typed or listed
    ids = [f"student{i}" for i in range(40)]
    one = [variants.variant_for(NAME, "salt-one", s).id for s in ids]
    two = [variants.variant_for(NAME, "salt-two", s).id for s in ids]
    assert one != two  # another salt, another draw


def test_variants_are_spread_evenly_over_a_large_class():
    counts = collections.Counter(
        variants.variant_for(NAME, "term-2026", f"s{i}").id for i in range(8000)
    )
    assert len(counts) == 8
    # 1000 expected per variant; a binomial sd of about 30: 5 sd either way.
    assert all(850 < n < 1150 for n in counts.values()), counts


def test_every_variant_is_named_by_its_codes_and_the_usual_one_comes_first():
    every = variants.variants_of(NAME)
    assert len({v.id for v in every}) == 8
    assert every[0].id == "01-rows-ones" and variants.is_usual(every[0])
    assert variants.by_id(NAME, "pm1-cols-b").to_json() == {
        "assignment": NAME,
        "id": "pm1-cols-b",
        "conventions": {"labels": "pm1", "layout": "cols", "bias": "b"},
        "parameters": {},
    }


@pytest.mark.parametrize(
    ("args", "error", "names"),
    [
        (("", NAME, "ada"), ValueError, "salt"),
        ((None, NAME, "ada"), ValueError, "salt"),
        (("s", NAME, "  "), ValueError, "student_id"),
        (("s", NAME, 12345), ValueError, "student_id"),
    ],
)
def test_bad_input_is_named(args, error, names):
    salt, name, student = args
    with pytest.raises(error, match=names):
        derive(salt, name, student, DIMENSIONS)


def test_an_assignment_without_variants_is_named_with_those_that_have_them():
    with pytest.raises(ValueError, match="ps02-cost"):
        variants.spec("ps99-nothing")
    with pytest.raises(TypeError, match="assignment"):
        variants.spec(2)


# -- the adapters, against hand-worked answers in each variant's own terms


def _cost_pm1_cols_b(w, b, X, y, lam=0.0):
    z = w @ X + b  # X is (n, m), labels ±1: J = mean log(1 + e^(−y z))
    return float(np.mean(np.logaddexp(0, -y * z)))


def test_a_hand_written_answer_of_another_variant_meets_the_reference():
    theta, X, y = visible_problem()
    v = variants.by_id(NAME, "pm1-cols-b")
    adapted = variants.adapt(_cost_pm1_cols_b, "logistic_cost", v)
    assert adapted(theta, X, y) == pytest.approx(mllesson.logistic_cost(theta, X, y))
    usual = variants.adapt(
        _cost_pm1_cols_b, "logistic_cost", variants.variants_of(NAME)[0]
    )
    assert usual is _cost_pm1_cols_b  # the usual variant passes it through untouched


def test_labels_that_are_not_the_variants_become_wrong_answers():
    from mllesson.variants.adapters import _labels_back

    assert _labels_back(np.array([1, -1, 1])).tolist() == [1, 0, 1]
    # 0/1 predictions in a ±1 variant: 0 is not a label there, and never passes
    assert _labels_back(np.array([1, 0, 0])).tolist() == [1, 2, 2]


def test_a_change_to_relabelled_labels_reaches_the_callers_array():
    def clobber(y_true, y_prob, eps=1e-15):
        y_true[:] = 1  # in the variant's terms: every label +1
        return 0.0

    v = variants.by_id(NAME, "pm1-rows-ones")
    y = np.array([0.0, 1.0, 0.0])
    variants.adapt(clobber, "log_loss", v)(y, np.full(3, 0.5))
    assert y.tolist() == [1.0, 1.0, 1.0]  # so the checks see the input modified


def test_the_lines_counted_are_the_students_own():
    v = variants.by_id(NAME, "pm1-cols-b")
    adapted = variants.adapt(_cost_pm1_cols_b, "logistic_cost", v)
    theta, X, y = visible_problem()
    from mllesson.selfcheck.compare import count_lines

    assert adapted.count_lines(theta, X, y) == count_lines(
        _cost_pm1_cols_b, theta[1:], theta[0], X[:, 1:].T, 2 * y - 1
    )
