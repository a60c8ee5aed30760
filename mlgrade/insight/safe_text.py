"""Text a student can influence, made inert where it lands.

Student ids, file names, notebook text and error messages end up in CSV
files opened in spreadsheets, in Markdown and HTML pages and on the
instructor's terminal. Each destination has its own way of being obeyed, so
each has its own function here, applied by the writer at the last moment:

- :func:`csv_cell`: a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a
  carriage return is a formula to Excel, LibreOffice and Google Sheets; it
  gets a leading ``'`` (OWASP's CSV-injection guidance; the csv module adds
  the quotes). Numbers stay numbers (``-1.5`` is a score, not a formula).
- :func:`markdown_cell`: one line of a Markdown table: no line breaks, no raw
  HTML, no table pipes, no emphasis or links.
- :func:`html_text`: HTML-escaped, without control characters.
- :func:`terminal`: no escape sequences or other control characters.
"""

import csv
import html
import re

#: A cell starting with one of these is a formula to a spreadsheet.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
#: C0 and C1 control characters, DEL, and the Unicode format characters that
#: reorder or hide text (bidi overrides and isolates, zero-width marks).
_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]"
)
#: The same and tabs and line breaks, which a name never holds (a newline in
#: an id would show as two rows, a tab as two cells).
_NAME_CONTROL = re.compile(
    "[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]"
)
_LINE_BREAKS = re.compile(r"[\n\r\t\u2028\u2029]+")
_MARKDOWN = re.compile(r"([\\`*_\[\]|~!#])")


def _shown(text, control):
    text = str(text).encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return control.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def visible(name):
    """A name (a student id, a file name or path) as one line of text: each
    control, line-breaking or reordering character shown as ``\\uXXXX``,
    undecodable bytes as U+FFFD."""
    return _shown(name, _NAME_CONTROL)


def csv_cell(value):
    """A CSV cell that no spreadsheet runs as a formula."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        value = str(value)
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_START) and not _NUMBER.fullmatch(value):
        # "-" alone is Canvas's "no score", and no formula either
        return value if value == "-" else "'" + value
    return value


def write_csv(path, header, rows):
    """Write ``header`` and ``rows`` to ``path``, every cell through
    :func:`csv_cell`."""
    with open(path, "w", newline="", encoding="utf-8", errors="surrogateescape") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow([csv_cell(c) for c in header])
        writer.writerows([csv_cell(c) for c in row] for row in rows)


def markdown_cell(value):
    """``value`` as the text of one Markdown table cell."""
    text = visible(_LINE_BREAKS.sub(" ", str(value)))
    text = html.escape(text, quote=False)  # raw HTML: <script>, <img onerror>
    return _MARKDOWN.sub(r"\\\1", text)


def html_text(value, quote=True):
    """``value`` escaped for HTML text or an attribute."""
    text = str(value).replace("\r\n", "\n")
    return html.escape(_shown(text, _CONTROL), quote=quote)


def terminal(value):
    """``value`` safe to print: no escape sequences, no reordering."""
    return _shown(value, _CONTROL)
