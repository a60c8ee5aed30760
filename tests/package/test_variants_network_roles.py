"""The adapters' network roles against hand-worked values: a network's
layers (``"params"``) and a forward pass's cache (``"cache"``)."""

import numpy as np
import pytest

from mllesson import variants
from mllesson.variants.adapters import ROLES_OF, Adapted, Task
from mllesson.variants.choice import Variant

#: One layer with 2 inputs and 3 units: W (3, 2) and b (3,).
W = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
B = np.array([7.0, 8.0, 9.0])

#: The same layer as each variant writes it, by hand.
AS_WRITTEN = {
    ("out_in", "wb"): (W, B),
    ("out_in", "fold"): np.array([[7.0, 1.0, 2.0], [8.0, 3.0, 4.0], [9.0, 5.0, 6.0]]),
    ("in_out", "wb"): (np.array([[1.0, 3.0, 5.0], [2.0, 4.0, 6.0]]), B),
    ("in_out", "fold"): np.array([[7.0, 8.0, 9.0], [1.0, 3.0, 5.0], [2.0, 4.0, 6.0]]),
}

LAYERS = Task(("params",), {"params": "params"}, returns="params")


def variant(layout="rows", weights="out_in", layer_bias="wb"):
    return Variant(
        "ps00-test",
        (("layout", layout), ("weights", weights), ("layer_bias", layer_bias)),
    )


def _same_layer(got, want):
    if isinstance(want, tuple):
        assert isinstance(got, tuple) and len(got) == 2
        np.testing.assert_array_equal(got[0], want[0])
        np.testing.assert_array_equal(got[1], want[1])
    else:
        assert isinstance(got, np.ndarray)
        np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("weights, layer_bias", list(AS_WRITTEN))
def test_a_network_reaches_the_student_as_the_variant_writes_it(weights, layer_bias):
    seen = []
    student = variant(weights=weights, layer_bias=layer_bias)
    Adapted(seen.append, LAYERS, student)([(W, B), (W, B)])
    assert len(seen[0]) == 2
    for layer in seen[0]:
        _same_layer(layer, AS_WRITTEN[weights, layer_bias])


@pytest.mark.parametrize("weights, layer_bias", list(AS_WRITTEN))
def test_the_students_layers_come_back_as_the_usual_w_and_b(weights, layer_bias):
    written = AS_WRITTEN[weights, layer_bias]
    student = variant(weights=weights, layer_bias=layer_bias)
    got = Adapted(lambda params: [written], LAYERS, student)([(W, B)])
    assert len(got) == 1
    _same_layer(tuple(got[0]), (W, B))


def test_the_usual_conventions_pass_the_layers_through_untouched():
    params = [(W, B)]
    out = [("anything", None)]
    got = Adapted(lambda p: (p, out), Task(("p",), {"p": "params"}), variant())(params)
    assert got[0] is params and got[1] is out


def test_a_layer_of_the_wrong_form_never_comes_back_as_a_usual_layer():
    # A (W, b) pair where the variant asks for one matrix with the bias in it.
    got = Adapted(lambda p: [(W, B)], LAYERS, variant(layer_bias="fold"))([(W, B)])
    assert got == [((W, B),)]
    # Not a list of layers at all: left as it is.
    assert Adapted(lambda p: None, LAYERS, variant(weights="in_out"))([(W, B)]) is None


def test_a_cache_has_examples_as_columns_and_comes_back_as_rows():
    Z1 = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])  # 2 examples, 3 units
    A0 = np.array([[0.5, -0.5], [1.5, 2.5]])
    seen = []
    task = Task(("cache",), {"cache": "cache"}, returns=("F", "cache"))

    def forward(cache):
        seen.append(cache)
        return cache[1][-1], cache

    out, cache = Adapted(forward, task, variant(layout="cols"))(([None, Z1], [A0, Z1]))
    Zs, As = seen[0]
    assert Zs[0] is None
    np.testing.assert_array_equal(Zs[1], [[1.0, 4.0], [2.0, 5.0], [3.0, 6.0]])
    np.testing.assert_array_equal(As[0], [[0.5, 1.5], [-0.5, 2.5]])
    np.testing.assert_array_equal(out, Z1)
    assert cache[0][0] is None
    np.testing.assert_array_equal(cache[0][1], Z1)
    np.testing.assert_array_equal(cache[1][0], A0)


def test_every_dimension_names_its_roles():
    used = {d.name for n in variants.SPECS for d in variants.spec(n).DIMENSIONS}
    assert used == set(ROLES_OF)
    assert ROLES_OF["weights"] == ROLES_OF["layer_bias"] == {"params"}
    assert "cache" in ROLES_OF["layout"]
