#!/usr/bin/env bash
# The PDF edition: print the built website (make book) into
# _build/pdf/mllesson.pdf with Debian's chromium, offline.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-chromium.sh
.venv/bin/python scripts/print_book_pdf.py
# The website's footer links to the PDF beside its pages.
cp _build/pdf/mllesson.pdf _build/html/mllesson.pdf
