#!/usr/bin/env bash
# Build the website into _build/html. Warnings are errors.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=$PWD/.venv/bin:$PATH
# The chapters' kernels must use matplotlib's inline backend, which ipykernel
# only selects when MPLBACKEND is unset: with MPLBACKEND=Agg (the Makefile's
# default for tests) no figure reaches the pages.
unset MPLBACKEND

# MathJax is served by the site itself, so the pages typeset math offline and
# load nothing from a CDN. It comes from the npm registry once, into a cache
# folder, and is copied into book/_static/mathjax (git-ignored).
MATHJAX_VERSION=3.2.2
mathjax_dir=book/_static/mathjax
if [ ! -f "$mathjax_dir/tex-chtml.js" ]; then
  cache=_build/.npm-mathjax
  tarball=$cache/mathjax-$MATHJAX_VERSION.tgz
  if [ ! -f "$tarball" ]; then
    echo ">> fetching mathjax@$MATHJAX_VERSION from the npm registry"
    mkdir -p "$cache"
    (cd "$cache" && npm pack --silent "mathjax@$MATHJAX_VERSION" >/dev/null)
  fi
  rm -rf "$cache/package" "$mathjax_dir"
  tar -xzf "$tarball" -C "$cache"
  mkdir -p "$(dirname "$mathjax_dir")"
  cp -r "$cache/package/es5" "$mathjax_dir"
  rm -rf "$cache/package"
fi

# The execution cache keys on each chapter's own code, not on the shared
# preamble the chapters run; when the preamble changes, start from a clean cache.
stamp=_build/.preamble.sha256
sum=$(sha256sum book/_preamble.py | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$sum" ]; then
  rm -rf _build/.jupyter_cache _build/.doctrees _build/jupyter_execute
  mkdir -p _build && echo "$sum" > "$stamp"
fi

# The Assignments page lists the notebooks found in exercises/ at build time;
# mark it as changed so that Sphinx re-reads it when assignments are added.
touch book/assignments.md

# Execute the changed chapters in parallel into the execution cache first; the
# build then reads them from it (see scripts/execute-chapters.py).
python scripts/execute-chapters.py

jupyter-book build . -W -n --keep-going
