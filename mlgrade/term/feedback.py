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
import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import yaml

from mlgrade.grading import submitted_files
from mlgrade.grading.course import (
    RELEASED_CELL,
    UnreadableNotebook,
    grade_id,
    read_submission,
)
from mlgrade.grading.markers import released_test
from mlgrade.grading.result import Failure
from mlgrade.insight.booklinks import teaching_section
from mlgrade.insight.categories import Kind, catalogue_function, categorise
from mlgrade.insight.safe_text import html_text, visible
from mllesson import variants

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
    course: str = ""  #: the course folder, to find where a mistake is taught
    base_url: str = ""  #: the published book, if given


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
    out = AssignmentText(course=str(course), base_url=base_url)
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
            text = TaskText(task or gid, _docstring(released_test(cell.source)))
            if chapter:
                text.section = section
                text.url = book_url(course, chapter, section, base_url)
            out.tests[gid] = text
    return out


def mistake_link(text, assignment, task):
    """(section title, url) of the book section that teaches the mistake the
    grader recognised in ``task``, the section the dashboard links that mistake
    to; None when no catalogued mistake was recognised."""
    category = categorise(task)
    if category is None or category.kind != Kind.MISCONCEPTION or not text.course:
        return None
    function = catalogue_function(category.name)
    section = teaching_section(text.course, assignment, category.name, function)
    if section is None or not section.anchor:
        return None
    title = re.sub(r"\s+", " ", section.title.replace("$", "")).strip()
    url = book_url(text.course, section.chapter, title, text.base_url)
    return (title, url) if url else None


def cited_errors(assignment, text, raw, cell_errors):
    """Each error once, with the cell where the student can find it.

    ``cell_errors`` are the grader's ``cell N: message`` entries, N counting
    the cells of the student's own notebook from the top (``a released cell:
    message`` for one the notebook no longer holds); each kernel runs them
    again, so the same error comes once per task, under a different file
    name of the kernel's.
    """
    try:
        cells = list(read_submission(raw))
    except (UnreadableNotebook, TypeError):
        cells = []
    out = []
    for entry in cell_errors:
        match = re.match(rf"(?:cell (\d+)|{RELEASED_CELL}): (.*)", entry, re.S)
        if not match:
            message, where = entry, ""
        else:
            message = _CELL_FILE.sub(r"(\1)", match.group(2)).strip()
            number = int(match.group(1)) if match.group(1) else None
            if number is None:
                where = "in a cell of the assignment that runs as released"
            else:
                where = f"in cell {number} of your notebook (counting from the top)"
                gid = grade_id(cells[number - 1]) if number <= len(cells) else None
                if gid in text.answers:
                    where += f", your answer to {text.answers[gid] or gid}"
        line = f"{message}, {where}" if where else message
        if line not in out:
            out.append(line)
    return out


def page(result, text, *, student_name="", lateness=None, adjusted=(), errors=()):
    """The student's HTML feedback page."""
    e = html_text  # everything shown may come from the student
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
            label, url = mistake_link(text, result.assignment, t) or (
                info.section or "the chapter",
                info.url,
            )
            if url:
                verdict += f'<br>Read: <a href="{e(url)}">{e(label)}</a>'
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
    variant = _variant_html(result)
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
{variant}<h2>Tasks</h2>
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


def _variant_html(result):
    """The student's variant, named, with its conventions ("" without one)."""
    if not result.variant:
        return ""
    e = html_text
    try:
        found = variants.by_id(result.assignment, result.variant)
    except ValueError:
        return f"<p>Graded in your variant, <code>{e(result.variant)}</code>.</p>\n"
    items = "".join(f"<li>{e(t)}</li>" for t in variants.conventions_text(found))
    return (
        f"<p>Graded in your variant, <code>{e(result.variant)}</code>, "
        f"which the grader works out from your id:</p>\n<ul>{items}</ul>\n"
    )


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
        copies = _exchange_files(source) if source else None
        if copies is None:
            skipped.append(key)
            continue
        target = Path(folder, "nbgrader-feedback", student, assignment)
        target.mkdir(parents=True, exist_ok=True)
        (target / (Path(notebook).stem + ".html")).write_text(text)
        for name, data in copies.items():
            (target / name).write_bytes(data)
    return skipped


def _exchange_files(source):
    """``timestamp.txt`` and ``submission_secret.txt`` of a submission folder,
    {name: bytes}, or None unless both are plain files (no link: a link to
    the grading secret must not be handed back), the timestamp a date and
    the secret one line of printable ASCII."""
    stamp, why = submitted_files.read_timestamp(source)
    if not stamp or why:
        return None
    try:
        secret = submitted_files.read_file(
            Path(source, "submission_secret.txt"), submitted_files.MAX_SMALL_FILE_BYTES
        )
        stamp_bytes = submitted_files.read_file(
            Path(source, "timestamp.txt"), submitted_files.MAX_SMALL_FILE_BYTES
        )
    except submitted_files.NotReadable:
        return None
    if not re.fullmatch(rb"[\x20-\x7e]+\n?", secret):
        return None
    return {"timestamp.txt": stamp_bytes, "submission_secret.txt": secret}


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
            shown = visible(name.with_suffix(".html").as_posix())
            entries.append((shown.replace("\\", "_"), text))
    if not entries:
        return None
    path = Path(folder, "feedback-upload.zip")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in entries:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text)
    return path
