"""A tiny run of every benchmark, so that none of them rots between `make bench`s.

Sizes are tiny and each comparison runs once: these tests check that the
harness works end to end (rows, ratios, JSON, table, plot), never how fast
anything is.
"""

import importlib
import json
import math

import pytest

common = importlib.import_module("benchmarks._common")
run = importlib.import_module("benchmarks.run")


def _check_rows(rows, bench):
    assert rows, "a benchmark must report at least one row"
    for row in rows:
        assert isinstance(row, common.Row)
        assert row.bench == bench
        if row.ratio is not None:
            assert math.isfinite(row.ratio) and row.ratio > 0, row
        if row.target is not None and row.ratio is None:
            assert row.note, f"a row with a target but no ratio must say why: {row}"
        json.dumps(row.as_dict())  # every field is JSON-ready


@pytest.mark.parametrize(
    ("name", "bench"),
    [
        ("b1", "B1"),
        ("b3", "B3"),
        pytest.param("memory", "Mem", marks=pytest.mark.slow),
        pytest.param("b5", "B5", marks=pytest.mark.slow),
    ],
)
def test_each_benchmark_runs_at_tiny_size(name, bench):
    result = run.BENCHMARKS[name].run(quick=True)
    _check_rows(result["rows"], bench)
    json.dumps(result["details"], default=float)


def test_b1_compares_against_both_products():
    rows = run.BENCHMARKS["b1"].run(quick=True)["rows"]
    step, public = rows[0], rows[1]
    assert step.target == ("<=", 1.3)
    assert step.ratio == pytest.approx(step.ours / step.reference)
    assert "public logistic_gradient" in public.measure
    assert public.target == ("<=", 1.1)
    assert public.ratio == pytest.approx(public.ours / public.reference)


def test_b2_runs_and_its_torch_row_says_why_when_torch_is_missing(monkeypatch):
    b2 = run.BENCHMARKS["b2"]
    monkeypatch.setattr(b2, "torch_available", lambda: False)  # torch is optional
    rows = b2.run(quick=True)["rows"]
    _check_rows(rows, "B2")
    assert rows[0].target == ("<=", 1.0)
    torch_row = rows[1]
    assert torch_row.ratio is None
    assert "not installed" in torch_row.note
    assert torch_row.verdict == "n/a"


@pytest.mark.slow
def test_b4_builds_twice_in_a_clone_and_reads_chapter_times_from_the_cache():
    result = run.BENCHMARKS["b4"].run(quick=True)
    _check_rows(result["rows"], "B4")
    details = result["details"]
    assert details["cold_exit"] == 0 and details["warm_exit"] == 0
    assert details["chapters_s"] == {"book/intro.md": 0.01}


def test_b6_times_the_real_pass_and_finds_the_planted_copies():
    result = run.BENCHMARKS["b6"].run(quick=True)
    _check_rows(result["rows"], "B6")
    rows = result["rows"]
    assert rows[0].target == ("<=", 5.0) and rows[0].ratio == rows[0].ours
    assert rows[0].verdict in ("meets", "MISSES")
    size = result["details"]["sizes"][12]
    # one group of 3 planted: 3 pairs, all flagged, and every student counted
    assert size["planted_pairs"] == size["planted_flagged"] == 3
    assert size["page_counts_every_student"]
    seconds = size["median_s"]
    assert 0 < seconds["pairwise"] <= seconds["similarity"]
    assert rows[1].ours == seconds["pairwise"]
    json.dumps(result["details"], default=float)


def test_memory_child_reports_its_own_data():
    r = run.BENCHMARKS["memory"].measure("b1", 1_000, 4)
    # X is (1000, 5) float64 with the intercept column, y is (1000,) float64
    assert r["data_bytes"] == 1_000 * 5 * 8 + 1_000 * 8
    assert r["peak_bytes"] >= r["baseline_bytes"] > 0


def test_scaling_saves_points_and_a_plot(tmp_path):
    details = run.BENCHMARKS["scaling"].run(quick=True)["details"]
    assert [p["m"] for p in details["b1"]] == [200, 400]
    assert all(p["mllesson_s"] > 0 and p["roofline_s"] > 0 for p in details["b1"])
    assert all(p["mllesson_s"] > 0 and p["sklearn_s"] > 0 for p in details["b2"])
    png = run.BENCHMARKS["scaling"].plot(details, tmp_path / "scaling.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_run_writes_json_table_and_publishes(tmp_path, capsys):
    out, dest = tmp_path / "results", tmp_path / "published"
    assert run.main(["--quick", "--only", "b1", "--out", str(out)]) == 0
    data = json.loads((out / "latest.json").read_text())
    assert [r["bench"] for r in data["rows"]] == ["B1"] * 4
    assert data["machine"]["cores"] >= 1
    printed = capsys.readouterr().out
    assert "GD step" in printed and "≤ 1.3x" in printed
    run.publish(data, out, dest)
    summary = json.loads((dest / "summary.json").read_text())
    assert summary["rows"] == data["rows"]
    assert "| B1 |" in (dest / "table.md").read_text()


def test_unknown_benchmark_is_refused(capsys):
    with pytest.raises(SystemExit):
        run.main(["--only", "b9"])
    assert "unknown benchmark" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("ratio", "target", "verdict"),
    [
        (1.29, ("<=", 1.3), "meets"),
        (1.31, ("<=", 1.3), "MISSES"),
        (1.8, (">=", 1.7), "meets"),
        (1.6, (">=", 1.7), "MISSES"),
        (None, ("<=", 1.0), "n/a"),
        (0.5, None, ""),
    ],
)
def test_verdict_against_target(ratio, target, verdict):
    row = common.Row("B0", "x", 1.0, 1.0, ratio=ratio, target=target, note="why")
    assert row.verdict == verdict


def test_merge_keeps_the_later_run_of_each_benchmark_in_table_order():
    def fake(tag, *benches):
        rows = [{"bench": b, "measure": tag} for b in benches]
        return {"rows": rows, "details": {b.lower(): tag for b in benches}}

    merged = run.merge([fake("old", "B2", "B1"), fake("new", "B1", "B4", "Mem")])
    assert [(r["bench"], r["measure"]) for r in merged["rows"]] == [
        ("Mem", "new"), ("B1", "new"), ("B2", "old"), ("B4", "new"),
    ]  # fmt: skip
