"""A class read by variant: does one variant of an assignment score apart?

Where an assignment gives each student their own variant, a variant that is
harder or easier than the others shows as its students' scores sitting apart
from everyone else's. Per variant: its students' count, mean, median and
scores; a two-sided **Mann–Whitney U** test of its scores against those of
all the other variants together, the p-values **Holm**-corrected over the
variants tested; and one **Kruskal–Wallis** p-value over all the variants. A
variant is marked when its corrected p is below :data:`ALPHA`.

Why these tests: a total score is bounded, discrete, full of ties and skewed
(many full marks, some zeros), so a t-test's normal means are not to be
trusted with seven or eight students a variant; rank tests assume nothing of
the shape, and scipy corrects them for ties. One variant against the rest
names the variant to look at, which an overall test alone cannot; Holm keeps
the chance of marking any fair variant at 5 % whatever the tests' dependence,
and is never less powerful than Bonferroni. A variant (or a rest) of fewer
than :data:`MIN_STUDENTS` students is not tested: its ranks could not reach
significance, and a p-value there would only look like evidence.

A mark asks the instructor to read the variant's statement; it never changes
a score.
"""

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from mlgrade.grading.result import Result
from mlgrade.insight.safe_text import write_csv
from mlgrade.term.history import RESULTS

#: A variant is marked when its Holm-corrected p-value is below this.
ALPHA = 0.05
#: Fewer students than this in a variant (or in the rest): no test.
MIN_STUDENTS = 3

COLUMNS = [
    "assignment",
    "variant",
    "students",
    "mean",
    "median",
    "p_value",
    "p_corrected",
    "marked",
]
#: The ``marked`` column of a variant too small to test.
NOT_TESTED = f"not tested: fewer than {MIN_STUDENTS} students"


@dataclass(frozen=True)
class VariantScores:
    """One variant's students' total scores and its test against the rest."""

    variant: str
    scores: tuple  #: the students' total scores, ascending
    p_value: float | None = None  #: Mann–Whitney U against the rest; None: no test
    p_corrected: float | None = None  #: Holm over the variants tested
    #: the chance that a student of this variant outscores one of another
    #: (ties count half): below 0.5 the variant scores lower
    superiority: float | None = None

    @property
    def students(self):
        return len(self.scores)

    @property
    def mean(self):
        return float(np.mean(self.scores))

    @property
    def median(self):
        return float(np.median(self.scores))

    @property
    def tested(self):
        return self.p_value is not None

    @property
    def marked(self):
        return self.p_corrected is not None and self.p_corrected < ALPHA

    @property
    def direction(self):
        """Whether the variant scores "lower" or "higher" than the others (by
        rank); "" when untested or even."""
        if self.superiority is None or self.superiority == 0.5:
            return ""
        return "lower" if self.superiority < 0.5 else "higher"


@dataclass(frozen=True)
class AssignmentVariants:
    assignment: str
    max_score: float
    variants: tuple  #: [VariantScores], by variant id
    kruskal_p: float | None  #: over the variants tested; None under two of them
    unassigned: int = 0  #: submissions without a variant, left out
    #: (student, own variant, the variant it solves instead): wrong-variant matches
    solved_instead: tuple = ()

    @property
    def marked(self):
        return [v for v in self.variants if v.marked]


def holm(p_values):
    """Holm's step-down adjustment of ``p_values``, in their order.

    The k-th smallest p-value (from 0) is multiplied by ``m - k``, the
    products made non-decreasing in that order and capped at 1.
    """
    p = np.asarray(p_values, dtype=np.float64)
    if p.ndim != 1 or np.any(~np.isfinite(p)) or np.any((p < 0) | (p > 1)):
        raise ValueError(f"p_values must be p-values in [0, 1], got {p_values!r}")
    m = p.size
    order = np.argsort(p, kind="stable")
    adjusted = np.minimum(1.0, np.maximum.accumulate(p[order] * (m - np.arange(m))))
    out = np.empty(m)
    out[order] = adjusted
    return out.tolist()


def _against_rest(mine, rest):
    """(two-sided Mann–Whitney p, superiority) of ``mine`` against ``rest``."""
    from scipy import stats  # here: a class without variants never needs it

    if np.unique(np.concatenate([mine, rest])).size == 1:
        return 1.0, 0.5  # every score the same: nothing to tell apart
    test = stats.mannwhitneyu(mine, rest, alternative="two-sided")
    return float(test.pvalue), float(test.statistic) / (mine.size * rest.size)


def _kruskal(groups):
    if len(groups) < 2:
        return None
    from scipy import stats

    if np.unique(np.concatenate(groups)).size == 1:
        return 1.0
    return float(stats.kruskal(*groups).pvalue)


def analyse_assignment(assignment, scores_by_variant, max_score, unassigned=0):
    """:class:`AssignmentVariants` from ``{variant: [total score, ...]}``."""
    if not isinstance(scores_by_variant, dict):
        raise TypeError(
            "scores_by_variant must be a dict {variant: scores}, got "
            f"{type(scores_by_variant).__name__}"
        )
    groups = {
        v: np.sort(np.asarray(s, dtype=np.float64))
        for v, s in sorted(scores_by_variant.items())
    }
    for v, s in groups.items():
        if s.ndim != 1 or s.size == 0 or not np.all(np.isfinite(s)):
            raise ValueError(
                f"scores_by_variant[{v!r}] must be a non-empty list of finite scores"
            )
    tested = {}
    for v, mine in groups.items():
        rest = np.concatenate([s for w, s in groups.items() if w != v] or [[]])
        if mine.size >= MIN_STUDENTS and rest.size >= MIN_STUDENTS:
            tested[v] = _against_rest(mine, rest)
    corrected = dict(zip(tested, holm([p for p, _ in tested.values()]), strict=True))
    variants = tuple(
        VariantScores(
            v,
            tuple(s.tolist()),
            tested[v][0] if v in tested else None,
            corrected.get(v),
            tested[v][1] if v in tested else None,
        )
        for v, s in groups.items()
    )
    kruskal_p = _kruskal([s for s in groups.values() if s.size >= MIN_STUDENTS])
    return AssignmentVariants(
        assignment, float(max_score), variants, kruskal_p, unassigned
    )


def analyse(results):
    """[:class:`AssignmentVariants`], by assignment, for each assignment of
    ``results`` (:class:`~mlgrade.grading.result.Result`) where some
    submission has a variant; [] for a class without variants.

    A submission of such an assignment without a variant (one the grader
    could not give a variant) is counted in ``unassigned`` and left out.
    """
    results = list(results)
    for r in results:
        if not isinstance(r, Result):
            raise TypeError(f"results must hold Result objects, got {type(r).__name__}")
    with_variants = sorted({r.assignment for r in results if r.variant})
    out = []
    for name in with_variants:
        mine = [r for r in results if r.assignment == name]
        by_variant = {}
        for r in mine:
            if r.variant:
                by_variant.setdefault(r.variant, []).append(r.score)
        max_score = max(r.max_score for r in mine)
        unassigned = sum(not r.variant for r in mine)
        found = analyse_assignment(name, by_variant, max_score, unassigned)
        solved = tuple(
            (r.student, r.variant, r.solves_variant)
            for r in sorted(mine, key=lambda r: r.student)
            if r.solves_variant
        )
        out.append(dataclasses.replace(found, solved_instead=solved))
    return out


def _p(x):
    return "" if x is None else f"{x:.4g}"


def rows(analyses):
    """``variants.csv``'s rows, one per variant."""
    return [
        [
            a.assignment,
            v.variant,
            v.students,
            f"{v.mean:.3f}",
            f"{v.median:g}",
            _p(v.p_value),
            _p(v.p_corrected),
            ("yes" if v.marked else "no") if v.tested else NOT_TESTED,
        ]
        for a in analyses
        for v in a.variants
    ]


def write_table(folder, results):
    """Write ``variants.csv`` into ``folder`` when some result has a variant
    (a class without variants gets no file); return :func:`analyse`'s list."""
    analyses = analyse(results)
    if analyses:
        write_csv(Path(folder) / "variants.csv", COLUMNS, rows(analyses))
    return analyses


def read_results(folder):
    """The results kept in a run folder's ``results.jsonl`` ([] without one),
    for a dashboard over several runs."""
    path = Path(folder, RESULTS)
    if not path.is_file():
        return []
    return [
        Result.from_dict(json.loads(line)["result"])
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
