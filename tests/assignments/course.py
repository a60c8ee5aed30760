"""A throw-away nbgrader course, for the assignment tests.

``make_course`` copies ``solutions/`` into a temporary folder with its own
config and gradebook and generates every student version there;
``submit`` fakes student submissions; ``autograde`` grades them all with one
``nbgrader autograde`` per assignment (in parallel) and returns every grade
cell's score.
"""

import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
ASSIGNMENTS = sorted(p.name for p in (ROOT / "solutions").glob("ps*") if p.is_dir())

CONFIG = """\
c = get_config()
c.CourseDirectory.course_id = "mllesson-test"
c.CourseDirectory.root = {root!r}
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"
c.ExecutePreprocessor.timeout = 120
# A kernel may take over a minute to start on a loaded machine (60 s by default).
c.ExecutePreprocessor.startup_timeout = 300
import sys
sys.path.insert(0, {repo!r})
from mlgrade.authoring.nbgrader_plugins import configure
configure(c)
"""

MARKER = re.compile(r"^\s*### (BEGIN|END) SOLUTION\s*$")


def env():
    """The environment every nbgrader command and kernel runs with."""
    out = dict(os.environ)
    out["PATH"] = f"{BIN}{os.pathsep}{out.get('PATH', '')}"
    out["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(ROOT), out.get("PYTHONPATH", "")) if p
    )
    out["MPLBACKEND"] = "Agg"
    out["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    return out


def nbgrader(course, assignment, *args):
    """Run one nbgrader command in ``course`` with that assignment's gradebook.

    Each assignment has its own gradebook, so assignments can be graded in
    parallel without sharing a SQLite file.
    """
    db = f"--CourseDirectory.db_url=sqlite:///{course}/gradebook-{assignment}.db"
    cmd = [str(BIN / "nbgrader"), *args, db, "--log-level=WARN"]
    proc = subprocess.run(cmd, cwd=course, env=env(), capture_output=True, text=True)
    if proc.returncode:  # say why: CalledProcessError alone hides nbgrader's log
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-30:])
        raise RuntimeError(f"{' '.join(args)} exited with {proc.returncode}:\n{tail}")
    return proc


def make_course(path):
    """Copy the masters to ``path`` and generate the student versions there.

    Without variants: this course is graded by nbgrader and mlgrade side by
    side, as every class without ``variants.json`` is (the variants have
    their own gates, ``test_variants.py`` and ``test_variant_class.py``). The
    hidden checks are linked in, so that mlgrade finds them in this course.
    """
    shutil.copytree(
        ROOT / "solutions",
        path / "solutions",
        ignore=shutil.ignore_patterns("variants.json"),
    )
    (path / "hiddenchecks").symlink_to(ROOT / "hiddenchecks")
    config = CONFIG.format(root=str(path), repo=str(ROOT))
    (path / "nbgrader_config.py").write_text(config)
    for name in ASSIGNMENTS:
        nbgrader(path, name, "generate_assignment", name, "--force")
    return path


def master(name):
    return nbformat.read(ROOT / "solutions" / name / f"{name}.ipynb", as_version=4)


def solution_sources(name):
    """grade_id -> the master's solution code with the markers removed."""
    out = {}
    for cell in master(name).cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution") and cell.cell_type == "code":
            lines = [ln for ln in cell.source.splitlines() if not MARKER.match(ln)]
            out[meta["grade_id"]] = "\n".join(lines)
    return out


def submit(course, name, student, replace=None):
    """Write a submission: the released notebook with some solution cells filled.

    ``replace`` maps a solution cell's grade_id to the code the student wrote;
    None means the untouched student version.
    """
    nb = nbformat.read(course / "exercises" / name / f"{name}.ipynb", as_version=4)
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if replace and gid in replace:
            cell.source = replace[gid]
    dest = course / "submitted" / student / name
    dest.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, dest / f"{name}.ipynb")


def _grade_one(course, name):
    from nbgrader.api import Gradebook

    log = nbgrader(course, name, "autograde", name, "--force").stderr
    url = f"sqlite:///{course}/gradebook-{name}.db"
    scores = {}
    with Gradebook(url) as gb:
        for sub in gb.assignment_submissions(name):
            nb = gb.find_submission_notebook(name, name, sub.student.id)
            scores[sub.student.id] = {g.name: (g.score, g.max_score) for g in nb.grades}
    return name, (scores, log)


def autograde(course, names):
    """Grade every submission of each assignment with ``nbgrader autograde``.

    Returns ``{assignment: {student: {cell: (score, max)}}}`` and
    ``{assignment: nbgrader's log}``.
    """
    with ThreadPoolExecutor(max_workers=2) as pool:
        done = dict(pool.map(lambda n: _grade_one(course, n), names))
    return (
        {name: scores for name, (scores, _) in done.items()},
        {name: log for name, (_, log) in done.items()},
    )


def tasks(name):
    """Solution grade_id -> the grade cells (in order) that belong to it."""
    out, current = {}, None
    for cell in master(name).cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution"):
            current = meta["grade_id"]
            out[current] = []
        elif meta.get("grade") and current is not None:
            out[current].append((meta["grade_id"], meta["points"]))
    return out


def secret_lines(name):
    """Lines of code that appear only inside the master's solutions and hidden
    tests (comments and lines of 12 characters or fewer left out)."""
    lines, inside = set(), False
    for cell in master(name).cells:
        for line in cell.source.splitlines():
            if re.match(r"\s*### BEGIN (SOLUTION|HIDDEN TESTS)", line):
                inside = True
            elif re.match(r"\s*### END (SOLUTION|HIDDEN TESTS)", line):
                inside = False
            elif inside and len(line.strip()) > 12 and not line.strip().startswith("#"):
                lines.add(line.strip())
    return lines
