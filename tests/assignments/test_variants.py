"""The variant gates, per assignment with variants and per variant.

- every variant's master answer passes every hidden check;
- every mutant, written into every variant, loses its own task and nothing else;
- every non-answer scores 0 in every variant;
- a right answer for one variant, graded as another, keeps at most half of
  each task on which the two variants differ;
- the book's code (the package's functions, pasted in) fails at least half
  of the variants.
"""

import json

import pytest

import mllesson
from mllesson import variants as V

from .course import ROOT, tasks
from .nonanswers import KINDS, nonanswer
from .variant_gate import (
    agree,
    answers_module,
    cell_scores,
    defined_names,
    dimensions_of,
    functions_of,
    task_scores,
)

WITH_VARIANTS = sorted(
    p.parent.name for p in (ROOT / "solutions").glob("ps*/variants.json")
)


def _points(name):
    return {t: sum(p for _, p in cells) for t, cells in tasks(name).items()}


def test_every_described_assignment_is_switched_on_and_has_answers():
    assert sorted(V.SPECS) == WITH_VARIANTS
    for name in WITH_VARIANTS:
        setting = json.loads((ROOT / "solutions" / name / "variants.json").read_text())
        assert isinstance(setting["salt"], str) and len(setting["salt"]) >= 16
        assert set(V.spec(name).TASKS) <= set(tasks(name))
        assert callable(answers_module(name).answers)


@pytest.mark.parametrize("name", WITH_VARIANTS)
def test_the_variants_are_many_and_each_task_changes_with_one(name):
    spec = V.spec(name)
    assert len(spec.DIMENSIONS) >= 3
    assert len(V.variants_of(name)) >= 8
    changed = [t for t in spec.TASKS if dimensions_of(name, t)]
    assert len(changed) >= 2, "most tasks must change with the variant"


@pytest.mark.slow  # the gates: in make test, not in make test-fast
@pytest.mark.parametrize("name", WITH_VARIANTS)
def test_every_variants_answer_passes_every_hidden_check(name):
    full = _points(name)
    failing = {}
    for v in V.variants_of(name):
        functions = functions_of(name, answers_module(name).answers(v))
        for mix in (None, 12345):
            got = task_scores(name, cell_scores(name, functions, v, mix=mix))
            if got != full:
                failing[v.id, mix] = got
    assert failing == {}


@pytest.mark.slow  # the gates: in make test, not in make test-fast
@pytest.mark.parametrize("name", WITH_VARIANTS)
def test_every_mutant_loses_its_task_and_nothing_else_in_every_variant(name):
    module = answers_module(name)
    assert len(module.MUTANTS) >= 5
    full = _points(name)
    full_cells = {gid: p for cells in tasks(name).values() for gid, p in cells}
    wrong = []
    for v in V.variants_of(name):
        right = module.answers(v)
        for label, (task, old, new) in module.MUTANTS.items():
            assert old in right[task], f"{label}: {old!r} is not in {v.id}'s {task}"
            broken = {**right, task: right[task].replace(old, new)}
            functions = functions_of(name, broken)
            # Only the cells that call the mutated cell's functions can move:
            # the others run the right answer, which the first gate passes.
            using = defined_names(broken[task])
            cells = {**full_cells, **cell_scores(name, functions, v, using=using)}
            got = task_scores(name, cells)
            if got[task] >= full[task]:
                wrong.append(f"{v.id}: {label}: not caught")
            others = {t: p for t, p in got.items() if t != task}
            if others != {t: p for t, p in full.items() if t != task}:
                wrong.append(f"{v.id}: {label}: lost points elsewhere {others}")
    assert wrong == []


@pytest.mark.slow  # the gates: in make test, not in make test-fast
@pytest.mark.parametrize("name", WITH_VARIANTS)
def test_every_nonanswer_scores_zero_in_every_variant(name):
    scored = []
    for kind in KINDS:
        functions = functions_of(name, nonanswer(kind, name))
        for v in V.variants_of(name):
            got = sum(cell_scores(name, functions, v).values())
            if got:
                scored.append(f"{kind} in {v.id}: {got}")
    assert scored == []


@pytest.mark.slow  # the gates: in make test, not in make test-fast
@pytest.mark.parametrize("name", WITH_VARIANTS)
def test_a_copy_of_another_variant_keeps_at_most_half_of_each_differing_task(name):
    module = answers_module(name)
    full = _points(name)
    variants = V.variants_of(name)
    too_much = []
    for u in variants:
        functions = functions_of(name, module.answers(u))
        for v in variants:
            if u == v:
                continue
            differ = [t for t in full if not agree(name, t, u, v)]
            got = task_scores(name, cell_scores(name, functions, v, only=differ))
            too_much += [
                f"{u.id} as {v.id}: {t} {got[t]}/{full[t]}"
                for t in differ
                if got[t] > full[t] / 2
            ]
    assert too_much == []


@pytest.mark.slow  # the gates: in make test, not in make test-fast
@pytest.mark.parametrize("name", WITH_VARIANTS)
def test_the_books_code_pasted_in_fails_at_least_half_of_the_variants(name):
    book = {t: getattr(mllesson, t) for t in V.spec(name).TASKS}
    total = sum(_points(name).values())
    fails = [
        v.id
        for v in V.variants_of(name)
        if sum(cell_scores(name, book, v).values()) < total
    ]
    print(f"{name}: the book's code fails {len(fails)} of {len(V.variants_of(name))}")
    assert len(fails) >= len(V.variants_of(name)) / 2


def test_the_instructors_page_lists_every_assignment_with_variants():
    text = (ROOT / "book" / "instructors.md").read_text()
    rows = {
        line.split("|")[1].strip(): line
        for line in text.splitlines()
        if line.startswith("| ps")
    }
    assert sorted(rows) == WITH_VARIANTS
    for name in WITH_VARIANTS:
        for dimension in V.spec(name).DIMENSIONS:
            assert dimension.name in rows[name], (name, dimension.name)
