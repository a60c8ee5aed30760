"""Copy detection side by side: mlgrade's, copydetect's and Dolos's, on one planted set.

The planted set (``tests/grading/synthetic_class.planted_set``): a generated
class of 40 independent students, an original submission, five disguised
copies of it (renamed, reordered, padded with dead code, comments changed,
split into helper functions) and three independent correct solutions.

Each tool gives every pair a similarity. A tool catches a disguise when its
similarity to the original is above every similarity it gives a pair of
independent students (the best threshold the tool could have on this class);
mlgrade's own flag is shown too. Not a timing benchmark.

The other tools are not dependencies of the course; to run this, install them
where you like::

    python -m venv /tmp/cd && /tmp/cd/bin/pip install copydetect==0.5.0
    (cd /tmp/dolos && npm install @dodona/dolos-lib@3.5.1)
    .venv/bin/python -m benchmarks.copy_tools --copydetect-python /tmp/cd/bin/python \
        --dolos /tmp/dolos/node_modules/@dodona/dolos-lib/dist/index.js
"""

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from mlgrade.insight import similarity
from tests.grading.synthetic_class import (
    ASSIGNMENT,
    PLANTED_DISGUISES,
    own_code,
    planted_set,
    wrong_values,
)

_COPYDETECT = """
import itertools, json, sys
from copydetect import CodeFingerprint, compare_files
files = sys.argv[1:]
prints = {f: CodeFingerprint(f, 25, 1) for f in files}  # copydetect's defaults
for a, b in itertools.combinations(files, 2):
    _, (sim_a, sim_b), _ = compare_files(prints[a], prints[b])
    print(json.dumps({"a": a, "b": b, "similarity": max(sim_a, sim_b)}))
"""


def _pairs_from(lines):
    out = {}
    for line in lines.splitlines():
        row = json.loads(line)
        a, b = Path(row["a"]).stem, Path(row["b"]).stem
        out[tuple(sorted((a, b)))] = row["similarity"]
    return out


def ours(results):
    pairs = similarity.compare(ASSIGNMENT, own_code(results), wrong_values(results))
    return {
        (p.a, p.b): (
            p.code,
            "flagged" if p.flagged else "worth a look" if p.worth_a_look else "no flag",
        )
        for p in pairs
    }


def table(results, scores, flags=None):
    """Rows: disguise -> (similarity, caught); and the independents' maximum."""
    copies = set(PLANTED_DISGUISES)
    involved = copies | {"original"}
    students = sorted(r.student for r in results)
    independent = [
        scores.get((a, b), 0.0)
        for i, a in enumerate(students)
        for b in students[i + 1 :]
        if not ({a, b} <= involved)
    ]
    worst = max(independent)
    rows = {}
    for copy in PLANTED_DISGUISES:
        score = scores.get(tuple(sorted(("original", copy))), 0.0)
        rows[copy] = (score, score > worst, flags and flags.get(copy))
    return rows, worst


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.copy_tools")
    parser.add_argument("--copydetect-python", help="a python with copydetect")
    parser.add_argument("--dolos", help="the path of @dodona/dolos-lib's index.js")
    args = parser.parse_args(argv)
    results = planted_set()
    mine = ours(results)
    tools = {
        "mlgrade": (
            {k: v[0] for k, v in mine.items()},
            {
                c: mine.get(tuple(sorted(("original", c))), (0, "no flag"))[1]
                for c in PLANTED_DISGUISES
            },
        )
    }
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for r in results:
            path = Path(tmp, f"{r.student}.py")
            path.write_text(
                "import numpy as np\n\n\n"
                + "\n\n\n".join(src for _, src in r.answers)
                + "\n"
            )
            files.append(str(path))
        if args.copydetect_python:
            out = subprocess.run(
                [args.copydetect_python, "-c", _COPYDETECT, *files],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            tools["copydetect"] = (_pairs_from(out), None)
        if args.dolos:
            out = subprocess.run(
                [
                    "node",
                    str(Path(__file__).with_name("dolos_pairs.mjs")),
                    args.dolos,
                    *files,
                ],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            tools["Dolos"] = (_pairs_from(out), None)
    print("| disguise | " + " | ".join(tools) + " |")
    print("| --- |" + " --- |" * len(tools))
    summaries = {name: table(results, *tools[name]) for name in tools}
    for copy in PLANTED_DISGUISES:
        cells = []
        for name in tools:
            score, caught, flag = summaries[name][0][copy]
            mark = "caught" if caught else "missed"
            if flag is not None:
                mark += f", {flag}"
            cells.append(f"{score:.3f} ({mark})")
        print(f"| {copy} | " + " | ".join(cells) + " |")
    print(
        "| highest pair of independent students | "
        + " | ".join(f"{summaries[n][1]:.3f}" for n in tools)
        + " |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
