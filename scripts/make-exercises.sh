#!/usr/bin/env bash
# Regenerate the student notebooks in exercises/ from the masters in solutions/.
# nbgrader strips the solutions and hidden tests and records the assignment in
# the (git-ignored) gradebook. Run it through `make exercises` (every
# assignment) or `make exercises A=ps02-cost` (one). The authoring guards run
# first: a misspelt or unbalanced marker, answer code outside the markers or a
# task heading whose points disagree with its grade cells stops it, naming the
# file and the cell.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=$PWD/.venv/bin:$PATH
if [ $# -gt 0 ]; then names=("$@"); else
  names=(); for dir in solutions/ps*/; do names+=("$(basename "$dir")"); done
fi
folders=()
for name in "${names[@]}"; do
  if [ ! -d "solutions/$name" ]; then
    echo "make exercises: no assignment solutions/$name (try one of: $(ls solutions | grep '^ps' | tr '\n' ' '))" >&2
    exit 2
  fi
  folders+=("solutions/$name")
done
python -m mlgrade.authoring.guards "${folders[@]}"
for name in "${names[@]}"; do
  echo ">> exercises/$name"
  nbgrader generate_assignment "$name" --force --log-level=ERROR
done
