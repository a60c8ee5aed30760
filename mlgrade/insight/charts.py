"""The dashboard's figures: SVG drawn by hand, each with a title and a description
for screen readers, and hatching so that no chart relies on colour alone."""

import html

import numpy as np

FONT = 'font-family="sans-serif" font-size="15"'


HATCH = (
    '<pattern id="{id}" patternUnits="userSpaceOnUse" width="8" height="8" '
    'patternTransform="rotate(45)"><rect width="8" height="8" fill="#fff"/>'
    '<rect width="3" height="8" fill="#8a2c0d"/></pattern>'
)


class Figures:
    """Numbers the page's figures in order."""

    def __init__(self):
        self.n = 0

    def figure(self, body, caption, figure_id):
        self.n += 1
        return (
            f'<figure id="{figure_id}">{body}<figcaption><strong>Figure {self.n}.'
            f"</strong> {caption}</figcaption></figure>"
        )


def svg(width, height, title, desc, body, svg_id):
    return (
        f'<svg viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{svg_id}-t {svg_id}-d" class="plot" {FONT}>'
        f'<title id="{svg_id}-t">{html.escape(title)}</title>'
        f'<desc id="{svg_id}-d">{html.escape(desc)}</desc>{body}</svg>'
    )


def histogram_svg(edges, counts, svg_id, what):
    """Bars of ``counts`` over ``edges``, each labelled with its count."""
    width, height, left, bottom, top = 420, 250, 44, 42, 18
    plot_w, plot_h = width - left - 12, height - bottom - top
    peak = max(1, int(counts.max()) if counts.size else 1)
    bar_w = plot_w / max(1, len(counts))
    parts = [
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" '
        f'y2="{top + plot_h}" stroke="#222"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#222"/>',
    ]
    for i, c in enumerate(counts):
        h = plot_h * c / peak
        x = left + i * bar_w
        parts.append(
            f'<rect x="{x + 1:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w - 2:.1f}" '
            f'height="{h:.1f}" fill="#2b5d8a" stroke="#10263a"/>'
        )
        if c:
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{top + plot_h - h - 4:.1f}" '
                f'text-anchor="middle">{int(c)}</text>'
            )
    step = max(1, len(counts) // 10)
    for i in range(0, len(edges), step):
        x = left + i * bar_w
        parts.append(
            f'<text x="{x:.1f}" y="{top + plot_h + 16}" text-anchor="middle">'
            f"{edges[i]:g}</text>"
        )
    parts.append(
        f'<text x="{left + plot_w / 2}" y="{height - 6}" text-anchor="middle">'
        f"{html.escape(what)}</text>"
    )
    parts.append(
        f'<text x="12" y="{top + plot_h / 2}" text-anchor="middle" '
        f'transform="rotate(-90 12 {top + plot_h / 2})">students</text>'
    )
    parts.append(f'<text x="{left - 6}" y="{top + 4}" text-anchor="end">{peak}</text>')
    parts.append(f'<text x="{left - 6}" y="{top + plot_h}" text-anchor="end">0</text>')
    bins = "; ".join(
        f"{edges[i]:g} to {edges[i + 1]:g}: {int(c)}" for i, c in enumerate(counts)
    )
    desc = f"Number of students per score bin ({what}). {bins}."
    return svg(width, height, f"Histogram of {what}", desc, "".join(parts), svg_id)


def task_chart_svg(stats, svg_id):
    """One row per task: its name, then a bar of its pass rate.

    Tasks marked for review get a hatched bar and the word "review".
    """
    width, row, left = 420, 44, 8
    bar_w = width - 185
    height = row * len(stats) + 34
    parts = [f"<defs>{HATCH.format(id=svg_id + '-hatch')}</defs>"]
    for i, s in enumerate(stats):
        y = 14 + i * row
        flagged = bool(s.flags)
        fill = f"url(#{svg_id}-hatch)" if flagged else "#2b5d8a"
        r = "n/a" if s.point_biserial is None else f"{s.point_biserial:.2f}"
        parts.append(f'<text x="{left}" y="{y + 4}">{html.escape(s.grade_id)}</text>')
        parts.append(
            f'<rect x="{left}" y="{y + 10}" width="{bar_w}" height="16" fill="none" '
            f'stroke="#555"/>'
        )
        parts.append(
            f'<rect x="{left}" y="{y + 10}" width="{bar_w * s.pass_rate:.1f}" '
            f'height="16" fill="{fill}" stroke="#10263a"/>'
        )
        label = f"{100 * s.pass_rate:.0f}% · r {r}" + (" · review" if flagged else "")
        weight = ' font-weight="bold"' if flagged else ""
        parts.append(
            f'<text x="{left + bar_w + 6}" y="{y + 23}"{weight}>'
            f"{html.escape(label)}</text>"
        )
    parts.append(
        f'<text x="{left}" y="{height - 6}">bar: pass rate, 0 to 100% · '
        "r: point-biserial</text>"
    )
    desc = " ".join(
        f"{s.grade_id}: {100 * s.pass_rate:.0f}% passed, point-biserial "
        f"{'not defined' if s.point_biserial is None else f'{s.point_biserial:.2f}'}"
        f"{', marked for review (' + ', '.join(s.flags) + ')' if s.flags else ''}."
        for s in stats
    )
    return svg(width, height, "Pass rate of each task", desc, "".join(parts), svg_id)


def shade(fraction):
    """A light-to-mid blue for a score fraction; dark text stays readable on it."""
    light, dark = np.array([247, 251, 255]), np.array([107, 174, 214])
    r, g, b = (light + (dark - light) * float(fraction)).round().astype(int)
    return f"#{r:02x}{g:02x}{b:02x}"


def _stacked(xs, spread=5.0, width=4.0):
    """A vertical offset for each x, so that dots at nearly the same x stack
    (0, -1, +1, -2, +2 … times ``spread``) rather than hide each other."""
    seen, out = {}, []
    for x in xs:
        k = seen.get(round(x / width), 0)
        seen[round(x / width)] = k + 1
        out.append(spread * ((k + 1) // 2) * (-1 if k % 2 else 1))
    return out


def variant_strip_svg(analysis, svg_id):
    """One row per variant of ``analysis`` (:class:`mlgrade.insight.variants.
    AssignmentVariants`): a dot per student's total score over a box from the
    lower to the upper quartile, a bar at the median.

    A marked variant's box is hatched and its name followed by the word
    "marked" and the direction.
    """
    width, row, left, right = 420, 52, 8, 12
    plot_w = width - left - right
    top = 8
    height = top + row * len(analysis.variants) + 40
    top_score = analysis.max_score if analysis.max_score > 0 else 1.0

    def x_of(score):
        return left + plot_w * min(max(score / top_score, 0.0), 1.0)

    parts = [f"<defs>{HATCH.format(id=svg_id + '-hatch')}</defs>"]
    for i, v in enumerate(analysis.variants):
        y = top + i * row
        mid = y + 34
        q1, q3 = np.percentile(v.scores, [25, 75])
        label = f"{v.variant} · {v.students} students · median {v.median:g}"
        if v.marked:
            label += f" · marked: {v.direction}"
        elif not v.tested:
            label += " · not tested"
        weight = ' font-weight="bold"' if v.marked else ""
        parts.append(
            f'<text x="{left}" y="{y + 14}"{weight}>{html.escape(label)}</text>'
        )
        fill = f"url(#{svg_id}-hatch)" if v.marked else "#dce9f5"
        parts.append(
            f'<rect x="{x_of(q1):.1f}" y="{mid - 9}" '
            f'width="{max(x_of(q3) - x_of(q1), 2):.1f}" height="18" fill="{fill}" '
            'stroke="#10263a"/>'
        )
        parts.append(
            f'<line x1="{x_of(v.median):.1f}" y1="{mid - 12}" '
            f'x2="{x_of(v.median):.1f}" y2="{mid + 12}" stroke="#000" '
            'stroke-width="3"/>'
        )
        xs = [x_of(s) for s in v.scores]
        for x, dy in zip(xs, _stacked(xs), strict=True):
            parts.append(
                f'<circle cx="{x:.1f}" cy="{mid + dy:.1f}" r="3.5" fill="#2b5d8a" '
                'stroke="#fff" stroke-width="1"/>'
            )
    axis_y = top + row * len(analysis.variants) + 6
    parts.append(
        f'<line x1="{left}" y1="{axis_y}" x2="{left + plot_w}" y2="{axis_y}" '
        'stroke="#222"/>'
    )
    for frac, anchor in ((0, "start"), (0.5, "middle"), (1, "end")):
        parts.append(
            f'<text x="{left + plot_w * frac:.1f}" y="{axis_y + 16}" '
            f'text-anchor="{anchor}">{top_score * frac:g}</text>'
        )
    what = f"total score on {analysis.assignment}, out of {top_score:g}"
    parts.append(
        f'<text x="{left + plot_w / 2:.1f}" y="{height - 4}" text-anchor="middle">'
        f"{html.escape(what)}</text>"
    )
    each = " ".join(
        f"{v.variant}: {v.students} students, median {v.median:g}, mean "
        f"{v.mean:.2f}"
        + (
            f", marked, {v.direction} than the other variants (corrected p "
            f"{v.p_corrected:.2g})"
            if v.marked
            else ("" if v.tested else ", too few students to test")
        )
        + "."
        for v in analysis.variants
    )
    marked = [v.variant for v in analysis.marked]
    verdict = (
        "Marked as scoring apart from the other variants: " + ", ".join(marked) + "."
        if marked
        else "No variant is marked."
    )
    desc = (
        f"Total scores on {analysis.assignment} per variant, out of {top_score:g}: "
        "a dot per student, "
        f"a box from the lower to the upper quartile, a bar at the median. {verdict} "
        f"{each}"
    )
    return svg(
        width,
        height,
        f"Scores per variant of {analysis.assignment}",
        desc,
        "".join(parts),
        svg_id,
    )
