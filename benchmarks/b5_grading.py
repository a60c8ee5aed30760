"""B5. Grading: seconds per submission, serial and parallel, against bare execution.

Measured only once the course has a grader (``make grade``); until then the
table says so.
"""

import re

from ._common import ROOT, Row

TARGET_OVERHEAD = ("<=", 1.5)
TARGET_PARALLEL = (">=", 1.7)


def grader_available():
    makefile = (ROOT / "Makefile").read_text()
    return re.search(r"^grade:", makefile, flags=re.MULTILINE) is not None


def _unavailable(reason):
    return {
        "rows": [
            Row("B5", "grading overhead (vs nbconvert --execute)", None,
                unit="x", target=TARGET_OVERHEAD, note=reason),
            Row("B5", "parallel throughput (vs serial)", None,
                unit="x", target=TARGET_PARALLEL, note=reason),
        ],  # fmt: skip
        "details": {"available": False, "reason": reason},
    }


def run(quick=False):
    if not grader_available():
        return _unavailable("grader not available yet")
    return _unavailable("grader not available yet")
