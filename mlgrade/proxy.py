"""Call a student's function in their kernel as if it were local.

Arguments go in as ``np.save`` bytes (never pickles); the result comes back
the same way, as plain ``bool``/``int64``/``float64`` arrays, Python numbers,
or tuples, lists and dicts of them. An object that lies about equality, or an
ndarray subclass with its own ``__array_ufunc__``, arrives as a plain array of
its actual numbers, and the trusted side's numpy compares it.
"""

import base64
import builtins
import io
import json
import sys
import types

import numpy as np

MAX_REPLY = 64 << 20


class GraderArgumentError(TypeError):
    """The grader cannot send this argument into the kernel."""


def _array(arr):
    buffer = io.BytesIO()
    np.save(buffer, np.ascontiguousarray(arr), allow_pickle=False)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def encode(value):
    """The JSON form of an argument."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, RemoteFunction):
        return {"student": value.name}
    if isinstance(value, np.random.Generator):
        return {"rng": value.bit_generator.state}
    if isinstance(value, tuple):
        return {"tuple": [encode(v) for v in value]}
    if isinstance(value, list):
        return {"list": [encode(v) for v in value]}
    if isinstance(value, dict):
        return {"dict": {str(k): encode(v) for k, v in value.items()}}
    if isinstance(value, np.ndarray | np.generic):
        if value.dtype.kind not in "biuf":
            raise GraderArgumentError(f"cannot send an array of dtype {value.dtype}")
        return {"nd": _array(value), "scalar": isinstance(value, np.generic)}
    module = getattr(value, "__module__", None) or ""
    if callable(value) and (module == "mllesson" or module.startswith("mllesson.")):
        # A package function (public or private): the kernel has its own copy.
        name = getattr(value, "__qualname__", "")
        target = sys.modules.get(module)
        for part in name.split("."):
            target = getattr(target, part, None)
        if target is value:
            return {"mlfunc": [module, name]}
    raise GraderArgumentError(f"cannot send {type(value).__name__} into the kernel")


def decode(value, depth=0):
    """A result from its JSON form; anything unexpected raises ``TypeError``."""
    if depth > 8:
        raise TypeError("the result is nested too deeply")
    if value is None or isinstance(value, bool):
        return value
    if not isinstance(value, dict) or len(value) > 2:
        raise TypeError("the result could not be read")
    if "int" in value:
        return int(value["int"])
    if "float" in value:
        return float(value["float"])
    if "str" in value:
        return str(value["str"])
    if "tuple" in value:
        return tuple(decode(v, depth + 1) for v in value["tuple"])
    if "list" in value:
        return [decode(v, depth + 1) for v in value["list"]]
    if "dict" in value:
        return {str(k): decode(v, depth + 1) for k, v in value["dict"].items()}
    if "nd" in value:
        raw = base64.b64decode(value["nd"], validate=True)
        arr = np.load(io.BytesIO(raw), allow_pickle=False)
        if type(arr) is not np.ndarray or arr.dtype not in (
            np.bool_,
            np.int64,
            np.float64,
        ):
            raise TypeError("the result is not a plain numeric array")
        return arr[()] if value.get("scalar") else arr
    raise TypeError("the result could not be read")


def _exception(name, message):
    """An exception of the student's type name, for the checks' messages."""
    if name == "NotImplementedError":
        return NotImplementedError(message)
    cls = getattr(builtins, name, None)
    if (
        isinstance(cls, type)
        and issubclass(cls, Exception)
        and cls is not StopIteration
    ):
        try:
            return cls(message)
        except TypeError:
            pass
    safe = name if name.isidentifier() and len(name) < 60 else "Exception"
    return types.new_class(safe, (Exception,))(message)


class RemoteFunction:
    """A student's function, living in their kernel, callable from here."""

    def __init__(self, kernel, name):
        self.kernel = kernel
        self.name = name
        self.__name__ = name
        self.__qualname__ = name

    def _send(self, function, args, kwargs):
        payload = json.dumps(
            {
                "fn": self.name,
                "args": [encode(a) for a in args],
                "kwargs": {k: encode(v) for k, v in kwargs.items()},
            }
        )
        reply = self.kernel.request(function, payload)
        if len(reply) > MAX_REPLY:
            raise TypeError("the result is too large")
        try:
            reply = json.loads(reply)
        except ValueError:
            raise TypeError("the result could not be read") from None
        if not isinstance(reply, dict):
            raise TypeError("the result could not be read")
        if "error" in reply:
            name, message = (list(reply["error"]) + ["", ""])[:2]
            exc = _exception(str(name), str(message)[:300])
            exc.mlgrade_function = self.name  # raised by the student's own code
            raise exc
        return decode(reply.get("ok"))

    def __call__(self, *args, **kwargs):
        return self._send("call", args, kwargs)

    def count_lines(self, *args, **kwargs):
        """Lines of student code one call executes (for the vectorisation checks)."""
        count = self._send("count_lines", args, kwargs)
        if type(count) is not int:
            raise TypeError("the line count could not be read")
        return count

    def __repr__(self):
        return f"<student function {self.name}>"
