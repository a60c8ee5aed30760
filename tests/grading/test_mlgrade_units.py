"""The grader's pieces that need no kernel: proxy encoding, stripping, rebuild."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import mllesson
from mlgrade.grading import check_runner
from mlgrade.grading.course import (
    load_assignment,
    load_course,
    notebook_changes,
    read_submission,
    rebuild,
)
from mlgrade.sandbox import proxy
from mlgrade.sandbox.kernel import Budget, Kernel, Limits
from mlgrade.sandbox.stripping import blocked_names, strip_package

from .fixture_course import BLANK_SIGMOID, SIGMOID, notebook, write_course


@pytest.mark.parametrize(
    "value",
    [
        np.arange(6.0).reshape(2, 3),
        np.array([1, 2], dtype=np.int32),
        np.array([True, False]),
        np.float64(2.5),
    ],
)
def test_arrays_cross_as_plain_arrays(value):
    """What the kernel sends back decodes to the same numbers, as plain ndarrays."""
    from mlgrade.sandbox import kernel_side

    out = proxy.decode(kernel_side._encode(value))
    np.testing.assert_array_equal(out, value)
    assert type(out) in (np.ndarray, np.float64)


def test_lying_objects_arrive_as_their_numbers():
    from mlgrade.sandbox import kernel_side

    class Liar(np.ndarray):
        def __array_ufunc__(self, *args, **kwargs):
            return True

        def __eq__(self, other):
            return True

    out = proxy.decode(kernel_side._encode(np.zeros(3).view(Liar)))
    assert type(out) is np.ndarray and not np.allclose(out, 1.0)
    with pytest.raises(TypeError, match="not numeric"):
        kernel_side._encode(np.array([object()]))


def test_decode_refuses_pickles_and_odd_payloads():
    import base64
    import pickle

    def wire(data, dtype="<f8", shape=(2,)):
        text = base64.b64encode(data).decode()
        return {"nd": text, "dtype": dtype, "shape": list(shape)}

    good = wire(np.arange(6.0).tobytes(), shape=(2, 3))
    np.testing.assert_array_equal(proxy.decode(good), np.arange(6.0).reshape(2, 3))
    # A pickle's bytes are not two float64 numbers.
    with pytest.raises(TypeError, match="could not be read"):
        proxy.decode(wire(pickle.dumps(np.zeros(2))))
    for dtype in ("<U1", "|O", "<c16", ">f8", 3):
        with pytest.raises(TypeError, match="plain numeric"):
            proxy.decode(wire(b"\0" * 16, dtype=dtype))
    for shape in ([-1], [2.0], "2", [1] * 33):
        with pytest.raises(TypeError, match="could not be read"):
            proxy.decode({**wire(np.zeros(2).tobytes()), "shape": shape})
    with pytest.raises(ValueError):
        proxy.decode({**good, "nd": "not base64!"})
    with pytest.raises(TypeError, match="could not be read"):
        proxy.decode({"surprise": 1})


def test_package_functions_are_sent_by_name_and_others_refused():
    from mllesson.selfcheck import compare, fixtures

    assert proxy.encode(mllesson.logistic_cost) == {
        "mlfunc": ["mllesson.logistic", "logistic_cost"]
    }
    assert proxy.encode(compare.close) == {
        "mlfunc": ["mllesson.selfcheck.compare", "close"]
    }
    # The smooth functions the numerical-gradient checks hand to a student.
    assert proxy.encode(fixtures.sum_of_sines) == {
        "mlfunc": ["mllesson.selfcheck.fixtures", "sum_of_sines"]
    }
    with pytest.raises(proxy.GraderArgumentError, match="cannot send function"):
        proxy.encode(lambda z: z)


def test_student_exceptions_keep_their_names():
    assert isinstance(proxy._exception("NotImplementedError", ""), NotImplementedError)
    assert type(proxy._exception("ValueError", "x")) is ValueError
    assert type(proxy._exception("MyError", "x")).__name__ == "MyError"
    assert type(proxy._exception("not an identifier!", "x")).__name__ == "Exception"


def test_blocked_names_cover_kernels_and_relatives():
    package = __import__("pathlib").Path(mllesson.__file__).parent
    assert {"sigmoid", "_sigmoid"} <= set(blocked_names(["sigmoid"], package))
    cost = set(blocked_names(["logistic_cost"], package))
    assert {
        "logistic_cost",
        "_logistic_cost_gradient",
        "logistic_cost_gradient",
    } <= cost
    assert "hypothesis" not in blocked_names(["sigmoid"], package)


def test_stripped_package_has_no_source_of_blocked_functions(tmp_path):
    package = __import__("pathlib").Path(mllesson.__file__).parent
    strip_package(package, tmp_path / "mllesson", ["sigmoid", "_sigmoid"])
    source = (tmp_path / "mllesson" / "activations.py").read_text()
    assert "np.exp(-np.abs(z))" not in source  # the stable formula is gone
    assert "is not available during grading" in source
    # The self-checks are copied whole, subpackages included: the kernel
    # counts lines with selfcheck.compare, and a check may name their functions.
    for part in ("selfcheck/compare.py", "selfcheck/mistakes/network.py"):
        assert (tmp_path / "mllesson" / part).read_text() == (
            package / part
        ).read_text()


def test_rebuild_keeps_answers_drops_tests_and_foreign_cells(tmp_path):
    course = write_course(tmp_path / "course")
    assignment = load_assignment(course / "solutions" / "ps00-fixture")
    nb = notebook(sigmoid=BLANK_SIGMOID)
    import nbformat

    # A duplicated answer cell, edited: both run, the later one wins.
    nb.cells.append(nbformat.v4.new_code_cell(SIGMOID, metadata=nb.cells[2].metadata))
    for cell in nb.cells:
        if cell.metadata["nbgrader"].get("grade"):
            cell.source = "raise SystemExit('edited test')"
    code, found = rebuild(assignment, read_submission(nbformat.writes(nb).encode()))
    assert set(found) == {"sigmoid", "hypothesis"}
    assert not any("edited test" in c or "HIDDEN" in c for c in code)
    assert code.index(SIGMOID) > code.index(BLANK_SIGMOID)  # the later one wins
    assert code[0].startswith("import numpy")  # the master's setup, first


@pytest.mark.parametrize(
    "exc, shown",
    [
        (
            type("HiddenTestFailure", (AssertionError,), {})("sigmoid: wrong values."),
            "sigmoid: wrong values.",
        ),
        (AssertionError("x: array([0.5])"), "the result is wrong (details hidden)."),
        (KeyError("expected"), "the check could not use the result (KeyError)."),
    ],
)
def test_public_message_never_echoes_a_bare_assertion(exc, shown):
    assert check_runner.public_message(exc) == shown


def test_seeded_numpy_changes_only_the_checks_random_inputs():
    shim = check_runner._SeededNumpy(12345)
    a = shim.random.default_rng(7).normal(size=3)
    b = np.random.default_rng(7).normal(size=3)
    assert not np.allclose(a, b)
    np.testing.assert_array_equal(
        a, check_runner._SeededNumpy(12345).random.default_rng(7).normal(size=3)
    )
    assert shim.ndarray is np.ndarray


def _mounts(cmd):
    """(option, destination) for each mount in a bwrap command, in order."""
    takes_two = {"--ro-bind", "--bind", "--symlink"}
    takes_one = {"--tmpfs", "--proc", "--dev"}
    mounts, i = [], 0
    while i < len(cmd):
        if cmd[i] in takes_two:
            mounts.append((cmd[i], cmd[i + 2]))
            i += 3
        elif cmd[i] in takes_one:
            mounts.append((cmd[i], cmd[i + 1]))
            i += 2
        else:
            i += 1
    return mounts


@pytest.mark.parametrize("prefix", ["/tmp/clone/.venv", "/srv/course/.venv"])
def test_no_later_mount_hides_the_venv_or_the_work_folder(monkeypatch, prefix):
    # A fresh clone in mktemp -d puts the venv under /tmp; an empty /tmp
    # mounted after it would hide the interpreter and no kernel would start.
    monkeypatch.setattr(sys, "prefix", prefix)
    work = "/tmp/mlgrade-x"
    kernel = Kernel(None, set(), Limits(), Budget(60.0))
    kernel._work = work
    cmd, _ = kernel._command(f"{work}/kernel.json", f"{work}/lib")
    mounts = _mounts(cmd)
    assert ("--ro-bind", prefix) in mounts
    assert ("--bind", work) in mounts
    for i, (option, dest) in enumerate(mounts):
        if option not in ("--ro-bind", "--bind"):
            continue
        for later, over in mounts[i + 1 :]:
            if later == "--tmpfs":
                assert not (dest + "/").startswith(over.rstrip("/") + "/"), (
                    f"{over} is mounted after {dest} and hides it"
                )


def test_released_notebooks_count_as_unchanged_and_edits_are_named():
    # nbgrader's own release (exercises/) is the reference for what a student
    # starts from: nothing in it may be reported as a change.
    root = Path(__file__).resolve().parents[2]
    for name, assignment in load_course(root).items():
        nb = json.loads((root / "exercises" / name / assignment.notebook).read_text())
        assert notebook_changes(assignment, nb["cells"]) == [], name
        first = assignment.tests[0].grade_id
        cells = [c for c in nb["cells"] if _gid(c) != first]
        edited = [dict(c, source="pass") if _gid(c) == assignment.tests[-1].grade_id
                  else c for c in cells]  # fmt: skip
        kinds = dict(notebook_changes(assignment, edited + cells[-1:]))
        assert first in kinds["test cells deleted"], name
        assert assignment.tests[-1].grade_id in kinds["test cells edited"], name


def _gid(cell):
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def test_grading_processes_do_not_import_nbgrader_or_the_iri_grammar():
    # Each grading process (the command and every worker) would pay about a
    # second for each; only an LMS download needs nbgrader (mlgrade.classrun.lms).
    code = (
        "import sys, mlgrade.grading.worker; "
        "print(sorted({'nbgrader', 'lark'} & set(sys.modules)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize(
    "msg_type, content",
    [
        ("stream", {"name": "stdout", "text": "x" * 300}),
        ("display_data", {"data": {"text/plain": "x" * 300}, "metadata": {}}),
        ("execute_result", {"data": {"text/html": "x" * 300}, "metadata": {}}),
        ("update_display_data", {"data": {"image/png": "x" * 300}, "metadata": {}}),
        ("error", {"ename": "E", "evalue": "x", "traceback": ["x" * 300]}),
    ],
)
def test_every_kind_of_output_counts_towards_the_output_limit(msg_type, content):
    from mlgrade.sandbox.kernel import Budget, Kernel, Limits

    kernel = Kernel(None, [], Limits(output=200), Budget(1.0))
    message = {"msg_type": msg_type, "content": content, "parent_header": {}}
    kernel._count_output(message)
    assert kernel.dropped_output


@pytest.mark.slow
def test_a_kernels_errors_show_no_path_of_the_grader():
    """An import error names the package's file relative to the package, not
    the kernel's random folder: the student sees no path of the grader's, and
    the same submission gives the same text on every run."""
    from mlgrade.grading.grader import _mllesson_dir

    errors = []
    for _ in range(2):
        with Kernel(_mllesson_dir(), set(), Limits(), Budget(120.0)) as kernel:
            error, _ = kernel.execute("from mllesson import no_such_name")
            work = kernel._work
        assert error and work not in error, error
        errors.append(error)
    assert "mlgrade-" not in errors[0] and "/tmp" not in errors[0], errors[0]
    assert "(mllesson/__init__.py)" in errors[0], errors[0]
    assert errors[0] == errors[1]


def test_paths_are_made_relative_to_the_package_and_the_notebook():
    from mlgrade.sandbox.kernel import without_paths

    work = "/tmp/mlgrade-dvbk0f0q"
    assert without_paths(f"x ({work}/lib/mllesson/__init__.py)", work) == (
        "x (mllesson/__init__.py)"
    )
    assert without_paths(f"open('{work}/data.csv') in {work}", work) == (
        "open('data.csv') in ."
    )
    assert without_paths("File /tmp/ipykernel_4242/123.py, line 2", None) == (
        "File 123.py, line 2"
    )
