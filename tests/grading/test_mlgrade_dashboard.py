"""dashboard.html: its content for a generated class, the browser.

The class is generated (``synthetic_class``), so the tests know who copied,
who did not submit, and which tasks every student failed.
"""

import csv
import re
import time
from pathlib import Path

import nbformat
import pytest

from mlgrade.grading.course import load_course
from mlgrade.insight import analytics, dashboard, similarity, tables

from .fixture_course import notebook, write_course
from .synthetic_class import (
    make_class,
    planted_pairs,
    two_assignments,
    unexplained_flags,
)
from .test_mlgrade_e2e import _grade

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")


def _rows(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _cells(html):
    """The page with each cell's column label (for stacking on a phone) left
    out, so that a row reads as its cells."""
    return re.sub(r'<td data-label="[^"]*">', "<td>", html)


def _write_run(folder, results):
    assignments = load_course(ROOT)
    folder.mkdir(parents=True, exist_ok=True)
    tables.write_all(folder, results, [], assignments)
    start = time.perf_counter()
    pairs, skipped = similarity.write_table(folder, results, assignments, ROOT)
    compared = time.perf_counter()
    dashboard.write(folder, results, ROOT, pairs, skipped)
    seconds = {
        "similarity": compared - start,
        "dashboard": time.perf_counter() - compared,
    }
    return folder, seconds


@pytest.fixture(scope="module")
def class_of_60(tmp_path_factory):
    results, copied = two_assignments(60, seed=1)
    folder, seconds = _write_run(tmp_path_factory.mktemp("run") / "run", results)
    return {
        "folder": folder,
        "html": _cells((folder / "dashboard.html").read_text(encoding="utf-8")),
        "results": results,
        "copied": copied,
        "seconds": seconds,
    }


def test_page_is_self_contained(class_of_60):
    html = class_of_60["html"]
    assert "<script" not in html and "<link" not in html and "<img" not in html
    assert "@import" not in html and "url(http" not in html
    # No address with a scheme: links go into the locally built book, or to
    # the students' feedback pages beside the dashboard.
    for address in re.findall(r'(?:href|src)="([^"]*)"', html):
        assert not re.match(r"[a-z]+:", address), address
        assert (
            address.startswith("#")
            or "_build/html/book/" in address
            or re.fullmatch(r"feedback/s\d{3}/ps0[12]-[a-z]+\.html", address)
        ), address


def test_every_figure_is_numbered_captioned_and_described(class_of_60):
    html = class_of_60["html"]
    figures = re.findall(r"<figure.*?</figure>", html, flags=re.S)
    # Two assignments: a histogram and a task chart each, and the heat map.
    assert len(figures) == 5
    for n, figure in enumerate(figures, start=1):
        assert f"<figcaption><strong>Figure {n}.</strong>" in figure
    svgs = re.findall(r"<svg.*?</svg>", html, flags=re.S)
    assert len(svgs) == 4
    for svg in svgs:
        assert 'role="img"' in svg
        title = re.search(r"<title[^>]*>(.+?)</title>", svg).group(1)
        desc = re.search(r"<desc[^>]*>(.+?)</desc>", svg).group(1)
        assert len(title) > 10 and len(desc) > 40


def test_histogram_counts_match_the_grades(class_of_60):
    """The bars' numbers, read from the page, equal a count of grades.csv."""
    folder, html = class_of_60["folder"], class_of_60["html"]
    totals = [
        float(r["score"])
        for r in _rows(folder / "grades.csv")
        if r["assignment"] == "ps02-cost"
    ]
    # ps02-cost has 12 points: one bin per point, [k, k + 1), the last [11, 12].
    expected = [sum(k <= t < k + 1 for t in totals) for k in range(11)]
    expected.append(sum(11 <= t <= 12 for t in totals))
    desc = re.search(r'id="hist-ps02-cost-svg-d">(.+?)</desc>', html).group(1)
    shown = [int(n) for n in re.findall(r"to [\d.]+: (\d+)", desc)]
    assert shown == expected and sum(shown) == 60


def test_tasks_marked_for_review_say_so_in_words(class_of_60):
    html = class_of_60["html"]
    folder = class_of_60["folder"]
    rows = [
        r for r in _rows(folder / "task_scores.csv") if r["assignment"] == "ps02-cost"
    ]
    # logistic_cost_vectorised: only the two or three blank students fail it.
    passed = [
        float(r["score"]) == float(r["max_score"])
        for r in rows
        if r["grade_id"] == "logistic_cost_vectorised"
    ]
    assert sum(passed) / len(passed) >= analytics.NEARLY_ALL
    # Not by colour alone: the flagged task's bar is hatched, and says "review".
    svg = re.search(r'<svg[^>]*aria-labelledby="tasks-ps02-cost.*?</svg>', html, re.S)
    bars = dict(
        re.findall(
            r">(\w+)</text><rect[^>]*/><rect[^>]*fill=\"([^\"]+)\"", svg.group(0)
        )
    )
    assert bars["logistic_cost_vectorised"] == "url(#tasks-ps02-cost-svg-hatch)"
    assert bars["log_loss_clipping"] == "#2b5d8a"  # not marked: r > 0.2
    assert "review" not in re.search(r"log_loss_clipping: [^.]+\.[^.]+\.", html).group(
        0
    )
    chart = re.search(r'id="tasks-ps02-cost-svg-d">(.+?)</desc>', html).group(1)
    assert re.search(
        r"logistic_cost_vectorised: \d+% passed, point-biserial [^,]+, marked for "
        r"review \(passed by nearly everyone",
        chart,
    )


def test_misconceptions_are_counted_and_linked_to_the_book(class_of_60):
    html = class_of_60["html"]
    folder = class_of_60["folder"]
    flipped = sum(
        r["failure_category"].startswith("sign flipped in the exponent")
        for r in _rows(folder / "task_scores.csv")
        if r["grade_id"] == "sigmoid_values"
    )
    assert flipped > 5
    item = re.search(
        rf"<li>{flipped} × sign flipped in the exponent: σ\(z\) = 1 / \(1 \+ "
        r"e\^\(−z\)\) <span class=\"kind\">\(misconception\)</span> — taught in "
        r'<a href="([^"]+)">Chapter 1, The sigmoid function</a></li>',
        html,
    )
    assert item, "the sigmoid misconception is not listed with its count and link"
    assert item.group(1).endswith(
        "_build/html/book/01-hypothesis.html#the-sigmoid-function"
    )


def test_heat_map_and_students_without_a_submission(class_of_60):
    html = class_of_60["html"]
    # two_assignments leaves out ps01 for students 5, 22, 39, 56 (i % 17 == 5).
    missing = ["s005", "s022", "s039", "s056"]
    for student in missing:
        row = re.search(rf'<th scope="row">{student}</th>(.*?)</tr>', html).group(1)
        assert '<td class="missing">no submission</td>' in row
    assert html.count('<td class="missing">no submission</td>') == 4
    assert f"<td>ps01-hypothesis</td><td>4</td><td>{', '.join(missing)}</td>" in html
    # Every other cell shows its percentage as text, linked to the feedback
    # page of that student (the row) on that assignment (the column).
    rows = re.findall(r'<th scope="row">(s\d{3})</th>(.*?)</tr>', html)
    assert len(rows) == 60
    cells = [
        (student, *cell)
        for student, row in rows
        for cell in re.findall(
            r'<td style="background:#[0-9a-f]{6}"><a href="feedback/(s\d{3})/'
            r'([\w-]+)\.html">\d+%</a></td>',
            row,
        )
    ]
    assert len(cells) == 2 * 60 - 4
    assert all(student == linked for student, linked, _ in cells)
    assert {a for _, _, a in cells} == {"ps01-hypothesis", "ps02-cost"}
    assert [a for s, _, a in cells if s == "s005"] == ["ps02-cost"]


def test_copied_work_section(class_of_60):
    html = class_of_60["html"]
    assert "They never change a score" in html
    section = html[html.index('id="copies"') :]
    for source, copies in class_of_60["copied"].items():
        group = sorted([source, *copies])
        assert f"<td>{len(group)}</td><td>{', '.join(group)}</td>" in section
    # Evidence: the code side by side, wrong values by category, no numbers.
    assert section.count('<div class="code">') >= 2
    outside_code = re.sub(r"<pre.*?</pre>", "", section, flags=re.S)
    assert not re.search(r"\d\.\d{3,}", outside_code.replace("0.2", ""))


def test_problems_list_the_students(class_of_60):
    html = class_of_60["html"]
    timed_out = sorted(
        r.student for r in class_of_60["results"] if ("time limit" in dict(r.problems))
    )
    assert timed_out
    linked = ", ".join(
        f'<a href="feedback/{s}/ps02-cost.html">{s}</a>' for s in timed_out
    )
    assert f"<td>time limit</td><td>{len(timed_out)}</td><td>{linked}" in html


def test_student_ids_link_to_their_feedback_pages(class_of_60):
    """Problems, heat map and evidence: each student id opens that student's
    feedback page on that assignment (its title says whose and which)."""
    folder, html = class_of_60["folder"], class_of_60["html"]
    links = re.findall(r'<a href="(feedback/[^"]+)">([^<]+)</a>', html)
    problems = html[html.index('id="problems"') : html.index('id="copies"')]
    start = html.index("Evidence side by side")
    near = html.index('id="worth-a-look"') if 'id="worth-a-look"' in html else None
    evidence, near_evidence = html[start:near], html[near:] if near else ""
    assert re.search(r'<a href="feedback/s\d{3}/ps02-cost\.html">s\d{3}</a>', problems)
    heading = r'<h4><a href="(feedback/[^"]+)">(s\d{3})</a>:'
    pairs = _rows(folder / "similarity.csv")
    flagged = [p for p in pairs if p["flagged"] == "yes"]
    worth = [p for p in pairs if p["flagged"] == "worth a look"]
    # both sides of every pair, flagged and worth a look
    assert len(re.findall(heading, evidence)) == 2 * len(flagged)
    assert len(re.findall(heading, near_evidence)) == 2 * len(worth)
    for address, text in links:
        page = (folder / address).read_text(encoding="utf-8")
        title = re.search(r"<title>(.+?)</title>", page).group(1)
        student = address.split("/")[1]
        assignment = address.split("/")[2].removesuffix(".html")
        assert title == f"{assignment}: feedback for {student}"
        assert text == student or re.fullmatch(r"\d+%", text)


@pytest.mark.slow
def test_a_rosters_names_are_shown_with_the_ids(class_of_60, tmp_path):
    """With a roster, grades.csv carries names: the dashboard shows them
    wherever it shows ids (heat map, who did not submit, flagged pairs)."""
    import shutil

    run = tmp_path / "run"
    shutil.copytree(class_of_60["folder"], run)
    rows = _rows(run / "grades.csv")
    named = {"s005": ("Diaz", "Dan"), "s022": ("O'Neil", "Ann")}
    flagged = _rows(run / "similarity.csv")[0]
    named[flagged["student_a"]] = ("Ames", "Alice")
    for row in rows:
        if row["student_id"] in named:
            row["last_name"], row["first_name"] = named[row["student_id"]]
    with open(run / "grades.csv", "w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    out = tmp_path / "dashboard.html"
    dashboard.main([str(run), "--out", str(out), "--course", str(ROOT)])
    html = out.read_text(encoding="utf-8")
    assert '<th scope="row">Diaz, Dan (s005)</th>' in html
    assert '<th scope="row">O&#x27;Neil, Ann (s022)</th>' in html
    assert "Diaz, Dan (s005), O&#x27;Neil, Ann (s022), s039, s056" in html
    assert f"Ames, Alice ({flagged['student_a']})" in html
    assert '<th scope="row">s039</th>' in html  # no name: the id alone


def test_300_students_copies_flagged_and_every_student_counted(tmp_path):
    """One assignment of 300 students, through the real pass (how long it takes
    is benchmark B6's business, not a test's)."""
    results, copied = make_class(300, seed=4, copies=((3, 5), (100, 3)))
    folder, _ = _write_run(tmp_path / "run", results)
    flagged = {
        (r["student_a"], r["student_b"]): r["reasons"]
        for r in _rows(folder / "similarity.csv")
        if r["flagged"] == "yes"
    }
    planted = planted_pairs(copied)
    assert planted <= set(flagged)  # every pair inside a group, copies of copies too
    # Independent students: never flagged for identical wrong values, nor for
    # code unless the generator gave them the same body in every function (a
    # few of the ~170 such pairs in 44,850; the page warns of such false
    # positives). Thousands of pairs share two of three bodies: none flagged.
    assert unexplained_flags(flagged, results, copied) == {}
    assert len(set(flagged) - planted) <= 5
    # The page counts every student: 300 submissions, 300 in the histogram.
    html = _cells((folder / "dashboard.html").read_text(encoding="utf-8"))
    assert "<p>300 submissions, out of 12 points" in html
    desc = re.search(r'id="hist-ps02-cost-svg-d">(.+?)</desc>', html).group(1)
    assert sum(int(n) for n in re.findall(r"to [\d.]+: (\d+)", desc)) == 300
    assert len(_rows(folder / "grades.csv")) == 300
    for source, copies in copied.items():
        group = sorted([source, *copies])
        assert f"<td>{len(group)}</td><td>{', '.join(group)}</td>" in html


# --- in the browser ---------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("width", [1200, 390])
def test_in_chromium_axe_clean_offline_and_fits_a_phone(class_of_60, tmp_path, width):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.is_file(), "run `bash scripts/install-chromium.sh`"
    page_url = (class_of_60["folder"] / "dashboard.html").as_uri()
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page(viewport={"width": width, "height": 900})
            requests = []
            page.on("request", lambda r: requests.append(r.url))
            page.goto(page_url, wait_until="load")
            shot = tmp_path / f"dashboard-{width}.png"
            page.screenshot(path=str(shot), full_page=True)
            violations = Axe().run(page).response["violations"]
            scroll = page.evaluate("document.documentElement.scrollWidth")
            open_pair = page.locator("details[open] .code pre").count()
            # the narrowest cell with text of the tables (stacked on a phone)
            # and any heading cut off by the screen's edge
            narrowest = page.evaluate(
                "Math.min(...[...document.querySelectorAll('table.stack td')]"
                ".map(td => td.getBoundingClientRect().width))"
            )
            cut = page.evaluate(
                "[...document.querySelectorAll('h1,h2,h3,h4')].filter(h => "
                "h.scrollWidth > h.clientWidth + 1 || "
                "h.getBoundingClientRect().right > innerWidth).length"
            )
            cue = page.locator(".cue").first.is_visible()
        finally:
            browser.close()
    assert shot.stat().st_size > 50_000
    assert [r for r in requests if r != page_url] == []
    assert violations == [], [(v["id"], v["impact"]) for v in violations]
    assert scroll <= width  # nothing wider than the screen
    assert open_pair == 2  # the first flagged pair's two code cells
    assert cut == 0
    if width == 390:  # each cell a full-width line, the wide heat map cued
        assert narrowest > 250 and cue
    else:
        assert not cue


# --- make grade writes it ---------------------------------------------------------

UNUSUAL = """def sigmoid(z):
    z = np.asarray(z, dtype=np.float64)
    damp = 0.999
    return damp / (1.0 + np.exp(-z))"""

UNUSUAL_RENAMED = """def sigmoid(z):
    # squash the input
    x = np.asarray(z, dtype=np.float64)
    factor = 0.999  # keep it below one
    return factor / (1.0 + np.exp(-x))"""

OTHERS = {
    "flipped": "def sigmoid(z):\n    return 1 / (1 + np.exp(np.asarray(z, float)))",
    "shifted": "def sigmoid(z):\n"
    "    return 1 / (1 + np.exp(-np.asarray(z, float))) + 0.01",
    "blank": "def sigmoid(z):\n    # YOUR CODE HERE\n    raise NotImplementedError()",
}


@pytest.mark.slow
def test_make_grade_writes_dashboard_and_flags_identical_wrong_values(tmp_path):
    from mlgrade.sandbox.kernel import bwrap_available

    assert bwrap_available(), "run scripts/install-bubblewrap.sh"
    course = write_course(tmp_path / "course")
    submissions = tmp_path / "submitted"
    sources = {"copier-a": UNUSUAL, "copier-b": UNUSUAL_RENAMED, "correct": None}
    sources.update(OTHERS)
    for student, sigmoid in sources.items():
        folder = submissions / student / "ps00-fixture"
        folder.mkdir(parents=True)
        nb = notebook(sigmoid) if sigmoid else notebook()
        (folder / "ps00-fixture.ipynb").write_text(nbformat.writes(nb))
    run = _grade(submissions, course, tmp_path / "out")
    assert (run / "dashboard.html").is_file()
    pairs = _rows(run / "similarity.csv")
    flagged = [(p["student_a"], p["student_b"]) for p in pairs if p["flagged"] == "yes"]
    # The renamed copy got other hidden inputs (another digest, another seed),
    # yet the same wrong values on the class's common inputs.
    assert flagged == [("copier-a", "copier-b")]
    (pair,) = [p for p in pairs if p["flagged"] == "yes"]
    assert pair["reasons"] == "identical wrong values"
    assert pair["shared_wrong_values"] == (
        "sigmoid_stable: wrong values (no named mistake); "
        "sigmoid_values: wrong values (no named mistake)"
    )
    tasks = {
        (r["student_id"], r["grade_id"]): r for r in _rows(run / "task_scores.csv")
    }
    assert tasks[("blank", "sigmoid_values")]["failure_category"] == "not attempted"
    assert tasks[("flipped", "sigmoid_values")]["message"] == (
        "the result is wrong (details hidden)."  # the visible assert fails first
    )
    page = (run / "dashboard.html").read_text()
    assert "copier-a and copier-b" in page and "never change a score" in page


def test_runs_of_several_assignments_combine_into_one_page(class_of_60, tmp_path):
    """Two runs, one assignment each: one page with both and the heat map."""
    results = class_of_60["results"]
    first, _ = _write_run(
        tmp_path / "ps01", [r for r in results if r.assignment == "ps01-hypothesis"]
    )
    second, _ = _write_run(
        tmp_path / "ps02", [r for r in results if r.assignment == "ps02-cost"]
    )
    assert 'id="heat"' not in (first / "dashboard.html").read_text()
    out = tmp_path / "class.html"
    dashboard.main([str(first), str(second), "--out", str(out), "--course", str(ROOT)])
    page = _cells(out.read_text())
    assert 'id="a-ps01-hypothesis"' in page and 'id="a-ps02-cost"' in page
    # Feedback links lead from the combined page into each assignment's run.
    addresses = set(re.findall(r'<a href="([^"#]+\.html)">s\d{3}', page))
    addresses |= set(re.findall(r'<a href="([^"#]+\.html)">\d+%', page))
    assert {a.split("/")[0] for a in addresses} == {"ps01", "ps02"}
    assert all((tmp_path / a).is_file() for a in addresses)
    assert "ps01/feedback/s000/ps01-hypothesis.html" in addresses
    assert page.count('<td class="missing">no submission</td>') == 4
    assert "<td>ps01-hypothesis</td><td>4</td><td>s005, s022, s039, s056</td>" in page
    for source, copies in class_of_60["copied"].items():
        group = sorted([source, *copies])
        assert f"<td>{len(group)}</td><td>{', '.join(group)}</td>" in page


def test_the_page_says_when_its_book_links_need_the_built_book(tmp_path):
    """The book links point into the course's built book; without it the
    page says so, with the command that builds it."""
    data, problems = {}, []
    bare = tmp_path / "course"
    (bare / "book").mkdir(parents=True)
    links = {"course": str(bare), "folder": str(tmp_path), "runs": {}}
    page = dashboard.render(data, problems, [], {}, links)
    assert "not built yet" in page and "<code>make book</code>" in page
    (bare / "_build" / "html" / "book").mkdir(parents=True)
    page = dashboard.render(data, problems, [], {}, links)
    assert "not built yet" not in page
