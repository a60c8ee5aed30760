"""`make public` gives students the course without its answers."""

import subprocess
from pathlib import Path

import pytest

from scripts.make_public import MARKER, PublishError, public_files, publish

from .course import ASSIGNMENTS, ROOT, secret_lines


@pytest.fixture(scope="module")
def public(tmp_path_factory):
    dest = tmp_path_factory.mktemp("public") / "mllesson"
    publish(dest)
    return dest


def _texts(folder):
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            yield path, path.read_bytes().decode("utf-8", errors="replace")


def _published_sources():
    """The package and chapter sources of the instructors' repository."""
    return "\n".join(
        Path(ROOT, name).read_text(encoding="utf-8", errors="replace")
        for name in public_files()
        if name.startswith(("mllesson/", "book/"))
    )


def test_holds_what_students_work_with(public):
    tops = sorted(p.name for p in public.iterdir())
    assert {"book", "exercises", "mllesson", "binder", "pyproject.toml"} <= set(tops)
    for name in (
        "solutions",
        "hiddenchecks",
        "mlgrade",
        "tests",
        "benchmarks",
        "scripts",
        "requirements.txt",
        "nbgrader_config.py",
        "grading",
    ):
        assert name not in tops
    for name in ASSIGNMENTS:
        ours = ROOT / "exercises" / name / f"{name}.ipynb"
        assert (public / "exercises" / name / f"{name}.ipynb").read_bytes() == (
            ours.read_bytes()
        )
    assert (public / "mllesson" / "selfcheck" / "__init__.py").is_file()
    assert (public / "binder" / "requirements.txt").is_file()


def test_leaks_no_master_line_hidden_check_or_secret(public):
    # The masters re-implement the public package, so a line that the
    # package's or the chapters' own source holds is no secret (the book
    # prints that code). Every other line of every master's solutions and
    # hidden tests must be absent.
    shown = _published_sources()
    secret = set().union(*(secret_lines(name) for name in ASSIGNMENTS))
    secret = {line for line in secret if line not in shown}
    assert len(secret) > 100, "the masters have lines to protect"
    hidden = {
        line.strip()
        for path in (ROOT / "hiddenchecks").glob("*.py")
        for line in path.read_text(encoding="utf-8").splitlines()
        if len(line.strip()) > 30
        and not line.strip().startswith(("#", "import", "from"))
    }
    hidden -= {line for line in hidden if line in shown}
    assert len(hidden) > 100
    secret_file = ROOT / "grading" / ".secret"
    grading_secret = secret_file.read_text().strip() if secret_file.is_file() else None
    for path, text in _texts(public):
        where = path.relative_to(public)
        for marker in (
            "BEGIN SOLUTION",
            "HIDDEN TESTS",
            "from hiddenchecks",
            "import hiddenchecks",
        ):
            assert marker not in text, f"{where} holds {marker!r}"
        assert not [line for line in secret if line in text], where
        assert not [line for line in hidden if line in text], where
        if grading_secret:
            assert grading_secret not in text, where


def test_publishes_only_what_git_tracks_in_the_public_folders(tmp_path):
    repo = tmp_path / "course"
    files = {
        "book/intro.md": "# Welcome\n",
        "mllesson/__init__.py": "",
        "exercises/ps01-x/ps01-x.ipynb": "{}",
        "solutions/ps01-x/ps01-x.ipynb": "answers",
        "hiddenchecks/ps01.py": "hidden",
        "mlgrade/grading/grader.py": "grader",
        "tests/test_x.py": "test",
        "_config.yml": "title: x\n",
        "README.md": "instructors\n",
        ".gitignore": "/grading/\n",
    }
    for name, text in files.items():
        Path(repo, name).parent.mkdir(parents=True, exist_ok=True)
        Path(repo, name).write_text(text)
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "course"], check=True)
    # Never committed: a grading secret (git-ignored) and a stray file.
    Path(repo, "grading").mkdir()
    Path(repo, "grading", ".secret").write_text("s3cr3t")
    Path(repo, "book", "answers-draft.md").write_text("draft answers")

    dest = tmp_path / "public"
    written = publish(dest, root=repo)
    on_disk = sorted(
        p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file()
    )
    assert on_disk == sorted(
        [
            ".gitignore",
            "README.md",
            MARKER,
            "_config.yml",
            "book/intro.md",
            "exercises/ps01-x/ps01-x.ipynb",
            "mllesson/__init__.py",
        ]
    )
    assert sorted(written) == sorted(set(on_disk) - {MARKER})
    assert "instructors" not in (dest / "README.md").read_text()

    # Run again after a file left the course: the stale copy goes, yours stay.
    subprocess.run([*git, "rm", "-q", "book/intro.md"], check=True)
    (dest / ".git").mkdir()
    (dest / "NOTES.txt").write_text("mine")
    publish(dest, root=repo)
    assert not (dest / "book" / "intro.md").exists()
    assert (dest / "NOTES.txt").read_text() == "mine"
    assert (dest / ".git").is_dir()


def test_refuses_a_folder_it_did_not_write(tmp_path):
    dest = tmp_path / "elsewhere"
    dest.mkdir()
    (dest / "thesis.tex").write_text("precious")
    with pytest.raises(PublishError, match="not empty"):
        publish(dest)
    assert (dest / "thesis.tex").read_text() == "precious"
    with pytest.raises(PublishError, match="outside"):
        publish(ROOT / "public-copy")
    assert not (ROOT / "public-copy").exists()


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("### BEGIN SOLUTION\nx = 1\n", "BEGIN SOLUTION"),
        ("check(f)\n### BEGIN HIDDEN TESTS\ncheck_more(f)\n", "HIDDEN TESTS"),
        ("from hiddenchecks import ps02\nps02.log_loss_values(f)\n", "hiddenchecks"),
    ],
)
def test_refuses_a_master_in_a_public_folder(tmp_path, text, named):
    repo = tmp_path / "course"
    Path(repo, "exercises").mkdir(parents=True)
    Path(repo, "exercises", "x.ipynb").write_text(text)
    # Prose that names the instructors' folders is no leak.
    Path(repo, "book").mkdir()
    Path(repo, "book", "instructors.md").write_text(
        "Never give students `solutions/` or `hiddenchecks/`.\n"
    )
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "course"], check=True)
    with pytest.raises(PublishError, match=f"exercises/x.ipynb contains .*{named}"):
        publish(tmp_path / "public", root=repo)
    assert not (tmp_path / "public").exists()
    subprocess.run([*git, "rm", "-q", "exercises/x.ipynb"], check=True)
    assert publish(tmp_path / "public", root=repo) == [
        "book/instructors.md",
        "README.md",
    ]
