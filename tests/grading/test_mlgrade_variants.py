"""A class read by variant: variants.csv, the dashboard's "Variants" section.

The classes are built by hand (no kernels): 60 students in 8 variants of
ps02-cost, each task passed with a chance that is the same for every variant,
or lower for one variant made harder. The p-values are checked against
scipy's tests called here on the same scores and a Holm correction written
out here, and Holm itself against a hand-worked example.
"""

import csv
import random
import re
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

from mlgrade.grading.course import load_course
from mlgrade.grading.result import Result, TaskResult
from mlgrade.insight import dashboard, tables, variants
from mlgrade.term import history

from .synthetic_class import ASSIGNMENT, TASKS

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
POINTS = [(g, p) for tasks in TASKS.values() for g, p, _ in tasks]
VARIANTS = [f"pm1-cols-{c}" for c in "abcdefgh"]
HARDER = "pm1-cols-c"


def _student(name, variant, chance, rng):
    tasks = [
        TaskResult(g, float(p) if rng.random() < chance else 0.0, float(p))
        for g, p in POINTS
    ]
    return Result(name, ASSIGNMENT, tasks=tasks, variant=variant)


def make_class(seed, harder=None, n=60, chance=0.75, harder_chance=0.25):
    """``n`` students, variants dealt in turn; ``harder``'s students pass
    each task with ``harder_chance`` instead of ``chance``."""
    rng = random.Random(seed)
    return [
        _student(
            f"s{i:03d}",
            VARIANTS[i % len(VARIANTS)],
            harder_chance if VARIANTS[i % len(VARIANTS)] == harder else chance,
            rng,
        )
        for i in range(n)
    ]


def _without_variants(results):
    return [
        Result(r.student, r.assignment, tasks=list(r.tasks), answers=list(r.answers))
        for r in results
    ]


def _holm_by_hand(p):
    """Holm, written as its definition: reject in order while p_(k) <
    alpha / (m - k); the adjusted p is the smallest alpha that rejects."""
    m = len(p)
    order = sorted(range(m), key=lambda i: p[i])
    adjusted, running = [0.0] * m, 0.0
    for k, i in enumerate(order):
        running = max(running, min(1.0, (m - k) * p[i]))
        adjusted[i] = running
    return adjusted


def _scipy_p_values(results):
    """variant -> (Mann–Whitney p against the rest, Holm-corrected p)."""
    scores = {v: [r.score for r in results if r.variant == v] for v in sorted(VARIANTS)}
    raw = {
        v: stats.mannwhitneyu(
            mine,
            [s for w, theirs in scores.items() if w != v for s in theirs],
            alternative="two-sided",
        ).pvalue
        for v, mine in scores.items()
    }
    corrected = dict(zip(raw, _holm_by_hand(list(raw.values())), strict=True))
    return {v: (raw[v], corrected[v]) for v in raw}


def _write_run(folder, results):
    folder.mkdir(parents=True, exist_ok=True)
    tables.write_all(folder, results, [], load_course(ROOT))
    dashboard.write(folder, results, ROOT, [], ())
    return folder


def _rows(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def harder_run(tmp_path_factory):
    results = make_class(seed=3, harder=HARDER)
    folder = _write_run(tmp_path_factory.mktemp("variants") / "run", results)
    return results, folder


# --- the statistics ---------------------------------------------------------------


def test_holm_matches_a_hand_worked_example():
    # p = (0.01, 0.04, 0.03, 0.005): sorted 0.005, 0.01, 0.03, 0.04 times
    # 4, 3, 2, 1 = 0.02, 0.03, 0.06, 0.04 -> made non-decreasing: 0.06 for 0.04
    assert variants.holm([0.01, 0.04, 0.03, 0.005]) == pytest.approx(
        [0.03, 0.06, 0.06, 0.02]
    )
    assert variants.holm([0.5, 0.6]) == [1.0, 1.0]  # capped at 1


def test_a_harder_variant_is_marked_and_no_other():
    results = make_class(seed=3, harder=HARDER)
    (a,) = variants.analyse(results)
    expected = _scipy_p_values(results)
    assert [v.variant for v in a.variants] == sorted(VARIANTS)
    for v in a.variants:
        raw, corrected = expected[v.variant]
        assert v.p_value == pytest.approx(raw, rel=1e-12)
        assert v.p_corrected == pytest.approx(corrected, rel=1e-12)
        assert v.students == sum(r.variant == v.variant for r in results)
        mine = [r.score for r in results if r.variant == v.variant]
        assert v.mean == pytest.approx(np.mean(mine))
        assert v.median == pytest.approx(np.median(mine))
    assert [v.variant for v in a.marked] == [HARDER]
    harder = next(v for v in a.variants if v.variant == HARDER)
    assert harder.p_corrected < 0.05 and harder.direction == "lower"
    groups = [[r.score for r in results if r.variant == v] for v in VARIANTS]
    assert a.kruskal_p == pytest.approx(stats.kruskal(*groups).pvalue, rel=1e-12)
    assert a.kruskal_p < 0.05


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_a_class_without_differences_marks_none(seed):
    results = make_class(seed=seed)
    (a,) = variants.analyse(results)
    expected = _scipy_p_values(results)
    for v in a.variants:
        assert v.p_value == pytest.approx(expected[v.variant][0], rel=1e-12)
        assert v.p_corrected == pytest.approx(expected[v.variant][1], rel=1e-12)
    assert a.marked == []


def test_a_variant_of_two_students_is_not_tested():
    results = make_class(seed=4, n=56) + [
        _student(name, "pm1-cols-z", 0.0, random.Random(0)) for name in ("x1", "x2")
    ]
    (a,) = variants.analyse(results)
    small = next(v for v in a.variants if v.variant == "pm1-cols-z")
    assert small.students == 2 and not small.tested and not small.marked
    assert small.p_value is None and small.p_corrected is None
    tested = [v for v in a.variants if v.tested]
    assert len(tested) == 8  # Holm over the 8 variants tested, not 9
    assert [v.p_corrected for v in tested] == pytest.approx(
        _holm_by_hand([v.p_value for v in tested])
    )


def test_every_score_the_same_marks_nothing():
    results = make_class(seed=5, chance=1.0)
    (a,) = variants.analyse(results)
    assert a.marked == [] and a.kruskal_p == 1.0
    assert {v.p_value for v in a.variants} == {1.0}


def test_submissions_without_a_variant_are_left_out_and_counted():
    results = make_class(seed=6)
    results[0] = Result(results[0].student, ASSIGNMENT, tasks=results[0].tasks)
    (a,) = variants.analyse(results)
    assert a.unassigned == 1
    assert sum(v.students for v in a.variants) == 59


def test_bad_input_names_the_argument():
    with pytest.raises(TypeError, match="results"):
        variants.analyse([{"student": "s1"}])
    with pytest.raises(ValueError, match="p_values"):
        variants.holm([0.5, float("nan")])
    with pytest.raises(ValueError, match="scores_by_variant"):
        variants.analyse_assignment("ps02-cost", {"a": []}, 12)


def test_inputs_are_not_modified():
    results = make_class(seed=7, harder=HARDER)
    before = [r.to_dict() for r in results]
    variants.analyse(results)
    assert [r.to_dict() for r in results] == before


# --- variants.csv -----------------------------------------------------------------


def test_variants_csv_lists_every_variant_and_marks_the_harder(harder_run):
    results, folder = harder_run
    rows = _rows(folder / "variants.csv")
    assert list(rows[0]) == variants.COLUMNS
    assert [r["variant"] for r in rows] == sorted(VARIANTS)
    expected = _scipy_p_values(results)
    for row in rows:
        raw, corrected = expected[row["variant"]]
        assert row["assignment"] == ASSIGNMENT
        assert float(row["p_value"]) == pytest.approx(raw, rel=1e-3)
        assert float(row["p_corrected"]) == pytest.approx(corrected, rel=1e-3)
        assert row["marked"] == ("yes" if row["variant"] == HARDER else "no")
    assert sum(int(r["students"]) for r in rows) == 60


def test_a_variant_id_cannot_be_a_spreadsheet_formula(tmp_path):
    results = make_class(seed=8)
    for r in results[:8]:
        r.variant = "=HYPERLINK(1)"
    variants.write_table(tmp_path, results)
    text = (tmp_path / "variants.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK(1)" in text
    assert not re.search(r"(^|,)=HYPERLINK", text, re.M)


def test_small_variant_says_not_tested_in_the_csv(tmp_path):
    results = make_class(seed=4, n=56) + [
        _student("x1", "pm1-cols-z", 0.5, random.Random(1))
    ]
    variants.write_table(tmp_path, results)
    row = next(
        r for r in _rows(tmp_path / "variants.csv") if r["variant"] == "pm1-cols-z"
    )
    assert row["marked"] == variants.NOT_TESTED
    assert row["p_value"] == row["p_corrected"] == ""


def test_a_class_without_variants_writes_what_it_wrote_before(tmp_path, monkeypatch):
    """Without variants, every file of the run is byte for byte what the run
    writes with the variant analytics switched off."""
    results = _without_variants(make_class(seed=3, harder=HARDER))
    now = _write_run(tmp_path / "now", results)
    monkeypatch.setattr(variants, "write_table", lambda folder, results: [])
    monkeypatch.setattr(variants, "analyse", lambda results: [])
    before = _write_run(tmp_path / "before", results)

    def files(root):
        return {
            p.relative_to(root): p.read_bytes() for p in root.rglob("*") if p.is_file()
        }

    assert not (now / "variants.csv").exists()
    assert files(now) == files(before)
    page = (now / "dashboard.html").read_text(encoding="utf-8")
    assert 'id="variants"' not in page and "Variants" not in page


# --- the dashboard ----------------------------------------------------------------


def test_dashboard_section_names_the_marked_variant(harder_run):
    _, folder = harder_run
    page = (folder / "dashboard.html").read_text(encoding="utf-8")
    assert '<a href="#variants">Variants</a>' in page
    section = page[page.index('<section aria-labelledby="variants">') :]
    section = section[: section.index("</section>")]
    (desc,) = re.findall(r"<desc [^>]*>(.*?)</desc>", section, re.S)
    assert f"Marked as scoring apart from the other variants: {HARDER}." in desc
    assert f"{HARDER}: " in desc and "marked, lower" in desc
    # the marked variant: a hatched box and the word, not a colour alone
    assert 'fill="url(#variants-ps02-cost-svg-hatch)"' in section
    assert section.count(f"{HARDER} · 8 students") == 1  # the chart's label
    assert section.count("· marked: lower") == 1
    assert "never changes a score" in section
    assert "may be harder" in section
    rows = re.findall(r"<tr><td[^>]*><code>([^<]*)</code></td>(.*?)</tr>", section)
    assert [v for v, _ in rows] == sorted(VARIANTS)
    for v, cells in rows:
        assert ("<strong>yes</strong>, lower" in cells) == (v == HARDER)


def test_dashboard_without_differences_marks_none(tmp_path):
    folder = _write_run(tmp_path / "run", make_class(seed=11))
    page = (folder / "dashboard.html").read_text(encoding="utf-8")
    assert "No variant is marked." in page
    assert "marked: lower" not in page and "marked: higher" not in page


@pytest.mark.slow
@pytest.mark.parametrize("width", [1400, 390])
def test_variants_section_in_chromium_axe_clean_and_fits_a_phone(
    harder_run, tmp_path, width
):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.is_file(), "run `bash scripts/install-chromium.sh`"
    _, folder = harder_run
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.goto((folder / "dashboard.html").as_uri(), wait_until="load")
            section = page.locator("section[aria-labelledby=variants]")
            section.screenshot(path=str(tmp_path / f"variants-{width}.png"))
            violations = Axe().run(page).response["violations"]
            scroll = page.evaluate("document.documentElement.scrollWidth")
            chart = page.locator("#variants-ps02-cost-fig svg").bounding_box()
        finally:
            browser.close()
    assert violations == [], [(v["id"], v["impact"]) for v in violations]
    assert scroll <= width
    assert chart["width"] <= width and chart["width"] > 300


def test_a_dashboard_over_several_runs_reads_the_variants_of_the_latest(tmp_path):
    """The combined page reads each run's results.jsonl; a later run of an
    assignment replaces an earlier one, its variants too."""
    harder, even = make_class(seed=3, harder=HARDER), make_class(seed=11)
    for name, results in (("old", harder), ("new", even)):
        folder = _write_run(tmp_path / name, results)
        history.write_results(folder, results, {})
    dashboard.main([str(tmp_path / "old"), "--out", str(tmp_path / "one.html")])
    dashboard.main(
        [
            str(tmp_path / "old"),
            str(tmp_path / "new"),
            "--out",
            str(tmp_path / "two.html"),
        ]
    )
    one = (tmp_path / "one.html").read_text(encoding="utf-8")
    two = (tmp_path / "two.html").read_text(encoding="utf-8")
    assert f"Marked as scoring apart from the other variants: {HARDER}." in one
    assert "No variant is marked." in two and "60 submissions in 8 variants" in two
