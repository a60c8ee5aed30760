"""Item statistics against values worked out by hand, and against scipy."""

import numpy as np
import pytest
from scipy import stats

from mlgrade.insight import analytics


def test_point_biserial_by_hand():
    # Task passed by students 1, 2, 5; rest scores 8, 6, 2, 4, 5.
    # Passers' mean 19/3, others' 3; population sd of the rest: mean 5,
    # squared deviations 9 + 1 + 9 + 1 + 0 = 20, /5 = 4, sd 2; p = 3/5.
    # r = (19/3 - 3) / 2 * sqrt(0.6 * 0.4) = (5/3) * sqrt(0.24) = sqrt(2/3).
    r = analytics.point_biserial([1, 1, 0, 0, 1], [8, 6, 2, 4, 5])
    assert r == pytest.approx(np.sqrt(2 / 3), rel=1e-12)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_point_biserial_agrees_with_scipy(seed):
    rng = np.random.default_rng(seed)
    rest = rng.integers(0, 14, size=60).astype(float)
    passed = (rest + rng.normal(0, 4, size=60) > 7).astype(float)
    expected = stats.pointbiserialr(passed, rest).statistic
    assert analytics.point_biserial(passed, rest) == pytest.approx(expected, rel=1e-10)


@pytest.mark.parametrize(
    "x, y", [([1, 1, 1], [1, 2, 3]), ([0, 0, 0], [1, 2, 3]), ([0, 1, 1], [2, 2, 2])]
)
def test_point_biserial_undefined_for_constants(x, y):
    assert analytics.point_biserial(x, y) is None


def test_upper_lower_index_by_hand():
    # 10 students, groups of round(0.27 * 10) = 3. Rest scores 0..9.
    # Top 3 (rest 7, 8, 9) pass 1, 1, 1 -> 1; bottom 3 (0, 1, 2) pass 0, 0, 1
    # -> 1/3; D = 2/3.
    x = [0, 0, 1, 0, 1, 1, 0, 1, 1, 1]
    assert analytics.upper_lower_index(x, np.arange(10)) == pytest.approx(2 / 3)


def test_upper_lower_ties_do_not_depend_on_sort_order():
    # Everyone has the same rest score: groups are the first and last k by
    # position, 2 each of 8 (round(2.16)): top = students 6, 7; bottom = 0, 1.
    x = [1, 1, 0, 0, 0, 0, 0, 0]
    assert analytics.upper_lower_index(x, [5] * 8) == pytest.approx(-1.0)


def test_task_statistics_uses_the_rest_of_the_assignment_and_flags():
    # Three tasks for six students (points 1, 1, 2).
    scores = np.array(
        [
            # easy, backwards, good
            [1, 0, 2],
            [1, 0, 2],
            [1, 0, 2],
            [1, 1, 0],
            [1, 1, 0],
            [1, 1, 0],
        ],
        dtype=float,
    )
    easy, backwards, good = analytics.task_statistics(
        ["easy", "backwards", "good"], scores, [1, 1, 2]
    )
    # Everyone passes "easy": no correlation, flagged as too easy.
    assert easy.pass_rate == 1.0 and easy.point_biserial is None
    assert easy.flags == ["passed by nearly everyone"]
    # "backwards" is passed exactly by those who fail "good": the rest score
    # (easy + good) is 3 for non-passers and 1 for passers, so r = -1.
    assert backwards.point_biserial == pytest.approx(-1.0)
    assert backwards.upper_lower == pytest.approx(-1.0)  # groups of 2
    assert backwards.flags == ["discrimination below 0.2"]
    # "good": rest (easy + backwards) is 1 for passers and 2 for the others.
    assert good.point_biserial == pytest.approx(-1.0)
    assert good.mean == pytest.approx(1.0)


def test_task_statistics_good_task_is_not_flagged():
    rng = np.random.default_rng(3)
    ability = rng.normal(size=200)
    scores = (ability[:, None] + rng.normal(0, 0.7, (200, 5)) > 0).astype(float)
    for s in analytics.task_statistics(list("abcde"), scores, [1] * 5):
        assert s.point_biserial > 0.4 and s.upper_lower > 0.5
        assert s.flags == []


def test_histogram_by_hand():
    # Totals out of 9 points: one bin per point, the full score in the last.
    edges, counts = analytics.histogram([0, 1, 1, 5, 9, 8.5], 9)
    assert list(edges) == list(range(10))
    assert list(counts) == [1, 2, 0, 0, 0, 1, 0, 0, 2]
    edges, counts = analytics.histogram(np.arange(41), 40)
    assert len(counts) == 20 and counts.sum() == 41 and counts[-1] == 3
