#!/usr/bin/env bash
# Regenerate the student notebooks in exercises/ from the masters in solutions/.
# nbgrader strips the solutions and hidden tests and records the assignment in
# the (git-ignored) gradebook. Run it through `make exercises`.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=$PWD/.venv/bin:$PATH
for dir in solutions/ps*/; do
  name=$(basename "$dir")
  nbgrader generate_assignment "$name" --force --log-level=WARN
done
