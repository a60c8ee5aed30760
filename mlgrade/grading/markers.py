"""nbgrader's markers, and what a student sees of a marked cell.

One home for the four markers and for nbgrader's two rules about them:
``ClearSolutions`` replaces what lies between ``### BEGIN SOLUTION`` and
``### END SOLUTION`` in an answer cell, and ``ClearHiddenTests`` drops what
lies between ``### BEGIN HIDDEN TESTS`` and ``### END HIDDEN TESTS`` in a
test cell, keeping the lines after the END. The authoring guards, the
release, reading a submission, the feedback page and copy detection all
read cells through these functions, so they agree on what was released.
"""

BEGIN_SOLUTION = "### BEGIN SOLUTION"
END_SOLUTION = "### END SOLUTION"
BEGIN_HIDDEN = "### BEGIN HIDDEN TESTS"
END_HIDDEN = "### END HIDDEN TESTS"

#: Each marker: (the block it delimits, "begin" or "end").
MARKERS = {
    BEGIN_SOLUTION: ("SOLUTION", "begin"),
    END_SOLUTION: ("SOLUTION", "end"),
    BEGIN_HIDDEN: ("HIDDEN TESTS", "begin"),
    END_HIDDEN: ("HIDDEN TESTS", "end"),
}

#: What nbgrader writes in place of a code cell's solution.
STUB_LINES = ("# YOUR CODE HERE", "raise NotImplementedError()")


def _outside(source, begin, end):
    """The lines of ``source`` outside every ``begin``/``end`` block, the
    marker lines themselves left out."""
    kept, inside = [], False
    for line in source.splitlines():
        marker = line.strip()
        if marker == begin:
            inside = True
        elif marker == end:
            inside = False
        elif not inside:
            kept.append(line)
    return kept


def released_test(source):
    """A test cell's source as nbgrader releases it: hidden blocks removed,
    the lines after each ``END HIDDEN TESTS`` kept."""
    kept = _outside(source, BEGIN_HIDDEN, END_HIDDEN)
    return "\n".join(line.rstrip() for line in kept).strip()


def scaffold_lines(master_source):
    """The stripped lines a student receives in an answer cell: the master's
    lines outside its solution blocks, and nbgrader's stub."""
    kept = _outside(master_source, BEGIN_SOLUTION, END_SOLUTION)
    return {line.strip() for line in kept if line.strip()} | set(STUB_LINES)


def leaked_markers(text):
    """The markers still present in ``text`` (a released file): a release
    that holds one has let a solution or a hidden test through."""
    return [m for m in (BEGIN_SOLUTION, BEGIN_HIDDEN, END_HIDDEN) if m in text]
