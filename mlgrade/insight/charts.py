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
