#!/usr/bin/env bash
# Everything `make test` runs, in order from fastest to slowest.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$PWD/.venv/bin
export PATH=$bin:$PATH MPLBACKEND=Agg

echo ">> lint"
"$bin/ruff" check .

echo ">> package tests and doctests, with coverage"
"$bin/pytest" -q -p no:cacheprovider --cov=mllesson --cov-report=term:skip-covered mllesson tests

echo ">> assignments: every master notebook passes its own visible and hidden tests"
PYTHONPATH=$PWD "$bin/pytest" -q -p no:cacheprovider --nbval-lax solutions
