"""Failure categories from the checks' real messages, ties, and redaction."""

import random

import numpy as np
import pytest

import mllesson
from hiddenchecks import HiddenTestFailure, ps01, ps02
from mlgrade.grading import check_runner
from mlgrade.grading.result import Failure, TaskResult
from mlgrade.insight import categories, tables
from mlgrade.insight.categories import Kind
from mllesson import selfcheck


def _task_of(check, *functions):
    """The task a hidden check fails for the given student functions, as the
    grader records it (its kind and mistake from the check, not its words)."""
    with pytest.raises(HiddenTestFailure) as info:
        check(*functions)
    failure, mistake = check_runner.failure_of(info.value)
    message = check_runner.public_message(info.value)
    return TaskResult("t", 0.0, 1.0, message, failure=failure, mistake=mistake)


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


def _named_memory_error(*args):  # a student's exception merely named MemoryError
    raise MemoryError("out of memory")


def _quoting_a_misconception(*args):
    raise RuntimeError("you summed instead of averaging (missing 1/m).")


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
        # A function the notebook never defined (its cell crashed on a typo):
        # an error, not "not attempted" (which the release's stub is).
        (ps02.logistic_cost_values, _undefined, "error", Kind.ERROR),
        (ps02.logistic_cost_values, _typo, "error", Kind.ERROR),
        # The student's exception's name and words decide nothing.
        (ps02.logistic_cost_values, _named_memory_error, "error", Kind.ERROR),
        (ps02.logistic_cost_values, _quoting_a_misconception, "error", Kind.ERROR),
        (
            ps01.sigmoid_vectorised,
            lambda z: np.array([1 / (1 + np.exp(-v)) for v in z]),
            "loop over the examples (not vectorised)",
            Kind.WRONG,
        ),
    ],
)
def test_categories_of_real_hidden_check_messages(check, function, name, kind):
    category = categories.categorise(_task_of(check, function))
    assert (category.name, category.kind) == (name, kind)


def test_a_students_words_are_shown_as_their_own_never_as_a_diagnosis():
    task = _task_of(ps02.logistic_cost_values, _quoting_a_misconception)
    assert task.failure is Failure.ERROR and task.mistake == ""
    assert "raised RuntimeError" in task.message
    assert "you summed instead of averaging (missing 1/m)." in task.message


@pytest.mark.parametrize(
    "failure, category",
    [
        (Failure.TIME_LIMIT, categories.TIME_LIMIT),
        (Failure.MEMORY_LIMIT, categories.MEMORY_LIMIT),
        (Failure.PROCESS_LIMIT, categories.PROCESS_LIMIT),
        (Failure.OUTPUT_LIMIT, categories.OUTPUT_LIMIT),
        (Failure.KERNEL_DIED, categories.KERNEL_DIED),
        (Failure.KILLED, categories.KERNEL_DIED),
        (Failure.WRONG_ASSIGNMENT, categories.NOT_ATTEMPTED),
        (Failure.NO_NOTEBOOK, categories.NOT_ATTEMPTED),
        (Failure.NOT_ATTEMPTED, categories.NOT_ATTEMPTED),
        (Failure.GRADER_ERROR, categories.GRADER_ERROR),
        (Failure.ERROR, categories.ERROR),
        (Failure.WRONG_VALUES, categories.WRONG_VALUES),
        (Failure.INPUT_MODIFIED, categories.CHANGED_INPUT),
        (Failure.WRONG_SHAPE, categories.WRONG_SHAPE),
        (None, categories.UNRECORDED),
    ],
)
def test_the_recorded_failure_decides_whatever_the_message_says(failure, category):
    # A message that names something else entirely is not read.
    message = "logistic_cost raised MemoryError: time limit; not implemented yet."
    task = TaskResult("t", 0.0, 1.0, message, failure=failure)
    assert categories.categorise(task) == category


def test_passed_has_no_category():
    assert categories.categorise(_task("", passed=True)) is None


def test_every_catalogue_message_is_its_own_misconception_only_as_a_mistake():
    catalogue = categories.catalogue()
    assert len(catalogue) > 50
    for message in catalogue:
        text = f"task: problem 2 of shape (8, 2): {message}"
        task = _task(text, Failure.WRONG_VALUES, mistake=message)
        category = categories.categorise(task)
        assert category.kind is Kind.MISCONCEPTION
        assert category.name == categories.misconception_name(message)
        # The same words in an error's message are that error's text only.
        assert categories.categorise(_task(text, Failure.ERROR)) is categories.ERROR


def _task(message, failure=None, passed=False, mistake=""):
    return TaskResult(
        "t", 1.0 if passed else 0.0, 1.0, message, failure=failure, mistake=mistake
    )


def test_ties_are_broken_by_kind_then_name_whatever_the_order():
    # Two of each: an unstable cost, a named mistake, NotImplementedError.
    summed = "you summed instead of averaging (missing 1/m)."
    tasks = [
        _task("logistic_cost: not implemented yet.", Failure.NOT_ATTEMPTED),
        _task("logistic_cost: not implemented yet.", Failure.NOT_ATTEMPTED),
        _task("logistic_cost: NaN (2 of 2 values differ)", Failure.NOT_FINITE),
        _task(f"logistic_cost: {summed}", Failure.WRONG_VALUES, mistake=summed),
        _task(f"logistic_cost: {summed} (1)", Failure.WRONG_VALUES, mistake=summed),
        _task("logistic_cost: NaN (1 of 2 values differ)", Failure.NOT_FINITE),
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
        assert categories.count_categories(tasks) == expected
    assert categories.format_counts(expected).startswith(
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
    assert categories.redact(message) == redacted


def test_task_row_columns():
    from mlgrade.grading.result import Result

    result = Result("s1", "ps02-cost")
    task = _task("logistic_cost: not implemented yet.", Failure.NOT_ATTEMPTED)
    row = tables.task_row(result, task)
    assert dict(zip(tables.TASK_SCORES_COLUMNS, row, strict=True)) == {
        "student_id": "s1",
        "assignment": "ps02-cost",
        "grade_id": "t",
        "score": "0.0",
        "max_score": "1.0",
        "failure_category": "not attempted",
        "failure_kind": "not attempted",
        "message": "logistic_cost: not implemented yet.",
    }
    passed = tables.task_row(result, _task("", passed=True))
    assert passed[5:] == ["", "", ""]


def _gd_in_place(cost, gradient, theta0, X, y, *, learning_rate, n_iters, lam=0.0):
    """Right values, but theta0 is stepped in place."""
    out = mllesson.gradient_descent(
        cost,
        gradient,
        theta0,
        X,
        y,
        learning_rate=learning_rate,
        n_iters=n_iters,
        lam=lam,
    )
    theta0[...] = out[0]
    return out


@pytest.mark.parametrize(
    "check, function, failure",
    [
        (selfcheck.check_sigmoid, _not_implemented, Failure.NOT_ATTEMPTED),
        (selfcheck.check_sigmoid, _typo, Failure.ERROR),
        (selfcheck.check_sigmoid, lambda z: [0.5], Failure.WRONG_SHAPE),
        (selfcheck.check_logistic_cost, _summed_cost, Failure.WRONG_VALUES),
        (selfcheck.check_gradient_descent, lambda *a, **k: 1.0, Failure.WRONG_SHAPE),
        (selfcheck.check_gradient_descent, _gd_in_place, Failure.INPUT_MODIFIED),
    ],
)
def test_a_visible_self_check_names_its_failure_too(check, function, failure):
    """A test cell's visible part (the self-check) fails first on many
    answers: its failure's kind is data as well."""
    with pytest.raises(AssertionError) as info:
        check(function)
    assert check_runner.failure_of(info.value)[0] is failure


def test_a_self_check_names_a_catalogued_mistake_by_comparing_values():
    with pytest.raises(AssertionError) as info:
        selfcheck.check_logistic_cost(_summed_cost)
    failure, mistake = check_runner.failure_of(info.value)
    assert mistake in categories.catalogue()
    task = TaskResult("t", 0.0, 1.0, str(info.value), failure=failure, mistake=mistake)
    assert (
        categories.categorise(task).name
        == "you summed instead of averaging (missing 1/m)"
    )


class _CourseFailure(AssertionError):
    """A course's own failure class that names no kind (an older course)."""


def _wrapped(student_exc, kind=None):
    """A course failure raised while handling the student's exception."""
    student_exc.mlgrade_function = "sigmoid"  # as the proxy marks it
    try:
        try:
            raise student_exc
        except Exception:
            failure = _CourseFailure("sigmoid: wrong values.")
            if kind is not None:
                failure.kind = kind
            raise failure from None
    except AssertionError as exc:
        return exc


@pytest.mark.parametrize(
    ("student_exc", "kind", "expected"),
    [
        (NotImplementedError(), None, Failure.NOT_ATTEMPTED),
        (RuntimeError("you summed instead of averaging"), None, Failure.ERROR),
        (MemoryError(), None, Failure.ERROR),
        (RuntimeError("x"), "not finite", Failure.NOT_FINITE),  # its kind wins
    ],
)
def test_a_check_without_a_kind_takes_it_from_the_students_exception(
    student_exc, kind, expected
):
    failure, mistake = check_runner.failure_of(_wrapped(student_exc, kind))
    assert (failure, mistake) == (expected, "")


def test_a_check_without_a_kind_and_no_student_exception_is_wrong_values():
    assert check_runner.failure_of(_CourseFailure("wrong values.")) == (
        Failure.WRONG_VALUES,
        "",
    )
