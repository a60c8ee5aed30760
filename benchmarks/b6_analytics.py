"""B6. Class analytics: the similarity pass and the dashboard after grading.

A generated class (the tests' ``synthetic_class``: each student writes the
ps02-cost functions in one of several styles, with or without a mistake;
groups of planted copies, some with renamed variables) of 60 and of 300
students on one assignment. No kernel runs: the results are built as the
grader returns them, so this times only what ``make grade`` does after the
last submission is graded.

- similarity + dashboard: ``mlgrade.insight.similarity.write_table`` (the
  pairs, written to ``similarity.csv``), then ``mlgrade.insight.dashboard.write``
  (``dashboard.html``); target at most 5 s for 300 students;
- of which the pairwise part alone: ``similarity.compare``, timed inside that
  pass (fingerprinting the students' own code, the sparse product of rare
  fingerprints, the identical wrong values), for context;
- with the other tables: ``tables.write_all`` (grades, task scores, summary,
  one feedback page per student) before it, for context.

Each figure is the median of ``REPEATS`` runs. The fingerprint cache is
emptied before each run, as a fresh ``make grade`` starts with it empty. The
details record how many of the planted pairs were flagged, and how many
other pairs.
"""

import csv
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from ._common import ROOT, Row

TARGET_SECONDS = ("<=", 5.0)
SIZES = (60, 300)
QUICK_SIZES = (12,)
#: (source, size) groups of planted copies; the copies are spread by 7 seats.
COPIES = ((3, 5), (11, 3))
QUICK_COPIES = ((3, 3),)
REPEATS = 5


def _synthetic():
    """The tests' class generator (``tests/grading`` is a package; ``tests`` is
    not, and ROOT is on the path when the benchmarks run)."""
    from tests.grading import synthetic_class

    return synthetic_class


class _Timed:
    """Wraps a function, adding each call's wall time to ``seconds``."""

    def __init__(self, fn):
        self.fn, self.seconds = fn, 0.0

    def __call__(self, *args, **kwargs):
        start = time.perf_counter()
        try:
            return self.fn(*args, **kwargs)
        finally:
            self.seconds += time.perf_counter() - start


def flagged_pairs(folder):
    """(student_a, student_b) of the flagged rows of a run's similarity.csv."""
    with open(Path(folder) / "similarity.csv", newline="", encoding="utf-8") as fh:
        return {
            (row["student_a"], row["student_b"])
            for row in csv.DictReader(fh)
            if row["flagged"] == "yes"
        }


def measure(n, repeats, copies):
    """Median seconds of each part for a class of ``n``, and what was flagged.

    The pairwise part is timed inside the real pass: ``similarity.compare``
    (fingerprinting, the sparse product, the identical wrong values) is
    wrapped while ``similarity.write_table`` runs.
    """
    from mlgrade.grading.course import load_course
    from mlgrade.insight import dashboard, similarity, tables

    synthetic = _synthetic()
    results, copied = synthetic.make_class(n, seed=4, copies=copies)
    assignments = load_course(ROOT)
    times = {"tables": [], "similarity": [], "dashboard": [], "pairwise": []}
    tmp = Path(tempfile.mkdtemp(prefix="mllesson-b6-"))
    compare = similarity.compare
    try:
        for r in range(repeats):
            folder = tmp / f"run{r}"
            folder.mkdir()
            start = time.perf_counter()
            tables.write_all(folder, results, [], assignments)
            times["tables"].append(time.perf_counter() - start)
            similarity.fingerprints.cache_clear()
            similarity.compare = timed = _Timed(compare)
            try:
                start = time.perf_counter()
                pairs, skipped = similarity.write_table(
                    folder, results, assignments, ROOT
                )
                compared = time.perf_counter()
                dashboard.write(folder, results, ROOT, pairs, skipped)
            finally:
                similarity.compare = compare
            times["similarity"].append(compared - start)
            times["dashboard"].append(time.perf_counter() - compared)
            times["pairwise"].append(timed.seconds)
        flagged = flagged_pairs(folder)
        page = (folder / "dashboard.html").read_text(encoding="utf-8")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    planted = synthetic.planted_pairs(copied)
    return {
        "students": n,
        "pairs": n * (n - 1) // 2,
        "median_s": {part: statistics.median(t) for part, t in times.items()},
        "runs_s": times,
        "planted_pairs": len(planted),
        "planted_flagged": len(planted & flagged),
        "other_flagged": len(flagged - planted),
        "page_counts_every_student": f"<p>{n} submissions, out of" in page,
    }


def run(quick=False):
    sizes = QUICK_SIZES if quick else SIZES
    copies = QUICK_COPIES if quick else COPIES
    repeats = 1 if quick else REPEATS
    details = {"repeats": repeats, "sizes": {}}
    rows = []
    for n in sizes:
        d = measure(n, repeats, copies)
        details["sizes"][n] = d
        s = d["median_s"]
        both = s["similarity"] + s["dashboard"]
        note = ""  # a few other flags are expected (see the README): details only
        if d["planted_flagged"] != d["planted_pairs"]:
            found = f"{d['planted_flagged']} of {d['planted_pairs']}"
            note = f"planted pairs flagged: {found}"
        largest = n == sizes[-1]
        rows += [
            Row(
                "B6",
                f"{n} students, one assignment: similarity + dashboard",
                both,
                ratio=both if largest else None,
                target=TARGET_SECONDS if largest else None,
                note=note,
            ),
            Row(
                "B6",
                f"  of which: pairwise comparison ({d['pairs']:,} pairs)",
                s["pairwise"],
            ),
            Row(
                "B6",
                "  with the other tables (grades, task scores, feedback pages)",
                both + s["tables"],
            ),
        ]
    return {"rows": rows, "details": details}
