"""Write the students' copy of the course: ``make public DEST=folder``.

The instructors' repository holds the answers (``solutions/``, the masters),
the hidden checks, the grader and its tests. Students may see the book, the
student notebooks, the course's package and the readers' environment for
Binder, and nothing else. This script copies exactly those, as committed in
git (``git ls-files``): an untracked or git-ignored file (a grading secret, a
gradebook, a student's submission) is never published, wherever it lies.

DEST is created, or must be empty, or must be an earlier copy written by this
script (it keeps a list of what it wrote, ``.mllesson-public``, and replaces
exactly those files, so a ``.git`` folder or other files of yours stay).
Publish DEST as the students' repository, and set ``repository.url`` in
``_config.yml`` to it, so that the launch buttons open it.
"""

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: What students may see: folders and top-level files, as git tracks them.
PUBLIC_FOLDERS = ("book", "exercises", "mllesson", "binder")
PUBLIC_FILES = ("_config.yml", "_toc.yml", "pyproject.toml", "LICENSE", ".gitignore")
#: Text that only a master or the grader holds; its presence stops the copy.
#: Prose may name the folder hiddenchecks/ (the instructors' page does); code
#: that imports a hidden check may not.
FORBIDDEN_TEXT = (
    "### BEGIN SOLUTION",
    "### BEGIN HIDDEN TESTS",
    "from hiddenchecks",
    "import hiddenchecks",
)
#: The list of files an earlier run wrote into DEST.
MARKER = ".mllesson-public"

README = """\
# mllesson: classification and neural networks (students' copy)

An open, executable course on classification and neural networks. This copy
holds what students work with:

- `book/`: the chapters, as MyST Markdown notebooks (and as `.ipynb`);
- `exercises/`: the graded assignments' notebooks;
- `mllesson/`: the course's small numpy package, which the chapters and the
  assignments import;
- `binder/`: the environment Binder builds to run the chapters.

How to set up Python for the assignments, on a laptop, a JupyterHub or Colab,
and how to hand them in: `book/working.md` (the page "Working on the
assignments" of the course's website{site}).
"""


class PublishError(RuntimeError):
    """The students' copy could not be written safely; nothing was changed."""


def public_files(root=ROOT):
    """The files students may see: tracked by git, in the public folders."""
    listed = subprocess.run(
        ["git", "-C", str(root), "ls-files", "-z"],
        check=True,
        capture_output=True,
    ).stdout.decode("utf-8")
    files = []
    for name in filter(None, listed.split("\0")):
        top = name.split("/", 1)[0]
        if (top in PUBLIC_FOLDERS and "/" in name) or name in PUBLIC_FILES:
            if Path(root, name).is_file():  # deleted but not yet committed: skip
                files.append(name)
    return sorted(files)


def _check_content(root, files):
    for name in files:
        data = Path(root, name).read_bytes()
        for text in FORBIDDEN_TEXT:
            if text.encode() in data:
                raise PublishError(
                    f"{name} contains {text!r}, which only the instructors' "
                    "files may hold; nothing was published"
                )


def _prepare(dest, root):
    """Check DEST; return the files an earlier run wrote there."""
    dest = dest.resolve()
    if dest == root or root.is_relative_to(dest) or dest.is_relative_to(root):
        raise PublishError(
            f"DEST={dest} must be outside the course's repository ({root})"
        )
    if not dest.exists():
        return []
    if not dest.is_dir():
        raise PublishError(f"DEST={dest} exists and is not a folder")
    marker = dest / MARKER
    if marker.is_file():
        return marker.read_text(encoding="utf-8").split("\n")
    if any(p.name != ".git" for p in dest.iterdir()):
        raise PublishError(
            f"DEST={dest} is not empty and was not written by make public: "
            "give a new or empty folder (its .git folder may stay)"
        )
    return []


def publish(dest, root=ROOT, site_url=""):
    """Write the students' copy into ``dest``; return the files written."""
    root, dest = Path(root).resolve(), Path(dest)
    files = public_files(root)
    _check_content(root, files)
    earlier = _prepare(dest, root)
    for name in filter(None, earlier):
        stale = dest / name
        if stale.is_file() and not stale.is_symlink():
            stale.unlink()
    for name in files:
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(Path(root, name), target)
    where = f", {site_url}/book/working.html" if site_url else ""
    (dest / "README.md").write_text(README.format(site=where), encoding="utf-8")
    written = [*files, "README.md"]
    (dest / MARKER).write_text("\n".join(written) + "\n", encoding="utf-8")
    return written


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", help="the folder to write the students' copy into")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "book" / "_ext"))
    from site_address import read_site_address

    try:
        written = publish(args.dest, site_url=read_site_address(ROOT).site_url)
    except PublishError as exc:
        print(f"make public: {exc}", file=sys.stderr)
        return 2
    print(f">> {len(written)} files written into {args.dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
