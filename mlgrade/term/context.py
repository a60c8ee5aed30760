"""What a run adds for the term: deadlines, roster, overrides, history, feedback.

:class:`TermOptions` are the command line's choices; they are read and
checked before any submission is graded (a bad file stops the run at once).
:class:`TermContext` applies them to a run's results while its files are
written: names from the roster, late penalties, manual overrides, readable
feedback (in nbgrader's layout and as an LMS upload too), ``changes.csv``
against the previous run of each assignment from the same source, and
``results.jsonl`` for ``--incremental``.

A run's *source* is where its submissions come from: ``--source NAME``, else
``exchange`` for nbgrader's layout and the LMS's name (``canvas``, ``moodle``,
``blackboard``) for a download (:func:`mlgrade.classrun.lms.default_source`).
Runs, ``--incremental``, ``changes.csv`` and overrides are kept per source.
"""

import argparse
import copy
import csv
import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from mlgrade.classrun import lms
from mlgrade.grading import submitted_files
from mlgrade.grading.result import Result
from mlgrade.term import deadlines, feedback, history, overrides, roster

OVERRIDES_FILE = "overrides.csv"


@dataclass
class TermOptions:
    due: str = ""  #: ISO 8601
    extensions: str = ""  #: CSV student_id, due
    late_penalty: str = "none"
    late_penalty_of: str = "possible"  #: deadlines.BASES
    roster: str = ""  #: Canvas gradebook export, Moodle worksheet or plain CSV
    match: str = ""  #: id, login or map (default: id for LMS downloads, else login)
    mapping: str = ""  #: CSV student_id, lms_id
    overrides: str = ""  #: default <out>/overrides.csv
    incremental: bool = False
    book_url: str = ""
    source: str = ""  #: history.check_source (default: lms.default_source)

    @classmethod
    def from_args(cls, args):
        return cls(
            due=args.due,
            extensions=args.extensions,
            late_penalty=args.late_penalty,
            late_penalty_of=args.late_penalty_of,
            roster=args.roster,
            match=args.match,
            mapping=args.map,
            overrides=args.overrides,
            incremental=args.incremental,
            book_url=args.book_url,
            source=args.source or "",
        )

    def load(self, out):
        """Read every file now, so that a mistake stops the run before grading."""
        due = deadlines.parse_time(self.due, "--due") if self.due else None
        ext = deadlines.read_extensions(self.extensions) if self.extensions else {}
        if ext and due is None:
            raise deadlines.DeadlineError("--extensions needs --due")
        if self.source:
            history.check_source(self.source)
        loaded = Loaded(
            deadlines=deadlines.Deadlines(
                due,
                ext,
                deadlines.Penalty.parse(self.late_penalty),
                self.late_penalty_of,
            ),
            roster=roster.read_roster(self.roster) if self.roster else None,
            mapping=roster.read_mapping(self.mapping) if self.mapping else None,
            overrides=overrides.read_overrides(
                self.overrides or Path(out, OVERRIDES_FILE)
            ),
        )
        if self.match == "map" and loaded.mapping is None:
            raise roster.RosterError("--match map needs --map CSV (student_id, lms_id)")
        if self.match and self.match not in roster.MATCH_KEYS:
            raise roster.RosterError(
                f"--match must be one of {', '.join(roster.MATCH_KEYS)}; "
                f"got {self.match!r}"
            )
        return loaded

    def digest(self, loaded):
        """A hash of what these options change in the outputs ("" for none)."""
        parts = {
            "deadlines": loaded.deadlines.describe(),
            "overrides": overrides.digest(loaded.overrides),
            "roster": _file_hash(self.roster),
            "mapping": _file_hash(self.mapping),
            "match": self.match,
            "book_url": self.book_url,
        }
        if parts == TermOptions().digest_parts_default():
            return ""
        return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()

    def digest_parts_default(self):
        return {
            "deadlines": deadlines.Deadlines().describe(),
            "overrides": "",
            "roster": "",
            "mapping": "",
            "match": "",
            "book_url": "",
        }


def source_name(source):
    """The name of the source a run belongs to (see the module's doc)."""
    return source.options.source or lms.default_source(source.collected)


def run_digest(source):
    """What, besides the notebooks and checks, shapes a run's files: the
    term's options, the source, and an LMS download's file names and late
    flags."""
    collected = source.collected
    parts = [source.options.digest(source.loaded), source_name(source)]
    if collected.originals or collected.late:
        names = json.dumps(
            [sorted(collected.originals.items()), sorted(collected.late)]
        )
        parts.append(hashlib.sha256(names.encode()).hexdigest())
    return "".join(parts)


def add_arguments(parser):
    """The term's options of ``python -m mlgrade``."""
    group = parser.add_argument_group("deadlines, roster, overrides, regrading")
    group.add_argument(
        "--due", default="", help="due date, ISO 8601 (UTC unless a zone is given)"
    )
    group.add_argument(
        "--extensions",
        default="",
        metavar="CSV",
        help="per-student due dates: student_id, due",
    )
    group.add_argument(
        "--late-penalty",
        default="none",
        metavar="RULE",
        help="N%%/day or N%%/hour per started day or hour (at most 100%%), zero, "
        "or none (default); applied from nbgrader's timestamp.txt",
    )
    group.add_argument(
        "--late-penalty-of",
        default="possible",
        choices=deadlines.BASES,
        help="the late penalty is a percentage of the points possible (default, "
        "Canvas's own late policy) or of the submission's score",
    )
    group.add_argument(
        "--roster",
        default="",
        metavar="CSV",
        help="Canvas gradebook export, Moodle grading worksheet or a CSV with "
        "lms_id: names on grades.csv and the feedback, and who did not submit",
    )
    group.add_argument(
        "--match",
        default="",
        choices=roster.MATCH_KEYS,
        help="how a graded student id finds its roster entry: the LMS id "
        "(default for LMS downloads), the login (SIS Login ID; default for "
        "nbgrader's layout) or a mapping file (--map)",
    )
    group.add_argument(
        "--map", default="", metavar="CSV", help="student_id, lms_id (for --match map)"
    )
    group.add_argument(
        "--overrides",
        default="",
        metavar="CSV",
        help="manual adjustments: student_id, assignment, grade_id, score, reason "
        "(default: <out>/overrides.csv when it exists)",
    )
    group.add_argument(
        "--incremental",
        action="store_true",
        help="reuse the results of the source's newest run for notebooks whose "
        "content and checks are unchanged; grade the rest",
    )
    group.add_argument(
        "--source",
        default=None,  # not "": argparse would check it as if it were given
        type=_source_argument,
        metavar="NAME",
        help="where the submissions come from, e.g. canvas-section-a: runs, "
        "--incremental, changes.csv and overrides are kept per source "
        "(default: exchange for nbgrader's layout, else the LMS: canvas, "
        "moodle, blackboard)",
    )
    group.add_argument(
        "--book-url",
        default="",
        help="the published book's address, for the feedback's links (default: "
        "html.baseurl of _config.yml, else the chapter's file in its "
        "repository.url)",
    )


def _source_argument(text):
    try:
        return history.check_source(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _file_hash(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16] if path else ""


@dataclass
class Loaded:
    deadlines: deadlines.Deadlines
    roster: object = None
    mapping: dict = None
    overrides: list = field(default_factory=list)


@dataclass(frozen=True)
class Source:
    """Where a run's submissions come from, and the term's options for it."""

    #: the unpacked submissions (:class:`mlgrade.classrun.lms.Collected`)
    collected: object
    options: TermOptions
    loaded: Loaded  #: the options' files, read
    name: str  #: the submissions folder or download, as given


@dataclass
class Submission:
    """Where a graded notebook came from (for feedback and deadlines)."""

    folder: str = ""  #: the folder it was submitted in (timestamp.txt, secret)
    original: str = ""  #: an LMS download's file name for it
    lms_late: bool = False  #: the LMS marked it late


class TermContext:
    """Applies the term's options to one run's results (see module doc)."""

    def __init__(
        self,
        options,
        loaded,
        *,
        out,
        course,
        assignments,
        input_kind,
        submissions,
        keys,
    ):
        self.options, self.loaded = options, loaded
        self.out, self.course, self.assignments = Path(out), course, assignments
        self.input_kind = input_kind  #: "lms" or "nbgrader"
        self.submissions = submissions  #: (assignment, student) -> Submission
        self.keys = keys  #: (assignment, student) -> history.result_key
        self.raw = []
        self.people, self.unmatched = {}, []
        self.adjusted, self.rejected = {}, []
        self.lateness, self.pages, self.texts = {}, {}, {}
        self.raw_notebooks = {}  #: (assignment, student) -> notebook path
        self.input_name = ""
        self.source = ""  #: the source's name (history.check_source)
        #: (assignment, student) graded by the other sources' newest runs
        self.elsewhere = frozenset()
        self.reused = 0  #: results taken over from the previous run (--incremental)
        self.checks_version = ""  #: the hash of the masters and the check code

    @property
    def match_key(self):
        return self.options.match or ("id" if self.input_kind == "lms" else "login")

    def prepare(self, results):
        """Overrides, lateness, names, texts; ``results`` are changed in place."""
        self.raw = [copy.deepcopy(r) for r in results]
        self.adjusted, self.rejected = overrides.apply(
            results, self.loaded.overrides, self.source, self.elsewhere
        )
        students = sorted({r.student for r in results})
        if self.loaded.roster is not None:
            found = roster.match(
                self.loaded.roster, students, self.match_key, self.loaded.mapping
            )
            self.people, self.unmatched = found.found, found.unmatched
        for r in results:
            sub = self.submissions.get((r.assignment, r.student), Submission())
            try:
                late = self.loaded.deadlines.assess(
                    r.student,
                    r.timestamp,
                    r.score,
                    lms_late=sub.lms_late,
                    possible=r.max_score,
                )
            except deadlines.DeadlineError:  # a time that is no date: unknown
                late = self.loaded.deadlines.assess(
                    r.student, "", r.score, lms_late=sub.lms_late, possible=r.max_score
                )
                r.timestamp = ""
            self.lateness[(r.assignment, r.student)] = late
        for name in sorted({r.assignment for r in results}):
            self.texts[name] = feedback.assignment_text(
                self.course, self.assignments[name], self.options.book_url
            )

    def absent(self):
        """Roster students with no submission, by the id they would have in
        this run (their LMS id, login, or mapped name); those the mapping
        does not name are left out (export lists them)."""
        if self.loaded.roster is None:
            return {}
        reverse = {v: k for k, v in (self.loaded.mapping or {}).items()}
        out = {}
        for p in roster.match(
            self.loaded.roster, list(self.people), self.match_key, self.loaded.mapping
        ).absent:
            sid = {"id": p.lms_id, "login": p.login, "map": reverse.get(p.lms_id, "")}[
                self.match_key
            ]
            if sid:
                out[sid] = p
        self.people.update(out)
        return out

    def person(self, student):
        return self.people.get(student)

    def grade_row(self, r):
        """nbgrader's grades.csv columns for a graded submission."""
        late = self.lateness.get((r.assignment, r.student), deadlines.Lateness())
        p = self.person(r.student)
        return {
            "duedate": late.duedate,
            "last_name": p.last_name if p else "",
            "first_name": p.first_name if p else "",
            "email": p.email if p else "",
            "late_submission_penalty": late.penalty,
            "score": r.score - late.penalty,
        }

    def duedate(self, student):
        due = self.loaded.deadlines.due_for(student)
        return deadlines.show_time(due) if due else ""

    def problems(self):
        """Extra rows for problems.csv."""
        rows = []
        for (name, student), late in sorted(self.lateness.items()):
            sub = self.submissions.get((name, student), Submission())
            if sub.lms_late:
                rows.append([student, name, "late (LMS flag)", late.note])
            elif late.late_by:
                rows.append([student, name, "late penalty", late.note])
            elif late.note:
                rows.append([student, name, "no submission time", late.note])
        for (name, student), items in sorted(self.adjusted.items()):
            for gid, old, new, reason in items:
                rows.append(
                    [
                        student,
                        name,
                        "manual adjustment",
                        f"{gid}: {old:g} -> {new:g} ({reason})",
                    ]
                )
        for o, why in self.rejected:
            rows.append(
                [
                    o.student,
                    o.assignment,
                    "override not applied",
                    f"{o.grade_id}: {why}",
                ]
            )
        for student in self.unmatched:
            rows.append(
                [student, "", "not in roster", f"no roster entry by {self.match_key}"]
            )
        return rows

    def page(self, r):
        """The feedback page of ``r`` (and kept for the other layouts)."""
        key = (r.assignment, r.student)
        path = self.raw_notebooks.get(key)
        try:
            raw = submitted_files.read_file(path, submitted_files.MAX_NOTEBOOK_BYTES)
        except (submitted_files.NotReadable, TypeError):  # none, or not plain
            raw = b""
        text = self.texts[r.assignment]
        errors = feedback.cited_errors(
            self.assignments[r.assignment], text, raw, r.cell_errors
        )
        p = self.person(r.student)
        html = feedback.page(
            r,
            text,
            student_name=p.display_name if p else "",
            lateness=self.lateness.get(key),
            adjusted=self.adjusted.get(key, ()),
            errors=errors,
        )
        self.pages[key] = (self.assignments[r.assignment].notebook, html)
        return html

    def finish(self, folder, rid):
        """The term's files in the run's (temporary) ``folder``."""
        history.write_results(folder, self.raw, self.keys)
        names = sorted({r.assignment for r in self.raw})
        previous = {
            n: history.previous_run(self.out, n, rid, self.source) for n in names
        }
        history.write_changes(folder, history.changes(folder, previous))
        sources = {k: s.folder for k, s in self.submissions.items()}
        feedback.write_nbgrader_layout(folder, self.pages, sources)
        originals = {k: s.original for k, s in self.submissions.items() if s.original}
        feedback.write_upload_zip(folder, self.pages, originals)
        return previous

    def describe(self, rid, input_name):
        """run.json's record of this run; a re-run of the same input keeps the
        time and input of its first grading, so its files stay identical."""
        old = Path(self.out, rid, "run.json")
        first = json.loads(old.read_text()) if old.is_file() else {}
        return {
            "assignments": sorted({r.assignment for r in self.raw}),
            "input": first.get("input", input_name),
            "input_kind": first.get("input_kind", self.input_kind),
            "source": self.source,
            "graded_at": first.get(
                "graded_at", datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            ),
            "commit": history.commit(self.course),
            "checks_version": self.checks_version,
            "options": {
                **self.loaded.deadlines.describe(),
                "roster": self.options.roster,
                "match": self.match_key if self.loaded.roster is not None else "",
                "overrides": len(self.loaded.overrides),
                "incremental": self.options.incremental,
                "book_url": self.options.book_url,
            },
        }


def reuse(out, jobs, keys, source):
    """Results of the newest run of each job's assignment from ``source``
    whose key matches; returns {job index: Result}."""
    cache = {}
    found = {}
    for i, job in enumerate(jobs):
        name = job.assignment
        if name not in cache:
            folder = history.latest(out, name, source)
            cache[name] = history.read_results(folder) if folder else {}
        data = cache[name].get(keys[(name, job.student)])
        if data is not None:
            result = Result.from_dict(copy.deepcopy(data))
            result.timestamp = job.timestamp
            found[i] = result
    return found


def for_run(source, work, where, checks_version):
    """The run's :class:`TermContext` and, with ``--incremental``, the results
    it can reuse ({job index: Result}). ``source`` is a :class:`Source`,
    ``work`` the run's jobs (:class:`mlgrade.grading.job.Job`), ``where`` has the
    run's ``out`` folder, ``course`` and ``assignments``."""
    collected, options = source.collected, source.options
    out = where.out
    keys = {
        (j.assignment, j.student): history.result_key(j, checks_version) for j in work
    }
    subs = {}
    for job in work:
        subs[(job.assignment, job.student)] = Submission(
            folder=str(Path(collected.folder, job.student, job.assignment)),
            original=collected.originals.get(job.student, ""),
            lms_late=job.student in collected.late,
        )
    ctx = TermContext(
        options,
        source.loaded,
        out=out,
        course=where.course,
        assignments=where.assignments,
        input_kind="lms" if collected.assignment else "nbgrader",
        submissions=subs,
        keys=keys,
    )
    ctx.checks_version = checks_version
    ctx.input_name = source.name
    ctx.source = source_name(source)
    ctx.elsewhere = _graded_elsewhere(out, {j.assignment for j in work}, ctx.source)
    ctx.raw_notebooks = {(j.assignment, j.student): j.path for j in work if j.path}
    reused = reuse(out, work, keys, ctx.source) if options.incremental else {}
    ctx.reused = len(reused)
    return ctx, reused


def _graded_elsewhere(out, names, own):
    """(assignment, student) of the newest run of each other source."""
    found = set()
    for name in sorted(names):
        for other, folder in history.sources_of(out, name).items():
            if other == own:
                continue
            with open(folder / "grades.csv", newline="") as fh:
                found |= {
                    (r["assignment"], r["student_id"])
                    for r in csv.DictReader(fh)
                    if r["assignment"] == name
                }
    return frozenset(found)
