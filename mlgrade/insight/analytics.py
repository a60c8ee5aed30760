"""Item analysis of one assignment: pass rates, discrimination, score histogram.

A task (a test cell) discriminates when the students who pass it are the ones
who do well on the rest of the assignment. Two standard measures:

- the **point-biserial correlation** between the task's score and the rest of
  the assignment (the total without this task, so that the task does not
  correlate with itself). It is Pearson's r with one variable dichotomous:

  .. math:: r_{pb} = \\frac{\\bar y_1 - \\bar y_0}{s_y} \\sqrt{p (1 - p)}

  with :math:`s_y` the population standard deviation of the rest score;
- the **upper-lower index** :math:`D = p_U - p_L`: the task's pass rate among
  the best 27 % of the class (by the rest score) minus that among the worst
  27 % (Kelley's groups).

Tasks below 0.2 on the correlation, or passed by nearly everyone or nearly no
one (where discrimination is not defined or means little), are marked for
review.
"""

from dataclasses import dataclass, field

import numpy as np

#: Below this point-biserial correlation a task is marked for review.
LOW_DISCRIMINATION = 0.2
#: Pass rates at or beyond these are "nearly everyone" / "nearly no one".
NEARLY_ALL, NEARLY_NONE = 0.95, 0.05
#: Kelley's fraction for the upper and lower groups.
KELLEY_FRACTION = 0.27


def point_biserial(x, y):
    """Pearson's correlation of ``x`` (the task, 0/1 or a fraction) and ``y``.

    Returns None when either variable is constant (every student passed, or
    none did, or all scored the same): the correlation is not defined then.
    """
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if x.shape != y.shape:
        raise ValueError(f"x and y have different shapes: {x.shape} != {y.shape}")
    if x.size < 2:
        return None
    dx, dy = x - x.mean(), y - y.mean()
    sx, sy = np.sqrt(dx @ dx), np.sqrt(dy @ dy)
    if sx == 0 or sy == 0:
        return None
    return float(dx @ dy / (sx * sy))


def upper_lower_index(x, y, fraction=KELLEY_FRACTION):
    """Mean of ``x`` in the top ``fraction`` of students by ``y``, minus the bottom's.

    The groups have ``round(fraction * n)`` students each (at least one).
    Students tied on ``y`` are ordered by their position, so the result does
    not depend on how a sort breaks ties. None for fewer than two students.
    """
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    n = x.size
    if n < 2:
        return None
    k = max(1, int(round(fraction * n)))
    order = np.lexsort((np.arange(n), y))  # by y, then by position
    return float(x[order[-k:]].mean() - x[order[:k]].mean())


@dataclass
class TaskStats:
    grade_id: str
    max_score: float
    n: int
    pass_rate: float
    mean: float
    point_biserial: float | None
    upper_lower: float | None
    flags: list = field(default_factory=list)


def task_statistics(grade_ids, scores, max_scores):
    """One :class:`TaskStats` per column of ``scores`` (students × tasks)."""
    scores = np.asarray(scores, dtype=np.float64).reshape(-1, len(grade_ids))
    max_scores = np.asarray(max_scores, dtype=np.float64)
    n = scores.shape[0]
    total = scores.sum(axis=1)
    out = []
    for j, gid in enumerate(grade_ids):
        frac = scores[:, j] / max_scores[j] if max_scores[j] else scores[:, j] * 0
        passed = frac >= 1.0
        rest = total - scores[:, j]
        stats = TaskStats(
            gid,
            float(max_scores[j]),
            n,
            float(passed.mean()) if n else 0.0,
            float(scores[:, j].mean()) if n else 0.0,
            point_biserial(frac, rest),
            upper_lower_index(frac, rest),
        )
        if n and stats.pass_rate >= NEARLY_ALL:
            stats.flags.append("passed by nearly everyone")
        elif n and stats.pass_rate <= NEARLY_NONE:
            stats.flags.append("passed by nearly no one")
        if (
            stats.point_biserial is not None
            and stats.point_biserial < LOW_DISCRIMINATION
        ):
            stats.flags.append(f"discrimination below {LOW_DISCRIMINATION}")
        out.append(stats)
    return out


def histogram(totals, max_score):
    """(edges, counts) of the totals: one bin per point up to 20 points, else 20.

    The last bin includes the full score.
    """
    totals = np.asarray(totals, dtype=np.float64)
    bins = (
        int(max_score) if 0 < max_score <= 20 and float(max_score).is_integer() else 20
    )
    edges = np.linspace(0.0, float(max_score) if max_score else 1.0, bins + 1)
    counts, _ = np.histogram(np.clip(totals, edges[0], edges[-1]), bins=edges)
    return edges, counts
