#!/usr/bin/env bash
# Everything `make test` runs, in order from fastest to slowest.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$PWD/.venv/bin
export PATH=$bin:$PATH MPLBACKEND=Agg
# Two pytest-xdist workers (the machine the suite is sized for has two cores).
# conftest.py groups the tests that share a graded class, a generated course or
# a notebook's kernel onto one worker (--dist loadgroup), and hands out the
# slow groups first (--no-loadscope-reorder keeps that order).
parallel=(-n "${PYTEST_WORKERS:-2}" --dist loadgroup --no-loadscope-reorder)

echo ">> lint"
"$bin/ruff" check .

# The grading tests run student kernels in a bubblewrap sandbox.
bash scripts/install-bubblewrap.sh
# The grading dashboard's test opens it in chromium, as do the PDF build and
# the website's tests below: installed once, here.
bash scripts/install-chromium.sh

echo ">> package tests and doctests, with coverage"
# tests/book checks the built website, so it runs after the build below. The
# ten slowest tests are listed, to see where the time goes.
"$bin/pytest" -q -p no:cacheprovider "${parallel[@]}" --durations=10 --cov=mllesson --cov-report=term:skip-covered \
  --ignore=tests/book mllesson tests

echo ">> assignments: every master notebook passes its own visible and hidden tests"
PYTHONPATH=$PWD "$bin/pytest" -q -p no:cacheprovider "${parallel[@]}" --nbval-lax solutions

echo ">> the website: build it, then check it"
bash scripts/build-book.sh
echo ">> the PDF edition: print the site with chromium"
bash scripts/build-pdf.sh
echo ">> website: chapters under nbval, every page in headless chromium (axe-core,"
echo "   light and dark, 390 px), figures, the PDF, no leaks"
"$bin/pytest" -q -p no:cacheprovider "${parallel[@]}" --durations=10 tests/book
