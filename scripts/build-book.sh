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
# load nothing from a CDN. MathJax 4 and its default font (a separate
# package) come from the npm registry once, into a cache folder, and are
# copied into book/_static/mathjax (git-ignored). _config.yml points
# MathJax's font path at fonts/ inside it.
MATHJAX_VERSION=4.1.3
mathjax_dir=book/_static/mathjax
if [ "$(cat "$mathjax_dir/VERSION" 2>/dev/null)" != "$MATHJAX_VERSION" ]; then
  cache=_build/.npm-mathjax
  mkdir -p "$cache"
  for pkg in mathjax @mathjax/mathjax-newcm-font; do
    tarball=$cache/$(echo "${pkg#@}" | tr / -)-$MATHJAX_VERSION.tgz
    if [ ! -f "$tarball" ]; then
      echo ">> fetching $pkg@$MATHJAX_VERSION from the npm registry"
      (cd "$cache" && npm pack --silent "$pkg@$MATHJAX_VERSION" >/dev/null)
    fi
  done
  rm -rf "$cache/package" "$mathjax_dir"
  mkdir -p "$(dirname "$mathjax_dir")"
  tar -xzf "$cache/mathjax-$MATHJAX_VERSION.tgz" -C "$cache"
  mv "$cache/package" "$mathjax_dir"
  # Only the font's browser files (CommonHTML output); not its Node builds.
  font_dir=$mathjax_dir/fonts/mathjax-newcm-font
  mkdir -p "$font_dir"
  tar -xzf "$cache/mathjax-mathjax-newcm-font-$MATHJAX_VERSION.tgz" -C "$font_dir" \
    --strip-components=1 package/chtml.js package/chtml
  echo "$MATHJAX_VERSION" > "$mathjax_dir/VERSION"
fi

# The execution cache keys on each chapter's own code, not on the shared
# preamble the chapters run; when the preamble changes, start from a clean cache.
stamp=_build/.preamble.sha256
sum=$(sha256sum book/_preamble.py | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$sum" ]; then
  rm -rf _build/.jupyter_cache _build/.doctrees _build/jupyter_execute
  mkdir -p _build && echo "$sum" > "$stamp"
fi

# Two inputs Sphinx does not track: the Assignments page lists the notebooks
# found in exercises/ (their titles) and the chapters in _toc.yml, and the
# site's own static files (book/_static: style sheet, benchmark figures) are
# copied only by a build that has some page to write. When either changes,
# mark the Assignments page as changed, so that Sphinx reads it again and
# copies the static files; a warm build with nothing changed skips both.
stamp=_build/.assignments.sha256
sum=$( (cat _toc.yml exercises/ps*/ps*.ipynb
        find book/_static -path book/_static/mathjax -prune -o -type f -print \
          | sort | xargs cat) 2>/dev/null | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$sum" ]; then
  touch book/assignments.md
  mkdir -p _build && echo "$sum" > "$stamp"
fi

# Execute the changed chapters in parallel into the execution cache first; the
# build then reads them from it (see scripts/execute-chapters.py).
python scripts/execute-chapters.py

# Sphinx reads the pages serially: `jupyter-book build` passes no -j, and with
# Sphinx's -j two of Jupyter Book's extensions (sphinx_multitoc_numbering,
# sphinx_jupyterbook_latex) do not declare themselves safe for parallel
# reading, so Sphinx warns (an error under -W) and reads serially anyway.
# It is the small part of a cold build: about 10 s of CPU against about 67 s
# for executing the chapters above, which already runs on every core.
jupyter-book build . -W -n --keep-going

# The course package's wheel, published by the site in wheels/ for students'
# laptops and the notebooks' install cells (Colab); it carries the site's
# address from _config.yml (scripts/build-wheel.py).
python scripts/build-wheel.py
