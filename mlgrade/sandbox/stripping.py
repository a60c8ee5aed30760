"""The package a kernel gets: ``mllesson`` with the functions a student
re-implements disabled, so that the student's own code is what runs."""

import ast
import functools
from pathlib import Path


def blocked_names(graded, package_dir):
    """Module-level functions to disable while ``graded`` functions are tested.

    A graded function ``f`` is blocked together with every function whose name
    contains all of ``f``'s words (``_sigmoid``, ``_logistic_cost_gradient``
    for ``logistic_cost``): the unchecked kernels and combined functions that
    compute the same thing. Functions that *call* a blocked one then fail too.
    """
    defined = _module_functions(str(package_dir))
    out = set()
    for name in graded:
        words = set(filter(None, name.split("_")))
        out |= {d for d in defined if words <= set(filter(None, d.split("_")))}
    return sorted(out)


@functools.lru_cache(maxsize=8)
def _module_functions(package_dir):
    """Names of the package's module-level functions (parsed once per worker:
    parsing every module took most of a second per submission)."""
    defined = set()
    for path in Path(package_dir).glob("*.py"):
        _, tree = _parsed(str(path))
        defined |= {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
    return frozenset(defined)


@functools.lru_cache(maxsize=128)
def _parsed(path):
    """(source, tree) of one package module, parsed once per worker. The tree
    is shared: whoever changes it must parse their own copy."""
    source = Path(path).read_text()
    return source, ast.parse(source)


@functools.lru_cache(maxsize=128)
def _strippable(path):
    """Names of a module's functions and methods that stripping may disable:
    all but those the module calls while it is imported."""
    _, tree = _parsed(path)
    skip = _called_at_import(tree)
    names = set()
    for node in tree.body:
        inner = node.body if isinstance(node, ast.ClassDef) else []
        names |= {f.name for f in [node, *inner] if isinstance(f, ast.FunctionDef)}
    return frozenset(names - skip)


#: Subpackages copied whole, never stripped: the students' self-checks, which
#: only build wrong variants and compare (what they compute with is stripped
#: where it is defined), and whose ``compare.count_lines`` the kernel side runs;
#: and the per-student variants, which only translate conventions around the
#: functions they are given (the variant cell, a cost handed to the student).
UNSTRIPPED = ("selfcheck", "variants")


def _called_at_import(tree):
    """Names a module calls while it is imported (those must keep working)."""
    names = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for sub in ast.walk(node):
            if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name):
                names.add(sub.func.id)
    return names


def _disable(fn):
    # The kernel side notes the call (the grader then knows which tasks would
    # have run differently with fewer functions disabled), then it raises.
    message = f"mllesson's {fn.name} is not available during grading."
    note = ast.Call(
        ast.Attribute(
            ast.Call(
                ast.Name("__import__"), [ast.Constant("_mlgrade_kernel_side")], []
            ),
            "blocked",
        ),
        [ast.Constant(fn.name), ast.Constant(message)],
        [],
    )
    fn.body = [
        ast.Expr(note),
        ast.Raise(ast.Call(ast.Name("RuntimeError"), [ast.Constant(message)], [])),
    ]
    fn.decorator_list = []


@functools.lru_cache(maxsize=64)
def real_sources(package_dir, names):
    """``{module: [[name, source], ...]}``: the package's module-level functions
    ``names``, as their modules define them (for :meth:`Kernel.unblock`)."""
    out = {}
    for path in sorted(Path(package_dir).glob("*.py")):
        _, tree = _parsed(str(path))
        found = [
            [node.name, ast.unparse(node)]
            for node in tree.body
            if isinstance(node, ast.FunctionDef) and node.name in names
        ]
        if found:
            module = "mllesson" if path.stem == "__init__" else f"mllesson.{path.stem}"
            out[module] = found
    return out


def strip_package(package_dir, dest, blocked):
    """Copy ``package_dir`` to ``dest`` with ``blocked`` functions' bodies removed.

    The source of a blocked function is not copied at all, so it cannot be
    recovered with ``inspect`` or ``importlib.reload`` inside the sandbox.
    """
    dest = Path(dest)
    dest.mkdir(parents=True)
    for name, source in stripped_sources(str(package_dir), tuple(sorted(blocked))):
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        (dest / name).write_text(source)


@functools.lru_cache(maxsize=64)
def stripped_sources(package_dir, blocked):
    """((relative path, stripped source), ...) for the package; see strip_package.

    Cached: parsing and unparsing the package costs about 0.4 s, and every
    kernel of every submission needs one of a few blocked sets. Grading
    workers fill the cache before they fork a child per submission.
    """
    blocked = set(blocked)
    out = []
    for name in UNSTRIPPED:
        for path in sorted(Path(package_dir, name).rglob("*.py")):
            out.append((str(path.relative_to(package_dir)), path.read_text()))
    for path in sorted(Path(package_dir).glob("*.py")):
        source, _ = _parsed(str(path))
        if not blocked & _strippable(str(path)):
            out.append((path.name, source))  # nothing to disable: as it is
            continue
        tree = ast.parse(source)  # a copy of its own, to change
        skip = _called_at_import(tree)
        for node in tree.body:
            # Estimators' methods of the same name too (LogisticRegression.predict).
            inner = node.body if isinstance(node, ast.ClassDef) else []
            for fn in [node, *inner]:
                if (
                    isinstance(fn, ast.FunctionDef)
                    and fn.name in blocked
                    and fn.name not in skip
                ):
                    _disable(fn)
        out.append((path.name, ast.unparse(ast.fix_missing_locations(tree))))
    return tuple(out)
