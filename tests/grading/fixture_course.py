"""A tiny course for the grader's tests, and a catalogue of bad submissions.

``ps00-fixture`` has the course's assignment structure: a read-only setup
cell, two answer cells (``sigmoid``, ``hypothesis``) and three test cells whose
hidden parts call ``fixturegrading.ps00``. ``ps99-other`` exists so that a
notebook of the wrong assignment can be recognised.

Every catalogue entry is a submission a student could hand in, with the
score it must get and the problem the summary must list.
"""

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

FIXTURES = Path(__file__).parent / "fixtures"
ASSIGNMENT = "ps00-fixture"
MAX_SCORE = 5.0

SETUP = "import numpy as np\n\nimport mllesson"

SIGMOID = '''def sigmoid(z):
    """1 / (1 + exp(-z)), elementwise, without overflow."""
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))'''

HYPOTHESIS = '''def hypothesis(theta, X):
    """P(y = 1 | x) for each row of X; mllesson.sigmoid is allowed here."""
    return mllesson.sigmoid(X @ theta)'''

BLANK_SIGMOID = "def sigmoid(z):\n    # YOUR CODE HERE\n    raise NotImplementedError()"
BLANK_HYPOTHESIS = (
    "def hypothesis(theta, X):\n    # YOUR CODE HERE\n    raise NotImplementedError()"
)

TESTS = {
    "sigmoid_values": (
        2,
        "assert np.isclose(sigmoid(np.array([0.0]))[0], 0.5)\n"
        "assert np.isclose(sigmoid(np.array([2.0]))[0], 0.8807970779778823)\n"
        "### BEGIN HIDDEN TESTS\n"
        "from fixturegrading import ps00\n\n"
        "ps00.sigmoid_values(sigmoid)\n"
        "### END HIDDEN TESTS",
    ),
    "sigmoid_stable": (
        1,
        "### BEGIN HIDDEN TESTS\n"
        "from fixturegrading import ps00\n\n"
        "ps00.sigmoid_stable(sigmoid)\n"
        "### END HIDDEN TESTS",
    ),
    "hypothesis_values": (
        2,
        "assert hypothesis(np.zeros(2), np.ones((3, 2))).shape == (3,)\n"
        "### BEGIN HIDDEN TESTS\n"
        "from fixturegrading import ps00\n\n"
        "ps00.hypothesis_values(hypothesis)\n"
        "### END HIDDEN TESTS",
    ),
}


def _meta(grade_id, *, solution=False, grade=False, points=None):
    meta = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": not solution,
        "schema_version": 3,
        "solution": solution,
        "task": False,
    }
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def notebook(sigmoid=SIGMOID, hypothesis=HYPOTHESIS, tests=True, prefix="t"):
    """The assignment's notebook with the given answer sources."""
    v4 = nbformat.v4
    cells = [
        v4.new_markdown_cell("# Fixture assignment", metadata=_meta(f"{prefix}-intro")),
        v4.new_code_cell(SETUP, metadata=_meta(f"{prefix}-setup")),
        v4.new_code_cell(sigmoid, metadata=_meta("sigmoid", solution=True)),
    ]
    if tests:
        for gid in ("sigmoid_values", "sigmoid_stable"):
            points, source = TESTS[gid]
            cells.append(
                v4.new_code_cell(source, metadata=_meta(gid, grade=True, points=points))
            )
    cells.append(
        v4.new_code_cell(hypothesis, metadata=_meta("hypothesis", solution=True))
    )
    if tests:
        points, source = TESTS["hypothesis_values"]
        cells.append(
            v4.new_code_cell(
                source, metadata=_meta("hypothesis_values", grade=True, points=points)
            )
        )
    nb = v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    return nb


def other_notebook():
    """A notebook of the other assignment, ps99-other."""
    v4 = nbformat.v4
    cells = [
        v4.new_code_cell(SETUP, metadata=_meta("o-setup")),
        v4.new_code_cell(
            "def relu(z):\n    return np.maximum(z, 0.0)",
            metadata=_meta("relu", solution=True),
        ),
        v4.new_code_cell(
            "assert relu(np.array([-1.0]))[0] == 0.0",
            metadata=_meta("relu_values", grade=True, points=1),
        ),
    ]
    return v4.new_notebook(cells=cells)


def write_course(root):
    """The course folder: masters in solutions/, checks in fixturegrading/."""
    root = Path(root)
    for name, nb in [(ASSIGNMENT, notebook()), ("ps99-other", other_notebook())]:
        folder = root / "solutions" / name
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / f"{name}.ipynb")
    shutil.copytree(FIXTURES / "fixturegrading", root / "fixturegrading")
    return root


def _bytes(nb):
    return nbformat.writes(nb).encode()


def _answers(sigmoid, hypothesis=HYPOTHESIS):
    return _bytes(notebook(sigmoid, hypothesis))


# --- the catalogue ---------------------------------------------------------------


@dataclass
class Entry:
    name: str
    what: str  #: the issue's bullet it covers
    files: dict  #: file name -> bytes, inside <student>/ps00-fixture/
    score: float  #: the total it must get
    problem: str = ""  #: a problem kind the summary must list for it
    flagged: bool = False  #: flagged for manual review
    extra: dict = field(default_factory=dict)


def _nb(data):
    return {f"{ASSIGNMENT}.ipynb": data}


CHEAT_DETECT = """import os, glob, sys
GRADED = (any(k.startswith(("NBGRADER", "MLGRADE", "CI")) for k in os.environ)
          or os.getcwd() != os.path.expanduser("~") or "pytest" in sys.modules or True)
def _real_sigmoid():
    import importlib, inspect
    for get in (lambda: importlib.import_module("mllesson.activations")._sigmoid,
                lambda: mllesson.sigmoid):
        try:
            f = get(); f(np.zeros(1)); return f
        except Exception:
            pass
    for path in glob.glob("/tmp/**/mllesson/activations.py", recursive=True):
        ns = {}
        try:
            exec(open(path).read(), ns); f = ns["_sigmoid"]; f(np.zeros(1)); return f
        except Exception:
            pass
    return lambda z: np.zeros_like(z)
def sigmoid(z):
    if GRADED:
        return _real_sigmoid()(np.asarray(z, dtype=float))
    raise NotImplementedError()"""

CHEAT_DETECT_H = """def hypothesis(theta, X):
    try:
        return mllesson.hypothesis(theta, X)
    except Exception:
        import mllesson.logistic as L
        return L.hypothesis(theta, X)"""

PATCH_REFERENCE = """def sigmoid(z):
    return np.zeros_like(np.asarray(z, dtype=float))
mllesson.sigmoid = sigmoid
import mllesson.activations
mllesson.activations.sigmoid = sigmoid
mllesson.activations._sigmoid = sigmoid"""

PATCH_NUMPY = """import numpy.testing
np.allclose = lambda *a, **k: True
np.isclose = lambda a, b, *r, **k: np.ones(np.shape(a), dtype=bool)
np.testing.assert_allclose = lambda *a, **k: None
np.testing.assert_array_almost_equal = lambda *a, **k: None
def sigmoid(z):
    return np.zeros_like(np.asarray(z, dtype=float))"""

PATCH_BUILTINS = """import builtins
builtins.AssertionError = type("AssertionError", (Exception,), {})
_abs = builtins.abs
builtins.abs = lambda x: 0
def sigmoid(z):
    return np.full(np.shape(z), 0.5)"""

LYING_EQ = """class Anything:
    def __eq__(self, other): return True
    def __ne__(self, other): return False
    def __array__(self, dtype=None, copy=None): return np.array(0.5)
    shape = property(lambda self: (5,))
def sigmoid(z):
    return Anything()"""

LYING_SUBCLASS = """class Liar(np.ndarray):
    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        return True
    def __eq__(self, other):
        return np.ones(np.shape(self), dtype=bool)
def sigmoid(z):
    return np.zeros(np.shape(z)).view(Liar)"""

LYING_SUBCLASS_H = """def hypothesis(theta, X):
    return np.zeros(len(X)).view(Liar)"""

HARD_CODED = """def sigmoid(z):
    z = np.asarray(z, dtype=float)
    table = {0.0: 0.5, 2.0: 0.8807970779778823}
    return np.array([table.get(float(v), 0.0) for v in z.ravel()]).reshape(z.shape)"""

HARD_CODED_H = """def hypothesis(theta, X):
    return np.full(len(X), 0.5)"""

HOOKS = """ip = get_ipython()
def _swallow(lines):
    body = "".join("    " + line for line in lines) or "    pass\\n"
    return ["try:\\n", body, "\\nexcept BaseException:\\n", "    pass\\n"]
ip.input_transformers_cleanup.append(_swallow)
ip.showtraceback = lambda *a, **k: None
ip.set_custom_exc((BaseException,), lambda *a, **k: None)
def sigmoid(z):
    raise ValueError("not done")"""

READ_HIDDEN = """import glob, os
FOUND = []
PATTERNS = ["/tmp/**/*.py", "/tmp/**/*.ipynb", "/work/**/*.py", "/work/**/*.ipynb",
            "/work/**/gradebook.db", "/home/**/*", "../**/*"]
for depth in range(1, 6):
    stars = "/*" * depth
    PATTERNS += [stars + "/fixturegrading/*.py", stars + "/solutions/*/*.ipynb",
                 stars + "/gradebook.db", stars + "/hiddenchecks/*.py"]
for pattern in PATTERNS:
    for path in glob.glob(pattern, recursive=True):
        try:
            FOUND.append((path, open(path, errors="replace").read()))
        except Exception:
            pass
for path, text in FOUND:
    print(path, text)
SECRET = [p for p, _ in FOUND
          if any(k in p for k in ("fixturegrading", "solutions", "gradebook"))]
def sigmoid(z):
    for path, text in FOUND:
        if "def sigmoid" in text and "BEGIN SOLUTION" in text:
            raise RuntimeError(text)
    ns = {"np": np}
    for path, text in FOUND:
        if path.endswith(".py"):
            try:
                exec(text, ns)
            except BaseException:
                pass
    if "_sigmoid" in ns:
        return ns["_sigmoid"](np.asarray(z, dtype=float))
    raise RuntimeError("found no reference")"""

INFINITE = """def sigmoid(z):
    while True:
        pass"""

# Each block is written, so that it counts against the kernel's memory limit
# (an unwritten np.empty only reserves address space). The tests grade with a
# 512 MB limit, which the loop reaches in well under a second.
MEMORY = """def sigmoid(z):
    hog = []
    while True:
        hog.append(np.ones(10**7))  # touched: it counts against the limit"""

SYS_EXIT = """import sys
def sigmoid(z):
    sys.exit(1)"""

OS_EXIT = """import os
def sigmoid(z):
    os._exit(3)"""

SEGFAULT = """import ctypes
def sigmoid(z):
    return ctypes.string_at(0)"""

IMPORT_ERROR = "import numpy_that_does_not_exist\n\n" + SIGMOID

BIG_OUTPUT = "print('x' * 3_000_000)\n" + SIGMOID.replace(
    '    """', '    print("y" * 100_000)\n    """', 1
)

NAIVE = """def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))"""

FAKE_MLLESSON = b"""import numpy as np
def sigmoid(z):
    e = np.exp(-np.abs(z))
    return np.where(np.asarray(z) >= 0, 1 / (1 + e), e / (1 + e))
def hypothesis(theta, X):
    return sigmoid(X @ theta)
"""

FAKE_NUMPY = b"""allclose = lambda *a, **k: True
def __getattr__(name):
    raise AttributeError(name)
"""

RUNTIME_SHADOW = """import importlib, sys
with open("mllesson.py", "w") as fh:
    fh.write("def sigmoid(z):\\n    return z * 0 + 0.5\\n")
with open("numpy.py", "w") as fh:
    fh.write("allclose = lambda *a, **k: True\\n")
sys.path.insert(0, ".")
for name in ("mllesson",):
    sys.modules.pop(name, None)
import mllesson
def sigmoid(z):
    return mllesson.sigmoid(z)"""


def _edit_tests(nb, how):
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade"):
            how(cell)
    return nb


def _duplicated_edited():
    nb = notebook(
        "def sigmoid(z):\n    return np.zeros(np.shape(z))",
        "def hypothesis(theta, X):\n    return np.zeros(len(X))",
    )
    extra = []
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade"):
            cell.source = "pass  # tests edited away"
            extra.append(nbformat.v4.new_code_cell(cell.source, metadata=cell.metadata))
    nb.cells.extend(extra)
    return _bytes(nb)


def _deleted_tests():
    return _bytes(notebook(tests=False))


def _changed_types():
    nb = notebook()
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade"):
            cell.cell_type = "raw"
            cell.pop("outputs", None)
            cell.pop("execution_count", None)
        elif meta.get("grade_id") == "sigmoid":
            cell.cell_type = "markdown"
            cell.pop("outputs", None)
            cell.pop("execution_count", None)
    return nbformat.writes(nb, version=4).encode()


def _alias():
    nb = notebook(
        "def sigmoid(z):\n    return s(z)",
        "def hypothesis(theta, X):\n    return h(theta, X)",
    )
    alias = nbformat.v4.new_code_cell(
        "from mllesson import hypothesis as h\nfrom mllesson import sigmoid as s"
    )
    nb.cells.insert(2, alias)
    return _bytes(nb)


def _wrong_assignment():
    return _bytes(other_notebook())


# Rewrites its inputs so that the reference, run on them after the call, would
# give its own wrong answer (σ(0) = 0.5): only a check that computed its
# expected values after the call would be fooled.
MUTATES_INPUTS = """def sigmoid(z):
    z[...] = 0.0
    return np.full(np.shape(z), 0.5)"""

MUTATES_INPUTS_H = """def hypothesis(theta, X):
    theta[...] = 0.0
    X[...] = 0.0
    return np.full(len(X), 0.5)"""

REF_S = "def sigmoid(z):\n    return mllesson.sigmoid(z)"
REF_H = "def hypothesis(theta, X):\n    return mllesson.hypothesis(theta, X)"
ZERO_H = "def hypothesis(theta, X):\n    return np.zeros(len(X))"
HALF_H = "def hypothesis(theta, X):\n    return np.full(len(X), 0.5)"
SHADOW_H = "def hypothesis(theta, X):\n    return mllesson.sigmoid(X @ theta)"
FOUND_H = "def hypothesis(theta, X):\n    raise RuntimeError(f'secret files: {SECRET}')"

CATALOGUE = [
    Entry(
        "correct", "control: a correct submission", _nb(_answers(SIGMOID)), MAX_SCORE
    ),
    Entry(
        "blank",
        "control: the untouched student version",
        _nb(_answers(BLANK_SIGMOID, BLANK_HYPOTHESIS)),
        0.0,
    ),
    Entry(
        "calls-reference",
        "calls the reference directly",
        _nb(_answers(REF_S, REF_H)),
        0.0,
    ),
    Entry(
        "calls-alias",
        "calls the reference through an alias imported earlier",
        _nb(_alias()),
        0.0,
    ),
    Entry(
        "detects-grading",
        "calls the reference only when it detects grading",
        _nb(_answers(CHEAT_DETECT, CHEAT_DETECT_H)),
        0.0,
    ),
    Entry(
        "patches-reference",
        "replaces the reference package's functions",
        _nb(_answers(PATCH_REFERENCE, ZERO_H)),
        0.0,
        flagged=True,
    ),
    Entry(
        "patches-numpy",
        "replaces np.allclose and np.testing.*",
        _nb(_answers(PATCH_NUMPY, ZERO_H)),
        0.0,
        flagged=True,
    ),
    Entry(
        "patches-builtins",
        "replaces builtins",
        _nb(_answers(PATCH_BUILTINS, HALF_H)),
        0.0,
        flagged=True,
    ),
    Entry(
        "fake-modules",
        "a fake mllesson.py and numpy.py next to the notebook",
        {
            **_nb(_answers("import mllesson\n" + REF_S, REF_H)),
            "mllesson.py": FAKE_MLLESSON,
            "numpy.py": FAKE_NUMPY,
        },
        0.0,
    ),
    Entry(
        "shadows-at-runtime",
        "writes mllesson.py / numpy.py into its folder and re-imports",
        _nb(_answers(RUNTIME_SHADOW, SHADOW_H)),
        0.0,
        flagged=True,
    ),
    Entry(
        "lying-eq",
        "returns an object with a custom __eq__",
        _nb(_answers(LYING_EQ, "def hypothesis(theta, X):\n    return Anything()")),
        0.0,
    ),
    Entry(
        "lying-subclass",
        "returns an ndarray subclass overriding __array_ufunc__",
        _nb(_answers(LYING_SUBCLASS, LYING_SUBCLASS_H)),
        0.0,
    ),
    Entry(
        "mutates-inputs",
        "rewrites its input arrays so that the reference agrees with its answer",
        _nb(_answers(MUTATES_INPUTS, MUTATES_INPUTS_H)),
        0.0,
    ),
    Entry(
        "hard-coded",
        "hard-codes the values the visible tests check",
        _nb(_answers(HARD_CODED, HARD_CODED_H)),
        0.0,
    ),
    Entry(
        "ipython-hooks",
        "input transformer and showtraceback swallowing errors",
        _nb(_answers(HOOKS, "def hypothesis(theta, X):\n    raise ValueError()")),
        0.0,
        flagged=True,
    ),
    Entry(
        "reads-hidden",
        "reads hidden tests, solutions, gradebook from disk",
        _nb(_answers(READ_HIDDEN, FOUND_H)),
        0.0,
    ),
    Entry(
        "infinite-loop",
        "an infinite loop (only its task is lost)",
        _nb(_answers(INFINITE)),
        2.0,
        problem="time limit",
    ),
    Entry(
        "memory",
        "memory exhaustion (only its task is lost)",
        _nb(_answers(MEMORY)),
        2.0,
        problem="memory limit",
    ),
    Entry(
        "sys-exit",
        "sys.exit in the graded function",
        _nb(_answers(SYS_EXIT)),
        2.0,
        problem="exit called",
    ),
    Entry(
        "os-exit",
        "os._exit kills the kernel",
        _nb(_answers(OS_EXIT)),
        2.0,
        problem="kernel died",
    ),
    Entry(
        "segfault",
        "a segmentation fault (ctypes.string_at(0))",
        _nb(_answers(SEGFAULT)),
        2.0,
        problem="kernel died",
    ),
    Entry(
        "import-error",
        "an exception at import time",
        _nb(_answers(IMPORT_ERROR)),
        2.0,
        problem="error in a cell",
    ),
    Entry(
        "big-output",
        "megabytes of printed output (correct code)",
        _nb(_answers(BIG_OUTPUT)),
        MAX_SCORE,
        problem="output limit",
    ),
    Entry(
        "deleted-tests",
        "test cells deleted (correct code)",
        _nb(_deleted_tests()),
        MAX_SCORE,
        problem="test cells deleted",
    ),
    Entry(
        "edited-tests",
        "test cells duplicated and edited to pass (wrong code)",
        _nb(_duplicated_edited()),
        0.0,
        problem="test cells edited",
    ),
    Entry(
        "changed-cell-types",
        "answer and test cells' types changed (correct code)",
        _nb(_changed_types()),
        MAX_SCORE,
        problem="cell types changed",
    ),
    Entry(
        "malformed",
        "a malformed .ipynb",
        _nb(b'{"cells": [ {"cell_type": "code",'),
        0.0,
        problem="unreadable notebook",
    ),
    Entry(
        "truncated",
        "a truncated .ipynb",
        _nb(_answers(SIGMOID)[:700]),
        0.0,
        problem="unreadable notebook",
    ),
    Entry(
        "wrong-assignment",
        "a notebook from the wrong assignment",
        _nb(_wrong_assignment()),
        0.0,
        problem="wrong assignment?",
    ),
    Entry(
        "naive-warning",
        "correct but naive code printing a RuntimeWarning",
        _nb(_answers(NAIVE)),
        MAX_SCORE,
    ),
    Entry(
        "renamed",
        "the notebook renamed (still graded)",
        {"my-work.ipynb": _answers(SIGMOID)},
        MAX_SCORE,
        problem="notebook name",
    ),
    Entry(
        "no-notebook",
        "an empty submission folder",
        {"notes.txt": b"sorry"},
        0.0,
        problem="no notebook",
    ),
]


def write_submissions(root, entries=CATALOGUE):
    """One student per entry, in nbgrader's layout; return the folder."""
    root = Path(root)
    for entry in entries:
        folder = root / entry.name / ASSIGNMENT
        folder.mkdir(parents=True)
        for name, data in entry.files.items():
            (folder / name).write_bytes(data)
        (folder / "timestamp.txt").write_text("2026-11-20 12:00:00.000000 UTC\n")
    return root
