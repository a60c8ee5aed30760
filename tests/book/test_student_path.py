"""A student's path, end to end: from the website to a checked notebook.

The built site is served on 127.0.0.1. In a fresh virtual environment that
has only pip, the test follows the laptop instructions of the page "Working
on the assignments" against that site: it installs the course's package
from the wheel the site publishes (pip fetches numpy from the Python Package
Index). To stay fast it installs the small notebook runner, nbclient and
ipykernel, in place of the page's JupyterLab. It then downloads an
assignment from the Assignments page and runs it as a student would, once
with the master's answers (every self-check passes) and once with two wrong
answers (the self-checks name both mistakes). Nothing of the course's
repository is visible to the student's Python: it runs outside it, with no
PYTHONPATH.
"""

import csv
import json
import os
import shlex
import shutil
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import nbformat
import pytest
from book_site import ROOT
from bs4 import BeautifulSoup

from mlgrade.sandbox.kernel import bwrap_available
from mllesson import variants

sys.path.insert(0, str(ROOT / "tests"))
from assignments.variants import ps02 as variant_answers  # noqa: E402

sys.path.pop(0)
sys.path.insert(0, str(ROOT / "book" / "_ext"))
from site_address import (  # noqa: E402
    WHEELS,
    install_cell,
    is_install_cell,
    package_version,
    read_site_address,
    wheel_name,
)

sys.path.pop(0)

pytestmark = pytest.mark.slow

ASSIGNMENT = "ps02-cost"
#: Two wrong answers, and a word the self-check's message must use for each.
WRONG = {
    "log_loss: summed": "summed",
    "logistic_gradient: sign flipped": "sign",
}
MUTANTS = variant_answers.MUTANTS

RUNNER = """\
import json, sys
import nbformat
from nbclient import NotebookClient

nb = nbformat.read(sys.argv[1], as_version=4)
NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True).execute()
nbformat.write(nb, sys.argv[1])
"""


def _get(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        assert response.status == 200, url
        return response.read()


def _page(url):
    return BeautifulSoup(_get(url).decode("utf-8"), "html.parser")


def _student_env():
    """The environment of a student's terminal: nothing of the course's tests."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTHON", "PYTEST", "VIRTUAL_ENV", "JUPYTER"))
    }
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def _run(args, cwd, env):
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    assert done.returncode == 0, (
        f"{shlex.join(map(str, args))}\n{done.stdout}\n{done.stderr}"
    )
    return done.stdout


def _laptop_commands(page):
    """The venv line and the pip line of the page's laptop section."""
    section = page.select_one("section#on-your-laptop-windows-macos-or-linux")
    assert section is not None, "the page has no laptop section"
    commands = [pre.get_text().strip() for pre in section.select("pre")]
    venv = [c for c in commands if "-m venv" in c]
    pip = [c for c in commands if c.startswith("python -m pip install")]
    assert len(venv) == 1 and len(pip) == 1, commands
    return section, venv[0], pip[0]


def _fill(notebook, answers, student_id):
    """The notebook with the student's id typed into its variant cell and
    their answers into its answer cells."""
    for cell in notebook.cells:
        if "variant" in cell.metadata.get("tags", []) and cell.cell_type == "code":
            typed = f"student_id={student_id!r}"
            source = "".join(cell.source)  # as downloaded: a list of lines
            assert 'student_id=""' in source, source
            cell.source = source.replace('student_id=""', typed)
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if cell.metadata.get("nbgrader", {}).get("solution") and grade_id in answers:
            cell.source = answers[grade_id]
    return notebook


def _variant(student_id):
    """The variant the course gives ``student_id`` (ps02-cost has variants)."""
    setting = ROOT / "solutions" / ASSIGNMENT / "variants.json"
    salt = json.loads(setting.read_text())["salt"]
    return variants.variant_for(ASSIGNMENT, salt, student_id)


def _right_answers(student_id):
    """The master's answers, as written in the student's own variant."""
    return variant_answers.answers(_variant(student_id))


def _errors(nb):
    """grade_id (or cell number) -> the error text of every cell that failed."""
    found = {}
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.output_type == "error":
                key = cell.metadata.get("nbgrader", {}).get("grade_id", i)
                found[key] = f"{out.ename}: {out.evalue}"
    return found


def _printed(cell):
    return "".join(
        o.get("text", "") for o in cell.get("outputs", []) if o.output_type == "stream"
    )


@pytest.fixture(scope="module")
def student(site_url, tmp_path_factory):
    """A student's laptop after following the site: the virtual environment's
    Python, and the assignment as the site offers it."""
    address = read_site_address(ROOT)
    home = tmp_path_factory.mktemp("student")
    env = _student_env()

    # 1. The page's laptop instructions: a virtual environment, then one pip
    #    line; the wheel is downloaded from the page's link first when the
    #    site has no configured address.
    page_url = f"{site_url}/book/working.html"
    section, venv_line, pip_line = _laptop_commands(_page(page_url))
    assert venv_line == "python -m venv mllesson-env"
    _run([sys.executable, "-m", "venv", "mllesson-env"], home, env)
    python = home / "mllesson-env" / "bin" / "python"
    fresh = _run([python, "-m", "pip", "list", "--format=freeze"], home, env)
    assert {line.split("==")[0] for line in fresh.split()} <= {"pip", "setuptools"}
    if address.site_url:
        pip_line = pip_line.replace(address.site_url, site_url)
    else:
        link = section.select_one('a[href$=".whl"]')
        assert link is not None, "the laptop section links no wheel"
        wheel = urllib.parse.urljoin(page_url, link["href"])
        (home / Path(link["href"]).name).write_bytes(_get(wheel))
    args = shlex.split(pip_line)[1:]
    # nbclient and ipykernel run the notebook here; the page's [lab] extra
    # (JupyterLab and matplotlib) is what a student installs to edit it.
    args = [a.replace("[lab]", "") for a in args] + ["nbclient", "ipykernel"]
    _run([python, *args], home, env)

    # 2. The assignment, as the Assignments page offers it.
    assignments = _page(f"{site_url}/book/assignments.html")
    link = assignments.select_one(f'a[href$="/{ASSIGNMENT}.ipynb"]')
    assert link is not None, f"the Assignments page offers no {ASSIGNMENT} notebook"
    offered = nbformat.reads(
        _get(
            urllib.parse.urljoin(f"{site_url}/book/assignments.html", link["href"])
        ).decode(),
        as_version=4,
    )
    (home / "run.py").write_text(RUNNER)
    return {"home": home, "env": env, "python": python, "offered": offered}


def _run_as_student(student, answers, name):
    """The offered notebook with ``answers`` typed in, run in the student's
    environment from the student's own folder; the notebook as saved."""
    home = student["home"]
    path = home / name / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    path.parent.mkdir(parents=True)
    offered = nbformat.from_dict(json.loads(nbformat.writes(student["offered"])))
    nbformat.write(_fill(offered, answers, name), path)
    _run([student["python"], home / "run.py", path], path.parent, student["env"])
    return path


@pytest.fixture(scope="module")
def right(student):
    """The assignment run with the master's answers, in the student's variant
    (``pm1-cols-b``: labels ±1, examples as columns, a separate b)."""
    assert not variants.is_usual(_variant("right"))
    return _run_as_student(student, _right_answers("right"), "right")


@pytest.fixture(scope="module")
def wrong(student):
    """The assignment run with the master's answers but two wrong ones, in
    the student's variant."""
    answers = _right_answers("wrong")
    for label in WRONG:
        grade_id, old, new = MUTANTS[label]
        answers[grade_id] = answers[grade_id].replace(old, new)
    return _run_as_student(student, answers, "wrong")


def test_the_course_package_comes_from_the_sites_wheel(student):
    site_module = _run(
        [
            student["python"],
            "-c",
            "import mllesson, mllesson._site as s;"
            "print(mllesson.__file__); print(s.SITE_URL)",
        ],
        student["home"],
        student["env"],
    ).split("\n")
    assert site_module[0].startswith(str(student["home"] / "mllesson-env")), site_module
    assert site_module[1] == read_site_address(ROOT).site_url
    # Only the student's side of the course: no grader, no answers.
    installed = _run(
        [student["python"], "-m", "pip", "list", "--format=freeze"],
        student["home"],
        student["env"],
    ).lower()
    assert "mllesson==" in installed
    for absent in ("nbgrader", "jupyter-book", "playwright", "dask", "mlgrade"):
        assert f"\n{absent}==" not in f"\n{installed}", absent
    assert is_install_cell(student["offered"].cells[0])


def _self_check_ids():
    """grade_id of every cell of the master that runs a visible self-check."""
    master = nbformat.read(
        ROOT / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4
    )
    return [
        c.metadata["nbgrader"]["grade_id"]
        for c in master.cells
        if "selfcheck.check_" in c.source
        and c.metadata.get("nbgrader", {}).get("grade")
    ]


def test_the_variant_cell_shows_the_students_own_variant(right):
    done = nbformat.read(right, as_version=4)
    (cell,) = [c for c in done.cells if "variant" in c.metadata.get("tags", [])
               and c.cell_type == "code"]  # fmt: skip
    shown = "".join(o.get("data", {}).get("text/markdown", "") for o in cell.outputs)
    assert f"`{_variant('right').id}`" in shown
    assert "logistic_cost(w, b, X, y, lam=0.0)" in shown  # the signature to write


def test_the_masters_answers_pass_every_self_check(right):
    done = nbformat.read(right, as_version=4)
    assert _errors(done) == {}
    checks = [c for c in done.cells if "selfcheck.check_" in c.source]
    assert len(checks) == len(_self_check_ids()) > 3
    for cell in checks:
        assert "passed" in _printed(cell), cell.source


def test_the_self_checks_name_two_wrong_answers(wrong):
    errors = _errors(nbformat.read(wrong, as_version=4))
    # Every self-check of the two wrong functions fails, and none of the third's.
    wrong_functions = {MUTANTS[label][0] for label in WRONG}
    expected = {
        gid
        for gid in _self_check_ids()
        if any(gid.startswith(f"{name}_") for name in wrong_functions)
    }
    assert {"log_loss_values", "logistic_gradient_values"} <= expected
    assert set(errors) == expected, errors
    for label, word in WRONG.items():
        message = errors[f"{MUTANTS[label][0]}_values"]
        assert "SelfCheckError" in message, message
        assert word in message, (label, message)


def _task_scores(run):
    """(student, grade_id) -> (score, max_score), and -> failure category."""
    scores, categories = {}, {}
    with open(run / "task_scores.csv", newline="") as fh:
        for row in csv.DictReader(fh):
            key = (row["student_id"], row["grade_id"])
            scores[key] = (float(row["score"]), float(row["max_score"]))
            categories[key] = row["failure_category"]
    return scores, categories


def _master_points():
    """grade_id -> points of every graded cell of the master."""
    master = nbformat.read(
        ROOT / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4
    )
    return {
        c.metadata["nbgrader"]["grade_id"]: float(c.metadata["nbgrader"]["points"])
        for c in master.cells
        if c.metadata.get("nbgrader", {}).get("grade")
    }


def test_the_handed_in_notebooks_are_graded(right, wrong, tmp_path):
    """The saved notebooks, handed in as they are, graded by the course's
    grader against the hidden checks: full marks for the master's answers;
    for the wrong ones, nothing for the two wrong functions and full marks
    for the third."""
    assert bwrap_available(), "bubblewrap is needed: scripts/install-bubblewrap.sh"
    submissions = tmp_path / "submitted"
    for saved in (right, wrong):
        student_id = saved.parents[1].name
        target = submissions / student_id / ASSIGNMENT / saved.name
        target.parent.mkdir(parents=True)
        shutil.copy2(saved, target)
    out = tmp_path / "grading"
    graded = subprocess.run(
        [
            sys.executable,
            "-m",
            "mlgrade",
            str(submissions),
            "--course",
            str(ROOT),
            "--out",
            str(out),
            "--quiet",
            "--jobs",
            "1",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert graded.returncode == 0, graded.stderr[-3000:]
    scores, categories = _task_scores((out / "latest").resolve())
    points = _master_points()
    assert {gid for _, gid in scores} == set(points)
    for gid, full in points.items():
        assert scores[("right", gid)] == (full, full), gid
    # Points only for working answers: every task of a wrong function scores
    # nothing (its clipping, finite differences and vectorisation included),
    # and the grader names the mistake, as the self-check did.
    wrong_functions = tuple(f"{MUTANTS[label][0]}_" for label in WRONG)
    for gid, full in points.items():
        expected = 0.0 if gid.startswith(wrong_functions) else full
        assert scores[("wrong", gid)] == (expected, full), gid
    for label, word in WRONG.items():
        category = categories[("wrong", f"{MUTANTS[label][0]}_values")]
        assert word in category, (label, category)


def test_the_install_cell_installs_the_course_where_it_is_missing(site_url, tmp_path):
    """Colab's case: a Python without the course's package runs the install
    cell of a site with an address, then imports the package it installed."""
    env = _student_env()
    _run([sys.executable, "-m", "venv", "colab"], tmp_path, env)
    python = tmp_path / "colab" / "bin" / "python"
    wheel = f"{site_url}/{WHEELS}/{wheel_name(package_version(ROOT))}"
    cell = install_cell(wheel)
    assert f'COURSE_PACKAGE = "{wheel}"' in cell
    imported = _run(
        [python, "-c", f"{cell}\nimport mllesson\nprint(mllesson.__file__)"],
        tmp_path,
        env,
    )
    assert imported.strip().startswith(str(tmp_path / "colab")), imported
