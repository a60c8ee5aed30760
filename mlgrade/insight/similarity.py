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
released scaffold removed) is parsed with :mod:`ast` and normalised: the
names of variables, arguments and the student's own functions become one
name, numbers one spelling (``1``, ``1.`` and ``1.0`` alike), strings one
token; comments, docstrings, layout and code that cannot run (after a
``return``, under ``if False``) are gone; attribute names such as ``np.exp``
and keywords are kept. Fingerprints are the k-grams of tokens *inside* each
statement, so reordering statements, moving them into helper functions or
adding code around them leaves a copy's fingerprints as they were. Two
submissions are compared answer cell by answer cell by *containment*: the
share of the smaller version of a cell that is in the other, so that padding
cannot dilute a copy, while a cell only one of them answered counts 0. As in
MOSS (Schleimer, Wilkerson and Aiken 2003), fingerprints of the master
solution are removed, and fingerprints that many submissions share are
ignored: they are how the class writes it, not evidence of copying. Code that
does not parse is fingerprinted as a stream of tokens, by winnowing. A
submission with more than MAX_CODE_CHARS characters of its own code is not
compared on code and is reported instead, so that one huge answer cannot
take the comparison's time and memory.

False positives to expect: short functions have few ways to be written, so
two independent students can agree token for token; code copied from the
book or the package's source looks alike (the master's fingerprints are
removed, but a near-copy of the book is not the master); two students who
make the same uncatalogued mistake independently share wrong values. A flag
asks for a human look and changes no score.
"""

import ast
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

from mlgrade.grading import check_runner
from mlgrade.grading.markers import scaffold_lines
from mlgrade.insight.categories import (
    CHANGED_INPUT,
    FINITE_DIFFERENCES,
    NOT_FINITE,
    WRONG_SHAPE,
    WRONG_VALUES,
    Kind,
    categorise,
)
from mlgrade.insight.safe_text import write_csv

#: Tokens per k-gram and k-grams per winnowing window. Any copied run of at
#: least K + W - 1 = 8 tokens shares a fingerprint (the winnowing guarantee).
K, W = 5, 4
#: A fingerprint or a wrong value shared by more than max(MIN_COMMON,
#: COMMON_FRACTION * n) submissions is the class's common way, not evidence.
MIN_COMMON, COMMON_FRACTION = 5, 0.2
#: Fingerprints in more than this share of the submissions are left out
#: of every comparison.
UBIQUITOUS = 0.5
#: Code: flagged when every answer cell's containment (:func:`containment`)
#: is at least this, with at least MIN_SHARED rare fingerprints in common;
#: "worth a look" when the cells' mean is NEAR_THRESHOLD or more.
CODE_THRESHOLD, NEAR_THRESHOLD, MIN_SHARED = 0.9, 0.6, 8
#: A submission with more code of its own than this (in characters, all its
#: answer cells together) is not compared on code, and is reported: answers
#: of a few kilobytes are usual, and the time and memory of the comparison
#: grow with the size of the code.
MAX_CODE_CHARS = 50_000
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
            check_runner.run_test(test, namespace, functions, course, None)
        except Exception:  # the kernel died or timed out: no digest, no more probes
            break
        finally:
            for function in functions.values():
                function.returned = None
        if returned:
            task.wrong_values = value_digest(returned)


# --- code: fingerprints of normalised statements ---------------------------------


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
    builtins, module names and attribute names (``.exp``) are kept. Used for
    code that does not parse (its statements cannot be told apart).
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


def _constant(value):
    if isinstance(value, bool) or value is None or value is Ellipsis:
        return repr(value)
    if isinstance(value, int | float):
        return repr(float(value))  # 1, 1.0 and 1. are one constant
    if isinstance(value, complex):
        return repr(value)
    return "S"  # strings and bytes: what they say is not the code


#: How deep calls of the student's own helper functions (and variables read
#: once) are inlined, and the most tokens a statement may grow to by it (a
#: helper called many times must not multiply the work).
INLINE_DEPTH, MAX_STATEMENT_TOKENS = 3, 2000


def expression_tokens(node, helpers=None):
    """A node's tokens in prefix order: node kinds, kept names, constants.

    Local names (variables, arguments, the student's own functions) become
    ``V``; attribute names (``.exp``), keyword-argument names, builtins and
    modules are kept. Comments and layout are not in the tree at all. A call
    of one of ``helpers`` (name -> the expression the helper returns) is
    replaced by that expression, so that moving code into a helper function
    leaves the computation's tokens as they were.
    """
    helpers = helpers or {}
    out, stack = [], [(node, 0)]
    while stack:  # explicit stack: a deep expression cannot exhaust recursion
        n, depth = stack.pop()
        if (
            isinstance(n, ast.Call)
            and isinstance(n.func, ast.Name)
            and n.func.id in helpers
            and depth < INLINE_DEPTH
            and len(out) < MAX_STATEMENT_TOKENS
        ):
            stack.append((helpers[n.func.id], depth + 1))
        elif (
            isinstance(n, ast.Name)
            and n.id in helpers
            and depth < INLINE_DEPTH
            and len(out) < MAX_STATEMENT_TOKENS
        ):
            stack.append((helpers[n.id], depth + 1))  # a variable used once
        elif isinstance(n, ast.Name):
            out.append(n.id if n.id in _KEPT_NAMES else "V")
        elif isinstance(n, ast.arg):
            out.append("V")
        elif isinstance(n, ast.Constant):
            out.append(_constant(n.value))
        elif isinstance(n, ast.expr_context):
            continue
        else:
            out.append(type(n).__name__)
            if isinstance(n, ast.Attribute):
                out.append("." + n.attr)
            elif isinstance(n, ast.keyword):
                out.append(f"{n.arg}=")
            elif isinstance(n, ast.alias):
                out.append(n.name)
            stack.extend((c, depth) for c in reversed(list(ast.iter_child_nodes(n))))
    return out


def _helpers(tree):
    """What to inline: name -> expression.

    A function that ends in ``return <expr>`` by that expression (calls of
    it are replaced), and a variable assigned once and read once, anywhere in
    the cell, by its value (the assignment itself is then left out): a copy
    that moves code into helpers, or into or out of temporary variables,
    computes the same expressions.
    """
    out, stores, loads, assigned = {}, defaultdict(int), defaultdict(int), {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            last = node.body[-1]
            if isinstance(last, ast.Return) and last.value is not None:
                out[node.name] = last.value
        elif isinstance(node, ast.Name):
            counts = loads if isinstance(node.ctx, ast.Load) else stores
            counts[node.id] += 1
        elif (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
        ):
            assigned[node.targets[0].id] = node
    for name, node in assigned.items():
        if stores[name] == 1 and loads[name] == 1 and name not in out:
            out[name] = node.value
    return out


def _inlined(stmt, helpers):
    """Whether ``stmt`` assigns a variable that is inlined where it is read."""
    return (
        isinstance(stmt, ast.Assign)
        and len(stmt.targets) == 1
        and isinstance(stmt.targets[0], ast.Name)
        and helpers.get(stmt.targets[0].id) is stmt.value
    )


_BODIES = ("body", "orelse", "handlers", "finalbody", "cases")
_ENDS_BLOCK = (ast.Return, ast.Raise, ast.Continue, ast.Break)


def _is_docstring(stmt):
    return (
        isinstance(stmt, ast.Expr)
        and isinstance(stmt.value, ast.Constant)
        and isinstance(stmt.value.value, str)
    )


def _never_runs(stmt):
    """``if False:``, ``while 0:``: a block that cannot run (its else can)."""
    return (
        isinstance(stmt, ast.If | ast.While)
        and isinstance(stmt.test, ast.Constant)
        and not stmt.test.value
    )


def _parse(source):
    """The module's tree; a body left indented by removing its ``def`` line
    (the released signature) is parsed as the body of a function."""
    for text in (source, "def _():\n" + source):
        try:
            return ast.parse(text)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            continue
    return None


def statements(source):
    """The code's statements as normalised token lists, or None if it does not parse.

    Each simple statement is one list; a compound statement (``def``,
    ``for``, ``if``, ...) gives its header and then its body's statements.
    Docstrings, bare strings, ``pass``, blocks that cannot run (``if False``)
    and statements after a ``return``/``raise`` in the same block are left
    out: they are padding, not code.
    """
    tree = _parse(source)
    if tree is None:
        return None
    helpers = _helpers(tree)
    out, blocks = [], [tree.body]
    while blocks:
        for stmt in blocks.pop():
            if _is_docstring(stmt) or isinstance(stmt, ast.Pass):
                continue
            if _inlined(stmt, helpers):
                continue
            if _never_runs(stmt):
                blocks.append(stmt.orelse)
                continue
            header = [type(stmt).__name__]
            for name, value in ast.iter_fields(stmt):
                if name in _BODIES:
                    continue
                if isinstance(value, ast.AST):
                    header += expression_tokens(value, helpers)
                elif isinstance(value, list):
                    for item in value:
                        if isinstance(item, ast.AST):
                            header += expression_tokens(item, helpers)
            out.append(header)
            for name in _BODIES:
                body = getattr(stmt, name, None)
                if body:
                    blocks.append(body)
            if isinstance(stmt, _ENDS_BLOCK):
                break  # the rest of this block never runs
    return out


@functools.cache
def _token_code(token):
    return zlib.crc32(token.encode())


def _kgram_hashes(tokens, k=K):
    codes = [_token_code(t) for t in tokens]
    if len(codes) < k:  # a short statement is one fingerprint
        return [hash(tuple(codes))]
    return [hash(tuple(codes[i : i + k])) for i in range(len(codes) - k + 1)]


def winnow(tokens, k=K, w=W):
    """The set of winnowed fingerprints of ``tokens`` (robust winnowing).

    A k-gram's hash is Python's hash of its tokens' CRC-32 codes: a tuple of
    ints hashes the same in every process, so runs are reproducible.
    """
    hashes = [
        hash(tuple(map(_token_code, tokens[i : i + k])))
        for i in range(len(tokens) - k + 1)
    ]
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
    """``source`` without the released scaffold's statements.

    A scaffold line becomes ``pass`` at its indentation, and a scaffold
    ``def`` line is kept, so that the student's code still parses as the
    functions they wrote (the signature is the same for everyone and counts
    nothing: the master's fingerprints are removed).
    """
    out = []
    for line in source.splitlines():
        marker = line.strip()
        if marker not in scaffold or marker.startswith(
            ("def ", "async def ", "class ")
        ):
            out.append(line)
        else:
            out.append(line[: len(line) - len(line.lstrip())] + "pass")
    return "\n".join(out)


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
    code: float  #: containment of the weakest answer cell (:func:`containment`)
    shared_fingerprints: int  #: rare fingerprints in common
    behaviour: float  #: weight of the identical wrong values
    shared_wrong: list = field(default_factory=list)  #: (grade_id, category)
    cell: str = ""  #: the answer cell with most code in common
    flagged: bool = False
    reasons: list = field(default_factory=list)
    group: int = 0  #: flagged pairs joined into groups of students
    worth_a_look: bool = False  #: not flagged, but much code in common


@dataclass
class Skipped:
    """A submission left out of the code comparison, and why."""

    assignment: str
    student: str
    chars: int  #: characters of the student's own code


def _common_cut(n):
    return max(MIN_COMMON, COMMON_FRACTION * n)


@functools.lru_cache(maxsize=1024)
def fingerprints(source):
    """The fingerprints of a piece of code (cached: copies repeat).

    Every k-gram of tokens *inside* each statement, so that reordering
    statements, moving them into a helper function or adding code around
    them leaves the copied statements' fingerprints as they were. Code that
    does not parse is fingerprinted as a stream of tokens, by winnowing.
    """
    parsed = statements(source)
    if parsed is None:
        return frozenset(winnow(normalised_tokens(source)))
    return frozenset(h for tokens in parsed for h in _kgram_hashes(tokens))


@dataclass
class CodeMatch:
    overlap: float  #: the weakest cell's containment (:func:`containment`)
    rare_shared: int  #: fingerprints in common that few submissions have
    cell: str  #: for a flag: the answer cell with most rare fingerprints in common
    mean: float = 0.0  #: containment averaged over the cells (a partial copy)


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
        overlap, mean = containment(cells[students[i]], cells[students[j]], usual)
        cell = ""
        if mean >= NEAR_THRESHOLD:  # the evidence to show
            cell = _best_cell(cells[students[i]], cells[students[j]], column)
        out[(students[i], students[j])] = CodeMatch(overlap, int(n), cell, mean)
    return out


def containment(cells_a, cells_b, ignored=frozenset()):
    """(weakest, mean): how much of the smaller answer is in the other, by cell.

    Each answer cell's containment is the share of the smaller of its two
    versions found in the other, so that code added around a copy (dead or
    alive) cannot dilute it; a cell only one of the two answered counts 0.
    The weakest cell decides a flag (every function must be a copy: two
    students who wrote two short functions alike and the third apart are
    not); the mean over the cells says how much is shared (a partial copy).
    """
    shares = []
    for gid in sorted(cells_a.keys() | cells_b.keys()):
        a = cells_a.get(gid, frozenset()) - ignored
        b = cells_b.get(gid, frozenset()) - ignored
        if a or b:
            shares.append(len(a & b) / max(1, min(len(a), len(b))) if a and b else 0)
    return min(shares, default=0.0), sum(shares) / max(1, len(shares))


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
    code = code_matches(
        {
            s: cells
            for s, cells in submissions.items()
            if _size(cells) <= MAX_CODE_CHARS
        },
        base,
    )
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
        pair.worth_a_look = (
            not pair.flagged
            and match.mean >= NEAR_THRESHOLD
            and match.rare_shared >= MIN_SHARED
        )
        pairs.append(pair)
    _groups(pairs)
    pairs.sort(key=lambda p: (not p.flagged, -(p.code + p.behaviour), p.a, p.b))
    return pairs


def _size(cells):
    return sum(len(src) for src in cells.values())


def oversized(assignment_name, submissions):
    """The :class:`Skipped` submissions :func:`compare` leaves out of the code pass."""
    return [
        Skipped(assignment_name, student, _size(cells))
        for student, cells in sorted(submissions.items())
        if _size(cells) > MAX_CODE_CHARS
    ]


def class_pairs(results, assignments, course):
    """(pairs, skipped) for every assignment of ``results`` (one run's Results)."""
    out, skipped = [], []
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
        skipped.extend(oversized(name, submissions))
    return out, skipped


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


#: similarity.csv's "flagged" column.
FLAGGED, WORTH_A_LOOK, NOT_FLAGGED, NOT_COMPARED = (
    "yes",
    "worth a look",
    "no",
    "not compared",
)
#: a submission that solves another variant than its own (``Result.solves_variant``)
WRONG_VARIANT = "wrong-variant match"


def write_table(folder, results, assignments, course):
    """Compare the class and write ``similarity.csv`` into a run ``folder``;
    return the pairs and the submissions left out of the code comparison."""
    pairs, skipped = class_pairs(results, assignments, course)
    found = rows(pairs, skipped=skipped) + wrong_variant_rows(results, pairs)
    write_csv(Path(folder) / "similarity.csv", SIMILARITY_COLUMNS, found)
    return pairs, skipped


def wrong_variant_rows(results, pairs):
    """similarity.csv's rows of submissions that solve a classmate's variant
    rather than their own: strong evidence of a copy, since the grader, not
    the notebook, decides each student's variant. The classmate shown is the
    one of that variant whose code is nearest, if any code was compared."""
    code = {frozenset((p.a, p.b)): p for p in pairs}
    out = []
    for r in sorted(results, key=lambda r: (r.assignment, r.student)):
        if not getattr(r, "solves_variant", ""):
            continue
        mates = [
            s.student
            for s in results
            if s.assignment == r.assignment
            and s.variant == r.solves_variant
            and s.student != r.student
        ]
        near = max(
            (code[key] for m in mates if (key := frozenset((r.student, m))) in code),
            key=lambda p: p.code,
            default=None,
        )
        mate = (near.b if near.a == r.student else near.a) if near else ""
        reason = (
            f"graded as variant {r.variant}; its answers pass the checks of "
            f"variant {r.solves_variant} instead ({len(mates)} "
            f"{'classmate has' if len(mates) == 1 else 'classmates have'} "
            "that variant"
        )
        if mates and not near:  # no code compared (e.g. the master's own code)
            shown = sorted(mates)[:10]
            more = ", …" if len(mates) > len(shown) else ""
            reason += f": {', '.join(shown)}{more}"
        reason += ")"
        out.append(
            [
                r.assignment,
                r.student,
                mate,
                WRONG_VARIANT,
                "",
                reason,
                f"{near.code:.3f}" if near else "",
                near.shared_fingerprints if near else "",
                "",
                "",
                near.cell if near else "",
            ]
        )
    return out


def rows(pairs, least=0.3, skipped=()):
    """similarity.csv's rows: flagged pairs, then pairs with some signal, then
    the submissions left out of the code comparison (``skipped``)."""
    out = []
    for p in pairs:
        if not (p.flagged or p.worth_a_look) and p.code < least and not p.shared_wrong:
            continue
        out.append(
            [
                p.assignment,
                p.a,
                p.b,
                FLAGGED
                if p.flagged
                else WORTH_A_LOOK
                if p.worth_a_look
                else NOT_FLAGGED,
                p.group or "",
                "; ".join(p.reasons),
                f"{p.code:.3f}",
                p.shared_fingerprints,
                f"{p.behaviour:.2f}",
                "; ".join(f"{gid}: {cat}" for gid, cat in p.shared_wrong),
                p.cell,
            ]
        )
    for skip in skipped:
        out.append(
            [
                skip.assignment,
                skip.student,
                "",
                NOT_COMPARED,
                "",
                f"code of {skip.chars} characters, over the limit of "
                f"{MAX_CODE_CHARS}: not compared on code",
                "",
                "",
                "",
                "",
                "",
            ]
        )
    return out
