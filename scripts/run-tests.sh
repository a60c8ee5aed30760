#!/usr/bin/env bash
# Everything `make test` runs, in order from fastest to slowest.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$PWD/.venv/bin
export PATH=$bin:$PATH MPLBACKEND=Agg

echo ">> lint"
"$bin/ruff" check .

# The grading tests run student kernels in a bubblewrap sandbox.
bash scripts/install-bubblewrap.sh
# The grading dashboard's test opens it in chromium.
bash scripts/install-chromium.sh

echo ">> package tests and doctests, with coverage"
# tests/book checks the built website, so it runs after the build below.
"$bin/pytest" -q -p no:cacheprovider --cov=mllesson --cov-report=term:skip-covered \
  --ignore=tests/book mllesson tests

echo ">> assignments: every master notebook passes its own visible and hidden tests"
PYTHONPATH=$PWD "$bin/pytest" -q -p no:cacheprovider --nbval-lax solutions

echo ">> the website: build it, then check it"
bash scripts/build-book.sh
bash scripts/install-chromium.sh
echo ">> the PDF edition: print the site with chromium"
bash scripts/build-pdf.sh
echo ">> website: chapters under nbval, every page in headless chromium (axe-core,"
echo "   light and dark, 390 px), figures, the PDF, no leaks"
"$bin/pytest" -q -p no:cacheprovider tests/book
