"""Run the benchmarks, print the table and write the results as JSON.

Usage (``make bench`` runs the first)::

    python -m benchmarks.run                  # everything, full sizes
    python -m benchmarks.run --only b1,b2     # some of them
    python -m benchmarks.run --quick          # tiny sizes, one repeat
    python -m benchmarks.run --publish        # also refresh the book's copy
    python -m benchmarks.run --from-json benchmarks/results/latest.json --publish

Results go to ``benchmarks/results/`` (git-ignored): ``latest.json``, a dated
copy, ``table.md`` and ``scaling.png``. ``--publish`` copies a summary (table,
JSON without the raw details, plot) into ``book/_static/benchmarks/`` for the
book's appendix, and rewrites the table between the README's benchmark markers.
"""

import argparse
import json
import shutil
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

from . import (
    b1_logistic,
    b2_mlp,
    b3_ovr,
    b4_book,
    b5_grading,
    b6_analytics,
    memory,
    scaling,
)
from ._common import (
    ROOT,
    Row,
    git_commit,
    load_average,
    machine,
    markdown_table,
    rows_from_json,
    text_table,
    write_json,
)

BENCHMARKS = {
    "memory": memory,
    "b1": b1_logistic,
    "b2": b2_mlp,
    "b3": b3_ovr,
    "scaling": scaling,
    "b4": b4_book,
    "b5": b5_grading,
    "b6": b6_analytics,
}
RESULTS = ROOT / "benchmarks" / "results"
PUBLISHED = ROOT / "book" / "_static" / "benchmarks"


def run_all(names, quick=False, out=RESULTS, log=print):
    """Run the named benchmarks; return the results as one JSON-ready dict.

    The JSON and table are rewritten after each benchmark, so an interrupted
    run still leaves what it measured.
    """
    started = datetime.now(UTC)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    stamp = out / f"bench-{started.strftime('%Y%m%d-%H%M%S')}.json"
    rows, details, errors = [], {}, {}
    data = {
        "date": started.strftime("%Y-%m-%d %H:%M UTC"),
        "commit": git_commit(),
        "quick": quick,
        "machine": machine(),
    }
    for name in names:
        log(f">> {name}")
        t0 = time.perf_counter()
        try:
            result = BENCHMARKS[name].run(quick=quick)
        except Exception as exc:  # one broken benchmark must not hide the rest
            errors[name] = traceback.format_exc()
            note = f"error: {type(exc).__name__}: {exc}"[:120]
            rows.append(Row(name.upper(), "(benchmark failed)", None, note=note))
            log(errors[name])
        else:
            rows.extend(result["rows"])
            details[name] = result["details"]
            log(f"   done in {time.perf_counter() - t0:.0f} s")
        data.update(
            load_average_end=load_average(),
            rows=[r.as_dict() for r in rows],
            details=details,
            errors=errors,
        )
        write_json(out / "latest.json", data)
        write_json(stamp, data)
        (out / "table.md").write_text(markdown_table(rows) + "\n")
    if "scaling" in details:
        scaling.plot(details["scaling"], out / "scaling.png")
    return data


def merge(runs):
    """Several runs' results as one, in the usual benchmark order (a later run
    of the same benchmark wins). For re-rendering, e.g. after ``--only``."""
    order = {name.upper(): i for i, name in enumerate(BENCHMARKS)}
    order["MEM"] = order.pop("MEMORY")
    by_bench = {}
    merged = dict(runs[-1], details={}, errors={})
    for data in runs:
        for row in data["rows"]:
            by_bench.setdefault(row["bench"], {})[id(data)] = row
        merged["details"].update(data["details"])
        merged["errors"].update(data.get("errors", {}))
    rows = []
    for bench in sorted(by_bench, key=lambda b: order.get(b.upper(), 99)):
        latest = max(by_bench[bench], key=[id(d) for d in runs].index)
        rows += [r for r in runs[[id(d) for d in runs].index(latest)]["rows"]
                 if r["bench"] == bench]  # fmt: skip
    merged["rows"] = rows
    return merged


def describe(data):
    m = data["machine"]
    load = m.get("load_average") or [float("nan")] * 3
    return (
        f"{data['date']}, commit {data['commit']}, {m['cores']} cores "
        f"({m['cpu']}), {m['memory_gib']} GiB, load average {load[0]:.1f} at start"
    )


def publish(data, results=RESULTS, dest=PUBLISHED):
    """Copy a small summary into the book: table, JSON (no raw logs), plot."""
    dest.mkdir(parents=True, exist_ok=True)
    summary = {k: data[k] for k in ("date", "commit", "quick", "machine", "rows")}
    summary["load_average_end"] = data.get("load_average_end")
    keep = {"scaling": None, "b4": ("chapters_s", "cold_s", "warm_s")}
    summary["details"] = {}
    for name, fields in keep.items():
        if name in data["details"]:
            d = data["details"][name]
            summary["details"][name] = d if fields is None else {
                k: d[k] for k in fields if k in d}  # fmt: skip
    write_json(dest / "summary.json", summary)
    rows = rows_from_json(data)
    (dest / "table.md").write_text(
        f"Measured {describe(data)}.\n\n" + markdown_table(rows) + "\n"
    )
    if (results / "scaling.png").is_file():
        shutil.copyfile(results / "scaling.png", dest / "scaling.png")
    return dest


README_START, README_END = "<!-- benchmarks:start -->", "<!-- benchmarks:end -->"


def update_readme(data, readme=ROOT / "README.md"):
    """Replace the table between the README's benchmark markers, if it has them."""
    text = readme.read_text()
    if README_START not in text or README_END not in text:
        return False
    head, rest = text.split(README_START, 1)
    _, tail = rest.split(README_END, 1)
    table = markdown_table(rows_from_json(data))
    body = f"\nMeasured {describe(data)}.\n\n{table}\n"
    readme.write_text(head + README_START + body + README_END + tail)
    return True


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run",
                                     description=__doc__.splitlines()[0])  # fmt: skip
    parser.add_argument("--only", help="comma-separated: " + ",".join(BENCHMARKS))
    parser.add_argument("--skip", default="", help="comma-separated, to leave out")
    parser.add_argument("--quick", action="store_true", help="tiny sizes, 1 repeat")
    parser.add_argument("--out", default=str(RESULTS), help="results folder")
    parser.add_argument(
        "--publish", action="store_true",
        help="copy the summary into book/_static/benchmarks/",
    )
    parser.add_argument(
        "--from-json", nargs="+", metavar="JSON",
        help="re-render earlier run(s), merged, and run nothing",
    )
    args = parser.parse_args(argv)

    if args.from_json:
        data = merge([json.loads(Path(f).read_text()) for f in args.from_json])
    else:
        names = args.only.split(",") if args.only else list(BENCHMARKS)
        skip = set(filter(None, args.skip.split(",")))
        unknown = [n for n in [*names, *skip] if n not in BENCHMARKS]
        if unknown:
            parser.error(f"unknown benchmark(s) {unknown}; choose from "
                         f"{list(BENCHMARKS)}")  # fmt: skip
        names = [n for n in names if n not in skip]
        data = run_all(names, quick=args.quick, out=args.out)
    print()
    print(describe(data))
    print(text_table(rows_from_json(data)))
    if not args.from_json:
        print(f"\nresults: {Path(args.out) / 'latest.json'}")
    if args.publish:
        print(f"published: {publish(data, Path(args.out))}")
        if update_readme(data):
            print("README.md: benchmark table updated")
    return 1 if data.get("errors") else 0


if __name__ == "__main__":
    sys.exit(main())
