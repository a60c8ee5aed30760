"""``python -m mlgrade SUBMISSIONS``: grade a class (see ``--help``)."""

import argparse
import csv
import os
import re
import sys
import time

from mlgrade.classrun.lms import SubmissionsError
from mlgrade.classrun.run import RunOptions, grade_class
from mlgrade.grading.variants import VariantSettingError
from mlgrade.insight.safe_text import terminal
from mlgrade.sandbox.kernel import Limits, bwrap_available
from mlgrade.term.context import TermOptions, add_arguments
from mlgrade.term.deadlines import DeadlineError
from mlgrade.term.overrides import OverridesError
from mlgrade.term.roster import RosterError

#: problems.csv's rows of files found but not graded, shown after a run
_NOT_GRADED = (
    "unmatched file",
    "student id rejected",
    "duplicate submission",
    "not unpacked",
    "linked folder",
)
_UNITS = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30}


def _size(text):
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmg]?)i?b?\s*", text.lower())
    if not match:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (try 2G or 512M)")
    return int(float(match.group(1)) * _UNITS[match.group(2)])


def main(argv=None):
    default = Limits()
    parser = argparse.ArgumentParser(
        prog="python -m mlgrade",
        description="Grade nbgrader submissions in sandboxed kernels, in parallel.",
    )
    parser.add_argument(
        "submissions",
        help="folder laid out as <student>/<assignment>/<notebook>.ipynb, or an "
        "LMS download (a .zip, or a folder of archives or files named by student)",
    )
    parser.add_argument(
        "--assignment",
        help="the assignment of an LMS download, when its name and notebooks "
        "do not tell",
    )
    parser.add_argument(
        "--lms-regexp",
        metavar="REGEX",
        help="nbgrader zip_collect's named_regexp for an LMS download's file "
        "names, with (?P<student_id>...) and (?P<file_id>...) groups "
        "(default: Canvas, Moodle and Blackboard names)",
    )
    parser.add_argument(
        "--course", default=".", help="course folder holding solutions/ (default: .)"
    )
    parser.add_argument(
        "--out",
        default="grading",
        help="output folder; each run writes <out>/<run-id> (default: grading)",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="submissions graded at once (default: number of cores)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=default.wall,
        help=f"wall seconds of student code per submission (default: {default.wall:g})",
    )
    parser.add_argument(
        "--step-timeout",
        type=float,
        default=default.step,
        help=f"wall seconds per cell or call (default: {default.step:g})",
    )
    parser.add_argument(
        "--cpu",
        type=int,
        default=default.cpu,
        help=f"CPU seconds per kernel (default: {default.cpu})",
    )
    parser.add_argument(
        "--memory",
        type=_size,
        default=default.memory,
        help="address space per kernel (default: 2G)",
    )
    parser.add_argument(
        "--max-output",
        type=_size,
        default=default.output,
        help="printed output kept per kernel (default: 1M)",
    )
    parser.add_argument(
        "--no-sandbox",
        action="store_true",
        help="run kernels without bubblewrap (weaker; see mlgrade/README.md)",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    add_arguments(parser)
    cluster = parser.add_mutually_exclusive_group()
    cluster.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="grade on this Dask cluster, e.g. tcp://HOST:8786, one task per "
        "submission (--jobs is then unused)",
    )
    cluster.add_argument(
        "--scheduler-file",
        metavar="PATH",
        help="grade on the Dask cluster described in this file (as written by "
        "dask-jobqueue, dask-mpi or `dask scheduler --scheduler-file`)",
    )
    args = parser.parse_args(argv)

    sandbox = not args.no_sandbox
    if sandbox and not bwrap_available():
        parser.exit(
            2,
            "mlgrade: bubblewrap (bwrap) is missing or cannot run here; "
            "install it (scripts/install-bubblewrap.sh) or pass --no-sandbox.\n",
        )
    limits = Limits(
        memory=args.memory,
        cpu=args.cpu,
        wall=args.timeout,
        step=min(args.step_timeout, args.timeout),
        output=args.max_output,
    )
    start = time.monotonic()
    client = None
    if args.scheduler or args.scheduler_file:
        from mlgrade.classrun.distributed import connect

        try:
            client = connect(args.scheduler, args.scheduler_file)
        except (OSError, TimeoutError, ValueError, RuntimeError) as exc:
            where = args.scheduler or args.scheduler_file
            parser.exit(2, f"mlgrade: cannot reach the Dask scheduler {where}: {exc}\n")
    try:
        options = RunOptions(
            limits=limits,
            sandbox=sandbox,
            jobs=args.jobs,
            progress=not args.quiet,
            cluster=client,
            assignment=args.assignment,
            lms_regexp=args.lms_regexp,
            term=TermOptions.from_args(args),
        )
        folder = grade_class(args.submissions, args.course, args.out, options)
    except (
        SubmissionsError,
        DeadlineError,
        RosterError,
        OverridesError,
        VariantSettingError,
    ) as exc:
        parser.exit(2, f"mlgrade: {terminal(exc)}\n")  # names from the download
    finally:
        if client is not None:
            client.close()
    with open(folder / "problems.csv", newline="") as fh:
        skipped = [r for r in csv.DictReader(fh) if r["problem"] in _NOT_GRADED]
    for row in skipped:
        who = f"{row['student_id']}: " if row["student_id"] else ""
        print(f"not graded: {terminal(who + row['detail'])}", file=sys.stderr)
    print(f"graded in {time.monotonic() - start:.1f} s; results in {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
