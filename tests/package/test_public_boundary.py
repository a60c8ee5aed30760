"""Outside ``mllesson/``, code uses only the package's public names.

The hidden checks, the grader, the benchmarks and the book's code cells may
import ``mllesson`` but never a name with a leading underscore (``_sigmoid``,
``mllesson._validation``): a private name may change with any refactoring,
and what the course relies on must be public. ``tests/`` is left out on
purpose: its tests compare the private, speed-tuned kernels with their
readable public forms.
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCANNED = ("hiddenchecks", "mlgrade", "benchmarks")

#: (file, private name) pairs allowed for now, each with its reason. The
#: benchmarks time the tuned kernel itself against the cost of its arithmetic
#: (B1's "GD step" row; the public function's checks have their own row).
ALLOWED = {
    ("benchmarks/b1_logistic.py", "mllesson.logistic._logistic_cost_gradient"),
    ("benchmarks/b1_logistic.py", "mllesson.logistic._logistic_gradient"),
    ("benchmarks/memory.py", "mllesson.logistic._logistic_cost_gradient"),
}

_CODE_CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(.*?)^```", re.M | re.S)


def _private(dotted):
    return any(p.startswith("_") and not p.startswith("__") for p in dotted.split("."))


def private_uses(source):
    """Dotted names of private ``mllesson`` names that ``source`` imports or uses."""
    tree = ast.parse(source)
    aliases = {}  # local name -> the mllesson module it stands for
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.name.split(".")[0] == "mllesson":
                    aliases[a.asname or "mllesson"] = a.name if a.asname else "mllesson"
                    if _private(a.name):
                        found.add(a.name)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.split(".")[0] != "mllesson":
                continue
            for a in node.names:
                dotted = f"{node.module}.{a.name}"
                aliases[a.asname or a.name] = dotted
                if _private(dotted):
                    found.add(dotted)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _private(node.attr):
            chain, base = [node.attr], node.value
            while isinstance(base, ast.Attribute):
                chain.append(base.attr)
                base = base.value
            if isinstance(base, ast.Name) and base.id in aliases:
                found.add(".".join([aliases[base.id], *reversed(chain)]))
    return found


def _sources():
    for folder in SCANNED:
        for path in sorted((ROOT / folder).rglob("*.py")):
            yield path.relative_to(ROOT).as_posix(), path.read_text()
    for path in sorted((ROOT / "book").glob("*.md")):
        cells = [_python(cell) for cell in _CODE_CELL.findall(path.read_text())]
        yield path.relative_to(ROOT).as_posix(), "\n".join(cells)


def _python(cell):
    """A code cell's Python: without its options (``:tags:`` lines or a ``---``
    block) and IPython magics."""
    lines = cell.splitlines()
    if lines and lines[0].strip() == "---":
        lines = lines[lines.index("---", 1) + 1 :]
    lines = [ln for ln in lines if not ln.startswith(":")]
    return "\n".join(ln for ln in lines if not ln.lstrip().startswith(("%", "!")))


def test_the_scan_finds_private_names_however_they_are_reached():
    source = """
import mllesson
import mllesson.network as net
from mllesson import activations as act, sigmoid
from mllesson.losses import _binary_cross_entropy_with_logits
from mllesson._validation import check_rng
mllesson._base
net._forward(1)
act._sigmoid
sigmoid.__name__
mllesson.selfcheck.compare.close
"""
    assert private_uses(source) == {
        "mllesson.losses._binary_cross_entropy_with_logits",
        "mllesson._validation.check_rng",
        "mllesson._base",
        "mllesson.network._forward",
        "mllesson.activations._sigmoid",
    }


@pytest.mark.parametrize(
    ("path", "source"), list(_sources()), ids=[p for p, _ in _sources()]
)
def test_no_private_mllesson_name_is_used_outside_the_package(path, source):
    used = {name for name in private_uses(source) if (path, name) not in ALLOWED}
    assert not used, f"{path} uses private mllesson names: {sorted(used)}"


def test_every_allowed_exception_is_still_needed():
    used = {
        (path, name) for path, source in _sources() for name in private_uses(source)
    }
    assert ALLOWED <= used, f"no longer used, remove from ALLOWED: {ALLOWED - used}"
