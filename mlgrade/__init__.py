"""mlgrade: grade a class's nbgrader submissions without trusting student code.

Student code runs in a sandboxed Jupyter kernel that never sees an expected
value. The grader calls the student's functions from a trusted process through
a proxy that only moves plain numbers across, and runs the course's own hidden
checks there, against the real ``mllesson``. See ``mlgrade/README.md`` for
what this protects against and what it does not.

Run it with ``make grade SUBMISSIONS=folder`` or ``python -m mlgrade folder``.
"""

__version__ = "1.0"

import sys

# jsonschema (imported by nbformat) builds an IRI grammar with lark when
# rfc3987_syntax is installed: about a second in every grader process, for a
# format no notebook schema uses. Marking it missing skips that work.
sys.modules.setdefault("rfc3987_syntax", None)
