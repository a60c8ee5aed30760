"""``python -m mlgrade.variants`` and the course's variant setting."""

import json
import shutil

import pytest

from mlgrade import variants as cli
from mlgrade.grading.variants import VariantSettingError, salt, variant_of
from mllesson import variants
from tests.assignments.course import ROOT

NAME = "ps02-cost"


def test_show_prints_the_variant_the_grader_uses(capsys):
    assert cli.main(["show", NAME, "--student", "12345", "--course", str(ROOT)]) == 0
    shown = json.loads(capsys.readouterr().out)
    graded = variant_of(ROOT, NAME, "12345")
    assert shown["id"] == graded.id
    assert shown["conventions"] == dict(graded.conventions)
    assert shown["parameters"] == {}
    assert all(isinstance(v, str) for v in shown["conventions"].values())
    assert f"`{graded.id}`" in shown["statement"]


def test_list_prints_every_variant(capsys):
    assert cli.main(["list", NAME, "--course", str(ROOT)]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [v["id"] for v in listed] == [v.id for v in variants.variants_of(NAME)]


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["show", "ps99-none", "--student", "a"], "no assignment 'ps99-none'"),
        (["show", NAME, "--student", " "], "--student must not be empty"),
    ],
)
def test_bad_requests_say_what_is_wrong(argv, says, capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main([*argv, "--course", str(ROOT)])
    assert stop.value.code == 2
    assert says in capsys.readouterr().err


def _course(tmp_path, setting=None):
    shutil.copytree(ROOT / "solutions" / NAME, tmp_path / "solutions" / NAME)
    path = tmp_path / "solutions" / NAME / "variants.json"
    if setting is None:
        path.unlink()
    else:
        path.write_text(setting)
    return tmp_path


def test_without_the_setting_there_are_no_variants(tmp_path, capsys):
    course = _course(tmp_path)
    assert salt(course, NAME) is None and variant_of(course, NAME, "ada") is None
    with pytest.raises(SystemExit):
        cli.main(["show", NAME, "--student", "ada", "--course", str(course)])
    assert "has no variants" in capsys.readouterr().err


@pytest.mark.parametrize(
    "setting", ["not json", "{}", '{"salt": ""}', '{"salt": 7}', '["salt"]']
)
def test_a_broken_setting_is_refused_with_its_file_named(tmp_path, setting):
    course = _course(tmp_path, setting)
    with pytest.raises(VariantSettingError, match="variants.json"):
        salt(course, NAME)
