import sys
from pathlib import Path

# The fixture course's check package is imported by the grader, not by pytest.
collect_ignore = ["fixtures"]

# The grader lives at the top of the repository, beside (not inside) mllesson.
_ROOT = str(Path(__file__).resolve().parents[2])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)
