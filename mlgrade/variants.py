"""``python -m mlgrade.variants show psNN-... --student ID --course .``.

Prints one student's variant of an assignment as JSON: its short name
(``id``), its ``conventions`` and ``parameters`` (plain values), and the task
statement the student's notebook shows. ``list`` prints every variant of the
assignment. The variant comes from the course's ``variants.json``, as the
grader derives it (:mod:`mlgrade.grading.variants`).
"""

import argparse
import json
import sys

from mlgrade.grading.course import load_course
from mlgrade.grading.variants import VariantSettingError, salt
from mllesson import variants as course_variants


def _assignment(parser, course, name):
    known = sorted(load_course(course))
    if name not in known:
        parser.exit(2, f"mlgrade.variants: no assignment {name!r} in {course} "
                       f"(try one of: {', '.join(known)})\n")  # fmt: skip
    try:
        value = salt(course, name)
    except VariantSettingError as exc:
        parser.exit(2, f"mlgrade.variants: {exc}\n")
    if value is None:
        parser.exit(
            2,
            f"mlgrade.variants: {name} has no variants (switch them on with "
            f"solutions/{name}/variants.json; see the instructors' page)\n",
        )
    return value


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m mlgrade.variants",
        description="Show the per-student variants of an assignment.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    show = commands.add_parser("show", help="one student's variant, as JSON")
    show.add_argument("assignment", help="e.g. ps02-cost")
    show.add_argument("--student", required=True, help="the student's id")
    show.add_argument("--course", default=".", help="the course folder (default .)")
    every = commands.add_parser("list", help="every variant of an assignment")
    every.add_argument("assignment")
    every.add_argument("--course", default=".")
    args = parser.parse_args(argv)
    value = _assignment(parser, args.course, args.assignment)
    if args.command == "list":
        out = [v.to_json() for v in course_variants.variants_of(args.assignment)]
    else:
        if not args.student.strip():
            parser.exit(2, "mlgrade.variants: --student must not be empty\n")
        variant = course_variants.variant_for(args.assignment, value, args.student)
        out = {**variant.to_json(), "statement": course_variants.statement(variant)}
    json.dump(out, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
