# One short name for every workflow. Every target installs what it needs into .venv.
PYTHON ?= python3
VENV   := .venv
BIN    := $(CURDIR)/$(VENV)/bin
STAMP  := $(VENV)/.installed
# nbgrader shells out to alembic, so the venv's bin/ must be on PATH.
export PATH := $(BIN):$(PATH)
export MPLBACKEND := Agg
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: help venv book pdf test test-fast test-grading lint exercises bench bench-torch grade clean export release public

help:
	@echo "make book       build the website into _build/html"
	@echo "make pdf        the book as one PDF, _build/pdf/mllesson.pdf (builds the site first)"
	@echo "make test       run every test (package, notebooks, site, assignments)"
	@echo "make test-fast  the fast tests: package units and doctests, authoring guards (< 1 min)"
	@echo "make test-grading  the grader's tests alone: mlgrade, and both graders on every assignment"
	@echo "make lint       ruff"
	@echo "make exercises  regenerate exercises/ from solutions/ (A=ps02-cost: one assignment)"
	@echo "make bench      run the benchmarks (not part of make test)"
	@echo "make bench-torch  the same, installing the optional PyTorch CPU extra first"
	@echo "make grade SUBMISSIONS=folder   grade a class (nbgrader's layout, or an LMS .zip)"
	@echo "make export LMS=canvas GRADEBOOK=export.csv   grades for the LMS's import"
	@echo "make release A=ps02-cost   one assignment for students (zip + nbgrader folder)"
	@echo "make public DEST=folder    the students' copy of the course, without the answers"

# Re-install only when the pinned requirements or the package metadata change.
$(STAMP): requirements.txt pyproject.toml scripts/setup-venv.sh
	bash scripts/setup-venv.sh "$(PYTHON)" "$(VENV)"
	touch $@

venv: $(STAMP)

book: $(STAMP)
	bash scripts/build-book.sh

pdf: book
	bash scripts/build-pdf.sh

test: $(STAMP)
	bash scripts/run-tests.sh

# No paths given: pytest's testpaths (mllesson and tests), so the package's
# doctests run too. Two xdist workers, grouped as in make test (conftest.py).
test-fast: $(STAMP)
	$(BIN)/pytest -q -n 2 --dist loadgroup -m "not slow"

# The grader's own tests and the assignments' gate (nbgrader and mlgrade on
# every master, non-answer and mutant); student kernels run under bubblewrap.
test-grading: $(STAMP)
	bash scripts/install-bubblewrap.sh
	$(BIN)/pytest -q -n 2 --dist loadgroup --no-loadscope-reorder \
	  tests/grading tests/assignments/test_grading.py

lint: $(STAMP)
	$(BIN)/ruff check .

# A=ps02-cost regenerates one assignment; without it, all of them.
exercises: $(STAMP)
	bash scripts/make-exercises.sh $(A)

# SUBMISSIONS=<student>/<assignment>/<notebook>.ipynb folder, or an LMS download
# (.zip, or a folder of files named by student; see mlgrade/README.md); results in
# grading/<run-id>/ (grading/latest). GRADE_ARGS passes options, e.g.
# GRADE_ARGS="--jobs 4 --timeout 600 --memory 4G", or "--scheduler tcp://HOST:8786"
# to grade on a Dask cluster; see python -m mlgrade --help.
grade: $(STAMP)
	@if [ -z "$(SUBMISSIONS)" ]; then echo "usage: make grade SUBMISSIONS=folder-or-zip"; exit 2; fi
	bash scripts/install-bubblewrap.sh
	$(BIN)/python -m mlgrade "$(SUBMISSIONS)" --course . --out grading $(GRADE_ARGS)

# The newest run's grades as Canvas or Moodle import them (mlgrade/term/export.py):
# LMS=canvas|moodle, GRADEBOOK=<Canvas gradebook export | Moodle grading worksheet>;
# A=<assignment> picks its newest run; EXPORT_ARGS e.g. "--changed --missing zero".
export: $(STAMP)
	@if [ -z "$(LMS)" ] || [ -z "$(GRADEBOOK)" ]; then echo "usage: make export LMS=canvas|moodle GRADEBOOK=file.csv [A=assignment]"; exit 2; fi
	$(BIN)/python -m mlgrade.term.export --lms "$(LMS)" --gradebook "$(GRADEBOOK)" --out grading $(if $(A),--assignment "$(A)") $(EXPORT_ARGS)

# One assignment for students: exercises/$(A)/ (nbgrader release_assignment),
# release/$(A).zip (LMS upload) and released.txt (the book lists only those).
release: $(STAMP)
	@if [ -z "$(A)" ]; then echo "usage: make release A=ps02-cost"; exit 2; fi
	$(BIN)/python -m mlgrade.term.release "$(A)"

# The students' repository: the book, the student notebooks, the package and
# the readers' environment, as committed; never solutions/, hiddenchecks/,
# mlgrade/ or tests (scripts/make_public.py).
public: $(STAMP)
	@if [ -z "$(DEST)" ]; then echo "usage: make public DEST=folder"; exit 2; fi
	$(BIN)/python scripts/make_public.py "$(DEST)"

# BENCH_ARGS passes options, e.g. BENCH_ARGS="--only b1,b2"; BENCH_TORCH=1 (or
# make bench-torch) first installs PyTorch for B2's third column.
bench: $(STAMP)
	@if [ -n "$(BENCH_TORCH)" ]; then bash benchmarks/install-torch.sh; fi
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)

bench-torch:
	$(MAKE) bench BENCH_TORCH=1

clean:
	rm -rf _build .pytest_cache .ruff_cache .hypothesis .coverage
