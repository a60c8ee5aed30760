"""Which section of the book teaches a misconception: a link for the dashboard.

An assignment ``psNN-<topic>`` goes with chapter ``book/NN-*.md``. Within it,
the section whose words overlap most with the misconception's (rare words
count more) is the one that teaches it; the chapter's start is the fallback.
Links point into the locally built book (``make book``), relative to the run
folder, so the dashboard needs no network.
"""

import functools
import math
import os
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

_WORD = re.compile(r"[a-zA-Zα-ωθλσ∇]{3,}")
_STOP = set(
    "the and for with not you your are was but has have this that from its into "
    "than then when where which what each one two all any can should must use "
    "used only also more most does did is an of to in on by it".split()
)


@dataclass(frozen=True)
class Section:
    chapter: str  #: the chapter file's stem, "02-cost"
    title: str
    anchor: str  #: the id Sphinx gives the heading
    words: Counter


def slug(title):
    """The id docutils gives a section titled ``title`` (``nodes.make_id``)."""
    try:
        from docutils.nodes import make_id
    except ImportError:  # the same rule, for a grader without docutils
        text = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
        return re.sub(r"^[^a-z]+", "", text)
    return make_id(title)


#: Recaps, not where an idea is taught.
_RECAPS = {"overview", "summary", "check your understanding", "exercises"}


def _words(text):
    """Word stems (the first 6 letters: "regularised" ~ "regularisation")."""
    return Counter(w.lower()[:6] for w in _WORD.findall(text) if w.lower() not in _STOP)


def chapter_sections(path):
    """The sections (## and ###) of a MyST chapter, with their words."""
    sections, title, body, fenced = [], None, [], False
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    for line in lines + ["## end"]:
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        heading = re.match(r"^(#{1,3}) (.+)$", line) if not fenced else None
        if heading:
            if title is not None:
                sections.append((title, "\n".join(body)))
            title, body = heading.group(2).strip(), []
        else:
            body.append(line)
    stem = Path(path).stem
    return [  # the first is the chapter itself: no anchor
        Section(
            stem,
            t,
            slug(re.sub(r"\$[^$]*\$", "", t)) if i else "",
            _words(t + "\n" + b),
        )
        for i, (t, b) in enumerate(sections)
    ]


def _number(assignment):
    found = re.match(r"ps(\d+)", assignment)
    return found.group(1) if found else None


@functools.cache
def _book(course):
    """Every chapter's sections, by chapter number ("02")."""
    out = {}
    for path in sorted(Path(course, "book").glob("[0-9][0-9]-*.md")):
        out[path.name[:2]] = chapter_sections(path)
    return out


#: A section of the assignment's own chapter counts this much more.
OWN_CHAPTER = 1.5
#: A title word of the function under test counts like this many mentions.
TITLE_BONUS = 3


def teaching_section(course, assignment, text, function=""):
    """The :class:`Section` of the book that best matches ``text``.

    Every section of every chapter is scored by the word stems it shares with
    ``text``, each weighted by how rare it is in the book; the assignment's own
    chapter counts :data:`OWN_CHAPTER` times more. Recaps (overview, summary,
    exercises) are skipped. A section whose title names the ``function``
    under test (its words) scores more. The assignment's chapter is the
    fallback; None when there is no book.
    """
    book = _book(str(course))
    own = book.get(_number(assignment))
    candidates = [
        (number, s)
        for number, sections in book.items()
        for s in sections[1:]  # the first "section" is the chapter's title
        if s.title.lower() not in _RECAPS
    ]
    if not candidates:
        return own[0] if own else None
    wanted = _words(text + " " + function.replace("_", " "))
    named = _words(function.replace("_", " "))
    n = len(candidates)
    df = Counter(w for _, s in candidates for w in s.words)
    best, best_score = (own[0] if own else None), 0.0
    for number, section in candidates:
        score = sum(
            math.log(1 + n / df[w]) * min(section.words[w], 3)
            for w in wanted
            if w in section.words
        )
        title = _words(section.title)
        score += sum(TITLE_BONUS * math.log(1 + n / df[w]) for w in named if w in title)
        if number == _number(assignment):
            score *= OWN_CHAPTER
        if score > best_score:
            best, best_score = section, score
    return best


def href(course, folder, section):
    """The section's address in the built book, relative to the run ``folder``."""
    page = Path(course, "_build", "html", "book", f"{section.chapter}.html")
    rel = os.path.relpath(page, Path(folder).resolve())
    return rel.replace(os.sep, "/") + (f"#{section.anchor}" if section.anchor else "")
