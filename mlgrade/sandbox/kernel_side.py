"""Runs inside the student's sandboxed kernel; stdlib, numpy and the kernel's
stripped copy of ``mllesson``.

The grader sends each call as JSON and reads the reply back as JSON. Nothing
here is trusted: student code can replace any of it, which only changes what
the student's own functions appear to return. Every value is re-checked on the
grader's side, and the fingerprints let the grader notice common tampering.
"""

import base64
import builtins
import json
import sys
import types

import numpy as np

try:  # in the kernel, the grader puts the wire format beside this file
    from _mlgrade_wire import NAMED_TUPLES, array_form
except ImportError:  # imported in the grader's own process (tests)
    from mlgrade.sandbox.wire import NAMED_TUPLES, array_form

#: The reply to the latest request, as a JSON string.
last = ""

#: Names of the stripped package's disabled functions called since last asked.
blocked_calls = []


def blocked(name, message):
    """The body of a disabled function: note the call, then raise."""
    blocked_calls.append(name)
    raise RuntimeError(message)


def take_blocked(payload, namespace):
    """Reply with the disabled functions called since the last request."""
    global last
    last = json.dumps(sorted(set(blocked_calls)))
    blocked_calls.clear()


def unblock(payload, namespace):
    """Put working package functions in place of their disabled stand-ins.

    The payload maps module names to ``[name, source]`` pairs; each source is
    run in its module, and every reference to the stand-in (in the package's
    modules and the notebook's namespace) is pointed at the new function.
    """
    global last
    last = ""
    swaps = {}
    for module_name, functions in json.loads(payload).items():
        # A module not imported yet (plotting imports matplotlib) stays
        # stripped; a call into it is noted like any disabled function.
        module = sys.modules.get(module_name)
        if module is None:
            continue
        for name, source in functions:
            old = module.__dict__.get(name)
            exec(compile(source, module.__file__, "exec"), module.__dict__)
            if old is not None:
                swaps[id(old)] = (old, module.__dict__[name])
    scopes = [vars(m) for n, m in list(sys.modules.items()) if n.startswith("mllesson")]
    # Also one level down, in dicts (a table of activation functions, say).
    tables = [
        v for s in [*scopes, namespace] for v in list(s.values()) if type(v) is dict
    ]
    for scope in [*scopes, namespace, *tables]:
        for key, value in list(scope.items()):
            swap = swaps.get(id(value))
            if swap is not None and swap[0] is value:
                scope[key] = swap[1]
    last = json.dumps("ok")


def _named_tuple(name):
    import importlib

    module, fields = NAMED_TUPLES[name]
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        import collections

        return collections.namedtuple(name, fields)


def _decode(value, namespace, arrays):
    """An argument from its JSON form; every array is appended to ``arrays``
    with the bytes it arrived as (to tell, after the call, whether it changed)."""
    if isinstance(value, dict):
        if "nd" in value:
            raw = base64.b64decode(value["nd"])
            arr = np.frombuffer(bytearray(raw), dtype=np.dtype(value["dtype"]))
            arr = arr.reshape(value["shape"])
            if value.get("scalar"):
                return arr[()]
            if value.get("readonly"):
                arr.flags.writeable = False
            arrays.append((arr, (raw, arr.shape, arr.dtype)))
            return arr
        if "same" in value:  # the same array passed again: the same object here
            return arrays[value["same"]][0]
        if "tuple" in value:
            items = tuple(_decode(v, namespace, arrays) for v in value["tuple"])
            if value.get("named") in NAMED_TUPLES:
                return _named_tuple(value["named"])(*items)
            return items
        if "list" in value:
            return [_decode(v, namespace, arrays) for v in value["list"]]
        if "dict" in value:
            return {k: _decode(v, namespace, arrays) for k, v in value["dict"].items()}
        if "student" in value:
            return namespace[value["student"]]
        if "handed" in value:  # a package function in the student's variant's terms
            from mllesson.variants.adapters import HandedOver

            fn, plain = value["handed"]
            return HandedOver(_decode(fn, namespace, arrays), **plain)
        if "mlfunc" in value:
            import importlib

            module, name = value["mlfunc"]
            target = importlib.import_module(module)
            for part in name.split("."):
                target = getattr(target, part)
            return target
        if "rng" in value:
            bit_generator = getattr(np.random, value["rng"]["bit_generator"])()
            bit_generator.state = value["rng"]
            return np.random.Generator(bit_generator)
    return value


def _unchanged(arr, arrived):
    """Whether an argument is still exactly what arrived: bytes, shape, dtype."""
    raw, shape, dtype = arrived
    return (
        type(arr) is np.ndarray
        and arr.shape == shape
        and arr.dtype == dtype
        and arr.tobytes() == raw
    )


def _encode(value, depth=0):
    if depth > 8:
        raise TypeError("the result is nested too deeply")
    if value is None or isinstance(value, bool | str):
        return value if not isinstance(value, str) else {"str": value[:1000]}
    if type(value) is int:
        return {"int": str(value)}
    if type(value) is float:
        return {"float": repr(value)}
    if isinstance(value, tuple):
        out = {"tuple": [_encode(v, depth + 1) for v in value]}
        name = type(value).__name__
        if (
            name in NAMED_TUPLES
            and getattr(value, "_fields", None) == (NAMED_TUPLES[name][1])
        ):
            out["named"] = name
        return out
    if isinstance(value, list):
        return {"list": [_encode(v, depth + 1) for v in value]}
    if isinstance(value, dict):
        return {"dict": {str(k): _encode(v, depth + 1) for k, v in value.items()}}
    scalar = isinstance(value, np.generic)
    arr = np.asarray(value)
    kind = arr.dtype.kind
    if kind not in "biuf":
        raise TypeError(f"the result is not numeric ({type(value).__name__})")
    target = {"b": np.bool_, "i": np.int64, "u": np.int64, "f": np.float64}[kind]
    return {**array_form(np.asarray(arr, dtype=target)), "scalar": scalar}


def _run(payload, namespace, fn_call):
    global last
    last = ""
    request = json.loads(payload)
    arrays = []
    args = [_decode(a, namespace, arrays) for a in request["args"]]
    kwargs = {k: _decode(v, namespace, arrays) for k, v in request["kwargs"].items()}
    try:
        fn = namespace[request["fn"]]
    except KeyError:
        reply = {"error": ["NameError", f"{request['fn']} is not defined"]}
    else:
        try:
            out = fn_call(fn, args, kwargs)
            reply = {"ok": _encode(out)}
        except BaseException as exc:  # the student's error, reported back as data
            reply = {"error": [type(exc).__name__, str(exc)[:300]]}
    # The arrays' final contents go back too: the grader copies any in-place
    # change into its own arrays, as if the function had run there. Most
    # calls change nothing, and an unchanged array is not sent again.
    try:
        reply["arrays"] = [
            {"unchanged": True} if _unchanged(a, arrived) else _encode(a)
            for a, arrived in arrays
        ]
    except BaseException:  # changed beyond reading; the grader fails the call
        reply["arrays"] = None
    last = json.dumps(reply)


def call(payload, namespace):
    """Call a student function; the reply holds its encoded result."""
    _run(payload, namespace, lambda fn, a, k: fn(*a, **k))


def count_lines(payload, namespace):
    """Call a student function and reply with the lines of student code it ran.

    Counted by the course's own rule, ``mllesson.selfcheck.compare.count_lines``
    of the kernel's copy of the package (the one copy of that rule).
    """

    def traced(fn, args, kwargs):
        from mllesson.selfcheck.compare import count_lines as lines_run_by

        return lines_run_by(fn, *args, **kwargs)

    _run(payload, namespace, traced)


def serve(path, namespace):
    """Answer the grader's requests on the Unix socket ``path`` until "stop".

    One long request of the kernel's, so that each call costs a socket round
    trip rather than an IPython cell (see ``mlgrade/sandbox/calls.py``). A request
    that fails here gets an empty reply, which the grader reports.
    """
    global last
    import socket

    handlers = {
        b"call": call,
        b"count_lines": count_lines,
        b"take_blocked": take_blocked,
        b"unblock": unblock,
        b"fingerprint": _fingerprint_request,
    }
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.connect(path)
        stream = sock.makefile("rb")
        while True:
            header = stream.readline(64).split()
            if len(header) != 2 or header[0] not in handlers:
                return  # "stop", or the grader's end closed
            payload = stream.read(int(header[1])).decode()
            last = ""
            try:
                handlers[header[0]](payload, namespace)
            except BaseException:  # reported to the grader as an empty reply
                last = ""
            data = last.encode()
            sock.sendall(b"%d\n" % len(data) + data)


def _fingerprint_request(payload, namespace):
    global last
    last = fingerprint()


def _ident(obj):
    if isinstance(obj, types.MethodType):
        # A bound method is made anew at each attribute access, and a running
        # request (the call channel's) sees ipykernel's per-request
        # builtins.input and IPython's sys.excepthook: name it by its parts.
        return f"{id(obj.__self__)}.{_ident(obj.__func__)}"
    code = getattr(obj, "__code__", None)
    digest = hash(code.co_code) if code is not None else 0
    return f"{id(obj)}:{digest}"


def fingerprint():
    """Identities of what a student might patch to fool in-kernel tests."""
    marks = {}
    for name in sorted(vars(builtins)):
        marks[f"builtins.{name}"] = _ident(getattr(builtins, name))
    for name in (
        "allclose",
        "isclose",
        "array_equal",
        "array_equiv",
        "asarray",
        "array",
        "all",
        "any",
        "abs",
        "isfinite",
        "load",
        "save",
    ):
        marks[f"numpy.{name}"] = _ident(getattr(np, name, None))
    for name in sorted(n for n in dir(np.testing) if n.startswith("assert")):
        marks[f"numpy.testing.{name}"] = _ident(getattr(np.testing, name))
    for name in ("excepthook", "displayhook"):
        marks[f"sys.{name}"] = _ident(getattr(sys, name))
    marks["sys.gettrace"] = repr(sys.gettrace())
    marks["sys.getprofile"] = repr(sys.getprofile())
    marks["sys.settrace"] = _ident(sys.settrace)
    marks["sys.meta_path"] = repr([_ident(f) for f in sys.meta_path])
    marks["sys.modules.numpy"] = str(id(sys.modules.get("numpy")))
    mll = sys.modules.get("mllesson")
    if mll is not None:
        for name in sorted(getattr(mll, "__all__", ())):
            marks[f"mllesson.{name}"] = _ident(getattr(mll, name, None))
    try:
        from IPython import get_ipython

        shell = get_ipython()
    except ImportError:
        shell = None
    if shell is not None:
        cls = type(shell)
        for name in (
            "showtraceback",
            "_showtraceback",
            "showsyntaxerror",
            "run_cell",
            "run_code",
            "run_ast_nodes",
            "transform_cell",
        ):
            own = shell.__dict__.get(name)
            marks[f"ipython.{name}"] = _ident(own) + _ident(getattr(cls, name, None))
        for name in (
            "input_transformers_cleanup",
            "input_transformers_post",
            "ast_transformers",
        ):
            marks[f"ipython.{name}"] = repr([_ident(t) for t in getattr(shell, name)])
        marks["ipython.custom_exceptions"] = repr(shell.custom_exceptions)
        marks["ipython.CustomTB"] = _ident(getattr(shell, "CustomTB", None))
    return json.dumps(marks)
