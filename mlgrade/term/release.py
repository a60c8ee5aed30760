"""``python -m mlgrade.term.release ps02-cost``: what the students of one week get.

1. ``nbgrader generate_assignment`` writes the student version of the master
   ``solutions/<name>/`` into ``exercises/<name>/`` (answers and hidden tests
   removed). That folder is what ``nbgrader release_assignment`` puts into
   the exchange on a JupyterHub.
2. ``release/<name>.zip`` holds the same folder, for upload to the LMS.
3. ``released.txt`` gains the name: the book's Assignments page then lists
   only the released assignments (without the file it lists them all).

The student version is checked before anything is written: no solution or
hidden-test marker may remain.
"""

import argparse
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from mlgrade.grading.markers import leaked_markers

RELEASED = "released.txt"


class ReleaseError(ValueError):
    """The assignment cannot be released."""


def released(course="."):
    """The released assignments, in order, or None when every one is."""
    path = Path(course, RELEASED)
    if not path.is_file():
        return None
    return [line.strip() for line in path.read_text().splitlines() if line.strip()]


def generate(course, name):
    """nbgrader's student version of ``solutions/<name>`` in ``exercises/<name>``."""
    path = os.environ.get("PATH", "")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{path}"}
    done = subprocess.run(
        [
            str(Path(sys.executable).parent / "nbgrader"),
            "generate_assignment",
            name,
            "--force",
            "--log-level=WARN",
        ],
        cwd=course,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise ReleaseError(
            f"nbgrader generate_assignment {name} failed:\n{done.stderr[-2000:]}"
        )


def release(course, name, *, regenerate=True):
    """Release ``name``; return the zip's path."""
    course = Path(course).resolve()
    if not Path(course, "solutions", name).is_dir():
        there = sorted(
            p.name for p in Path(course, "solutions").glob("ps*") if p.is_dir()
        )
        raise ReleaseError(
            f"no assignment {name!r} in solutions/ (there: {', '.join(there)})"
        )
    if regenerate:
        generate(course, name)
    folder = course / "exercises" / name
    files = sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and ".ipynb_checkpoints" not in p.parts
    )
    if not any(p.suffix == ".ipynb" for p in files):
        raise ReleaseError(f"exercises/{name} holds no notebook")
    for path in files:
        if path.suffix == ".ipynb":
            text = path.read_text(encoding="utf-8")
            leaked = leaked_markers(text)
            if leaked:
                raise ReleaseError(
                    f"{path} still holds {', '.join(leaked)}: not released"
                )
    target = course / "release" / f"{name}.zip"
    target.parent.mkdir(exist_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            info = zipfile.ZipInfo(
                path.relative_to(folder.parent).as_posix(), (1980, 1, 1, 0, 0, 0)
            )
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())
    names = released(course) or []
    if name not in names:
        with open(course / RELEASED, "a") as fh:
            fh.write(name + "\n")
    return target


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m mlgrade.term.release",
        description="Release one assignment: exercises/<name>/ for nbgrader's "
        "exchange, release/<name>.zip for the LMS, and the book's list.",
    )
    parser.add_argument("assignment")
    parser.add_argument("--course", default=".")
    args = parser.parse_args(argv)
    try:
        path = release(args.course, args.assignment)
    except ReleaseError as exc:
        parser.exit(2, f"mlgrade.term.release: {exc}\n")
    print(
        f"released {args.assignment}: exercises/{args.assignment}/ (nbgrader "
        f"release_assignment {args.assignment}) and {path}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
