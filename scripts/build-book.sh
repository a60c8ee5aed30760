#!/usr/bin/env bash
# Build the website into _build/html. Warnings are errors.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=$PWD/.venv/bin:$PATH MPLBACKEND=Agg
jupyter-book build . -W -n --keep-going
