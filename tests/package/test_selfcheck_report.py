"""The self-checks' reporting engine: plain-words advice, the numbers of the
visible case, the book section to read, and the student's own line."""

import re
from pathlib import Path

import numpy as np
import pytest

import mllesson as ml
import mllesson.selfcheck as cc


def test_a_shape_error_points_at_the_matrix_product():
    with pytest.raises(cc.SelfCheckError, match="check the order of the matrix"):
        cc.check_hypothesis(lambda theta, X: ml.sigmoid(X.T @ theta))


def test_a_list_is_not_accepted_for_an_array():
    with pytest.raises(cc.SelfCheckError, match="should be a numpy array, got list"):
        cc.check_sigmoid(lambda z: [0.5] * 3)


def test_overflow_to_nan_is_reported_as_the_stability_trap():
    def naive_softmax(Z):
        e = np.exp(np.asarray(Z) * 1e3)  # overflows on the visible inputs
        return e / e.sum(axis=-1, keepdims=True)

    with pytest.raises(cc.SelfCheckError, match="numerical-stability trap"):
        with np.errstate(all="ignore"):
            cc.check_softmax(naive_softmax)


def test_a_wrong_value_shows_both_results_on_the_visible_case():
    wrong = [0.1, 0.2, 0.3]
    with pytest.raises(cc.SelfCheckError) as info:
        cc.check_sigmoid(lambda z: np.asarray(wrong) + 0 * np.asarray(z))
    text = str(info.value)
    assert "at z = −2, 0, 2" in text
    assert "yours:    [0.1, 0.2, 0.3]" in text
    assert "expected: [0.119203, 0.5     , 0.880797]" in text


def test_a_named_mistake_links_its_own_section(monkeypatch):
    from mllesson import _site

    monkeypatch.setattr(_site, "SITE_URL", "https://course.example/")

    def no_penalty(theta, X, y, lam=0.0):
        return ml.logistic_gradient(theta, X, y) + 0 * lam

    with pytest.raises(cc.SelfCheckError) as info:
        cc.check_logistic_gradient(no_penalty, regularised=True)
    text = str(info.value)
    assert "the penalty's gradient (λ/m)θ_j is missing" in text
    link = "Read: https://course.example/05-regularisation.html#the-penalty"
    assert text.endswith(link)


def test_without_a_site_the_section_is_named_in_words(monkeypatch):
    from mllesson import _site

    monkeypatch.setattr(_site, "SITE_URL", "")
    with pytest.raises(cc.SelfCheckError) as info:
        cc.check_sigmoid(lambda z: 1 / (1 + np.exp(np.asarray(z))))
    assert str(info.value).endswith(
        "Read: the section “The sigmoid function” of the chapter “The hypothesis: "
        "from a score to a probability”."
    )


def test_every_catalogued_mistake_names_one_section_of_its_chapter():
    from docutils.nodes import make_id

    from mllesson.selfcheck import mistakes, sections

    book = Path(__file__).resolve().parents[2] / "book"
    messages = {
        message for name in mistakes.__all__ for message, _ in getattr(mistakes, name)
    }
    assert messages == set(sections.MISTAKES)
    for chapter, anchor, heading in [
        *sections.MISTAKES.values(),
        *sections.TASKS.values(),
    ]:
        text = (book / f"{chapter}.md").read_text(encoding="utf-8")
        assert re.search(rf"^##+ {re.escape(heading)}$", text, re.M), heading
        assert anchor == make_id(re.sub(r"\$[^$]*\$", "", heading))


def test_a_failure_shows_the_line_that_ran_the_check_not_the_course_code():
    with pytest.raises(cc.SelfCheckError) as info:
        cc.check_sigmoid(lambda z: np.asarray(z) * 0)  # the student's line
    lines = info.value._render_traceback_()
    assert len(lines) == 2
    assert lines[0].startswith("SelfCheckError: sigmoid: ")
    assert "cc.check_sigmoid(lambda z: np.asarray(z) * 0)" in lines[1]


def test_an_error_in_the_student_code_names_the_student_line():
    def sigmoid(z):
        e = np.exp(-z)
        return 1 / (1 + e) + undefined_name  # noqa: F821

    with pytest.raises(cc.SelfCheckError) as info:
        cc.check_sigmoid(sigmoid)
    text = str(info.value)
    assert "raised NameError in your line" in text
    assert "`return 1 / (1 + e) + undefined_name  # noqa: F821`" in text
