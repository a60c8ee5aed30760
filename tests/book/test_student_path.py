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

import json
import os
import re
import shlex
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import nbformat
import pytest
from book_site import ROOT, SITE
from bs4 import BeautifulSoup

sys.path.insert(0, str(ROOT / "tests"))
from assignments.mutants.ps02 import MUTANTS  # noqa: E402

sys.path.pop(0)
sys.path.insert(0, str(ROOT / "book" / "_ext"))
from site_address import is_install_cell, read_site_address  # noqa: E402

sys.path.pop(0)

pytestmark = pytest.mark.slow

ASSIGNMENT = "ps02-cost"
#: Two wrong answers, and a word the self-check's message must use for each.
WRONG = {
    "log_loss: summed instead of averaged": "summed",
    "logistic_gradient: sign flipped": "sign",
}

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


def _fill(notebook, answers):
    """The notebook with the student's answers typed into its answer cells."""
    for cell in notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if cell.metadata.get("nbgrader", {}).get("solution") and grade_id in answers:
            cell.source = answers[grade_id]
    return notebook


def _master_answers():
    master = nbformat.read(
        ROOT / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4
    )
    answers = {}
    for cell in master.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution"):
            answers[meta["grade_id"]] = re.sub(
                r"^\s*### (BEGIN|END) SOLUTION\n", "", cell.source, flags=re.MULTILINE
            )
    return answers


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


def test_a_student_installs_from_the_site_and_checks_an_assignment(site_url, tmp_path):
    address = read_site_address(ROOT)
    home = tmp_path / "student"
    home.mkdir()
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
        wheel = urllib.parse.urljoin(page_url, link["href"])
        (home / Path(link["href"]).name).write_bytes(_get(wheel))
    args = shlex.split(pip_line)[1:]
    # nbclient and ipykernel run the notebook here; the page's [lab] extra
    # (JupyterLab and matplotlib) is what a student installs to edit it.
    args = [a.replace("[lab]", "") for a in args] + ["nbclient", "ipykernel"]
    _run([python, *args], home, env)
    site_module = _run(
        [
            python,
            "-c",
            "import mllesson, mllesson._site as s; print(mllesson.__file__); print(s.SITE_URL)",
        ],
        home,
        env,
    ).split("\n")
    assert site_module[0].startswith(str(home / "mllesson-env")), site_module
    assert site_module[1] == address.site_url

    # 2. The assignment, as the Assignments page offers it.
    assignments = _page(f"{site_url}/book/assignments.html")
    link = assignments.select_one(f'a[href$="/{ASSIGNMENT}.ipynb"]')
    assert link is not None, "the Assignments page offers no ps02-cost notebook"
    offered = nbformat.reads(
        _get(
            urllib.parse.urljoin(f"{site_url}/book/assignments.html", link["href"])
        ).decode(),
        as_version=4,
    )
    assert is_install_cell(offered.cells[0])
    (home / "run.py").write_text(RUNNER)

    def run_as_student(answers, name):
        path = home / name / f"{ASSIGNMENT}.ipynb"
        path.parent.mkdir()
        nbformat.write(
            _fill(nbformat.from_dict(json.loads(nbformat.writes(offered))), answers),
            path,
        )
        _run([python, home / "run.py", path], path.parent, env)
        return nbformat.read(path, as_version=4)

    # 3. The master's answers: every cell runs, every self-check passes.
    answers = _master_answers()
    done = run_as_student(answers, "right")
    assert _errors(done) == {}
    checks = [c for c in done.cells if "selfcheck.check_" in c.source]
    assert len(checks) == 3
    for cell in checks:
        assert "passed" in _printed(cell), cell.source

    # 4. Two wrong answers: the self-checks name both mistakes.
    wrong = dict(answers)
    for label in WRONG:
        grade_id, code = MUTANTS[label]
        wrong[grade_id] = code
    done = run_as_student(wrong, "wrong")
    errors = _errors(done)
    assert sorted(errors) == ["log_loss_values", "logistic_gradient_values"], errors
    for label, word in WRONG.items():
        message = errors[f"{MUTANTS[label][0]}_values"]
        assert "SelfCheckError" in message, message
        assert word in message, (label, message)
