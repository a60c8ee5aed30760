"""Self-checks of the perceptron and network assignments (units 6 to 8).

The reference passes each check, and each catalogued mistake is named.
"""

import numpy as np
import pytest

import mllesson as ml
import mllesson.selfcheck as cc


def _forward_wrap(variant):
    return lambda params, X, hidden="relu", output="softmax": variant(
        params, X, hidden, output
    )


CHECKS = {
    "mcculloch_pitts": (
        cc.check_mcculloch_pitts,
        ml.mcculloch_pitts,
        cc.MCCULLOCH_PITTS_MISTAKES,
    ),
    "perceptron_update": (
        cc.check_perceptron_update,
        ml.perceptron_update,
        cc.PERCEPTRON_UPDATE_MISTAKES,
    ),
    "perceptron_fit": (
        cc.check_perceptron_fit,
        ml.perceptron_fit,
        cc.PERCEPTRON_FIT_MISTAKES,
    ),
    "relu": (cc.check_relu, ml.relu, cc.RELU_MISTAKES),
    "leaky_relu": (cc.check_leaky_relu, ml.leaky_relu, cc.LEAKY_RELU_MISTAKES),
    "init_params": (cc.check_init_params, ml.init_params, []),
    "forward": (cc.check_forward, ml.forward, cc.FORWARD_MISTAKES),
    "nn_cost": (cc.check_nn_cost, ml.nn_cost, cc.NN_COST_MISTAKES),
    "backward": (cc.check_backward, ml.backward, cc.BACKWARD_MISTAKES),
    "numerical_gradient": (
        cc.check_numerical_gradient,
        ml.numerical_gradient,
        cc.NUMERICAL_GRADIENT_MISTAKES,
    ),
    "relative_error": (
        cc.check_relative_error,
        ml.relative_error,
        cc.RELATIVE_ERROR_MISTAKES,
    ),
}

# The mcculloch_pitts mistakes take the weights as an array and the single
# example check needs a 1-D input to give a scalar: wrap them so they do.
WRAP = {
    "mcculloch_pitts": lambda v: (
        lambda x, w, t: (
            v(np.atleast_2d(x), np.asarray(w), t)
            if np.ndim(x) == 2
            else v(np.atleast_2d(x), np.asarray(w), t)[0]
        )
    ),
}

MISTAKES = [
    (task, i) for task, (_, _, mistakes) in CHECKS.items() for i in range(len(mistakes))
]


@pytest.mark.parametrize("task", CHECKS)
def test_the_reference_passes_and_says_what_the_hidden_tests_add(task, capsys):
    check, reference, _ = CHECKS[task]
    check(reference)
    out = capsys.readouterr().out
    assert f"passed for {task}:" in out
    assert "The hidden tests check the same on more inputs" in out
    assert "Not checked here" not in out


@pytest.mark.parametrize(("task", "i"), MISTAKES)
def test_each_catalogued_mistake_is_named(task, i):
    check, _, mistakes = CHECKS[task]
    message, variant = mistakes[i]
    student = WRAP.get(task, lambda v: v)(variant)
    with pytest.raises(cc.SelfCheckError) as info, np.errstate(all="ignore"):
        check(student)
    assert message in str(info.value)


@pytest.mark.parametrize("task", CHECKS)
def test_an_unfinished_function_gets_advice(task):
    def unfinished(*args, **kwargs):
        raise NotImplementedError()

    with pytest.raises(cc.SelfCheckError, match="still raises NotImplementedError"):
        CHECKS[task][0](unfinished)
