"""A generated class of ps02-cost results, for the dashboard and similarity tests.

Each student writes each of the three functions in one of several correct
styles, or with a mistake (from the course's catalogue, or an unusual one),
or not at all; names and comments vary from student to student. The results
are built as the grader would return them (no kernels run), with the digest
of the wrong values a given wrong formula returns, the same for every student
who wrote it. ``copies`` plants groups of students whose code is copied.
"""

import hashlib
import random
from dataclasses import dataclass, field

from mlgrade.grading.result import Failure, Result, TaskResult
from mllesson.selfcheck import COST_MISTAKES, LOG_LOSS_MISTAKES, SIGMOID_MISTAKES

ASSIGNMENT = "ps02-cost"
TASKS = {  # function -> [(grade_id, points, kind of check)]
    "log_loss": [
        ("log_loss_values", 2, "values"),
        ("log_loss_clipping", 1, "values"),
        ("log_loss_vectorised", 1, "vectorised"),
    ],
    "logistic_cost": [
        ("logistic_cost_values", 2, "values"),
        ("logistic_cost_stable", 1, "stable"),
        ("logistic_cost_vectorised", 1, "vectorised"),
    ],
    "logistic_gradient": [
        ("logistic_gradient_values", 2, "values"),
        ("logistic_gradient_finite_differences", 1, "values"),
        ("logistic_gradient_vectorised", 1, "vectorised"),
    ],
}
GRADE_IDS = [g for tasks in TASKS.values() for g, _, _ in tasks]

SIGNATURES = {
    "log_loss": "def log_loss(y_true, y_prob, eps=1e-15):\n"
    '    """Mean binary log-loss of probabilities clipped to [eps, 1 - eps]."""',
    "logistic_cost": "def logistic_cost(theta, X, y, lam=0.0):\n"
    '    """Mean log-loss of the logistic model, computed from the logits."""',
    "logistic_gradient": "def logistic_gradient(theta, X, y, lam=0.0):\n"
    '    """Gradient of logistic_cost with respect to theta, shape (n + 1,)."""',
}

# Bodies use {a}, {b}, {c} for the student's own names. Each entry:
# (body, outcome) with outcome "ok", ("mistake", catalogue message),
# ("unusual", label) or "loop" (right values, not vectorised).
_SUMMED = COST_MISTAKES[1][0]
_MINUS = COST_MISTAKES[0][0]
_CLIPPED = COST_MISTAKES[3][0]
_LL_MISTAKE = LOG_LOSS_MISTAKES[0][0]

BODIES = {
    "log_loss": [
        (
            "    {a} = np.clip(y_prob, eps, 1 - eps)\n"
            "    return {f}(-{mean}(y_true * np.log({a}) + ({one} - y_true) *"
            " np.log({one} - {a})))",
            "ok",
        ),
        (
            "    {a} = np.minimum(np.maximum(y_prob, eps), 1.0 - eps)\n"
            "    {b} = y_true * np.log({a})\n"
            "    {c} = (1.0 - y_true) * np.log1p(-{a})\n"
            "    return -{f}(np.sum({b} + {c})) / len(y_true)",
            "ok",
        ),
        (
            "    {a} = np.asarray(y_true, dtype=float)\n"
            "    {b} = np.clip(np.asarray(y_prob, dtype=float), eps, 1 - eps)\n"
            "    return {f}({mean}(-{a} * np.log({b}) - ({one} - {a}) *"
            " np.log({one} - {b})))",
            "ok",
        ),
        (
            "    {a} = 0.0\n"
            "    for {b} in range(len(y_true)):\n"
            "        {c} = min(max(y_prob[{b}], eps), 1 - eps)\n"
            "        {a} -= y_true[{b}] * np.log({c}) + ({one} - y_true[{b}]) *"
            " np.log({one} - {c})\n"
            "    return {a} / len(y_true)",
            "loop",
        ),
        (
            "    {a} = np.clip(y_prob, eps, 1 - eps)\n"
            "    return {f}({mean}(y_true * np.log({a}) + ({one} - y_true) *"
            " np.log({one} - {a})))",
            ("mistake", _LL_MISTAKE),
        ),
    ],
    "logistic_cost": [
        (
            "    {a} = {Xt}\n    return {f}({mean}(np.logaddexp(0, {a}) - y * {a}))",
            "ok",
        ),
        (
            "    {a} = {Xt}\n"
            "    {b} = np.logaddexp(0.0, {a}) - y * {a}\n"
            "    return {f}({b}.sum() / {m})",
            "ok",
        ),
        (
            "    {a} = {Xt}\n"
            "    {b} = np.where({a} > 0, {a} + np.log1p(np.exp(-{a})),"
            " np.log1p(np.exp({a})))\n"
            "    return {f}({mean}({b} - y * {a}))",
            "ok",
        ),
        (
            "    {a} = {Xt}\n    return {f}(np.sum(np.logaddexp(0, {a}) - y * {a}))",
            ("mistake", _SUMMED),
        ),
        (
            "    {a} = {Xt}\n    return {f}({mean}(y * {a} - np.logaddexp(0, {a})))",
            ("mistake", _MINUS),
        ),
        (
            "    {a} = np.clip(1 / (1 + np.exp(-({Xt}))), 1e-15, 1 - 1e-15)\n"
            "    return {f}(-{mean}(y * np.log({a}) + ({one} - y) * np.log({one} -"
            " {a})))",
            ("mistake", _CLIPPED),
        ),
    ],
    "logistic_gradient": [
        ("    {a} = {m}\n    return {XT} @ (mllesson.sigmoid({Xt}) - y) / {a}", "ok"),
        (
            "    {a} = 1 / (1 + np.exp(-{Xt}))\n"
            "    {b} = {a} - y\n"
            "    return np.dot({XT}, {b}) / {m}",
            "ok",
        ),
        (
            "    {a} = mllesson.sigmoid({Xt})\n"
            "    return {mean}(({a} - y)[:, None] * X, axis=0)",
            "ok",
        ),
        (
            "    {a} = mllesson.sigmoid({Xt})\n    return {XT} @ ({a} - y)",
            ("mistake", "the 1/m is missing."),
        ),
    ],
}

UNUSUAL = {  # one-off wrong formulas: each gives values nobody else's does
    "log_loss": "    {a} = np.clip(y_prob, eps, 1 - eps)\n"
    "    return {f}(-{mean}(y_true * np.log({a} + {k}e-3)))",
    "logistic_cost": "    {a} = {Xt} * {k}\n"
    "    return {f}({mean}(np.logaddexp(0, {a}) - y * {a}))",
    "logistic_gradient": "    {a} = mllesson.sigmoid({Xt})\n"
    "    return {XT} @ ({a} - y) / (len(y) + {k})",
}

NAMES = [
    "p",
    "probs",
    "z",
    "logits",
    "h",
    "preds",
    "s",
    "t",
    "out",
    "val",
    "tmp",
    "q",
    "r",
    "score",
    "yhat",
    "a",
    "loss",
    "terms",
    "total",
    "res",
    "m",
    "n_ex",
]
COMMENTS = [
    "# clip to avoid log(0)",
    "# vectorised",
    "# mean over examples",
    "# from the notes",
    "# stable version",
    "# TODO check",
    "# per example",
]


#: Small choices every student makes their own way.
CHOICES = {
    "Xt": [
        "X @ theta",
        "np.dot(X, theta)",
        "X.dot(theta)",
        "np.matmul(X, theta)",
        "(X @ theta)",
        "theta @ X.T",
    ],
    "one": ["1", "1.0", "1.", "np.ones_like(y)"],
    "mean": ["np.mean", "np.average", "np.nanmean"],
    "XT": ["X.T", "np.transpose(X)", "X.transpose()", "X.swapaxes(0, 1)"],
    "m": ["len(y)", "y.shape[0]", "y.size", "X.shape[0]", "len(X)"],
    "f": ["float", "np.float64", ""],
}


def _fill(body, rng, k=None):
    a, b, c = rng.sample(NAMES, 3)
    picks = {key: rng.choice(options) for key, options in CHOICES.items()}
    code = body.format(a=a, b=b, c=c, k=k if k is not None else 1, **picks)
    lines = code.split("\n")
    if rng.random() < 0.5:
        at = rng.randrange(len(lines))
        indent = lines[at][: len(lines[at]) - len(lines[at].lstrip())]
        lines.insert(at, indent + rng.choice(COMMENTS))
    return "\n".join(lines)


def _digest(*parts):
    return hashlib.blake2b(
        "\0".join(map(str, parts)).encode(), digest_size=8
    ).hexdigest()


def _tasks_for(function, outcome, unusual_key=None):
    out = []
    for gid, points, kind in TASKS[function]:
        if outcome == "blank":
            out.append(
                TaskResult(
                    gid,
                    0.0,
                    points,
                    f"{function}: not implemented yet.",
                    failure=Failure.NOT_ATTEMPTED,
                )
            )
        elif outcome == "timeout":
            out.append(
                TaskResult(
                    gid,
                    0.0,
                    points,
                    "Your code did not finish within the time limit.",
                    failure=Failure.TIME_LIMIT,
                )
            )
        elif outcome == "ok" or (outcome == "loop" and kind != "vectorised"):
            out.append(TaskResult(gid, float(points), points))
        elif outcome == "loop":
            out.append(
                TaskResult(
                    gid,
                    0.0,
                    points,
                    f"{function}: runs a Python loop over the examples; "
                    "the task asks for vectorised numpy code.",
                    failure=Failure.NOT_VECTORISED,
                )
            )
        elif kind == "vectorised":  # a wrong formula can still be vectorised
            out.append(TaskResult(gid, float(points), points))
        elif outcome[0] == "mistake":
            out.append(
                TaskResult(
                    gid,
                    0.0,
                    points,
                    f"{function}: problem 3 of shape (30, 4), lam = 0.0: {outcome[1]} "
                    "(30 of 30 values differ)",
                    wrong_values=_digest(gid, outcome[1]),
                    failure=Failure.WRONG_VALUES,
                    mistake=outcome[1],
                )
            )
        else:  # unusual
            out.append(
                TaskResult(
                    gid,
                    0.0,
                    points,
                    f"{function}: problem 1 of shape (1, 2), lam = 0.0: wrong values. "
                    "(1 of 1 values differ)",
                    wrong_values=_digest(gid, "unusual", unusual_key),
                    failure=Failure.WRONG_VALUES,
                )
            )
    return out


@dataclass
class Generated(Result):
    """A :class:`Result` that also says how each function was written."""

    #: function -> "blank", "timeout", "unusual" or "body <i>" (of BODIES)
    styles: dict = field(default_factory=dict)


def student(name, rng, unusual_rate=0.08, blank_rate=0.05):
    """A :class:`Generated` result for one independent student."""
    result = Generated(name, ASSIGNMENT)
    for function in TASKS:
        draw = rng.random()
        if draw < blank_rate:
            outcome, code = (
                "blank",
                SIGNATURES[function]
                + ("\n    # YOUR CODE HERE\n    raise NotImplementedError()"),
            )
        elif draw < blank_rate + 0.01:
            outcome, code = (
                "timeout",
                SIGNATURES[function] + "\n    while True:\n        pass",
            )
        elif draw < blank_rate + 0.01 + unusual_rate:
            key = f"{name}-{function}"
            outcome = ("unusual", key)
            code = (
                SIGNATURES[function]
                + "\n"
                + _fill(UNUSUAL[function], rng, k=rng.randrange(2, 999))
            )
        else:
            body, outcome = rng.choice(BODIES[function])
            code = SIGNATURES[function] + "\n" + _fill(body, rng)
        result.styles[function] = (
            f"body {BODIES[function].index((body, outcome))}"
            if draw >= blank_rate + 0.01 + unusual_rate
            else outcome
            if outcome in ("blank", "timeout")
            else "unusual"
        )
        if outcome == "timeout":
            result.problems.append((Failure.TIME_LIMIT, f"{function} did not finish"))
        unusual_key = outcome[1] if isinstance(outcome, tuple) else None
        result.tasks.extend(_tasks_for(function, outcome, unusual_key))
        result.answers.append((function, code))
    return result


def copy_of(original, name, rng, rename=False):
    """A copy of ``original``'s submission: the same code, optionally with
    other names and comments (``rename``); the same returned values."""
    result = Generated(name, ASSIGNMENT, styles=dict(original.styles))
    result.tasks = [
        TaskResult(
            t.grade_id,
            t.score,
            t.max_score,
            t.message,
            t.wrong_values,
            t.failure,
            t.mistake,
        )
        for t in original.tasks
    ]
    answers = []
    for gid, code in original.answers:
        if rename:
            for old in sorted(set(NAMES), key=len, reverse=True):
                code = _rename(code, old, old + "_v")
            code = code.replace("# ", "# note: ")
        answers.append((gid, code))
    result.answers = answers
    return result


def planted_pairs(copied):
    """Every pair of students inside each planted group (``make_class``'s
    ``copied``), ordered as similarity.csv names them."""
    pairs = set()
    for source, copies in copied.items():
        group = sorted([source, *copies])
        pairs |= {(a, b) for i, a in enumerate(group) for b in group[i + 1 :]}
    return pairs


def unexplained_flags(flagged, results, copied):
    """The flagged pairs that ought not to be: ``flagged`` maps (a, b) to the
    reasons ("code; identical wrong values"). A pair not planted is explained
    only by code, and only when the two students happened to write every
    function from the same body (short code has few ways to be written)."""
    styles = {r.student: r.styles for r in results}
    planted = planted_pairs(copied)
    return {
        (a, b): reasons
        for (a, b), reasons in flagged.items()
        if (a, b) not in planted and (reasons != "code" or styles[a] != styles[b])
    }


def _rename(code, old, new):
    import re

    return re.sub(rf"\b{re.escape(old)}\b", new, code)


def make_class(n, seed=0, copies=((3, 5),), unusual_rate=0.08):
    """``n`` results; each ``(source, size)`` in ``copies`` plants a group of
    ``size`` students (``source`` and ``size - 1`` copies of it)."""
    rng = random.Random(seed)
    results = [student(f"s{i:03d}", rng, unusual_rate) for i in range(n)]
    copied = {}
    for source, size in copies:
        # The copied submission has an unusual mistake: something to find.
        results[source] = student(results[source].student, rng, unusual_rate=0.6)
        for j in range(1, size):
            target = (source + 7 * j) % n
            results[target] = copy_of(
                results[source], results[target].student, rng, rename=j % 2 == 0
            )
            copied.setdefault(results[source].student, []).append(
                results[target].student
            )
    return results, copied


def own_code(results):
    """student -> {grade_id: code without the scaffold}, as the grader strips it."""
    from mlgrade.insight import similarity

    scaffold = {"# YOUR CODE HERE", "raise NotImplementedError()"}
    for signature in SIGNATURES.values():
        scaffold |= {line.strip() for line in signature.splitlines()}
    return {
        r.student: {g: similarity.own_code(src, scaffold) for g, src in r.answers}
        for r in results
    }


def wrong_values(results):
    """student -> {grade_id: (digest, category)} of the wrong values."""
    from mlgrade.insight.categories import categorise

    return {
        r.student: {
            t.grade_id: (t.wrong_values, categorise(t))
            for t in r.tasks
            if t.wrong_values
        }
        for r in results
    }


# --- a second assignment, for the heat map -----------------------------------------

SIGMOID_BODIES = [
    ("    return 1 / (1 + np.exp(-z))", "naive"),
    (
        "    e = np.exp(-np.abs(z))\n"
        "    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))",
        "ok",
    ),
    ("    return 1 / (1 + np.exp(z))", ("mistake", SIGMOID_MISTAKES[0][0])),
]


#: ps01-hypothesis's tasks and points, as its master notebook has them.
PS01_POINTS = [
    ("sigmoid_values", 1),
    ("sigmoid_stable", 1),
    ("sigmoid_vectorised", 1),
    ("hypothesis_values", 2),
    ("hypothesis_vectorised", 1),
    ("predict_values", 2),
    ("predict_threshold", 1),
    ("predict_labels", 1),
]


def hypothesis_student(name, rng, ability):
    """A :class:`Result` for ps01-hypothesis, passing more often when able."""
    result = Result(name, "ps01-hypothesis")
    body, outcome = rng.choice(SIGMOID_BODIES)
    result.answers = [
        ("sigmoid", "def sigmoid(z):\n" + body),
        (
            "hypothesis",
            "def hypothesis(theta, X):\n    return mllesson.sigmoid(X @ theta)",
        ),
        (
            "predict",
            "def predict(theta, X, threshold=0.5):\n"
            "    return (hypothesis(theta, X) >= threshold).astype(int)",
        ),
    ]
    for gid, points in PS01_POINTS:
        if gid.startswith("sigmoid") and outcome != "ok" and not gid.endswith("ised"):
            if outcome == "naive" and gid == "sigmoid_stable":
                message = (
                    "sigmoid: at |z| = 1000: the result contains NaN or "
                    "infinity; an intermediate step overflows. Compute it "
                    "stably. (1 of 5 values differ)"
                )
                failure, mistake = Failure.NOT_FINITE, ""
            elif outcome == "naive":
                result.tasks.append(TaskResult(gid, float(points), points))
                continue
            else:
                message = f"sigmoid: 5 values: {outcome[1]} (5 of 5 values differ)"
                failure, mistake = Failure.WRONG_VALUES, outcome[1]
            result.tasks.append(
                TaskResult(gid, 0.0, points, message, failure=failure, mistake=mistake)
            )
        elif rng.random() < ability:
            result.tasks.append(TaskResult(gid, float(points), points))
        elif rng.random() < 0.5:
            task = gid.rsplit("_", 1)[0]
            result.tasks.append(
                TaskResult(
                    gid,
                    0.0,
                    points,
                    f"{task}: not implemented yet.",
                    failure=Failure.NOT_ATTEMPTED,
                )
            )
        else:
            result.tasks.append(
                TaskResult(
                    gid,
                    0.0,
                    points,
                    f"predict: {rng.randrange(2, 40)} of 50 labels are wrong.",
                    failure=Failure.WRONG_VALUES,
                )
            )
    return result


def two_assignments(n, seed=0):
    """ps01-hypothesis and ps02-cost results of ``n`` students; a few miss ps01."""
    rng = random.Random(seed)
    ps02, copied = make_class(n, seed=seed, copies=((3, 5), (11, 2)))
    ps01 = [
        hypothesis_student(f"s{i:03d}", rng, rng.uniform(0.3, 0.95))
        for i in range(n)
        if i % 17 != 5
    ]
    return ps01 + ps02, copied


def main(argv=None):
    """Write the run folder of a generated class (see the module docstring)."""
    import argparse
    import time
    from pathlib import Path

    from mlgrade.grading.course import load_course
    from mlgrade.insight import dashboard, similarity, tables

    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--students", type=int, default=60)
    parser.add_argument("--one", action="store_true", help="ps02-cost only")
    args = parser.parse_args(argv)
    course = Path(__file__).resolve().parents[2]
    assignments = load_course(course)
    if args.one:
        results, _ = make_class(args.students, seed=1, copies=((3, 5), (11, 2)))
    else:
        results, _ = two_assignments(args.students, seed=1)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    tables.write_all(out, results, [], assignments)
    written = time.perf_counter()
    pairs, skipped = similarity.write_table(out, results, assignments, course)
    compared = time.perf_counter()
    dashboard.write(out, results, course, pairs, skipped)
    print(
        f"{args.students} students: report {written - start:.2f} s, "
        f"similarity {compared - written:.2f} s, "
        f"dashboard {time.perf_counter() - compared:.2f} s"
    )


if __name__ == "__main__":
    main()


# --- a planted set of disguised copies, for the copy-detection tests ------------

PLANTED_ORIGINAL = {
    "log_loss": SIGNATURES["log_loss"]
    + """
    probs = np.asarray(y_prob, dtype=np.float64)
    lo, hi = eps, 1.0 - eps
    probs = np.where(probs < lo, lo, probs)
    probs = np.where(probs > hi, hi, probs)
    pos = np.log(probs[y_true == 1]).sum()
    neg = np.log1p(-probs[y_true == 0]).sum()
    return -(pos + neg) / y_true.size""",
    "logistic_cost": """def _softplus(v):
    return np.maximum(v, 0) + np.log1p(np.exp(-np.abs(v)))


"""
    + SIGNATURES["logistic_cost"]
    + """
    scores = X @ theta
    per_example = _softplus(scores) - y * scores
    return float(per_example.sum() / len(y))""",
}

#: Five disguises of PLANTED_ORIGINAL, each one a student might try.
PLANTED_DISGUISES = {
    "renamed": {
        "log_loss": SIGNATURES["log_loss"]
        + """
    p = np.asarray(y_prob, dtype=np.float64)
    low, high = eps, 1.0 - eps
    p = np.where(p < low, low, p)
    p = np.where(p > high, high, p)
    ones = np.log(p[y_true == 1]).sum()
    zeros = np.log1p(-p[y_true == 0]).sum()
    return -(ones + zeros) / y_true.size""",
        "logistic_cost": """def stable_log1pexp(t):
    return np.maximum(t, 0) + np.log1p(np.exp(-np.abs(t)))


"""
        + SIGNATURES["logistic_cost"]
        + """
    z = X @ theta
    losses = stable_log1pexp(z) - y * z
    return float(losses.sum() / len(y))""",
    },
    "reordered": {
        "log_loss": SIGNATURES["log_loss"]
        + """
    probs = np.asarray(y_prob, dtype=np.float64)
    lo, hi = eps, 1.0 - eps
    probs = np.where(probs > hi, hi, probs)
    probs = np.where(probs < lo, lo, probs)
    neg = np.log1p(-probs[y_true == 0]).sum()
    pos = np.log(probs[y_true == 1]).sum()
    return -(pos + neg) / y_true.size""",
        "logistic_cost": SIGNATURES["logistic_cost"]
        + """
    scores = X @ theta
    per_example = _softplus(scores) - y * scores
    return float(per_example.sum() / len(y))


def _softplus(v):
    return np.maximum(v, 0) + np.log1p(np.exp(-np.abs(v)))""",
    },
    "padded": {
        "log_loss": SIGNATURES["log_loss"]
        + """
    p = np.asarray(y_prob, dtype=np.float64)
    unused_a = [k * k for k in range(10)]
    low, high = eps, 1.0 - eps
    if False:
        p = p + 1
        print("never")
    p = np.where(p < low, low, p)
    p = np.where(p > high, high, p)
    ones = np.log(p[y_true == 1]).sum()
    zeros = np.log1p(-p[y_true == 0]).sum()
    return -(ones + zeros) / y_true.size
    print("after the return")"""
        + "".join(
            f"\n\n\ndef helper_{i}(a, b):\n    c = a * {i} + b\n"
            f"    d = [c] * {i + 2}\n    return sum(d) - {i}"
            for i in range(12)
        ),
        "logistic_cost": """def stable_log1pexp(t):
    return np.maximum(t, 0) + np.log1p(np.exp(-np.abs(t)))


"""
        + SIGNATURES["logistic_cost"]
        + """
    z = X @ theta
    counter = 0
    for _ in range(3):
        counter += 1
    losses = stable_log1pexp(z) - y * z
    return float(losses.sum() / len(y))""",
    },
    "comments": {
        "log_loss": SIGNATURES["log_loss"]
        + '''
    # First make the probabilities floats, then clip them.
    probs = np.asarray(y_prob, dtype=np.float64)
    lo, hi = eps, 1.0 - eps  # keep away from log(0)
    probs = np.where(probs < lo, lo, probs)   # lower bound
    probs = np.where(probs > hi, hi, probs)   # upper bound

    # Sum the log-likelihood of each class separately.
    pos = np.log(probs[y_true == 1]).sum()
    neg = np.log1p(-probs[y_true == 0]).sum()
    """Average over the examples."""
    return -(pos + neg) / y_true.size''',
        "logistic_cost": '''def _softplus(v):
    """log(1 + exp(v)), written so that it never overflows."""
    return np.maximum(v, 0) + np.log1p(np.exp(-np.abs(v)))  # stable


'''
        + SIGNATURES["logistic_cost"]
        + """
    # logits of every example
    scores = X @ theta
    per_example = _softplus(scores) - y * scores  # the cost of each example
    return float(per_example.sum() / len(y))  # the mean""",
    },
    "split": {
        "log_loss": """def _clipped(y_prob, eps):
    probs = np.asarray(y_prob, dtype=np.float64)
    lo, hi = eps, 1.0 - eps
    probs = np.where(probs < lo, lo, probs)
    probs = np.where(probs > hi, hi, probs)
    return probs


def _log_likelihood(probs, y_true):
    pos = np.log(probs[y_true == 1]).sum()
    neg = np.log1p(-probs[y_true == 0]).sum()
    return pos + neg


"""
        + SIGNATURES["log_loss"]
        + """
    probs = _clipped(y_prob, eps)
    return -_log_likelihood(probs, y_true) / y_true.size""",
        "logistic_cost": """def _softplus(v):
    return np.maximum(v, 0) + np.log1p(np.exp(-np.abs(v)))


def _per_example(scores, y):
    return _softplus(scores) - y * scores


"""
        + SIGNATURES["logistic_cost"]
        + """
    scores = X @ theta
    return float(_per_example(scores, y).sum() / len(y))""",
    },
}

#: Independent and correct, in two other styles than PLANTED_ORIGINAL's.
PLANTED_INDEPENDENT = {
    "style_a": {
        "log_loss": SIGNATURES["log_loss"]
        + """
    y_prob = np.clip(y_prob, eps, 1 - eps)
    terms = y_true * np.log(y_prob) + (1 - y_true) * np.log(1 - y_prob)
    return float(-terms.mean())""",
        "logistic_cost": SIGNATURES["logistic_cost"]
        + """
    z = np.dot(X, theta)
    return float(np.mean(np.logaddexp(0.0, z) - y * z))""",
    },
    "style_b": {
        "log_loss": SIGNATURES["log_loss"]
        + """
    total = 0.0
    clipped = np.minimum(1 - eps, np.maximum(eps, y_prob))
    total += np.sum(y_true * np.log(clipped))
    total += np.sum((1 - y_true) * np.log1p(-clipped))
    return -total / len(y_prob)""",
        "logistic_cost": SIGNATURES["logistic_cost"]
        + """
    m = len(y)
    logits = X.dot(theta)
    log_h = -np.logaddexp(0, -logits)
    log_1mh = -np.logaddexp(0, logits)
    return float(-(y @ log_h + (1 - y) @ log_1mh) / m)""",
    },
    "style_c": {
        "log_loss": SIGNATURES["log_loss"]
        + """
    p = np.clip(np.asarray(y_prob, dtype=float), eps, 1.0 - eps)
    y = np.asarray(y_true, dtype=float)
    return -np.mean(y * np.log(p) + (1.0 - y) * np.log1p(-p))""",
        "logistic_cost": SIGNATURES["logistic_cost"]
        + """
    z = X @ theta
    loss = np.where(z > 0, z + np.log1p(np.exp(-z)), np.log1p(np.exp(z))) - y * z
    return float(loss.mean())""",
    },
}


def planted_set(background=40, seed=5):
    """A generated class of ``background`` students, the original, its five
    disguises and three independent correct solutions, as Results."""
    results, _ = make_class(background, seed=seed, copies=())
    extra = {"original": PLANTED_ORIGINAL, **PLANTED_DISGUISES, **PLANTED_INDEPENDENT}
    for name, answers in extra.items():
        r = Result(name, ASSIGNMENT)
        r.answers = list(answers.items())
        results.append(r)
    return results
