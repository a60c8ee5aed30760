"""The assignments' self-checks: the reference passes, and mistakes are named."""

import numpy as np
import pytest

import mllesson as ml
import mllesson.selfcheck as cc


def _predict(variant):
    return lambda theta, X, threshold=0.5: variant(theta, X, threshold)


CHECKS = {
    "sigmoid": (cc.check_sigmoid, ml.sigmoid, cc.SIGMOID_MISTAKES, None),
    "hypothesis": (cc.check_hypothesis, ml.hypothesis, cc.HYPOTHESIS_MISTAKES, None),
    "predict": (cc.check_predict, ml.predict, cc.PREDICT_MISTAKES, _predict),
    "log_loss": (cc.check_log_loss, ml.log_loss, cc.LOG_LOSS_MISTAKES, None),
    "logistic_cost": (
        lambda f: cc.check_logistic_cost(f, regularised=True),
        ml.logistic_cost,
        cc.COST_MISTAKES,
        None,
    ),
    "logistic_gradient": (
        lambda f: cc.check_logistic_gradient(f, regularised=True),
        ml.logistic_gradient,
        cc.GRADIENT_MISTAKES,
        None,
    ),
    "gradient_descent": (
        cc.check_gradient_descent,
        ml.gradient_descent,
        cc.GD_MISTAKES,
        None,
    ),
    "sgd": (cc.check_sgd, ml.sgd, cc.SGD_MISTAKES, None),
    "standardize": (cc.check_standardize, ml.standardize, [], None),
    "softmax": (cc.check_softmax, ml.softmax, cc.SOFTMAX_MISTAKES, None),
    "map_feature": (
        cc.check_map_feature,
        ml.map_feature,
        cc.MAP_FEATURE_MISTAKES,
        None,
    ),
    "one_vs_all": (cc.check_one_vs_all, ml.one_vs_all, cc.ONE_VS_ALL_MISTAKES, None),
    "predict_one_vs_all": (
        cc.check_predict_one_vs_all,
        ml.predict_one_vs_all,
        cc.PREDICT_ONE_VS_ALL_MISTAKES,
        None,
    ),
}

# Mistakes that only a property's own visible check shows (probabilities of
# exactly 0 or 1, huge logits): the check of the cell that grades it.
BY_PROPERTY = {
    ("log_loss", 3): cc.check_log_loss_clipping,
    ("logistic_cost", 3): lambda f: cc.check_logistic_cost_stable(f, True),
}
# Mistakes reported by the shape they produce rather than by name.
BY_SHAPE = {("gradient_descent", 3): "history has shape (19,)"}

MISTAKES = [
    (task, i)
    for task, (_, _, mistakes, _) in CHECKS.items()
    for i in range(len(mistakes))
]


@pytest.mark.parametrize("task", CHECKS)
def test_the_reference_passes_and_the_report_says_what_the_hidden_tests_add(
    task, capsys
):
    check, reference, _, _ = CHECKS[task]
    check(reference)
    out = capsys.readouterr().out
    assert f"passed for {task}:" in out
    assert "The hidden tests check the same on more inputs: " in out
    assert "Not checked here" not in out


@pytest.mark.parametrize(("task", "i"), MISTAKES)
def test_each_catalogued_mistake_is_named(task, i, capsys):
    check, _, mistakes, wrap = CHECKS[task]
    message, variant = mistakes[i]
    student = wrap(variant) if wrap else variant
    if (task, i) in BY_PROPERTY:
        with np.errstate(all="ignore"):
            check(student)  # right on the ordinary visible inputs
        check = BY_PROPERTY[task, i]
    with pytest.raises(cc.SelfCheckError) as info, np.errstate(all="ignore"):
        check(student)
    expected = BY_SHAPE.get((task, i), message)
    assert expected in str(info.value)


@pytest.mark.parametrize("task", CHECKS)
def test_an_unfinished_function_gets_advice_not_a_traceback(task):
    check = CHECKS[task][0]

    def unfinished(*args, **kwargs):
        raise NotImplementedError()

    with pytest.raises(cc.SelfCheckError, match="still raises NotImplementedError"):
        check(unfinished)


def test_a_constant_column_must_not_become_nan():
    def no_guard(X, mean=None, std=None):
        X = np.asarray(X, dtype=float)
        if mean is None:
            mean, std = X.mean(axis=0), X.std(axis=0)
        return (X - mean) / std, mean, std

    with pytest.raises(cc.SelfCheckError, match="constant column"):
        with np.errstate(all="ignore"):
            cc.check_standardize(no_guard)


# The self-checks judge a property (an input left unchanged) only after the
# values of the same call: code that computes nothing and also scribbles on its
# input hears that its values are wrong, the first thing to fix.
def _scribble(a):
    a[...] = 7.0
    return a


UNTOUCHED_NON_ANSWERS = {
    "gradient_descent": (
        cc.check_gradient_descent,
        lambda cost, grad, theta0, X, y, **kw: (
            _scribble(theta0),
            np.zeros(kw["n_iters"]),
        ),
    ),
    "sgd": (
        cc.check_sgd,
        lambda cost, grad, theta0, X, y, **kw: (
            _scribble(theta0),
            np.zeros(kw["epochs"]),
        ),
    ),
    "perceptron_update": (
        cc.check_perceptron_update,
        lambda w, b, x, y, learning_rate=1.0: (_scribble(w), b),
    ),
    "numerical_gradient": (
        cc.check_numerical_gradient,
        lambda f, x, eps=1e-4: np.zeros_like(_scribble(x)),
    ),
}


@pytest.mark.parametrize("name", UNTOUCHED_NON_ANSWERS)
def test_a_property_is_judged_only_after_the_values(name, capsys):
    check, non_answer = UNTOUCHED_NON_ANSWERS[name]
    with pytest.raises(cc.SelfCheckError) as err:
        check(non_answer)
    assert "modified" not in str(err.value) and "left changed" not in str(err.value)
    assert "passed" not in capsys.readouterr().out
