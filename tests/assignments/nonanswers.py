"""Non-answers: code that computes nothing, written into every solution cell.

Each kind keeps the released cell (signature, docstring, any helper it
defines) and replaces only the line ``raise NotImplementedError()`` by a body
that returns something without working it out. A submission made of them
must score 0 on every grade cell, with both graders.
"""

import ast
import base64
import contextlib
import inspect
import io
import pickle

import nbformat

from .course import ROOT, master, solution_sources

RAISE = "raise NotImplementedError()"

#: The key both the recorder and the hard-coded answers compute from the
#: arguments: array contents as float64 bytes, numbers by value, callables
#: (the costs handed to gradient_descent) by nothing, as the grader may rename them.
KEY_SOURCE = '''
def _nonanswer_key(values):
    import numpy as _np

    def one(v):
        if callable(v):
            return "f"
        if isinstance(v, (list, tuple)):
            return tuple(one(x) for x in v)
        if isinstance(v, (str, type(None))):
            return repr(v)
        a = _np.asarray(v, dtype=_np.float64)
        return (a.shape, a.tobytes().hex())

    return repr(tuple(one(v) for v in values))
'''

RANDOM_LIKE = '''
def _random_like(value, rng):
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return [_random_like(v, rng) for v in value] if isinstance(value, list) \\
            else tuple(_random_like(v, rng) for v in value)
    a = np.asarray(value)
    if a.dtype.kind in "iub":
        out = rng.integers(0, 2, size=a.shape)
    else:
        out = rng.normal(size=a.shape)
    return out if a.ndim else out.item()
'''


def released_cells(name):
    """grade_id -> source of every solution cell of the released notebook."""
    nb = nbformat.read(ROOT / "exercises" / name / f"{name}.ipynb", as_version=4)
    return {
        cell.metadata["nbgrader"]["grade_id"]: cell.source
        for cell in nb.cells
        if cell.metadata.get("nbgrader", {}).get("solution")
    }


def _signature(source, function):
    """(parameter names, call text forwarding them) of ``function`` in ``source``."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef) and node.name == function:
            a = node.args
            positional = [p.arg for p in a.posonlyargs + a.args]
            keyword = [p.arg for p in a.kwonlyargs]
            call = ", ".join(positional + [f"{k}={k}" for k in keyword])
            return positional + keyword, call
    raise ValueError(f"no function {function} in its cell")


def _master_namespace(name):
    namespace = {}
    with contextlib.redirect_stdout(io.StringIO()):
        for cell in master(name).cells:
            meta = cell.metadata.get("nbgrader", {})
            if cell.cell_type == "code" and not meta.get("grade"):
                exec(compile(cell.source, f"<{name} master>", "exec"), namespace)
    return namespace


def visible_table(name, function):
    """{key: pickled output} of every call the self-check makes to ``function``."""
    from mllesson import selfcheck

    namespace = _master_namespace(name)
    exec(KEY_SOURCE, namespace)
    reference = namespace[function]
    signature = inspect.signature(reference)
    table = {}

    def recorder(*args, **kwargs):
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        out = reference(*args, **kwargs)
        key = namespace["_nonanswer_key"](list(bound.arguments.values()))
        table[key] = base64.b64encode(pickle.dumps(out)).decode()
        return out

    check = getattr(selfcheck, f"check_{function}", None)
    if check is not None:
        with contextlib.redirect_stdout(io.StringIO()):
            check(recorder)
    return table


def _body(kind, name, function, cell):
    """The lines replacing ``raise NotImplementedError()`` for one kind."""
    params, call = _signature(cell, function)
    first = params[0]
    if kind == "return None":
        return ["return None"]
    if kind == "pass":
        return ["pass"]
    if kind == "a constant":
        return ["return 0.5"]
    if kind == "zeros like the first argument":
        return [f"return np.zeros(np.shape({first}))"]
    if kind == "ones like the first argument":
        return [f"return np.ones(np.shape({first}))"]
    if kind == "the first argument":
        return [f"return {first}"]
    if kind == "seeded random of the right shape":
        # The master's answer only says what shape to fill with random numbers.
        return [
            f"return _random_like(_shape_of({call}), np.random.default_rng(0))",
        ]
    if kind == "visible examples hard-coded":
        table = visible_table(name, function)
        return [
            "import base64, pickle",
            f"_known = {table!r}",
            f"_hit = _known.get(_nonanswer_key([{', '.join(params)}]))",
            "return None if _hit is None else pickle.loads(base64.b64decode(_hit))",
        ]
    raise ValueError(kind)


KINDS = [
    "return None",
    "pass",
    "a constant",
    "zeros like the first argument",
    "ones like the first argument",
    "the first argument",
    "seeded random of the right shape",
    "visible examples hard-coded",
    "raise lines deleted",
]


def _helpers(kind, name, function):
    if kind == "seeded random of the right shape":
        solution = solution_sources(name)[function]
        renamed = solution.replace(f"def {function}(", "def _shape_of(", 1)
        return RANDOM_LIKE + "\n\n" + renamed + "\n\n"
    if kind == "visible examples hard-coded":
        return KEY_SOURCE + "\n\n"
    return ""


def nonanswer(kind, name):
    """grade_id -> code of every solution cell of ``name``, for one kind."""
    out = {}
    for function, cell in released_cells(name).items():
        lines = cell.splitlines()
        (at,) = [i for i, line in enumerate(lines) if line.strip() == RAISE]
        indent = lines[at][: len(lines[at]) - len(lines[at].lstrip())]
        if kind == "raise lines deleted":
            body = []
        else:
            body = [indent + line for line in _body(kind, name, function, cell)]
        code = "\n".join(lines[:at] + body + lines[at + 1 :])
        out[function] = _helpers(kind, name, function) + code
    return out

