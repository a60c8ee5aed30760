"""Pairs of submissions an instructor may want to compare: flags, never scores.

Two signals, each computed over one assignment's submissions:

**Behaviour.** After grading, every task that failed on a wrong *value* is run
once more on inputs that are the same for the whole class (the checks'
published seeds), and a digest of what the student's functions returned is
kept (:func:`record_wrong_values`; the values themselves are never stored or
shown). Two submissions with the same digest gave the same wrong answers. That
is strong evidence when the value is unusual, and weak when it is a mistake
from the course's catalogue or one that many students make.

**Code.** The student's own code (their answer cells, with the lines of the
released scaffold removed) is tokenized with :mod:`tokenize`; comments,
whitespace and the names of variables and functions are normalised away
(attribute names such as ``np.exp`` and keywords are kept). Fingerprints are
selected by winnowing (Schleimer, Wilkerson and Aiken 2003, the algorithm
behind MOSS) over k-grams of tokens. As in MOSS, fingerprints of the master
solution are removed, and fingerprints that many submissions share are
ignored: they are how the class writes it, not evidence of copying. Renamed
variables, new comments and reordered functions leave most fingerprints
unchanged.

False positives to expect: short functions have few ways to be written, so
two independent students can agree token for token; code copied from the
book or the package's source looks alike (the master's fingerprints are
removed, but a near-copy of the book is not the master); two students who
make the same uncatalogued mistake independently share wrong values. A flag
asks for a human look and changes no score.
"""

import builtins
import functools
import hashlib
import io
import keyword
import re
import tokenize
import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import checks
from .failures import (
    CHANGED_INPUT,
    FINITE_DIFFERENCES,
    NOT_FINITE,
    WRONG_SHAPE,
    WRONG_VALUES,
    Kind,
    categorise,
)
from .markers import scaffold_lines

#: Tokens per k-gram and k-grams per winnowing window. Any copied run of at
#: least K + W - 1 = 8 tokens shares a fingerprint (the winnowing guarantee).
K, W = 5, 4
#: A fingerprint or a wrong value shared by more than max(MIN_COMMON,
#: COMMON_FRACTION * n) submissions is the class's common way, not evidence.
MIN_COMMON, COMMON_FRACTION = 5, 0.2
#: Fingerprints in more than this share of the submissions are left out
#: of every comparison.
UBIQUITOUS = 0.5
#: Code: flagged when this share of the larger submission's fingerprints is
#: in common, at least MIN_SHARED of them rare.
CODE_THRESHOLD, MIN_SHARED = 0.9, 8
#: Behaviour: an unusual identical wrong value weighs 1, a catalogued
#: misconception (or an unusual value of a catalogued kind) weighs this.
CATALOGUED_WEIGHT = 0.2
BEHAVIOUR_THRESHOLD = 2.0

#: Failures whose returned values say something (not crashes or blanks).
_VALUE_FAILURES = {
    WRONG_VALUES,
    NOT_FINITE,
    FINITE_DIFFERENCES,
    CHANGED_INPUT,
    WRONG_SHAPE,
}

#: Names kept as they are: modules and builtins mean the same in every hand.
_KEPT_NAMES = {"np", "numpy", "mllesson", "math", "scipy", "self"} | set(dir(builtins))


# --- behaviour: what the student's functions return ------------------------------


def _feed(h, value, depth=0):
    """Add ``value`` to the hash ``h``, floats to about 7 significant digits."""
    if depth > 8:
        h.update(b"deep")
        return
    if isinstance(value, tuple | list):
        h.update(b"(%d" % len(value))
        for v in value:
            _feed(h, v, depth + 1)
        h.update(b")")
    elif isinstance(value, dict):
        h.update(b"{")
        for k in sorted(value, key=str):
            h.update(str(k).encode() + b":")
            _feed(h, value[k], depth + 1)
        h.update(b"}")
    elif value is None or isinstance(value, str):
        h.update(repr(value).encode())
    else:
        try:
            arr = np.asarray(value, dtype=np.float64)
        except (TypeError, ValueError):
            h.update(type(value).__name__.encode())
            return
        h.update(repr(arr.shape).encode())
        finite = np.isfinite(arr)
        mantissa, exponent = np.frexp(np.where(finite, arr, 0.0))
        # 2**23 steps per binade: a rounding-level difference between two
        # ways of writing the same formula rarely changes the digest.
        h.update(np.round(mantissa * (1 << 23)).astype(np.int64).tobytes())
        h.update(exponent.astype(np.int64).tobytes())
        h.update(
            np.where(finite, 0, np.where(np.isnan(arr), 1, np.sign(arr) + 3))
            .astype(np.int8)
            .tobytes()
        )


def value_digest(values):
    """A short digest of a sequence of returned values (never the values)."""
    h = hashlib.blake2b(digest_size=8)
    _feed(h, list(values))
    return h.hexdigest()


def record_wrong_values(tests, outcome, namespace, functions, course):
    """Set ``wrong_values`` of each failed task of ``tests`` that returned values.

    The test cell runs again with the checks' own (published) seeds, the same
    for every student, while the student's functions record what they return.
    Called in the grader after the group's tests and before its check for a
    tampered kernel; it never changes a score, and a kernel that dies or
    times out here only ends the probing (the tamper check still runs).
    """
    for test in tests:
        task = outcome.get(test.grade_id)
        if task is None:
            continue
        category = categorise(task)
        if category is None or (
            category.kind is not Kind.MISCONCEPTION and category not in _VALUE_FAILURES
        ):
            continue
        returned = []
        for function in functions.values():
            function.returned = returned
        try:
            checks.run_test(test, namespace, functions, course, None)
        except Exception:  # the kernel died or timed out: no digest, no more probes
            break
        finally:
            for function in functions.values():
                function.returned = None
        if returned:
            task.wrong_values = value_digest(returned)


# --- code: winnowed fingerprints of normalised tokens ---------------------------


def _raw_tokens(source):
    try:
        return list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return None


_SKIP = {
    tokenize.COMMENT,
    tokenize.NL,
    tokenize.NEWLINE,
    tokenize.INDENT,
    tokenize.DEDENT,
    tokenize.ENDMARKER,
    tokenize.ENCODING,
}
_STRINGS = {tokenize.STRING} | {
    getattr(tokenize, n)
    for n in ("FSTRING_START", "FSTRING_MIDDLE", "FSTRING_END")
    if hasattr(tokenize, n)
}


def normalised_tokens(source):
    """The source's tokens with comments, layout, strings and names normalised.

    Local names become ``V``, strings ``S``; keywords, operators, numbers,
    builtins, module names and attribute names (``.exp``) are kept.
    """
    raw = _raw_tokens(source)
    if raw is None:  # not Python: fall back to words and symbols
        return [
            t if not t.isidentifier() or keyword.iskeyword(t) else "V"
            for t in re.findall(r"\w+|[^\w\s]", source)
        ]
    out = []
    previous = None
    for tok in raw:
        if tok.type in _SKIP:
            continue
        if tok.type in _STRINGS:
            if out and out[-1] == "S":
                continue
            text = "S"
        elif tok.type == tokenize.NAME:
            name = tok.string
            if keyword.iskeyword(name) or name in _KEPT_NAMES or previous == ".":
                text = name
            else:
                text = "V"
        else:
            text = tok.string
        out.append(text)
        previous = tok.string
    return out


@functools.cache
def _token_code(token):
    return zlib.crc32(token.encode())


def winnow(tokens, k=K, w=W):
    """The set of winnowed fingerprints of ``tokens`` (robust winnowing).

    A k-gram's hash is Python's hash of its tokens' CRC-32 codes: a tuple of
    ints hashes the same in every process, so runs are reproducible.
    """
    codes = [_token_code(t) for t in tokens]
    hashes = [hash(tuple(codes[i : i + k])) for i in range(len(codes) - k + 1)]
    if len(hashes) <= w:
        return set(hashes)
    chosen = set()
    for i in range(len(hashes) - w + 1):
        window = hashes[i : i + w]
        low = min(window)
        j = max(x for x, h in enumerate(window) if h == low)  # rightmost minimum
        chosen.add(window[j])
    return chosen


def own_code(source, scaffold):
    """``source`` without the lines of the released scaffold."""
    return "\n".join(
        line for line in source.splitlines() if line.strip() not in scaffold
    )


def master_answers(course, assignment):
    """{grade_id: source} of the master notebook's answer cells."""
    import nbformat

    path = Path(course, "solutions", assignment.name, assignment.notebook)
    nb = nbformat.read(path, as_version=4)
    out = {}
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {}) or {}
        if cell.cell_type == "code" and meta.get("solution"):
            out[meta["grade_id"]] = cell.source
    return out


# --- pairs -----------------------------------------------------------------------


@dataclass
class Pair:
    assignment: str
    a: str
    b: str
    code: float  #: share of the larger submission's fingerprints in common
    shared_fingerprints: int  #: rare fingerprints in common
    behaviour: float  #: weight of the identical wrong values
    shared_wrong: list = field(default_factory=list)  #: (grade_id, category)
    cell: str = ""  #: the answer cell with most code in common
    flagged: bool = False
    reasons: list = field(default_factory=list)
    group: int = 0  #: flagged pairs joined into groups of students


def _common_cut(n):
    return max(MIN_COMMON, COMMON_FRACTION * n)


@functools.lru_cache(maxsize=4096)
def fingerprints(source):
    """The winnowed fingerprints of a piece of code (cached: copies repeat)."""
    return frozenset(winnow(normalised_tokens(source)))


@dataclass
class CodeMatch:
    overlap: float  #: |A ∩ B| / max(|A|, |B|), over all but the usual fingerprints
    rare_shared: int  #: fingerprints in common that few submissions have
    cell: str  #: for a flag: the answer cell with most rare fingerprints in common


def code_matches(submissions, base=None):
    """{(a, b): CodeMatch} for the pairs with MIN_SHARED rare fingerprints in common.

    ``submissions`` maps a student to {grade_id: own code}; ``base`` maps a
    grade_id to fingerprints to ignore (the master's). A fingerprint is rare
    when at most max(MIN_COMMON, COMMON_FRACTION * n) submissions have it;
    one sparse product counts every pair's rare fingerprints in common, and
    only pairs with some get their overlap computed.
    """
    from scipy import sparse

    base = base or {}
    students = sorted(submissions)
    cells = {
        s: {
            g: fingerprints(src) - base.get(g, frozenset())
            for g, src in submissions[s].items()
        }
        for s in students
    }
    whole = [frozenset().union(*cells[s].values()) for s in students]
    df = defaultdict(int)
    for prints in whole:
        for f in prints:
            df[f] += 1
    # What most of the class has (the usual signature, the usual line) says
    # nothing about a pair, not even in the overlap.
    usual = {f for f, n in df.items() if n > UBIQUITOUS * len(students)}
    if usual:
        whole = [prints - usual for prints in whole]
    cut = _common_cut(len(students))
    column, rows, cols = {}, [], []
    for i, prints in enumerate(whole):
        for f in prints:
            if df[f] <= cut:
                rows.append(i)
                cols.append(column.setdefault(f, len(column)))
    matrix = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.int32), (rows, cols)),
        shape=(len(students), max(1, len(column))),
    )
    shared = sparse.triu(matrix @ matrix.T, k=1).tocoo()
    out = {}
    for i, j, n in zip(shared.row, shared.col, shared.data, strict=True):
        if n < MIN_SHARED:  # too little rare code in common to ever be flagged
            continue
        a, b = whole[i], whole[j]
        # Relative to the larger submission: both must be mostly the same code
        # (a blank function must not make the rest look like a whole copy).
        overlap = len(a & b) / max(1, len(a), len(b))
        cell = ""
        if overlap >= CODE_THRESHOLD:  # the evidence to show for a flag
            cell = _best_cell(cells[students[i]], cells[students[j]], column)
        out[(students[i], students[j])] = CodeMatch(overlap, int(n), cell)
    return out


def _best_cell(cells_a, cells_b, rare):
    best, score = "", 0
    for gid in sorted(cells_a.keys() & cells_b.keys()):
        n = sum(1 for f in cells_a[gid] & cells_b[gid] if f in rare)
        if n > score:
            best, score = gid, n
    return best


def behaviour_pairs(wrong):
    """{(a, b): (weight, [(grade_id, category)])} from identical wrong values.

    ``wrong`` maps a student to {grade_id: (digest, category)}. A value shared
    by more than the common cut of the students who attempted the task is the
    class's common mistake and weighs nothing.
    """
    by_task = defaultdict(lambda: defaultdict(list))
    for student, tasks in wrong.items():
        for gid, (digest, category) in tasks.items():
            if digest:
                by_task[gid][digest].append((student, category))
    out = {}
    for gid in sorted(by_task):
        attempted = sum(len(v) for v in by_task[gid].values())
        cut = _common_cut(attempted)
        for digest in sorted(by_task[gid]):
            group = sorted(by_task[gid][digest], key=lambda sc: sc[0])
            if len(group) < 2 or len(group) > cut:
                continue
            for x in range(len(group)):
                for y in range(x + 1, len(group)):
                    (a, cat), (b, _) = group[x], group[y]
                    weight = (
                        CATALOGUED_WEIGHT if cat.kind is Kind.MISCONCEPTION else 1.0
                    )
                    total, shared = out.get((a, b), (0.0, []))
                    out[(a, b)] = (total + weight, shared + [(gid, cat.name)])
    return out


def _groups(pairs):
    """Number the connected groups of flagged pairs 1, 2, ... (stable order)."""
    parent = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for p in pairs:
        if p.flagged:
            ra, rb = find(p.a), find(p.b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    roots = sorted({find(p.a) for p in pairs if p.flagged})
    number = {r: i + 1 for i, r in enumerate(roots)}
    for p in pairs:
        if p.flagged:
            p.group = number[find(p.a)]


def compare(assignment_name, submissions, wrong, base=None):
    """Scored pairs of one assignment, flagged ones first.

    ``submissions``: student -> {grade_id: own code}; ``wrong``: student ->
    {grade_id: (digest, Category)}; ``base``: grade_id -> fingerprints to
    ignore. Only pairs with some signal are returned.

    Code flags a pair when the two submissions' fingerprints overlap by at
    least CODE_THRESHOLD *and* at least MIN_SHARED of the shared ones are rare:
    overlap alone would flag two students who both wrote the usual code, and
    rare fingerprints alone two who happened to write one function alike.
    """
    code = code_matches(submissions, base)
    behaviour = behaviour_pairs(wrong)
    pairs = []
    for a, b in sorted(code.keys() | behaviour.keys()):
        match = code.get((a, b), CodeMatch(0.0, 0, ""))
        weight, shared_wrong = behaviour.get((a, b), (0.0, []))
        pair = Pair(
            assignment_name,
            a,
            b,
            match.overlap,
            match.rare_shared,
            weight,
            shared_wrong,
            match.cell,
        )
        if match.overlap >= CODE_THRESHOLD and match.rare_shared >= MIN_SHARED:
            pair.reasons.append("code")
        if weight >= BEHAVIOUR_THRESHOLD:
            pair.reasons.append("identical wrong values")
        pair.flagged = bool(pair.reasons)
        pairs.append(pair)
    _groups(pairs)
    pairs.sort(key=lambda p: (not p.flagged, -(p.code + p.behaviour), p.a, p.b))
    return pairs


def class_pairs(results, assignments, course):
    """Pairs for every assignment of ``results`` (Result objects of one run)."""
    out = []
    for name in sorted({r.assignment for r in results}):
        assignment = assignments[name]
        try:
            masters = master_answers(course, assignment)
        except (OSError, ValueError, StopIteration):
            masters = {}
        scaffolds = {gid: scaffold_lines(src) for gid, src in masters.items()}
        base = {
            gid: fingerprints(own_code(src, scaffolds[gid]))
            for gid, src in masters.items()
        }
        submissions, wrong = {}, {}
        for r in results:
            if r.assignment != name:
                continue
            submissions[r.student] = {
                gid: own_code(src, scaffolds.get(gid, set())) for gid, src in r.answers
            }
            wrong[r.student] = {
                t.grade_id: (t.wrong_values, categorise(t))
                for t in r.tasks
                if getattr(t, "wrong_values", "")
            }
        out.extend(compare(name, submissions, wrong, base))
    return out


SIMILARITY_COLUMNS = [
    "assignment",
    "student_a",
    "student_b",
    "flagged",
    "group",
    "reasons",
    "code_similarity",
    "shared_fingerprints",
    "behaviour_weight",
    "shared_wrong_values",
    "cell",
]


def rows(pairs, least=0.3):
    """similarity.csv's rows: flagged pairs, then pairs with some signal."""
    out = []
    for p in pairs:
        if not p.flagged and p.code < least and not p.shared_wrong:
            continue
        out.append(
            [
                p.assignment,
                p.a,
                p.b,
                "yes" if p.flagged else "no",
                p.group or "",
                "; ".join(p.reasons),
                f"{p.code:.3f}",
                p.shared_fingerprints,
                f"{p.behaviour:.2f}",
                "; ".join(f"{gid}: {cat}" for gid, cat in p.shared_wrong),
                p.cell,
            ]
        )
    return out
