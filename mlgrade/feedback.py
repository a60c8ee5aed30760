"""Feedback that reaches the student, in words they can act on.

The page names the student (from the roster when there is one), calls each
check by the task it belongs to and what it checks (the task's heading in
the notebook and the test cell's docstring, both of which the student sees),
links every failure to the book section that explains it, states the late
penalty and any manual adjustment, and cites an error in the student's code
once, by the cell's position in *their* notebook.

Two ways back to the student, besides ``feedback/<student>/<assignment>.html``:

- nbgrader's layout, ``nbgrader-feedback/<student>/<assignment>/<notebook>.html``
  with the submission's ``timestamp.txt`` and ``submission_secret.txt``, so
  that ``nbgrader release_feedback`` (and the students' ``fetch_feedback``)
  work on a JupyterHub;
- ``feedback-upload.zip`` for an LMS download, one page per submission named
  after the file the student handed in (``doejane_12345_67890_ps01.html``):
  Canvas's "Re-Upload Submissions" reads the user and file ids from it.
"""

import ast
import html
import json
import re
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import yaml

from .course import UnreadableNotebook, read_submission, rebuild
from .result import Failure

SECTIONS_FILE = Path("hiddenchecks", "book_sections.json")
#: A kernel's name for a cell's code, which means nothing to the student.
_CELL_FILE = re.compile(r"\(?\s*(?:/tmp/ipykernel_\d+/)?\d+\.py,\s*(line \d+)\)?")


@dataclass
class TaskText:
    task: str  #: the heading of the task, "Task 1: the sigmoid"
    checks: str  #: what the test cell checks (its docstring), may be empty
    section: str = ""  #: the book section's heading
    url: str = ""  #: the link to it


@dataclass
class AssignmentText:
    title: str = ""  #: the notebook's level-one heading
    tests: dict = field(default_factory=dict)  #: grade_id -> TaskText
    answers: dict = field(default_factory=dict)  #: answer grade_id -> its task


def slug(heading):
    """The anchor Jupyter Book (and GitHub) give a heading."""
    text = re.sub(r"[$`*_]", "", heading).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _heading(source, level):
    for line in source.splitlines():
        if line.startswith("#" * level + " "):
            return line[level + 1 :].strip()
    return ""


def _docstring(source):
    try:
        text = ast.get_docstring(ast.parse(source)) or ""
    except SyntaxError:
        return ""
    first = text.strip().split("\n")[0]
    # "Self-check; hidden: values ..." -> "values ..."
    return re.sub(r"^(self-check;\s*)?(hidden:\s*)?", "", first, flags=re.I).strip()


def _course_config(course):
    config = Path(course, "_config.yml")
    if not config.is_file():
        return {}
    return yaml.safe_load(config.read_text(encoding="utf-8")) or {}


def book_url(course, chapter, heading, base=""):
    """Where ``heading`` of ``book/<chapter>.md`` is read: the published site
    (``base``, else ``html.baseurl`` of ``_config.yml``), else the chapter's
    source in ``repository.url``; "" when the course names neither."""
    anchor = f"#{slug(heading)}" if heading else ""
    config = _course_config(course)
    base = base or str((config.get("html") or {}).get("baseurl") or "").strip()
    if base:
        return f"{base.rstrip('/')}/book/{chapter}.html{anchor}"
    repository = config.get("repository") or {}
    repo = str(repository.get("url") or "").strip()
    if not repo:
        return ""
    branch = str(repository.get("branch") or "main")
    return f"{repo.rstrip('/')}/blob/{branch}/book/{chapter}.md{anchor}"


#: How a master names its chapter: "... (chapter 2 of the course's book)".
_CHAPTER_MENTION = re.compile(r"\(chapter (\d+) of the course's book\)")


def _chapter(course, source):
    """The chapter (``02-cost``) a master's text names, from ``_toc.yml``."""
    found = _CHAPTER_MENTION.search(source)
    toc = Path(course, "_toc.yml")
    if not found or not toc.is_file():
        return ""
    number = f"{int(found.group(1)):02d}"
    pages = re.findall(r"file:\s*book/(\d\d-[\w-]+)", toc.read_text(encoding="utf-8"))
    return next((page for page in pages if page[:2] == number), "")


def _sections(course):
    path = Path(course, SECTIONS_FILE)
    return json.loads(path.read_text()) if path.is_file() else {}


def assignment_text(course, assignment, base_url=""):
    """The readable names of ``assignment``'s checks, and their book links."""
    master = Path(course, "solutions", assignment.name, assignment.notebook)
    nb = nbformat.read(master, as_version=4)
    out = AssignmentText()
    chapter = ""
    task, answer = "", ""
    sections = _sections(course).get(assignment.name, {})
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {}) or {}
        if cell.cell_type == "markdown":
            out.title = out.title or _heading(cell.source, 1)
            chapter = chapter or _chapter(course, cell.source)
            heading = _heading(cell.source, 2)
            if heading:
                task = re.sub(r"\s*\(\d+(\.\d+)? points?\)\s*$", "", heading)
        elif meta.get("solution"):
            answer = meta.get("grade_id", "")
            out.answers[answer] = task
        elif meta.get("grade"):
            gid = meta.get("grade_id", "")
            section = sections.get(answer, "")
            text = TaskText(task or gid, _docstring(_visible_part(cell.source)))
            if chapter:
                text.section = section
                text.url = book_url(course, chapter, section, base_url)
            out.tests[gid] = text
    return out


def _visible_part(source):
    return source.split("### BEGIN HIDDEN TESTS")[0]


def cited_errors(assignment, text, raw, cell_errors):
    """Each error once, with the cell where the student can find it.

    ``cell_errors`` are the grader's ``cell N: message`` entries, N counting the
    cells it ran; each kernel runs them again, so the same error comes once
    per task, under a different file name of the kernel's.
    """
    try:
        cells = [c for c in read_submission(raw) if isinstance(c, dict)]
    except (UnreadableNotebook, TypeError):
        cells = []
    code, _ = rebuild(assignment, cells) if cells else ([], {})
    position = {}  # the source of a code cell -> (its number, its grade_id)
    for number, cell in enumerate(cells, start=1):
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(str(s) for s in source)
        gid = ((cell.get("metadata") or {}).get("nbgrader") or {}).get("grade_id")
        position.setdefault(str(source).strip(), (number, gid))
    out = []
    for entry in cell_errors:
        match = re.match(r"cell (\d+): (.*)", entry, re.S)
        if not match:
            message, where = entry, ""
        else:
            message = _CELL_FILE.sub(r"(\1)", match.group(2)).strip()
            index = int(match.group(1)) - 1
            source = code[index].strip() if index < len(code) else None
            number, gid = position.get(source, (None, None))
            if number is None:
                where = "in a cell of the assignment that runs as released"
            else:
                where = f"in cell {number} of your notebook (counting from the top)"
                if gid in text.answers:
                    where += f", your answer to {text.answers[gid] or gid}"
        line = f"{message}, {where}" if where else message
        if line not in out:
            out.append(line)
    return out


def page(result, text, *, student_name="", lateness=None, adjusted=(), errors=()):
    """The student's HTML feedback page."""
    e = html.escape
    name = student_name or result.student
    rows = []
    for t in result.tasks:
        info = text.tests.get(t.grade_id) or TaskText(t.grade_id, "")
        what = e(info.task) + (
            f"<br><small>{e(info.checks)}</small>" if info.checks else ""
        )
        if t.score >= t.max_score:
            verdict = "passed"
        else:
            verdict = e(t.message or "failed")
            if info.url:
                label = info.section or "the chapter"
                verdict += f'<br>Read: <a href="{e(info.url)}">{e(label)}</a>'
        rows.append(
            f"<tr><td>{what}</td><td>{t.score:g} / {t.max_score:g}</td>"
            f"<td>{verdict}</td></tr>"
        )
    # the errors in cells are cited below, once each, by the student's cell
    notes = [
        f"{kind}: {detail}"
        for kind, detail in result.problems
        if not (errors and kind == Failure.CELL_ERROR)
    ]
    notes += [f"Error in your code: {err}" for err in errors]
    if result.tampering:
        notes.append(
            "This submission changed the notebook's environment and will be "
            "reviewed by an instructor."
        )
    for gid, old, new, reason in adjusted:
        task = text.tests.get(gid)
        label = task.task if task else gid
        notes.append(
            f"Adjusted by your instructor: {label} ({gid}) {old:g} -> {new:g} "
            f"points. Reason: {reason}"
        )
    score = result.score
    summary = f"{score:g} / {result.max_score:g}"
    if lateness is not None and lateness.note:
        notes.append(lateness.note)
    if lateness is not None and lateness.penalty:
        summary = (
            f"{score - lateness.penalty:g} / {result.max_score:g} "
            f"({score:g} before the late penalty of {lateness.penalty:g})"
        )
    notes_html = "".join(f"<li>{e(n)}</li>" for n in notes) or "<li>None.</li>"
    code = "\n".join(
        f"<h3>{e(text.answers.get(gid) or gid)} ({e(gid)})</h3><pre>{e(src)}</pre>"
        for gid, src in result.answers
    )
    title = text.title or result.assignment
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(result.assignment)}: feedback for {e(name)}</title>
<style>body{{font-family:sans-serif;max-width:60em;margin:1em auto;padding:0 .8em}}
td,th{{border:1px solid #767676;padding:.3em .6em;vertical-align:top;text-align:left}}
table{{border-collapse:collapse}}pre{{background:#f6f6f6;padding:.6em;overflow:auto}}
a{{color:#0b5394}}</style>
</head><body>
<h1>{e(title)}: {summary}</h1>
<p>Student: {e(name)}</p>
<h2>Tasks</h2>
<table><caption>Each check of the assignment, your points and what was wrong</caption>
<tr><th scope="col">task and check</th><th scope="col">points</th>
<th scope="col">result</th></tr>
{chr(10).join(rows)}
</table>
<h2>Notes</h2>
<ul>{notes_html}</ul>
<h2>Your answers</h2>
{code}
</body></html>
"""


def write_nbgrader_layout(folder, pages, sources):
    """``nbgrader-feedback/<student>/<assignment>/<notebook>.html`` with the
    submission's ``timestamp.txt`` and ``submission_secret.txt``.

    ``pages`` maps (assignment, student) to (notebook name, html); ``sources``
    maps the same keys to the folder the notebook was submitted in. Only
    submissions that came through nbgrader's exchange (they hold both files)
    can be released this way; the others are returned.
    """
    skipped = []
    for key, (notebook, text) in sorted(pages.items()):
        assignment, student = key
        source = sources.get(key)
        needed = (
            [Path(source, n) for n in ("timestamp.txt", "submission_secret.txt")]
            if source
            else []
        )
        if not needed or not all(p.is_file() for p in needed):
            skipped.append(key)
            continue
        target = Path(folder, "nbgrader-feedback", student, assignment)
        target.mkdir(parents=True, exist_ok=True)
        (target / (Path(notebook).stem + ".html")).write_text(text)
        for path in needed:
            shutil.copyfile(path, target / path.name)
    return skipped


def write_upload_zip(folder, pages, originals):
    """``feedback-upload.zip``: each page under the name of the file the
    student handed in, ``.html`` for ``.ipynb`` (``originals`` maps
    (assignment, student) to that file's path inside the download)."""
    entries = []
    for key, (_, text) in sorted(pages.items()):
        original = originals.get(key)
        if original:
            # without the download's own name; Moodle's per-student folder stays
            parts = Path(original).parts
            name = Path(*parts[1:]) if len(parts) > 1 else Path(original)
            entries.append((name.with_suffix(".html").as_posix(), text))
    if not entries:
        return None
    path = Path(folder, "feedback-upload.zip")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in entries:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text)
    return path
