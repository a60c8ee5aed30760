"""Failure categories from the checks' real messages, ties, and redaction."""

import random

import numpy as np
import pytest

import mllesson
from hiddenchecks import HiddenTestFailure, ps01, ps02
from mlgrade import failures
from mlgrade.failures import Kind
from mlgrade.result import TaskResult


def _message(check, *functions):
    """The message a hidden check raises for the given student functions."""
    with pytest.raises(HiddenTestFailure) as info:
        check(*functions)
    return str(info.value)


def _summed_cost(theta, X, y, lam=0.0):
    return mllesson.logistic_cost(theta, X, y) * len(y)


def _clipped_cost(theta, X, y, lam=0.0):
    p = np.clip(mllesson.sigmoid(X @ theta), 1e-15, 1 - 1e-15)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def _naive_cost(theta, X, y, lam=0.0):
    p = 1 / (1 + np.exp(-(X @ theta)))
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def _not_implemented(*args):
    raise NotImplementedError()


def _undefined(*args):  # what the proxy raises for a function never defined
    raise NameError("logistic_cost is not defined")


def _typo(*args):
    raise NameError("name 'thetta' is not defined")


def _half_cost(theta, X, y, lam=0.0):  # a mistake no catalogue names
    return mllesson.logistic_cost(theta, X, y) / 2


@pytest.mark.parametrize(
    "check, function, name, kind",
    [
        (
            ps02.logistic_cost_values,
            _summed_cost,
            "you summed instead of averaging (missing 1/m)",
            Kind.MISCONCEPTION,
        ),
        (
            ps02.logistic_cost_stable,
            _clipped_cost,
            "finite but wrong for large |θᵀx|: clipping the probabilities caps each "
            "term at −log(eps)",
            Kind.MISCONCEPTION,
        ),
        (
            ps02.logistic_cost_stable,
            _naive_cost,
            "NaN or infinity (not computed stably)",
            Kind.WRONG,
        ),
        (
            ps02.logistic_cost_values,
            _half_cost,
            "wrong values (no named mistake)",
            Kind.WRONG,
        ),
        (
            ps02.logistic_cost_values,
            _not_implemented,
            "not attempted",
            Kind.NOT_ATTEMPTED,
        ),
        (ps02.logistic_cost_values, _undefined, "not attempted", Kind.NOT_ATTEMPTED),
        (ps02.logistic_cost_values, _typo, "error", Kind.ERROR),
        (
            ps01.sigmoid_vectorised,
            lambda z: np.array([1 / (1 + np.exp(-v)) for v in z]),
            "loop over the examples (not vectorised)",
            Kind.WRONG,
        ),
    ],
)
def test_categories_of_real_hidden_check_messages(check, function, name, kind):
    category = failures.categorise(_message(check, function))
    assert (category.name, category.kind) == (name, kind)


@pytest.mark.parametrize(
    "message, category",
    [
        ("Your code did not finish within the time limit.", failures.TIME_LIMIT),
        (
            "Your kernel stopped (killed); nothing after that could be checked.",
            failures.KERNEL_DIED,
        ),
        ("logistic_cost raised MemoryError: ", failures.MEMORY_LIMIT),
        ("No answer cell of ps02-cost was found.", failures.NOT_ATTEMPTED),
        (
            "the grader could not run this check (cannot send object).",
            failures.GRADER_ERROR,
        ),
        ("KeyError: 'sigmoid'", failures.GRADER_ERROR),
        ("grader worker failed on this submission", failures.GRADER_ERROR),
        ("no notebook submitted", failures.NOT_ATTEMPTED),
        ("the result is wrong (details hidden).", failures.WRONG_VALUES),
        ("sgd: theta0 was modified in place.", failures.CHANGED_INPUT),
        ("nn_cost: return a single number.", failures.WRONG_SHAPE),
    ],
)
def test_categories_of_the_graders_own_messages(message, category):
    assert failures.categorise(message) == category


def test_passed_has_no_category():
    assert failures.categorise("", passed=True) is None


def test_every_catalogue_message_is_its_own_misconception():
    catalogue = failures.catalogue()
    assert len(catalogue) > 50
    for message in catalogue:
        category = failures.categorise(f"task: problem 2 of shape (8, 2): {message}")
        assert category.kind is Kind.MISCONCEPTION
        assert category.name == failures.misconception_name(message)


def _task(message, passed=False):
    return TaskResult("t", 1.0 if passed else 0.0, 1.0, message)


def test_ties_are_broken_by_kind_then_name_whatever_the_order():
    # Two of each: an unstable cost (named), NotImplementedError, NameError.
    tasks = [
        _task("logistic_cost: not implemented yet."),
        _task(
            "logistic_cost: raised NameError on a hidden input: "
            "logistic_cost is not defined"
        ),
        _task(
            "logistic_cost: with |θᵀx| of several hundred: the result contains "
            "NaN or infinity; an intermediate step overflows. Compute it stably."
            " (2 of 2 values differ)"
        ),
        _task(
            "logistic_cost: problem 3 of shape (30, 4), lam = 0.0: you summed "
            "instead of averaging (missing 1/m). (30 of 30 values differ)"
        ),
        _task(
            "logistic_cost: problem 1 of shape (1, 2), lam = 0.0: you summed "
            "instead of averaging (missing 1/m). (1 of 1 values differ)"
        ),
        _task(
            "logistic_cost: with |θᵀx| of several hundred: the result contains "
            "NaN or infinity; an intermediate step overflows. Compute it stably."
            " (1 of 2 values differ)"
        ),
        _task("", passed=True),
    ]
    expected = [
        ("you summed instead of averaging (missing 1/m)", 2),
        ("NaN or infinity (not computed stably)", 2),
        ("not attempted", 2),
    ]
    rng = random.Random(0)
    for _ in range(10):
        rng.shuffle(tasks)
        assert failures.count_categories(tasks) == expected
    assert failures.format_counts(expected).startswith(
        "you summed instead of averaging (missing 1/m) (2); NaN"
    )


@pytest.mark.parametrize(
    "message, redacted",
    [
        (
            "logistic_cost: problem 3 of shape (30, 4), lam = 0.5: you summed "
            "instead of averaging (missing 1/m). (30 of 30 values differ)",
            "logistic_cost: problem # of shape (#, #), lam = #: you summed "
            "instead of averaging (missing 1/m). (# of # values differ)",
        ),
        (
            "logistic_gradient: problem 2 of shape (8, 2), lam = 0.1: the "
            "penalty's gradient is (λ/m)θ_j, not (λ/2m)θ_j. (3 of 3 values differ)",
            "logistic_gradient: problem # of shape (#, #), lam = #: the "
            "penalty's gradient is (λ/m)θ_j, not (λ/2m)θ_j. (# of # values differ)",
        ),
        # Formulas outside a catalogue message keep their numbers too.
        (
            "the gradient should be 1/m times Xᵀ(h − y), 12 entries differ",
            "the gradient should be 1/m times Xᵀ(h − y), # entries differ",
        ),
        (
            "y and 1 − y, λ/(2m), a 2-D input, θ₀ and x2; 3.5 and -1e-3 differ",
            "y and 1 − y, λ/(2m), a 2-D input, θ₀ and x2; # and # differ",
        ),
        ("first line 7\nsecond line 8", "first line #"),
    ],
)
def test_redaction_keeps_formulas(message, redacted):
    assert failures.redact(message) == redacted


def test_task_row_columns():
    from mlgrade.result import Result

    result = Result("s1", "ps02-cost")
    row = failures.task_row(result, _task("logistic_cost: not implemented yet."))
    assert dict(zip(failures.TASK_SCORES_COLUMNS, row, strict=True)) == {
        "student_id": "s1",
        "assignment": "ps02-cost",
        "grade_id": "t",
        "score": "0.0",
        "max_score": "1.0",
        "failure_category": "not attempted",
        "failure_kind": "not attempted",
        "message": "logistic_cost: not implemented yet.",
    }
    passed = failures.task_row(result, _task("", passed=True))
    assert passed[5:] == ["", "", ""]
