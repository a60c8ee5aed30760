"""``dashboard.html``: what the class got wrong, which tasks to review, who to compare.

One self-contained page per run, built from the run's own tables
(``task_scores.csv``, ``grades.csv``, ``problems.csv``) and the similarity
pairs: no script, no style sheet or font from elsewhere, every plot an inline
SVG with a number, a caption and alt text, and nothing said by colour alone
(bars carry their counts, flagged tasks a hatch pattern and a word, heat-map
cells their percentage).

``python -m mlgrade.insight.dashboard RUN [RUN ...] --out class.html`` combines the
runs of several assignments (or a re-run) into one page with a heat map.
"""

import argparse
import html
import os
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote

import numpy as np

from mlgrade.insight import analytics, booklinks, similarity, variants
from mlgrade.insight.categories import Kind, catalogue_function
from mlgrade.insight.charts import (
    Figures,
    histogram_svg,
    shade,
    task_chart_svg,
    variant_strip_svg,
)
from mlgrade.insight.tables import read_pairs, read_rows, read_run

e = html.escape

#: Flagged pairs whose code is shown side by side (all are in similarity.csv).
MAX_EVIDENCE = 60


# --- the data, read back from a run's tables -------------------------------------


# --- SVG -------------------------------------------------------------------------


# --- HTML sections ----------------------------------------------------------------


def _table(caption, header, rows, cls=""):
    """A table that, on a phone, stacks: each row a block, each cell labelled
    with its column (``data-label``), so no column is squeezed to a few
    characters."""
    head = "".join(f'<th scope="col">{h}</th>' for h in header)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td data-label="{e(h)}">{c}</td>'
            for h, c in zip(header, row, strict=True)
        )
        + "</tr>"
        for row in rows
    )
    return (
        f'<div class="scroll" tabindex="0" role="region" aria-label="{e(caption)}">'
        f'<table class="stack {cls}"><caption>{e(caption)}</caption><thead><tr>'
        f"{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def _fmt(x):
    return "n/a" if x is None else f"{x:.2f}"


def _students(names, limit=12, show=e):
    """The first ``limit`` names, each written by ``show``, and how many more."""
    names = sorted(names)
    shown = ", ".join(show(n) for n in names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def assignment_section(a, figures, links):
    """Histogram, task table and chart, misconceptions for one assignment."""
    anchor = f"a-{a.name}"
    matrix = a.matrix()
    totals = matrix.sum(axis=1) if matrix.size else np.zeros(0)
    edges, counts = analytics.histogram(totals, a.max_score)
    attempted = set(a.attempted())
    keep = [i for i, s in enumerate(a.students) if s in attempted]
    stats = analytics.task_statistics(
        a.grade_ids, matrix[keep], [a.max_scores[g] for g in a.grade_ids]
    )
    out = [f'<section aria-labelledby="{anchor}"><h2 id="{anchor}">{e(a.name)}</h2>']
    mean = f"{totals.mean():.2f}" if totals.size else "n/a"
    median = f"{np.median(totals):g}" if totals.size else "n/a"
    missing = sorted(set(a.roster) - set(a.students))
    out.append(
        f"<p>{len(a.students)} submissions, out of {a.max_score:g} points: mean "
        f"{mean}, median {median}. {len(missing)} students on the roster have no "
        "submission.</p>"
    )
    hist_id = f"hist-{a.name}"
    what = f"total score on {a.name}, out of {a.max_score:g}"
    out.append(
        figures.figure(
            histogram_svg(edges, counts, hist_id + "-svg", what),
            f"Distribution of total scores on {e(a.name)} ({len(a.students)} "
            "submissions); each bar is labelled with its number of students.",
            hist_id,
        )
    )
    out.append("<h3>Tasks: pass rate and discrimination</h3>")
    out.append(
        f"<p>Computed over the {len(keep)} submissions that attempted at least one "
        "task. Discrimination compares each task with the rest of the assignment "
        "(the total without that task): the point-biserial correlation r, and the "
        "upper-lower index D (pass rate in the best 27 % minus the worst 27 %). "
        f"A task is marked for review when r is below {analytics.LOW_DISCRIMINATION}"
        f", or when at least {analytics.NEARLY_ALL:.0%} or at most "
        f"{analytics.NEARLY_NONE:.0%} of students pass it.</p>"
    )
    chart_id = f"tasks-{a.name}"
    out.append(
        figures.figure(
            task_chart_svg(stats, chart_id + "-svg"),
            f"Pass rate of each task of {e(a.name)}, with its point-biserial "
            "correlation r; tasks marked for review have a hatched bar and the word "
            "“review”.",
            chart_id,
        )
    )
    out.append(
        _table(
            f"Item analysis of {a.name}",
            [
                "task",
                "points",
                "pass rate",
                "mean",
                "r (point-biserial)",
                "D (upper − lower)",
                "review",
            ],
            [
                [
                    f"<code>{e(s.grade_id)}</code>",
                    f"{s.max_score:g}",
                    f"{100 * s.pass_rate:.0f}%",
                    f"{s.mean:.2f}",
                    _fmt(s.point_biserial),
                    _fmt(s.upper_lower),
                    "<strong>review:</strong> " + e(", ".join(s.flags))
                    if s.flags
                    else "—",
                ]
                for s in stats
            ],
        )
    )
    out.append("<h3>What went wrong, by task</h3>")
    rows = []
    for gid in a.grade_ids:
        here = [(c, s) for (g, c), s in a.failures.items() if g == gid]
        here.sort(
            key=lambda cs: (-len(cs[1]), _KIND_ORDER.get(a.kinds.get(cs[0]), 9), cs[0])
        )
        if not here:
            continue
        items = "".join(
            f'<li>{len(students)} × {e(category)} <span class="kind">'
            f"({e(a.kinds.get(category, ''))})</span>"
            f"{_teaching_link(links, a.name, category, a.kinds.get(category))}</li>"
            for category, students in here
        )
        rows.append([f"<code>{e(gid)}</code>", f"<ul>{items}</ul>"])
    out.append(
        _table(
            f"Failures of {a.name} by task: students × category, most common first",
            ["task", "failures (kind), with the book section that teaches it"],
            rows,
        )
        if rows
        else "<p>Every submission passed every task.</p>"
    )
    out.append("</section>")
    return "".join(out), stats


_KIND_ORDER = {k.name.lower().replace("_", " "): k.value for k in Kind}


def _teaching_link(links, assignment, category, kind):
    """ " — taught in: <a>Chapter N, section</a>" for a misconception, else ""."""
    if kind != "misconception":
        return ""
    section = booklinks.teaching_section(
        links["course"], assignment, category, catalogue_function(category)
    )
    if section is None:
        return ""
    href = booklinks.href(links["course"], links["folder"], section)
    title = f"Chapter {int(section.chapter[:2])}, {section.title.replace('$', '')}"
    return f' — taught in <a href="{e(href)}">{e(title)}</a>'


def read_names(folder):
    """student id -> "Last, First" from a run's grades.csv (a roster's names;
    none without a roster)."""
    names = {}
    for row in read_rows(Path(folder) / "grades.csv"):
        name = ", ".join(
            n for n in (row.get("last_name", ""), row.get("first_name", "")) if n
        )
        if name:
            names[row["student_id"]] = name
    return names


def who(links, student):
    """A student as the instructor knows them: the roster's name and the id,
    or the id alone (escaped HTML)."""
    name = links.get("names", {}).get(student)
    return e(f"{name} ({student})") if name else e(student)


def feedback_link(links, assignment, student, text=None):
    """``text`` (default: the student's name and id) as a link to the student's feedback
    page on ``assignment``, relative to the dashboard; plain text when the run
    of that assignment wrote no such page."""
    text = who(links, student) if text is None else text
    run = links.get("runs", {}).get(assignment)
    if run is None or not student:
        return text
    page = Path(run, "feedback", student, f"{assignment}.html")
    if not page.is_file():
        return text
    rel = os.path.relpath(page.resolve(), Path(links["folder"]).resolve())
    return f'<a href="{e(quote(rel.replace(os.sep, "/")))}">{text}</a>'


def problems_section(problems, links):
    by_kind = defaultdict(list)
    for p in problems:
        by_kind[(p["assignment"], p["problem"])].append(
            p["student_id"] or "(no student)"
        )
    rows = [
        [
            e(name),
            e(kind),
            str(len(students)),
            _students(students, show=lambda s, a=name: feedback_link(links, a, s)),
        ]
        for (name, kind), students in sorted(by_kind.items())
    ]
    body = (
        _table(
            "Problems by assignment and kind",
            ["assignment", "problem", "submissions", "students"],
            rows,
        )
        if rows
        else "<p>None.</p>"
    )
    return (
        '<section aria-labelledby="problems"><h2 id="problems">Problems</h2>'
        "<p>Time limits, memory, kernels that died, edited or deleted test cells, "
        "flags for a changed environment: details are in <code>problems.csv</code>"
        f".</p>{body}</section>"
    )


def heatmap_section(data, figures, links):
    """Students × assignments: each cell its percentage, hatched when missing."""
    names = sorted(data)
    roster = sorted({s for a in data.values() for s in a.roster + a.students})
    header = "".join(f'<th scope="col">{e(n)}</th>' for n in names)
    body = []
    for student in roster:
        cells = []
        for n in names:
            a = data[n]
            if student in a.scores:
                total = sum(a.scores[student].values())
                frac = total / a.max_score if a.max_score else 0.0
                score = feedback_link(links, n, student, f"{100 * frac:.0f}%")
                cells.append(f'<td style="background:{shade(frac)}">{score}</td>')
            else:
                cells.append('<td class="missing">no submission</td>')
        body.append(
            f'<tr><th scope="row">{who(links, student)}</th>{"".join(cells)}</tr>'
        )
    table = (
        '<p class="cue">The table is wider than the screen: scroll it sideways '
        "to see every assignment.</p>"
        f'<div class="scroll" tabindex="0" role="region" aria-label="Heat map">'
        f'<table class="heat"><thead><tr><th scope="col">student</th>{header}</tr>'
        f"</thead><tbody>{''.join(body)}</tbody></table></div>"
    )
    missing_rows = []
    for n in names:
        gone = sorted(set(roster) - set(data[n].students))
        listed = _students(gone, 40, show=lambda s: who(links, s))
        missing_rows.append([e(n), str(len(gone)), listed or "—"])
    return (
        '<section aria-labelledby="heat"><h2 id="heat">Students × assignments</h2>'
        + figures.figure(
            table,
            "Score of every student on every assignment, as a percentage of its "
            "points; a darker cell is a higher score, and a hatched cell reads "
            "“no submission”.",
            "heatmap",
        )
        + _table(
            "Students with no submission",
            ["assignment", "students", "who"],
            missing_rows,
        )
        + "</section>"
    )


def _code_cell(student, grade_id, source, links, assignment):
    who = feedback_link(links, assignment, student)
    return (
        f'<div class="code"><h4>{who}: <code>{e(grade_id)}</code></h4>'
        f'<pre tabindex="0">{e(source)}</pre></div>'
    )


def _evidence(p, code, links, opened):
    """One pair's evidence: the shared wrong values and the cell side by side."""
    mine, theirs = code.get((p.assignment, p.a), {}), code.get((p.assignment, p.b), {})
    cell = p.cell or next(iter(sorted(mine.keys() & theirs.keys())), "")
    wrong = "".join(f"<li><code>{e(g)}</code>: {e(c)}</li>" for g, c in p.shared_wrong)
    label = f"Group {p.group}: " if p.flagged else ""
    return (
        f"<details{' open' if opened else ''}><summary>{label}"
        f"{who(links, p.a)} and {who(links, p.b)} ({e(p.assignment)}, "
        f"{p.code:.0%} of the code in common)</summary>"
        + (
            f"<p>Identical wrong values, by category:</p><ul>{wrong}</ul>"
            if wrong
            else ""
        )
        + (
            '<div class="pair">'
            + _code_cell(p.a, cell, mine.get(cell, ""), links, p.assignment)
            + _code_cell(p.b, cell, theirs.get(cell, ""), links, p.assignment)
            + "</div>"
            if cell
            else ""
        )
        + "</details>"
    )


def _near_misses(pairs, code, links):
    near = [p for p in pairs if p.worth_a_look][:MAX_EVIDENCE]
    if not near:
        return ""
    rows = [
        [
            e(p.assignment),
            f"{who(links, p.a)} and {who(links, p.b)}",
            f"{p.code:.0%} ({p.shared_fingerprints})",
        ]
        for p in near
    ]
    return (
        '<h3 id="worth-a-look">Worth a look</h3>'
        f"<p>Pairs below the flag with {similarity.NEAR_THRESHOLD:.0%} or more of "
        "the code in common: a partial copy (some functions, not all) looks like "
        "this, and so do two students who wrote short functions the usual way.</p>"
        + _table(
            f"{len(near)} pairs worth a look",
            ["assignment", "students", "code in common"],
            rows,
        )
        + "".join(_evidence(p, code, links, False) for p in near)
    )


def _not_compared(skipped):
    if not skipped:
        return ""
    items = "".join(
        f"<li>{e(s.student)} ({e(s.assignment)}): {s.chars} characters of code</li>"
        for s in skipped
    )
    return (
        "<h3>Not compared</h3>"
        f"<p>Submissions with more than {similarity.MAX_CODE_CHARS} characters of "
        "their own code are not compared on code (the comparison's time and "
        f"memory are bounded); look at them yourself.</p><ul>{items}</ul>"
    )


def similarity_section(pairs, code, links, skipped=()):
    """Flagged pairs and pairs worth a look, with their evidence side by side."""
    flagged = [p for p in pairs if p.flagged]
    intro = (
        "<p><strong>These flags ask for a human look. They never change a score"
        "</strong>, and a flag is not a finding of misconduct.</p>"
        "<p>Two signals. <em>Identical wrong values</em>: both submissions "
        "returned the same wrong values on the same hidden inputs; an unusual "
        f"value counts 1, a mistake from the course's catalogue only "
        f"{similarity.CATALOGUED_WEIGHT:g}, and a value many students share "
        f"nothing; a pair is flagged at {similarity.BEHAVIOUR_THRESHOLD:g}. "
        "<em>Code</em>: the students' own code (without the released scaffold, "
        "with names, constants, comments, docstrings, layout and unreachable code "
        "normalised away) is fingerprinted statement by statement, so that "
        "reordering statements or moving them into helper functions changes "
        "nothing. Each answer cell counts the share of the smaller version found "
        "in the other, so that code added around a copy cannot hide it; a pair is "
        f"flagged when the cells average {similarity.CODE_THRESHOLD:.0%} or more, "
        f"with {similarity.MIN_SHARED} or more rare fingerprints in common. Code "
        "that many students write alike, and the master solution's code, do not "
        "count.</p>"
        "<p>Expect false positives: short functions have few ways to be written; "
        "code taken from the book or the package looks alike; two students can "
        "make the same unusual mistake independently. Shared wrong values are "
        "named by their category, never by the hidden numbers.</p>"
    )
    extra = _near_misses(pairs, code, links) + _not_compared(skipped)
    if not flagged:
        return (
            '<section aria-labelledby="copies"><h2 id="copies">Flags for copied work'
            f"</h2>{intro}<p>No pair is flagged.</p>{extra}</section>"
        )
    flagged.sort(key=lambda p: (p.group, p.a, p.b))
    members = defaultdict(set)
    for p in flagged:
        members[p.group] |= {p.a, p.b}
    group_rows = [
        [
            str(g),
            e(next(p.assignment for p in flagged if p.group == g)),
            str(len(members[g])),
            _students(members[g], 40, show=lambda s: who(links, s)),
            e(
                ", ".join(
                    sorted({r for p in flagged if p.group == g for r in p.reasons})
                )
            ),
        ]
        for g in sorted(members)
    ]
    rows = [
        [
            str(p.group),
            e(p.assignment),
            f"{who(links, p.a)} and {who(links, p.b)}",
            e(", ".join(p.reasons)),
            f"{p.code:.0%} ({p.shared_fingerprints})",
            e("; ".join(f"{g}: {c}" for g, c in p.shared_wrong)) or "—",
        ]
        for p in flagged
    ]
    evidence = [
        _evidence(p, code, links, k == 0) for k, p in enumerate(flagged[:MAX_EVIDENCE])
    ]
    more = (
        f"<p>{len(flagged) - MAX_EVIDENCE} more flagged pairs are listed in "
        "<code>similarity.csv</code>.</p>"
        if len(flagged) > MAX_EVIDENCE
        else ""
    )
    return (
        '<section aria-labelledby="copies"><h2 id="copies">Flags for copied work</h2>'
        + intro
        + _table(
            f"{len(members)} groups of students joined by flagged pairs",
            ["group", "assignment", "students", "who", "signals"],
            group_rows,
        )
        + _table(
            f"{len(flagged)} flagged pairs, by group",
            [
                "group",
                "assignment",
                "students",
                "signals",
                "code in common",
                "identical wrong values",
            ],
            rows,
        )
        + "<h3>Evidence side by side</h3>"
        + "".join(evidence)
        + more
        + extra
        + "</section>"
    )


def _variant_mark(v):
    if not v.tested:
        return e(variants.NOT_TESTED)
    return f"<strong>yes</strong>, {v.direction}" if v.marked else "no"


def _solved_instead(a):
    """The submissions of ``a`` that solve another variant than their own."""
    if not a.solved_instead:
        return (
            "<p>No submission solves another variant than its own "
            "(wrong-variant matches: none).</p>"
        )
    items = "".join(
        f"<li><code>{e(student)}</code>: graded as <code>{e(own)}</code>, its "
        f"answers pass the checks of <code>{e(other)}</code></li>"
        for student, own, other in a.solved_instead
    )
    return (
        f"<p><strong>Wrong-variant matches: {len(a.solved_instead)}.</strong> "
        "These submissions solve a classmate's variant rather than their own. The "
        "grader, not the notebook, decides each student's variant, so this is "
        "strong evidence of a copy (or of a statement misread: look at the code); "
        "it never changes a score. <code>similarity.csv</code> names the nearest "
        f"classmate of that variant.</p><ul>{items}</ul>"
    )


def variants_section(analyses, figures):
    """Scores per variant, and which variant scores apart from the others;
    "" for a class without variants."""
    if not analyses:
        return ""
    out = [
        '<section aria-labelledby="variants"><h2 id="variants">Variants</h2>'
        "<p>Each student of these assignments has their own variant. Each "
        "variant's scores are compared with those of all the other variants "
        "together (a two-sided Mann–Whitney U test, on ranks, so that full marks "
        "and zeros do not distort it), and the p-values are corrected for testing "
        "every variant (Holm). A variant is <strong>marked</strong> when its "
        f"corrected p is below {variants.ALPHA:g}. A variant of fewer than "
        f"{variants.MIN_STUDENTS} students is not tested. The Kruskal–Wallis "
        "p-value asks whether any variant differs at all.</p>"
        '<p class="note"><strong>What a mark means:</strong> the students of '
        "that variant scored lower (or higher) than the others by more than "
        "chance usually explains, so the variant may be harder (or easier) than "
        "the others: read its statement and its checks beside another "
        "variant's. <strong>What it does not mean:</strong> a mark never "
        "changes a score, and it says nothing about any one student. With a few "
        "students per variant, a real difference can also go unmarked.</p>"
        "<p>In each table, “outscores the others” is the chance that a student of "
        "the variant scores higher than a student of another variant (ties count "
        "half); 50 % is no difference. The same numbers are in "
        "<code>variants.csv</code>.</p>"
    ]
    for a in analyses:
        anchor = f"variants-{a.assignment}"
        kruskal = (
            f"Kruskal–Wallis over the variants: p = {a.kruskal_p:.3g}."
            if a.kruskal_p is not None
            else "Too few variants with enough students for an overall test."
        )
        left_out = (
            f" {a.unassigned} submissions without a variant are left out."
            if a.unassigned
            else ""
        )
        marked = [v.variant for v in a.marked]
        verdict = (
            f"Marked: {e(', '.join(marked))}." if marked else "No variant is marked."
        )
        out.append(
            f'<h3 id="{e(anchor)}">{e(a.assignment)}</h3>'
            f"<p>{sum(v.students for v in a.variants)} submissions in "
            f"{len(a.variants)} variants. {verdict} {kruskal}{left_out}</p>"
        )
        out.append(
            figures.figure(
                variant_strip_svg(a, f"{anchor}-svg"),
                f"Total scores on {e(a.assignment)} per variant: a dot per student, "
                "the box from the lower to the upper quartile, the bar at the "
                "median; a marked variant has a hatched box and the word "
                "“marked” after its name.",
                f"{anchor}-fig",
            )
        )
        out.append(
            _table(
                f"Variants of {a.assignment}, each against the others",
                [
                    "variant",
                    "students",
                    "mean",
                    "median",
                    "outscores the others",
                    "p (Mann–Whitney U)",
                    "p corrected (Holm)",
                    "marked",
                ],
                [
                    [
                        f"<code>{e(v.variant)}</code>",
                        str(v.students),
                        f"{v.mean:.2f}",
                        f"{v.median:g}",
                        "—" if v.superiority is None else f"{v.superiority:.0%}",
                        "—" if v.p_value is None else f"{v.p_value:.3g}",
                        "—" if v.p_corrected is None else f"{v.p_corrected:.3g}",
                        _variant_mark(v),
                    ]
                    for v in a.variants
                ],
            )
        )
        out.append(_solved_instead(a))
    out.append("</section>")
    return "".join(out)


_CSS = """
body{font-family:system-ui,sans-serif;line-height:1.45;color:#1a1a1a;background:#fff;
max-width:62em;margin:0 auto;padding:1em}
h1{font-size:1.6em}h2{border-bottom:2px solid #444;padding-bottom:.2em;margin-top:2em}
a{color:#0b5394;text-decoration:underline}
table{border-collapse:collapse;margin:.5em 0}
caption{text-align:left;font-weight:bold;padding:.3em 0}
td,th{border:1px solid #999;padding:.25em .5em;vertical-align:top;text-align:left}
.scroll{overflow-x:auto;max-width:100%}
figure{margin:1em 0}svg.plot{width:100%;max-width:40em;height:auto;display:block}
figcaption{font-size:.95em}
.heat td{text-align:right;white-space:nowrap;color:#000}.heat td a{color:#000}
.heat td.missing{background:repeating-linear-gradient(45deg,#fff,#fff 4px,#ddd 4px,
#ddd 8px);text-align:center;font-style:italic}
.pair{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:.8em}
@media (max-width:40em){.pair{grid-template-columns:minmax(0,1fr)}}
pre{background:#f4f4f4;border:1px solid #ccc;padding:.5em;overflow:auto;font-size:.85em}
details{margin:.5em 0;border:1px solid #bbb;padding:.3em .6em}
summary{cursor:pointer}
.kind{color:#444;font-size:.9em}
td ul{margin:0;padding-left:1.1em}
.note{background:#fff8e1;border-left:4px solid #8a6d00;padding:.5em .8em}
h1,h2,h3,h4,summary{overflow-wrap:anywhere}
.cue{display:none;font-size:.9em;color:#444}
@media (max-width:40em){
table.stack,table.stack tbody,table.stack tr,table.stack td{display:block}
table.stack thead tr{position:absolute;width:1px;height:1px;overflow:hidden;
clip:rect(0 0 0 0)}
table.stack tr{border:1px solid #999;margin:.5em 0}
table.stack td{border:0;border-top:1px solid #ddd;overflow-wrap:anywhere}
table.stack td::before{content:attr(data-label) ": ";font-weight:bold}
.cue{display:block}}
"""


def _book_note(links):
    """Where the "taught in" links lead, said plainly when they lead nowhere yet."""
    built = Path(links.get("course", "."), "_build", "html", "book")
    if built.is_dir():
        return ""
    return (
        '<p class="note">The "taught in" links open the course\'s book as built '
        "in the course folder, which is not built yet: run <code>make book</code> "
        "there for the links to work.</p>"
    )


def render(
    data,
    problems,
    pairs,
    code,
    links,
    title="Class dashboard",
    skipped=(),
    variant_analyses=(),
):
    """The page's HTML; ``variant_analyses`` (:func:`mlgrade.insight.variants.
    analyse`) adds the "Variants" section."""
    figures = Figures()
    sections, toc = [], []
    for name in sorted(data):
        html_, _ = assignment_section(data[name], figures, links)
        sections.append(html_)
        toc.append(f'<li><a href="#a-{e(name)}">{e(name)}</a></li>')
    if variant_analyses:
        sections.append(variants_section(variant_analyses, figures))
        toc.append('<li><a href="#variants">Variants</a></li>')
    if len(data) > 1:
        sections.append(heatmap_section(data, figures, links))
        toc.append('<li><a href="#heat">Students × assignments</a></li>')
    sections.append(problems_section(problems, links))
    toc.append('<li><a href="#problems">Problems</a></li>')
    sections.append(similarity_section(pairs, code, links, skipped))
    toc.append('<li><a href="#copies">Flags for copied work</a></li>')
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)}</title><style>{_CSS}</style></head>
<body><header><h1>{e(title)}</h1>
<p class="note">For instructors only: this page names students and shows their
code. Nothing on it changes a grade.</p>{_book_note(links)}</header>
<nav aria-label="Contents"><ul>{"".join(toc)}</ul></nav>
<main>{"".join(sections)}</main></body></html>
"""


def write(folder, results, course, pairs, skipped=()):
    """Write ``dashboard.html`` into a run ``folder``.

    Called by the grader after the run's tables and the similarity step
    (:func:`mlgrade.insight.similarity.write_table`, which gives ``pairs`` and
    ``skipped``) have written theirs.
    """
    folder = Path(folder)
    data, problems = read_run(folder)
    code = {(r.assignment, r.student): dict(r.answers) for r in results}
    links = {
        "course": str(course),
        "folder": str(folder),
        "runs": {name: str(folder) for name in data},  #: where the feedback is
        "names": read_names(folder),
    }
    page = render(
        data,
        problems,
        pairs,
        code,
        links,
        skipped=skipped,
        variant_analyses=variants.analyse(results),
    )
    (folder / "dashboard.html").write_text(page, encoding="utf-8")


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m mlgrade.insight.dashboard",
        description="One dashboard over several runs (later runs win).",
    )
    parser.add_argument("runs", nargs="+", help="run folders, oldest first")
    parser.add_argument("--out", default="class-dashboard.html")
    parser.add_argument("--course", default=".")
    args = parser.parse_args(argv)
    data, problems, pairs, runs, people, graded = {}, [], [], {}, {}, []
    for run in args.runs:
        more, probs = read_run(run)
        people.update(read_names(run))
        data.update(more)  # a later run of an assignment replaces an earlier one
        names = set(more)
        graded = [r for r in graded if r.assignment not in names] + [
            r for r in variants.read_results(run) if r.assignment in names
        ]
        runs.update((name, run) for name in names)
        problems = [p for p in problems if p["assignment"] not in names] + probs
        pairs = [p for p in pairs if p.assignment not in names] + read_pairs(run)
    out = Path(args.out)
    links = {
        "course": args.course,
        "folder": str(out.parent),
        "runs": runs,
        "names": people,
    }
    page = render(
        data,
        problems,
        pairs,
        {},
        links,
        variant_analyses=variants.analyse(graded),
    )
    out.write_text(page, encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
