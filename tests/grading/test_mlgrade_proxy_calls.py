"""A proxied call behaves like a local one: in-place changes, the network cache.

The kernel here is this process: each request goes through the same JSON
round trip as in the sandbox, to ``kernel_side`` with a namespace of student
functions, so every argument the function sees is a copy, as in a kernel.
"""

import json
from collections import namedtuple

import numpy as np
import pytest

import mllesson
from mlgrade.sandbox import kernel_side, proxy, wire
from mllesson.network import ForwardCache
from mllesson.perceptron import ThresholdUnit


class LocalKernel:
    """Answers requests in this process, through the JSON the sandbox sends."""

    def __init__(self, namespace, tamper=None):
        self.namespace = namespace
        self.tamper = tamper

    def request(self, function, payload):
        getattr(kernel_side, function)(payload, self.namespace)
        reply = kernel_side.last
        if self.tamper is not None:
            reply = json.dumps(self.tamper(json.loads(reply)))
        return reply

    def limit_counts(self):
        """No control group here: no limit is ever met (see Kernel.limit_counts)."""
        return (0, 0)


def _remote(fn, tamper=None):
    return proxy.RemoteFunction(LocalKernel({fn.__name__: fn}, tamper), fn.__name__)


def add_in_place(w, x, scale=1.0):
    w += scale * x
    return w.sum()


def test_in_place_changes_reach_the_callers_arrays():
    w, x = np.zeros(3), np.arange(3.0)
    out = _remote(add_in_place)(w, x, scale=np.float64(2.0))
    assert out == 6.0
    np.testing.assert_array_equal(w, [0.0, 2.0, 4.0])
    np.testing.assert_array_equal(x, [0.0, 1.0, 2.0])


def test_only_changed_arguments_are_sent_back():
    seen = []

    def record(reply):
        seen.append(reply["arrays"])
        return reply

    def reshape_in_place(w):
        w.shape = (3, 1)  # the same bytes, another shape: a change

    w, x = np.zeros(3), np.arange(3.0)
    _remote(add_in_place, record)(w, x)
    assert seen[-1][1] == {"unchanged": True}
    assert proxy.decode(seen[-1][0]).tolist() == [0.0, 1.0, 2.0]
    with pytest.raises(TypeError, match="could not be read back"):
        _remote(reshape_in_place, record)(np.zeros(3))
    assert seen[-1] != [{"unchanged": True}]


def test_keyword_arguments_and_views_are_written_back():
    base = np.zeros((2, 3))
    x = np.ones(3)
    _remote(add_in_place)(x=x, w=base[1])
    np.testing.assert_array_equal(base, [[0.0, 0.0, 0.0], [1.0, 1.0, 1.0]])


def test_arrays_nested_in_lists_tuples_and_dicts_are_written_back():
    def scale_all(params, extra):
        for W, b in params:
            W *= 2
            b[:] = -1
        extra["v"][0] = 7

    params = [(np.ones((2, 2)), np.zeros(2)), (np.ones((1, 2)), np.zeros(1))]
    extra = {"v": np.zeros(2)}
    _remote(scale_all)(params, extra)
    for W, b in params:
        np.testing.assert_array_equal(W, np.full(W.shape, 2.0))
        np.testing.assert_array_equal(b, np.full(b.shape, -1.0))
    np.testing.assert_array_equal(extra["v"], [7.0, 0.0])


@pytest.mark.parametrize("dtype", [np.int32, np.float32, np.uint8, np.bool_])
def test_written_back_arrays_keep_their_dtype(dtype):
    def flip(w):
        w[0] = not w[0] if w.dtype == bool else w[0] + 1

    w = np.zeros(2, dtype=dtype)
    _remote(flip)(w)
    assert w.dtype == dtype
    np.testing.assert_array_equal(w, np.array([1, 0]).astype(dtype))


def test_in_place_changes_reach_the_caller_even_when_the_function_raises():
    def restore_late(x):
        x[0] += 1e-4
        raise ValueError("stopped half way")

    x = np.zeros(2)
    with pytest.raises(ValueError, match="half way"):
        _remote(restore_late)(x)
    np.testing.assert_array_equal(x, [1e-4, 0.0])


def test_a_function_that_is_not_defined_raises_name_error():
    missing = proxy.RemoteFunction(LocalKernel({}), "sigmoid")
    with pytest.raises(NameError, match="sigmoid is not defined"):
        missing(np.zeros(2))


def test_the_same_array_twice_is_one_array_in_the_kernel():
    def same(a, b):
        a[0] = 5.0
        return a is b, float(b[0])

    x = np.zeros(2)
    assert _remote(same)(x, x) == (True, 5.0)
    np.testing.assert_array_equal(x, [5.0, 0.0])


def _write(x):
    x[0] = 1.0


def _sneak(x):
    x.flags.writeable = True
    x[0] = 1.0


@pytest.mark.parametrize(
    ("fn", "error", "match"),
    [(_write, ValueError, "read-only"), (_sneak, TypeError, "could not be read back")],
    ids=["write", "make-writeable"],
)
def test_read_only_arguments_stay_unchanged(fn, error, match):
    x = np.zeros(3)
    x.flags.writeable = False
    with pytest.raises(error, match=match):
        _remote(fn)(x)
    np.testing.assert_array_equal(x, np.zeros(3))
    assert _remote(add_in_place)(np.zeros(3), x) == 0.0


def _replace_arrays(value):
    return lambda r: {**r, "arrays": value(r["arrays"])}


@pytest.mark.parametrize(
    "tamper",
    [
        lambda r: {k: v for k, v in r.items() if k != "arrays"},
        _replace_arrays(lambda a: a[:1]),
        _replace_arrays(lambda a: [*a, a[0]]),
        _replace_arrays(lambda a: [wire.array_form(np.zeros(5)), a[1]]),
        _replace_arrays(lambda a: [{"int": "3"}, a[1]]),
        _replace_arrays(lambda a: [wire.array_form(np.zeros(3, int)), a[1]]),
        _replace_arrays(lambda a: [{**a[0], "scalar": True}, a[1]]),
        _replace_arrays(lambda a: [{"nd": "not base64!"}, a[1]]),
        _replace_arrays(lambda a: {"0": a[0]}),
    ],
    ids=[
        "missing",
        "too-few",
        "too-many",
        "shape",
        "not-array",
        "dtype",
        "scalar",
        "garbage",
        "not-list",
    ],
)
def test_arguments_that_do_not_read_back_fail_the_call(tamper):
    w = np.zeros(3)
    with pytest.raises(TypeError, match="arguments could not be read back"):
        _remote(add_in_place, tamper)(w, np.ones(3))
    np.testing.assert_array_equal(w, np.zeros(3))


def test_an_argument_changed_beyond_reading_fails_the_call():
    def to_complex(w):
        w.dtype = np.complex128  # reinterprets the same bytes

    with pytest.raises(TypeError, match="could not be read back"):
        _remote(to_complex)(np.zeros(4))


def _network():
    params = mllesson.init_params([2, 3, 1], rng=0)
    X = np.array([[1.0, 2.0], [0.5, -1.0]])
    _, cache = mllesson.forward(params, X, output="sigmoid")
    return params, X, cache


def test_network_cache_arrives_as_the_forward_cache():
    params, _, cache = _network()

    def cache_kind(cache):
        return [type(cache).__name__, len(cache.A), cache.Z[0] is None]

    assert _remote(cache_kind)(cache) == ["ForwardCache", 3, True]
    Y = np.array([[1.0], [0.0]])
    grads = _remote(mllesson.backward)(params, cache, Y, output="sigmoid")
    expected = mllesson.backward(params, cache, Y, output="sigmoid")
    for (dW, db), (eW, eb) in zip(grads, expected, strict=True):
        np.testing.assert_allclose(dW, eW)
        np.testing.assert_allclose(db, eb)


def test_forward_cache_comes_back_as_itself_and_its_arrays_are_written_back():
    params, X, cache = _network()
    out, back = _remote(mllesson.forward)(params, X, output="sigmoid")
    assert type(back) is ForwardCache
    np.testing.assert_allclose(back.A[-1], out)
    np.testing.assert_allclose(back.Z[1], cache.Z[1])

    def clobber(cache):
        cache.A[-1][:] = 0.5

    _remote(clobber)(cache)
    np.testing.assert_array_equal(cache.A[-1], np.full((2, 1), 0.5))


def test_a_students_own_named_tuple_of_that_shape_reads_as_the_packages():
    def own_cache():
        Cache = namedtuple("ForwardCache", "Z A")
        return Cache([None], [np.zeros(2)])

    back = _remote(own_cache)()
    assert type(back) is ForwardCache and back.Z == [None]


def test_threshold_unit_round_trips():
    def same(unit):
        return unit

    unit = mllesson.LOGIC_GATES["AND"]
    assert _remote(same)(unit) == unit
    assert type(_remote(same)(unit)) is ThresholdUnit


def test_other_named_tuples_cross_as_plain_tuples():
    Pair = namedtuple("Pair", "Z A")
    assert proxy.encode(Pair(1, 2)) == {"tuple": [1, 2]}

    def pair():
        return Pair(1, 2)

    back = _remote(pair)()
    assert type(back) is tuple and back == (1, 2)


@pytest.mark.parametrize(
    "named",
    ["Pair", "RemoteFunction", "ForwardCache3", 7, "ThresholdUnit"],
)
def test_a_reply_naming_another_class_or_other_fields_is_refused(named):
    value = {"tuple": [{"int": "1"}, {"int": "2"}, {"int": "3"}], "named": named}
    with pytest.raises(TypeError, match="could not be read"):
        proxy.decode(value)


def test_the_kernel_knows_the_named_tuples_fields():
    assert {
        name: fields for name, (_, fields) in kernel_side.NAMED_TUPLES.items()
    } == {name: cls._fields for name, cls in proxy.NAMED_TUPLES.items()}


def test_after_the_call_an_argument_holds_what_the_student_left_in_it():
    """Why checks compute expected values first: a naive check would be fooled."""

    def sigmoid(z):
        z[...] = 0.0  # σ(0) = 0.5 everywhere, like the wrong answer below
        return np.full(z.shape, 0.5)

    z = np.array([-2.0, 1.0, 3.0])
    expected = mllesson.sigmoid(z)
    got = _remote(sigmoid)(z)
    np.testing.assert_array_equal(got, mllesson.sigmoid(z))  # naive: fooled
    assert not np.allclose(got, expected)  # expected computed first: not fooled


def test_shapes_cross_as_they_are():
    # A 0-d array is not a 1-element array, in either direction (a b of shape
    # () where (1,) is due must stay wrong), and empty arrays keep their shape.
    def shapes(*args):
        return [list(np.shape(a)) for a in args], args

    values = (np.array(2.0), np.int64(3), np.zeros((0, 3)), np.ones((2, 1, 3)))
    seen, back = _remote(shapes)(*values)
    assert seen == [[], [], [0, 3], [2, 1, 3]]
    assert [np.shape(v) for v in back] == [(), (), (0, 3), (2, 1, 3)]
    assert type(back[0]) is np.ndarray and type(back[1]) is np.int64


def _nested_reply(n):
    """A reply of ``n`` empty dicts: a few bytes each, a Python object each."""
    return '{"ok": {"list": [' + ",".join(['{"dict": {}}'] * n) + "]}}"


def test_a_reply_of_many_objects_is_refused_before_it_is_parsed(monkeypatch):
    calls = []
    monkeypatch.setattr(proxy.json, "loads", lambda text: calls.append(text))

    class Flood:
        def request(self, function, payload):
            return _nested_reply(proxy.MAX_OBJECTS + 1)

    with pytest.raises(proxy.ReplyRefused):
        proxy.RemoteFunction(Flood(), "sigmoid")(np.zeros(3))
    assert calls == []  # never parsed


def test_a_refused_reply_fails_the_check_as_the_output_limit():
    from hiddenchecks import ps01
    from mlgrade.grading import check_runner
    from mlgrade.grading.result import Failure

    class Flood:
        def request(self, function, payload):
            return _nested_reply(proxy.MAX_OBJECTS + 1)

    with pytest.raises(AssertionError) as info:
        ps01.sigmoid_values(proxy.RemoteFunction(Flood(), "sigmoid"))
    assert check_runner.failure_of(info.value) == (Failure.OUTPUT_LIMIT, "")


def test_an_oversized_reply_is_refused_from_its_header(tmp_path):
    import socket
    import time

    from mlgrade.sandbox.calls import CallChannel, ReplyTooLarge
    from mlgrade.sandbox.kernel import MAX_CALL_REPLY

    channel = CallChannel(str(tmp_path))
    kernel_end = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    kernel_end.connect(channel.path)
    try:
        channel.accept(time.monotonic() + 5, lambda: None)
        # 60 MB announced: refused before a byte of it is read.
        kernel_end.sendall(f"{60 << 20}\n".encode())
        assert MAX_CALL_REPLY < 60 << 20
        with pytest.raises(ReplyTooLarge):
            channel.receive(time.monotonic() + 5, MAX_CALL_REPLY)
    finally:
        kernel_end.close()
        channel.close()
