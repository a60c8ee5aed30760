"""The class list, read from the LMS, and who among the graded is who.

Three forms are read, told apart by their header:

- **Canvas's gradebook export** (Grades, Export, CSV): ``Student, ID, SIS User
  ID, SIS Login ID, [Integration ID,] Section``, then one column per assignment
  named ``<title> (<Canvas id>)``, then totals; a ``Points Possible`` row and
  possibly a ``Muted``/``Manual Posting`` row come before the students.
- **Moodle's grading worksheet** (the assignment's "Download grading
  worksheet"): ``Identifier`` (``Participant 12345``, the number in the
  download's file names), ``Full name``, ``Email address``, ..., ``Maximum
  Grade``.
- **A plain CSV**: ``lms_id`` and any of ``name``, ``first_name``,
  ``last_name``, ``email``, ``login``, ``id_number``.

A graded student is matched to a roster entry by exactly one key, chosen by
the instructor or by the input: the LMS id (the number in an LMS download's
file names), the login (Canvas's ``SIS Login ID``, the JupyterHub username)
or a mapping file (``student_id, lms_id``). Nothing is matched by a name or a
near miss: whatever has no exact match is reported.
"""

import csv
import re
from dataclasses import dataclass, field

#: Canvas's identity columns (GRADEBOOK_IMPORTER_RESERVED_NAMES in
#: lib/gradebook_importer.rb)
CANVAS_IDENTITY = [
    "Student",
    "ID",
    "SIS User ID",
    "SIS Login ID",
    "Section",
    "Integration ID",
    "Root Account",
]
#: Canvas columns that are not assignments ("Unposted ..." variants included).
CANVAS_TOTALS = re.compile(
    r"(Current|Final|Override) (Score|Points|Grade|Status)|Override Status"
)
CANVAS_ASSIGNMENT = re.compile(r"\A(.*)\s\((\d+)\)\Z")
MATCH_KEYS = ("id", "login", "map")
#: The name Canvas gives the test student of "Student View" in its gradebook.
CANVAS_TEST_STUDENT = "Student, Test"


class RosterError(ValueError):
    """A roster or mapping file that cannot be read, or a key that is not unique."""


@dataclass
class Person:
    lms_id: str  #: Canvas user id, Moodle participant id, or the plain CSV's id
    name: str = ""
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    login: str = ""  #: Canvas SIS Login ID, or the plain CSV's login
    sis_user_id: str = ""
    section: str = ""
    id_number: str = ""

    @property
    def display_name(self):
        full = f"{self.first_name} {self.last_name}".strip()
        return full or self.name or self.lms_id


@dataclass
class Roster:
    kind: str  #: "canvas", "moodle" or "csv"
    people: list = field(default_factory=list)
    #: Canvas: assignment column headers, their points possible, each cell
    columns: list = field(default_factory=list)
    points: dict = field(default_factory=dict)
    cells: dict = field(default_factory=dict)  #: lms_id -> {header: text}
    max_grade: str = ""  #: Moodle worksheet's "Maximum Grade"
    #: Canvas's test student: recognised, and left out of grades and exports
    test_students: list = field(default_factory=list)

    def by(self, key):
        """lms_id/login -> Person; a value held by two people is an error."""
        attr = {"id": "lms_id", "login": "login"}[key]
        out = {}
        for person in self.people:
            value = getattr(person, attr).strip()
            if not value:
                continue
            if value in out:
                raise RosterError(
                    f"the roster gives two students the same {attr} {value!r}; "
                    "fix the roster (students are never matched by guess)"
                )
            out[value] = person
        return out


def _split_name(text):
    """Canvas's sortable name "Doe, Jane" -> ("Jane", "Doe"); else the whole
    name as the last name (a name without a comma is not split by guess)."""
    if ", " in text:
        last, first = text.split(", ", 1)
        return first.strip(), last.strip()
    return "", text.strip()


def _read_rows(path):
    with open(path, newline="", encoding="utf-8-sig") as fh:
        sample = fh.read(4096)
        fh.seek(0)
        # Canvas exports with ";" where the decimal separator is a comma.
        delimiter = (
            ";"
            if sample.split("\n")[0].count(";") > sample.split("\n")[0].count(",")
            else ","
        )
        return list(csv.reader(fh, delimiter=delimiter))


def _canvas(rows, path):
    header = [h.strip() for h in rows[0]]
    if "Section" not in header:
        raise RosterError(f"{path}: a Canvas export has a Section column")
    identity = header.index("Section") + 1
    columns = [
        h
        for h in header[identity:]
        if CANVAS_ASSIGNMENT.match(h) and not CANVAS_TOTALS.search(h)
    ]
    roster = Roster("canvas", columns=columns)
    at = {h: i for i, h in enumerate(header)}
    for row in rows[1:]:
        cells = dict(zip(header, (c.strip() for c in row), strict=False))
        first = cells.get("Student", "")
        if "Points Possible" in first:
            roster.points = {h: cells.get(h, "") for h in columns}
            continue
        if not any(row) or all(
            re.fullmatch(r"\s*(Muted|Manual Posting.*)?\s*", c, re.I) for c in row
        ):
            continue
        if not cells.get("ID"):
            raise RosterError(f"{path}: a student row without an ID: {row[:5]}")
        given, family = _split_name(first)
        if first == CANVAS_TEST_STUDENT:
            roster.test_students.append(Person(lms_id=cells["ID"], name=first))
            continue
        roster.people.append(
            Person(
                lms_id=cells["ID"],
                name=first,
                first_name=given,
                last_name=family,
                login=cells.get("SIS Login ID", ""),
                sis_user_id=cells.get("SIS User ID", ""),
                section=cells.get("Section", ""),
            )
        )
        roster.cells[cells["ID"]] = {h: row[at[h]].strip() for h in columns}
    return roster


def _moodle(rows, path):
    header = [h.strip() for h in rows[0]]
    roster = Roster("moodle")
    for row in rows[1:]:
        cells = dict(zip(header, (c.strip() for c in row), strict=False))
        match = re.fullmatch(r"\D*?(\d+)", cells.get("Identifier", ""))
        if not match:
            raise RosterError(
                f"{path}: Identifier should read 'Participant <number>': {row[:3]}"
            )
        roster.people.append(
            Person(
                lms_id=match.group(1),
                name=cells.get("Full name", ""),
                last_name=cells.get("Full name", ""),
                email=cells.get("Email address", ""),
                id_number=cells.get("ID number", ""),
            )
        )
        roster.max_grade = roster.max_grade or cells.get("Maximum Grade", "")
    return roster


def _plain(rows, path):
    header = [h.strip() for h in rows[0]]
    roster = Roster("csv")
    for row in rows[1:]:
        cells = dict(zip(header, (c.strip() for c in row), strict=False))
        if not cells.get("lms_id"):
            raise RosterError(f"{path}: a row without lms_id: {row}")
        first, last = cells.get("first_name", ""), cells.get("last_name", "")
        if not (first or last) and cells.get("name"):
            first, last = _split_name(cells["name"])
        roster.people.append(
            Person(
                lms_id=cells["lms_id"],
                name=cells.get("name", ""),
                first_name=first,
                last_name=last,
                email=cells.get("email", ""),
                login=cells.get("login", ""),
                id_number=cells.get("id_number", ""),
            )
        )
    return roster


def read_roster(path):
    """A :class:`Roster` from a Canvas export, a Moodle worksheet or a plain CSV."""
    rows = [r for r in _read_rows(path) if r]
    if not rows:
        raise RosterError(f"{path}: the roster is empty")
    header = [h.strip() for h in rows[0]]
    if header[:2] == ["Student", "ID"]:
        return _canvas(rows, path)
    if "Identifier" in header and "Email address" in header:
        return _moodle(rows, path)
    if "lms_id" in header:
        return _plain(rows, path)
    raise RosterError(
        f"{path}: not a roster this grader reads; expected Canvas's gradebook "
        "export (Student, ID, ...), Moodle's grading worksheet (Identifier, "
        f"Full name, Email address, ...) or a CSV with lms_id; got {header[:6]}"
    )


def read_mapping(path):
    """``student_id, lms_id`` rows -> {student id: lms id}, one each way."""
    with open(path, newline="", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    out, seen = {}, {}
    for number, row in enumerate(rows, start=2):
        student = (row.get("student_id") or "").strip()
        lms_id = (row.get("lms_id") or "").strip()
        if not student or not lms_id:
            raise RosterError(
                f"{path}, line {number}: needs student_id and lms_id; got {row}"
            )
        if student in out or lms_id in seen:
            raise RosterError(
                f"{path}, line {number}: {student} or {lms_id} is listed twice"
            )
        out[student], seen[lms_id] = lms_id, student
    return out


@dataclass
class Matching:
    found: dict  #: graded student id -> Person
    unmatched: list  #: graded student ids with no roster entry
    absent: list  #: roster people with no graded submission


def match(roster, students, key="id", mapping=None):
    """Pair graded ``students`` (their ids in the run) with ``roster`` people.

    ``key`` is ``id`` (the id is the LMS's own), ``login`` (the id is Canvas's
    SIS Login ID) or ``map`` (``mapping`` turns it into the LMS id).
    """
    if key not in MATCH_KEYS:
        raise RosterError(f"match by one of {', '.join(MATCH_KEYS)}; got {key!r}")
    if key == "map" and mapping is None:
        raise RosterError("matching by map needs a mapping file (student_id, lms_id)")
    index = roster.by("login" if key == "login" else "id")
    found, unmatched = {}, []
    for student in sorted(set(students)):
        lookup = mapping.get(student) if key == "map" else student
        person = index.get(lookup) if lookup else None
        if person is None:
            unmatched.append(student)
        else:
            found[student] = person
    taken = {id(p) for p in found.values()}
    absent = [p for p in roster.people if id(p) not in taken]
    return Matching(found, unmatched, absent)
