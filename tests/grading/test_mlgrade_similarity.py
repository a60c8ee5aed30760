"""Flags for copied work: planted copies are flagged, independent work is not."""

import random

import numpy as np
import pytest

from mlgrade.grading.result import Failure, Result, TaskResult
from mlgrade.insight import similarity
from mlgrade.insight.categories import catalogue, categorise

from .synthetic_class import (
    ASSIGNMENT,
    PLANTED_DISGUISES,
    PLANTED_INDEPENDENT,
    PLANTED_ORIGINAL,
    SIGNATURES,
    make_class,
    own_code,
    planted_pairs,
    planted_set,
    unexplained_flags,
    wrong_values,
)

ORIGINAL = PLANTED_ORIGINAL


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
    style_a, style_b = PLANTED_INDEPENDENT["style_a"], PLANTED_INDEPENDENT["style_b"]
    mistakes = [
        _result(
            "mistake_1",
            style_a,
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
            style_b,
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
    results = planted_set(40, seed=5) + [_result("exact", ORIGINAL)] + mistakes
    return background, _pairs(results)


@pytest.mark.parametrize(
    "copy", ["exact", "renamed", "reordered", "padded", "comments", "split"]
)
def test_planted_copies_are_flagged_on_code(planted, copy):
    """Renamed, reordered, padded with dead code, comments changed, split into
    helper functions: each disguise of the original is flagged."""
    _, pairs = planted
    pair = pairs[tuple(sorted(("original", copy)))]
    assert pair.flagged and "code" in pair.reasons, pair
    assert pair.code >= similarity.CODE_THRESHOLD
    assert pair.shared_fingerprints >= similarity.MIN_SHARED


def test_helpers_and_temporary_variables_are_inlined():
    """A helper's returned expression replaces its call, a variable read once
    its use: the same computation, however it is split up."""
    direct = "def f(x, y):\n    return np.sum(np.exp(x) * y) / len(y)"
    split = (
        "def _weighted(a, b):\n    e = np.exp(a)\n    return e * b\n\n\n"
        "def f(x, y):\n    total = np.sum(_weighted(x, y))\n    return total / len(y)"
    )
    returned = similarity.statements(direct)[-1]  # f's return statement
    assert returned[0] == "Return"
    assert returned in similarity.statements(split)
    other = "def f(x, y):\n    return np.sum(np.log(x) * y) / len(y)"
    assert returned not in similarity.statements(other)


def test_inlining_is_bounded():
    """A helper that calls itself, or is called many times, cannot make a
    statement grow without bound."""
    source = "def g(x):\n    return g(x) + g(x) + g(x)\n\n\ny = " + " + ".join(
        ["g(1)"] * 500
    )
    tokens = similarity.statements(source)
    assert max(len(t) for t in tokens) < 2 * similarity.MAX_STATEMENT_TOKENS


def test_copies_form_one_group(planted):
    _, pairs = planted
    groups = {p.group for k, p in pairs.items() if "original" in k and p.flagged}
    assert len(groups) == 1 and 0 not in groups


@pytest.mark.parametrize(
    "a, b",
    [
        ("style_a", "style_b"),
        ("style_a", "style_c"),
        ("style_b", "style_c"),
        ("mistake_1", "mistake_2"),
        *[("original", s) for s in PLANTED_INDEPENDENT],
        *[(d, s) for d in PLANTED_DISGUISES for s in PLANTED_INDEPENDENT],
    ],
)
def test_independent_submissions_are_not_flagged(planted, a, b):
    _, pairs = planted
    pair = pairs.get(tuple(sorted((a, b))))
    assert pair is None or not (pair.flagged or pair.worth_a_look), pair


def test_no_pair_of_the_independent_background_is_flagged(planted):
    background, pairs = planted
    names = {r.student for r in background}
    flagged = [p for p in pairs.values() if p.flagged and {p.a, p.b} <= names]
    assert flagged == []


def test_padding_cannot_dilute_a_copy():
    """Containment over the smaller answer: a copy inside 100 functions of
    live code of the copier's own is still the whole of the original."""
    padding = "".join(
        f"\n\n\ndef extra_{i}(a):\n    b = np.cumsum(a) * {i}\n"
        f"    return np.sort(b)[::-1] + {i}"
        for i in range(100)
    )
    padded = {g: src + padding for g, src in ORIGINAL.items()}
    results = planted_set(40, seed=5) + [_result("padded_more", padded)]
    pair = _pairs(results)[("original", "padded_more")]
    assert pair.flagged and pair.code == 1.0, pair


def test_one_function_alike_is_not_a_copied_submission():
    """A cell only one of the two answered counts 0: a student who wrote one
    function the way the original did, and left the other blank, is at most
    worth a look."""
    blank = (
        SIGNATURES["logistic_cost"]
        + "\n    # YOUR CODE HERE\n    raise NotImplementedError()"
    )
    half = {"log_loss": ORIGINAL["log_loss"], "logistic_cost": blank}
    results = planted_set(40, seed=5) + [_result("half", half)]
    pair = _pairs(results)[("half", "original")]
    assert not pair.flagged and pair.code == 0.0, pair


def test_near_misses_are_worth_a_look():
    """One function copied, the other half rewritten: below the flag, listed
    as worth a look."""
    cost = ORIGINAL["logistic_cost"].split("\n\n\n")[1]  # without the helper
    rewritten = cost.replace(
        "per_example = _softplus(scores) - y * scores",
        "per_example = np.logaddexp(0.0, scores) - y * scores",
    )
    assert rewritten != cost
    partial = {**ORIGINAL, "logistic_cost": rewritten}
    results = planted_set(40, seed=5) + [_result("partial", partial)]
    pair = _pairs(results)[("original", "partial")]
    assert not pair.flagged and pair.worth_a_look, pair
    assert similarity.rows([pair])[0][3] == "worth a look"


def test_an_oversized_answer_is_skipped_and_reported():
    """An answer over MAX_CODE_CHARS is not compared on code (bounded time and
    memory per submission) and is listed as not compared."""
    huge = "\n".join(f"v{i} = {i} * 2 + {i}" for i in range(5000))
    assert len(huge) > similarity.MAX_CODE_CHARS
    big = {
        "log_loss": ORIGINAL["log_loss"] + "\n" + huge,
        **{"logistic_cost": ORIGINAL["logistic_cost"]},
    }
    submissions = own_code(planted_set(40, seed=5) + [_result("big", big)])
    pairs = similarity.compare(ASSIGNMENT, submissions, {})
    assert all("big" not in (p.a, p.b) for p in pairs)
    skipped = similarity.oversized(ASSIGNMENT, submissions)
    assert [(s.student, s.chars > similarity.MAX_CODE_CHARS) for s in skipped] == [
        ("big", True)
    ]
    (row,) = similarity.rows([], skipped=skipped)
    assert row[1] == "big" and row[3] == "not compared"


def test_false_positive_rate_on_generated_classes():
    """Three classes of 300 with planted groups: every planted pair caught;
    flags outside them only where two students wrote every function alike."""
    for seed in (2, 3, 4):
        results, copied = make_class(300, seed=seed, copies=((3, 5), (40, 2)))
        pairs = similarity.compare(ASSIGNMENT, own_code(results), wrong_values(results))
        flagged = {(p.a, p.b): "; ".join(p.reasons) for p in pairs if p.flagged}
        assert planted_pairs(copied) <= set(flagged), seed
        assert unexplained_flags(flagged, results, copied) == {}, seed
        assert len(flagged) - len(planted_pairs(copied)) <= 2, seed


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
    """The released scaffold leaves only its signature: no statement of its
    own, so a blank answer has nothing but the header to compare."""
    master = (
        SIGNATURES["log_loss"] + "\n    ### BEGIN SOLUTION\n    return 0.0\n"
        "    ### END SOLUTION"
    )
    scaffold = similarity.scaffold_lines(master)
    released = (
        SIGNATURES["log_loss"]
        + "\n    # YOUR CODE HERE\n    raise NotImplementedError()"
    )
    header = similarity.statements(SIGNATURES["log_loss"])
    assert similarity.statements(similarity.own_code(released, scaffold)) == header
    own = similarity.own_code(ORIGINAL["log_loss"], scaffold)
    assert similarity.statements(own)[1][:2] == ["Assign", "V"]
    assert "Mean binary log-loss" not in own


def test_wrong_variant_rows_name_the_classmates_and_quote_formula_ids(
    tmp_path, monkeypatch
):
    """A submission that solves another variant is a row of its own; student
    ids reach similarity.csv quoted as every CSV of a run quotes them."""
    import csv

    monkeypatch.setattr(similarity, "class_pairs", lambda *args: ([], []))
    copier = Result("=HYPERLINK(1)", "ps02-cost", variant="01-rows-b")
    copier.solves_variant = "pm1-rows-b"
    mates = [Result(s, "ps02-cost", variant="pm1-rows-b") for s in ("+ann", "bob")]
    other = Result("cy", "ps02-cost", variant="01-rows-b")
    similarity.write_table(tmp_path, [copier, *mates, other], {}, tmp_path)
    with open(tmp_path / "similarity.csv", newline="") as fh:
        (row,) = list(csv.DictReader(fh))
    assert row["flagged"] == similarity.WRONG_VARIANT
    assert row["student_a"] == "'=HYPERLINK(1)" and row["student_b"] == ""
    assert "variant pm1-rows-b instead" in row["reasons"]
    assert "2 classmates have that variant: +ann, bob" in row["reasons"]
    assert row["reasons"].startswith("graded as variant 01-rows-b")
