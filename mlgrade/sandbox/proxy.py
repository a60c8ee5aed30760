"""Call a student's function in their kernel as if it were local.

An array crosses as its raw bytes in base64, with its dtype and shape beside
them (never a pickle, and no header to parse); the result comes back the same
way, as plain ``bool``/``int64``/``float64`` arrays, Python numbers, or
tuples, lists and dicts of them. An object that lies about equality, or an
ndarray subclass with its own ``__array_ufunc__``, arrives as a plain array of
its actual numbers, and the trusted side's numpy compares it.

Two things make a call behave as it would locally:

- The final contents of every array argument (nested in tuples, lists, dicts
  or a named tuple too) come back with the reply and are copied into the
  caller's arrays, so a function that changes its input in place changes the
  caller's array. Each is re-checked first (a plain array of the shape and
  dtype kind it was sent with); anything else fails the call. An argument
  the call left as it was comes back as ``{"unchanged": true}``, which costs
  nothing to send or read (the kernel could lie about it, but then it could
  equally send back the old contents: either way only the student's own
  functions are affected).
- The package's named tuples (:data:`NAMED_TUPLES`, such as the network's
  ``ForwardCache``) cross as themselves, in both directions. No other class is
  ever built from what the kernel sends.
"""

import base64
import builtins
import importlib
import json
import math
import sys
import types

import numpy as np

from mlgrade.sandbox import wire
from mlgrade.sandbox.wire import array_form
from mllesson.variants.adapters import HandedOver

MAX_REPLY = 16 << 20  #: longest reply read from the kernel, bytes
#: Most objects a reply may describe. Parsing costs memory per object, not
#: per byte (a 60 MB reply of ``[{}, ...]`` is 20 million dicts, 1.4 GB in
#: the grader), so a reply is refused on its count of ``{`` and ``[`` before
#: it is parsed. An array is one object however large (its bytes are one
#: base64 string); the checks' largest replies hold a few hundred.
MAX_OBJECTS = 10_000

#: The only classes built from a reply: the package's named tuples, by name.
NAMED_TUPLES = {
    name: getattr(importlib.import_module(module), name)
    for name, (module, _) in wire.NAMED_TUPLES.items()
}

_CANONICAL = {"b": np.bool_, "i": np.int64, "u": np.int64, "f": np.float64}


class GraderArgumentError(TypeError):
    """The grader cannot send this argument into the kernel."""


class ReplyRefused(TypeError):
    """The kernel's reply was too large to read (the output limit of a call)."""


#: The only dtypes a reply's arrays may have, by their ``dtype.str``.
_PLAIN = {np.dtype(t).str: np.dtype(t) for t in (np.bool_, np.int64, np.float64)}


def _plain_array(value):
    """The array a reply describes, or TypeError/ValueError; always a copy."""
    name = value.get("dtype")
    dtype = _PLAIN.get(name) if isinstance(name, str) else None
    if dtype is None:
        raise TypeError("the result is not a plain numeric array")
    shape = value.get("shape")
    if (
        not isinstance(shape, list)
        or len(shape) > 32
        or not all(type(n) is int and n >= 0 for n in shape)
    ):
        raise TypeError("the result could not be read")
    if not isinstance(value["nd"], str):
        raise TypeError("the result could not be read")
    raw = bytearray(base64.b64decode(value["nd"], validate=True))
    if len(raw) != math.prod(shape) * dtype.itemsize:
        raise TypeError("the result could not be read")
    return np.frombuffer(raw, dtype=dtype).reshape(shape)


def encode(value, arrays=None):
    """The JSON form of an argument.

    Each distinct array is appended to ``arrays`` (when given), in the order
    the kernel meets them, so that its contents can be read back after the
    call; the same array passed twice arrives as one array.
    """
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, RemoteFunction):
        return {"student": value.name}
    if isinstance(value, np.random.Generator):
        return {"rng": value.bit_generator.state}
    if isinstance(value, tuple):
        out = {"tuple": [encode(v, arrays) for v in value]}
        if NAMED_TUPLES.get(type(value).__name__) is type(value):
            out["named"] = type(value).__name__
        return out
    if isinstance(value, list):
        return {"list": [encode(v, arrays) for v in value]}
    if isinstance(value, dict):
        return {"dict": {str(k): encode(v, arrays) for k, v in value.items()}}
    if isinstance(value, np.ndarray | np.generic):
        if value.dtype.kind not in _CANONICAL:
            raise GraderArgumentError(f"cannot send an array of dtype {value.dtype}")
        if isinstance(value, np.generic):  # immutable: nothing to read back
            return {**array_form(value), "scalar": True}
        if arrays is not None:
            for i, seen in enumerate(arrays):
                if seen is value:
                    return {"same": i}
            arrays.append(value)
        out = {**array_form(value), "scalar": False}
        if not value.flags.writeable:
            out["readonly"] = True
        return out
    if isinstance(value, HandedOver):  # a package function in a variant's terms
        return {"handed": [encode(value.fn, arrays), value.plain()]}
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
    if not isinstance(value, dict) or len(value) > 4:
        raise TypeError("the result could not be read")
    if "int" in value:
        return int(value["int"])
    if "float" in value:
        return float(value["float"])
    if "str" in value:
        return str(value["str"])
    if "tuple" in value:
        items = tuple(decode(v, depth + 1) for v in value["tuple"])
        if "named" not in value:
            return items
        cls = (
            NAMED_TUPLES.get(value["named"])
            if isinstance(value["named"], str)
            else None
        )
        if cls is None or len(items) != len(cls._fields):
            raise TypeError("the result could not be read")
        return cls(*items)
    if "list" in value:
        return [decode(v, depth + 1) for v in value["list"]]
    if "dict" in value:
        return {str(k): decode(v, depth + 1) for k, v in value["dict"].items()}
    if "nd" in value:
        arr = _plain_array(value)
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


def _read_back(sent, replied):
    """Copy the kernel's final contents of the arrays ``sent`` into them.

    ``replied`` must hold one plain array per sent array, of its shape and of
    the canonical dtype of its kind; all are checked before any is copied, and
    anything else fails the call. Only arrays whose contents changed are
    written, so an unchanged read-only argument stays as it is.
    """
    if not isinstance(replied, list) or len(replied) != len(sent):
        raise TypeError("the arguments could not be read back")
    changed = []
    for original, entry in zip(sent, replied, strict=True):
        if entry == {"unchanged": True}:
            continue
        value = None
        if isinstance(entry, dict) and "nd" in entry and not entry.get("scalar"):
            try:
                value = decode(entry)
            except (TypeError, ValueError):
                pass
        if (
            type(value) is not np.ndarray
            or value.shape != original.shape
            or value.dtype != _CANONICAL[original.dtype.kind]
        ):
            raise TypeError("the arguments could not be read back")
        if not np.array_equal(original, value, equal_nan=value.dtype.kind == "f"):
            if not original.flags.writeable:
                raise TypeError("the arguments could not be read back (read-only)")
            changed.append((original, value))
    for original, value in changed:
        np.copyto(original, value, casting="unsafe")


class RemoteFunction:
    """A student's function, living in their kernel, callable from here."""

    def __init__(self, kernel, name):
        self.kernel = kernel
        self.name = name
        self.__name__ = name
        self.__qualname__ = name
        self.raised = set()  #: exception type names the calls raised
        #: a list to record results in (mlgrade.insight.similarity)
        self.returned = None

    def _send(self, function, args, kwargs):
        arrays = []
        payload = json.dumps(
            {
                "fn": self.name,
                "args": [encode(a, arrays) for a in args],
                "kwargs": {k: encode(v, arrays) for k, v in kwargs.items()},
            }
        )
        reply = self.kernel.request(function, payload)
        if len(reply) > MAX_REPLY or reply.count("{") + reply.count("[") > MAX_OBJECTS:
            raise ReplyRefused("the result is too large")
        try:
            reply = json.loads(reply)
        except ValueError:
            raise TypeError("the result could not be read") from None
        if not isinstance(reply, dict):
            raise TypeError("the result could not be read")
        # In-place changes reach the caller even when the function then raised.
        _read_back(arrays, reply.get("arrays"))
        if "error" in reply:
            name, message = (list(reply["error"]) + ["", ""])[:2]
            self.raised.add(str(name)[:60])
            relative = getattr(self.kernel, "relative", str)  # no path of the grader's
            exc = _exception(str(name), relative(str(message))[:300])
            exc.mlgrade_function = self.name  # raised by the student's own code
            raise exc
        return decode(reply.get("ok"))

    def __call__(self, *args, **kwargs):
        result = self._send("call", args, kwargs)
        if self.returned is not None:
            self.returned.append(result)
        return result

    def count_lines(self, *args, **kwargs):
        """Lines of student code one call executes (for the vectorisation checks)."""
        count = self._send("count_lines", args, kwargs)
        if type(count) is not int:
            raise TypeError("the line count could not be read")
        return count

    def __repr__(self):
        return f"<student function {self.name}>"
