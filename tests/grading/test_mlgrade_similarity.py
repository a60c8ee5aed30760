"""Flags for copied work: planted copies are flagged, independent work is not."""

import random

import numpy as np
import pytest

from mlgrade import similarity
from mlgrade.failures import catalogue, categorise
from mlgrade.result import Failure, Result, TaskResult

from .synthetic_class import (
    ASSIGNMENT,
    SIGNATURES,
    make_class,
    own_code,
    planted_pairs,
    unexplained_flags,
    wrong_values,
)

LOG_LOSS = (
    SIGNATURES["log_loss"]
    + """
    probs = np.asarray(y_prob, dtype=np.float64)
    lo, hi = eps, 1.0 - eps
    probs = np.where(probs < lo, lo, probs)
    probs = np.where(probs > hi, hi, probs)
    pos = np.log(probs[y_true == 1]).sum()
    neg = np.log1p(-probs[y_true == 0]).sum()
    return -(pos + neg) / y_true.size"""
)

COST = (
    """def _softplus(v):
    return np.maximum(v, 0) + np.log1p(np.exp(-np.abs(v)))


"""
    + SIGNATURES["logistic_cost"]
    + """
    scores = X @ theta
    per_example = _softplus(scores) - y * scores
    return float(per_example.sum() / len(y))"""
)

RENAMED_LOG_LOSS = (
    SIGNATURES["log_loss"]
    + """
    # turn the input into floats first
    p = np.asarray(y_prob, dtype=np.float64)
    low, high = eps, 1.0 - eps   # the clipping range
    p = np.where(p < low, low, p)
    p = np.where(p > high, high, p)
    # log-likelihood of each class
    ones = np.log(p[y_true == 1]).sum()
    zeros = np.log1p(-p[y_true == 0]).sum()
    return -(ones + zeros) / y_true.size"""
)

RENAMED_COST = (
    '''def stable_log1pexp(t):
    """log(1 + e^t) without overflow."""
    return np.maximum(t, 0) + np.log1p(np.exp(-np.abs(t)))


'''
    + SIGNATURES["logistic_cost"]
    + """
    z = X @ theta  # logits
    losses = stable_log1pexp(z) - y * z
    return float(losses.sum() / len(y))"""
)

REORDERED_LOG_LOSS = (
    SIGNATURES["log_loss"]
    + """
    probs = np.asarray(y_prob, dtype=np.float64)
    lo, hi = eps, 1.0 - eps
    probs = np.where(probs > hi, hi, probs)
    probs = np.where(probs < lo, lo, probs)
    neg = np.log1p(-probs[y_true == 0]).sum()
    pos = np.log(probs[y_true == 1]).sum()
    return -(pos + neg) / y_true.size"""
)

REORDERED_COST = (
    SIGNATURES["logistic_cost"]
    + """
    scores = X @ theta
    per_example = _softplus(scores) - y * scores
    return float(per_example.sum() / len(y))


def _softplus(v):
    return np.maximum(v, 0) + np.log1p(np.exp(-np.abs(v)))"""
)

# Independent and correct, in two other styles.
STYLE_A = {
    "log_loss": SIGNATURES["log_loss"]
    + """
    y_prob = np.clip(y_prob, eps, 1 - eps)
    terms = y_true * np.log(y_prob) + (1 - y_true) * np.log(1 - y_prob)
    return float(-terms.mean())""",
    "logistic_cost": SIGNATURES["logistic_cost"]
    + """
    z = np.dot(X, theta)
    return float(np.mean(np.logaddexp(0.0, z) - y * z))""",
}
STYLE_B = {
    "log_loss": SIGNATURES["log_loss"]
    + """
    total = 0.0
    clipped = np.minimum(1 - eps, np.maximum(eps, y_prob))
    total += np.sum(y_true * np.log(clipped))
    total += np.sum((1 - y_true) * np.log1p(-clipped))
    return -total / len(y_prob)""",
    "logistic_cost": SIGNATURES["logistic_cost"]
    + """
    m = len(y)
    logits = X.dot(theta)
    log_h = -np.logaddexp(0, -logits)
    log_1mh = -np.logaddexp(0, logits)
    return float(-(y @ log_h + (1 - y) @ log_1mh) / m)""",
}


def _result(name, answers, wrong=()):
    r = Result(name, ASSIGNMENT)
    r.answers = list(answers.items())
    for gid, message, digest in wrong:
        r.tasks.append(TaskResult(gid, 0.0, 1.0, message, digest))
    return r


def _pairs(results):
    pairs = similarity.compare(ASSIGNMENT, own_code(results), wrong_values(results))
    return {(p.a, p.b): p for p in pairs}


@pytest.fixture(scope="module")
def planted():
    background, _ = make_class(40, seed=5, copies=())
    original = {"log_loss": LOG_LOSS, "logistic_cost": COST}
    planted = [
        _result("orig", original),
        _result("exact", original),
        _result(
            "renamed", {"log_loss": RENAMED_LOG_LOSS, "logistic_cost": RENAMED_COST}
        ),
        _result(
            "reordered",
            {"log_loss": REORDERED_LOG_LOSS, "logistic_cost": REORDERED_COST},
        ),
        _result("style_a", STYLE_A),
        _result("style_b", STYLE_B),
        _result(
            "mistake_1",
            STYLE_A,
            [
                (
                    "logistic_cost_values",
                    "problem 1: you summed instead of averaging (missing 1/m).",
                    "d-summed",
                ),
                ("log_loss_values", "problem 1: wrong values.", "d-unusual-1"),
            ],
        ),
        _result(
            "mistake_2",
            STYLE_B,
            [
                (
                    "logistic_cost_values",
                    "problem 1: the minus sign is missing: the cost must be positive.",
                    "d-minus",
                ),
                ("log_loss_values", "problem 1: wrong values.", "d-unusual-2"),
            ],
        ),
    ]
    return background, _pairs(background + planted)


@pytest.mark.parametrize("copy", ["exact", "renamed", "reordered"])
def test_planted_copies_are_flagged_on_code(planted, copy):
    _, pairs = planted
    pair = pairs[tuple(sorted(("orig", copy)))]
    assert pair.flagged and "code" in pair.reasons, pair
    assert pair.code >= 0.9 and pair.shared_fingerprints >= similarity.MIN_SHARED


def test_copies_form_one_group(planted):
    _, pairs = planted
    groups = {p.group for k, p in pairs.items() if "orig" in k and p.flagged}
    assert len(groups) == 1 and 0 not in groups


@pytest.mark.parametrize(
    "a, b",
    [
        ("style_a", "style_b"),
        ("mistake_1", "mistake_2"),
        ("orig", "style_a"),
        ("orig", "style_b"),
    ],
)
def test_independent_submissions_are_not_flagged(planted, a, b):
    _, pairs = planted
    pair = pairs.get(tuple(sorted((a, b))))
    assert pair is None or not pair.flagged, pair


def test_no_pair_of_the_independent_background_is_flagged(planted):
    background, pairs = planted
    names = {r.student for r in background}
    flagged = [p for p in pairs.values() if p.flagged and {p.a, p.b} <= names]
    assert flagged == []


def _wrong(pairs_of_values):
    """student -> {grade_id: (digest, category)} from (student, gid, msg, digest),
    each failed as wrong values with the catalogued mistake its message names
    (as the hidden check records it)."""
    out = {}
    for student, gid, message, digest in pairs_of_values:
        mistake = next((m for m in catalogue() if m in message), "")
        task = TaskResult(gid, 0.0, 1.0, message, "", Failure.WRONG_VALUES, mistake)
        out.setdefault(student, {})[gid] = (digest, categorise(task))
    return out


def test_behaviour_unusual_shared_values_weigh_a_lot_catalogued_little():
    unusual = "problem 1: wrong values."
    summed = "problem 1: you summed instead of averaging (missing 1/m)."
    rows = []
    for i in range(30):  # a class whose wrong answers differ
        rows.append((f"s{i}", "t1", unusual, f"own-{i}-1"))
        rows.append((f"s{i}", "t2", unusual, f"own-{i}-2"))
    # a and b: the same two unusual wrong values; c and d: the same named
    # misconception on three tasks (as three more students have it too).
    rows += [
        ("a", "t1", unusual, "x1"),
        ("b", "t1", unusual, "x1"),
        ("a", "t2", unusual, "x2"),
        ("b", "t2", unusual, "x2"),
    ]
    for gid in ("t3", "t4", "t5"):
        rows += [(s, gid, summed, f"summed-{gid}") for s in ("c", "d", "e", "f")]
    pairs = {(p.a, p.b): p for p in similarity.compare(ASSIGNMENT, {}, _wrong(rows))}
    ab, cd = pairs[("a", "b")], pairs[("c", "d")]
    assert ab.behaviour == 2.0 and ab.flagged
    assert ab.reasons == ["identical wrong values"]
    assert ab.shared_wrong == [
        ("t1", "wrong values (no named mistake)"),
        ("t2", "wrong values (no named mistake)"),
    ]
    assert cd.behaviour == pytest.approx(3 * similarity.CATALOGUED_WEIGHT)
    assert not cd.flagged


def test_behaviour_a_value_most_of_the_class_shares_weighs_nothing():
    rows = [(f"s{i}", "t1", "problem 1: wrong values.", "same") for i in range(30)]
    rows += [(f"s{i}", "t2", "problem 1: wrong values.", "same2") for i in range(30)]
    assert similarity.compare(ASSIGNMENT, {}, _wrong(rows)) == []


def test_value_digest_ignores_rounding_but_not_mistakes():
    rng = np.random.default_rng(0)
    v = rng.normal(size=50)
    # The same formula computed two ways differs in the last bits only.
    assert similarity.value_digest([v]) == similarity.value_digest([v * (1 + 1e-14)])
    assert similarity.value_digest([v]) != similarity.value_digest([v * 1.001])
    assert similarity.value_digest([v]) != similarity.value_digest([v[:-1]])
    assert similarity.value_digest([(v, 1.0)]) != similarity.value_digest([(v, 2.0)])
    nan = np.array([np.nan, np.inf, -np.inf, 1.0])
    assert similarity.value_digest([nan]) == similarity.value_digest([nan.copy()])
    assert similarity.value_digest([nan]) != similarity.value_digest([nan[::-1]])


def test_normalised_tokens_ignore_names_comments_layout():
    a = "def f(x):\n    y = np.exp(-x)  # e\n    return 1 / (1 + y)\n"
    b = "def g(zz):\n\n    # comment\n    t =   np.exp( -zz )\n    return 1/(1+t)"
    assert similarity.normalised_tokens(a) == similarity.normalised_tokens(b)
    c = "def f(x):\n    y = np.log(-x)\n    return 1 / (1 + y)\n"
    assert similarity.normalised_tokens(a) != similarity.normalised_tokens(c)


def test_winnowing_guarantee():
    """Any shared run of K + W - 1 tokens shares a fingerprint."""
    rng = random.Random(1)
    vocab = [f"t{i}" for i in range(50)]
    run = [rng.choice(vocab) for _ in range(similarity.K + similarity.W - 1)]
    for _ in range(20):
        a = [rng.choice(vocab) for _ in range(30)] + run + [rng.choice(vocab)]
        b = (
            [rng.choice(vocab) for _ in range(7)]
            + run
            + [rng.choice(vocab) for _ in range(40)]
        )
        assert similarity.winnow(a) & similarity.winnow(b)


def test_scaffold_lines_are_removed():
    master = (
        SIGNATURES["log_loss"] + "\n    ### BEGIN SOLUTION\n    return 0.0\n"
        "    ### END SOLUTION"
    )
    scaffold = similarity.scaffold_lines(master)
    released = (
        SIGNATURES["log_loss"]
        + "\n    # YOUR CODE HERE\n    raise NotImplementedError()"
    )
    assert similarity.own_code(released, scaffold).strip() == ""
    assert similarity.own_code(LOG_LOSS, scaffold).strip().startswith("probs =")


def test_300_students_planted_groups_flagged_independent_ones_not():
    """The pairwise pass alone, on 300 students (its time is benchmark B6's)."""
    results, copied = make_class(300, seed=2, copies=((3, 5), (40, 2)))
    similarity.fingerprints.cache_clear()
    pairs = similarity.compare(ASSIGNMENT, own_code(results), wrong_values(results))
    flagged = {(p.a, p.b): "; ".join(p.reasons) for p in pairs if p.flagged}
    assert planted_pairs(copied) <= set(flagged)
    assert unexplained_flags(flagged, results, copied) == {}
    assert len(flagged) - len(planted_pairs(copied)) <= 5
