"""The student's side of variants: the id, the statement, the self-checks."""

import numpy as np
import pytest

from mllesson import selfcheck, variants
from mllesson.selfcheck.report import SelfCheckError
from mllesson.variants import notebook

NAME, SALT = "ps02-cost", "a-test-salt"


@pytest.fixture(autouse=True)
def no_active_variant(monkeypatch, tmp_path):
    monkeypatch.setattr(notebook, "_ACTIVE", [])
    monkeypatch.delenv("MLLESSON_STUDENT_ID", raising=False)
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    monkeypatch.chdir(tmp_path)


def _id_with(**conventions):
    """A student id whose variant has these conventions."""
    return next(
        s
        for s in (f"id{i}" for i in range(500))
        if all(
            variants.variant_for(NAME, SALT, s)[d] == c for d, c in conventions.items()
        )
    )


def test_the_id_comes_from_the_student_then_the_hub_then_nbgrader(
    monkeypatch, tmp_path
):
    assert variants.find_student_id(" ada ") == ("ada", "typed in this notebook")
    monkeypatch.setenv("JUPYTERHUB_USER", "hubuser")
    assert variants.find_student_id("")[0] == "hubuser"
    monkeypatch.delenv("JUPYTERHUB_USER")
    folder = tmp_path / "autograded" / "bob" / NAME
    folder.mkdir(parents=True)
    monkeypatch.chdir(folder)
    assert variants.find_student_id("") == ("bob", "nbgrader's folder")
    with pytest.raises(TypeError, match="student_id"):
        variants.find_student_id(42)


def test_the_cell_shows_the_students_own_statement_and_activates_it():
    student = _id_with(labels="pm1", bias="b")
    shown = variants.mine(NAME, SALT, student_id=student)
    own = variants.variant_for(NAME, SALT, student)
    assert variants.active() == own == shown.variant
    assert f"`{own.id}`" in shown._repr_markdown_()
    assert "−1 and +1" in shown and "logistic_cost(w, b, X, y, lam=0.0)" in shown


def test_without_an_id_the_cell_says_so_and_uses_the_usual_conventions():
    shown = variants.mine(NAME, SALT)
    assert "No student id found" in shown
    assert variants.is_usual(variants.active())


def _log_loss_01(y_true, y_prob, eps=1e-15):
    p = np.clip(y_prob, eps, 1 - eps)
    return float(-np.mean(y_true * np.log(p) + (1 - y_true) * np.log(1 - p)))


def test_a_self_check_names_the_convention_the_answer_missed():
    variants.mine(NAME, SALT, student_id=_id_with(labels="pm1"))
    with pytest.raises(SelfCheckError, match="in yours, Labels are −1 and \\+1"):
        selfcheck.check_log_loss(_log_loss_01)  # written for labels 0/1


def test_the_same_answer_passes_in_a_variant_with_labels_0_1(capsys):
    variants.mine(NAME, SALT, student_id=_id_with(labels="01"))
    selfcheck.check_log_loss(_log_loss_01)
    assert "passed" in capsys.readouterr().out
