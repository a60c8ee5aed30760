"""Grade one submission: rebuild, run in a sandboxed kernel per task, check.

Each group of test cells that use the same student functions gets its own
fresh kernel, in which exactly those functions (and the package functions that
compute them) are missing from the stripped ``mllesson``. So a student may call
``mllesson.sigmoid`` while writing ``hypothesis`` when the task allows it, but
not while ``sigmoid`` itself is being graded, and a crash or an endless loop
in one task costs only that task.
"""

from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import checks, similarity
from .course import UnreadableNotebook, notebook_changes, read_submission, rebuild
from .proxy import RemoteFunction
from .sandbox import (
    Budget,
    Kernel,
    KernelDied,
    StepTimeout,
    blocked_names,
    stripped_sources,
)


@dataclass
class TaskResult:
    grade_id: str
    score: float
    max_score: float
    message: str = ""  #: public: safe to show the student
    #: digest of the values a wrong answer returned on the class's common
    #: inputs (mlgrade.similarity); never the values, never shown
    wrong_values: str = ""


@dataclass
class Result:
    student: str
    assignment: str
    tasks: list = field(default_factory=list)
    problems: list = field(default_factory=list)  #: (kind, detail), for the summary
    cell_errors: list = field(default_factory=list)
    tampering: list = field(default_factory=list)
    answers: list = field(default_factory=list)  #: (grade_id, source) shown as feedback
    timestamp: str = ""

    @property
    def score(self):
        return sum(t.score for t in self.tasks)

    @property
    def max_score(self):
        return sum(t.max_score for t in self.tasks)

    def to_dict(self):
        return asdict(self)

    @classmethod
    def from_dict(cls, data):
        out = cls(**{k: v for k, v in data.items() if k != "tasks"})
        out.tasks = [TaskResult(**t) for t in data["tasks"]]
        out.problems = [tuple(p) for p in out.problems]
        out.answers = [tuple(a) for a in out.answers]
        return out


def _groups(tests):
    """Test cells grouped by the student functions they use, in first-use order."""
    groups = {}
    for test in tests:
        groups.setdefault(frozenset(test.names), []).append(test)
    return list(groups.items())


def _mllesson_dir():
    import mllesson

    return Path(mllesson.__file__).parent


def prepare_kernels(assignment):
    """Build the stripped packages of ``assignment``'s kernels in this process.

    A grading worker calls this before it forks the child that grades a
    submission, so children share the (cached) result instead of each
    rebuilding it.
    """
    package = _mllesson_dir()
    for names, _ in _groups(assignment.tests):
        stripped_sources(str(package), tuple(blocked_names(sorted(names), package)))


_REFERENCE = {}


def _reference(assignment, course):
    """The master solution's functions, loaded once per worker process."""
    key = (assignment.name, assignment.digest)
    if key not in _REFERENCE:
        folder = Path(course, "solutions", assignment.name)
        _REFERENCE[key] = checks.master_functions(assignment, folder)
    return _REFERENCE[key]


def _zero(result, assignment, message):
    result.tasks = [
        TaskResult(t.grade_id, 0.0, t.points, message) for t in assignment.tests
    ]


def _tamper(before, after):
    changed = sorted(
        k for k in before.keys() | after.keys() if before.get(k) != after.get(k)
    )
    return changed


def grade(job):
    """Grade one submission; ``job`` is a plain dict (it crosses processes)."""
    assignment = job["assignment"]
    result = Result(job["student"], assignment.name, timestamp=job.get("timestamp", ""))
    try:
        cells = read_submission(job["raw"])
    except UnreadableNotebook as exc:
        result.problems.append(("unreadable notebook", str(exc)))
        _zero(result, assignment, f"The notebook could not be read: {exc}.")
        return result
    code, found = rebuild(assignment, cells)
    result.answers = sorted(
        found.items(), key=lambda kv: assignment.answers.index(kv[0])
    )
    if not found:
        guess = job.get("guess")
        detail = f"no answer cell of {assignment.name}"
        if guess:
            detail += f"; it looks like {guess}"
        result.problems.append(("wrong assignment?", detail))
        _zero(result, assignment, f"No answer cell of {assignment.name} was found.")
        return result
    missing = [gid for gid in assignment.answers if gid not in found]
    if missing:
        result.problems.append(("answer cells missing", ", ".join(missing)))
    result.problems.extend(notebook_changes(assignment, cells))

    limits = job["limits"]
    course = job["course"]
    budget = Budget(limits.wall)
    package = _mllesson_dir()
    groups = _groups(assignment.tests)
    sandbox = job["sandbox"]
    kernels = [
        Kernel(package, blocked_names(sorted(names), package), limits, budget, sandbox)
        for names, _ in groups
    ]
    outcome = {}
    try:
        # The kernels boot side by side while the trusted side prepares; each
        # is used for one group of one submission, then stopped.
        for kernel in kernels:
            try:
                kernel.launch()
            except (KernelDied, OSError):
                pass  # reported by its group, when it is entered
        namespace = checks.trusted_namespace(assignment, course)
        mix = checks.seed_for(job["secret"], assignment.name, job["digest"])
        runs = checks.reference_runs(
            assignment, course, mix, _reference(assignment, course)
        )
        for kernel, (names, tests) in zip(kernels, groups, strict=True):
            _grade_group(
                kernel, job, result, tests, names, code, limits, namespace, mix,
                runs, outcome,
            )  # fmt: skip
    finally:
        for kernel in kernels:
            kernel.close()
    result.tasks = [outcome[t.grade_id] for t in assignment.tests]
    return result


def _grade_group(
    kernel, job, result, tests, names, code, limits, namespace, mix, runs, outcome
):
    course = job["course"]
    try:
        with kernel:
            before = kernel.fingerprint()
            for i, source in enumerate(code):
                try:
                    error, _ = kernel.execute(source)
                except StepTimeout as exc:
                    error = f"time limit: {exc}"
                    _note(result, "time limit", f"a cell {exc}")
                if error and len(result.cell_errors) < 20:
                    entry = f"cell {i + 1}: {error[:200]}"
                    if not result.cell_errors:  # the first one is in the summary
                        _note(result, "error in a cell", entry)
                    if entry not in result.cell_errors:
                        result.cell_errors.append(entry)
                if kernel.dead:
                    break
            functions = {n: RemoteFunction(kernel, n) for n in names}
            for test in tests:
                if kernel.dead:
                    outcome[test.grade_id] = TaskResult(
                        test.grade_id, 0.0, test.points, _dead_message(kernel.dead)
                    )
                    continue
                safe, seconds = runs.get(test.grade_id, (False, None))
                seed = mix if safe else None
                # Unsafe seed: the reference's time was measured on other inputs.
                kernel.call_limit = checks.call_limit(
                    limits, seconds if safe else None
                )
                ok, message, grader_error = checks.run_test(
                    test, namespace, functions, course, seed
                )
                if grader_error:
                    _note(result, "grader error", message)
                if kernel.dead:
                    ok, message = False, _dead_message(kernel.dead)
                outcome[test.grade_id] = TaskResult(
                    test.grade_id, test.points if ok else 0.0, test.points, message
                )
            for function in functions.values():
                for name in sorted(function.raised & set(_CALL_PROBLEMS)):
                    kind, what = _CALL_PROBLEMS[name]
                    _note(result, kind, f"{function.name} {what} ({name})")
            if not kernel.dead:
                similarity.record_wrong_values(
                    tests, outcome, namespace, functions, course
                )
            if kernel.dead:
                _note(result, _kind(kernel.dead), kernel.dead)
            else:
                try:
                    after = kernel.fingerprint()
                except (KernelDied, StepTimeout) as exc:
                    after = {"unreadable": str(exc)}
                changed = _tamper(before, after)
                if changed:
                    for key in changed[:10]:
                        if key not in result.tampering:
                            result.tampering.append(key)
            if kernel.dropped_output:
                _note(
                    result, "output limit", f"more than {limits.output} bytes printed"
                )
    except (KernelDied, StepTimeout) as exc:
        _note(result, _kind(str(exc)), str(exc))
        for test in tests:
            outcome.setdefault(
                test.grade_id,
                TaskResult(test.grade_id, 0.0, test.points, _dead_message(str(exc))),
            )


#: Exceptions from a graded call that deserve a line in the summary, not only
#: the lost points: the kernel survived, but the student should know why.
_CALL_PROBLEMS = {
    "MemoryError": ("memory limit", "ran out of memory"),
    "SystemExit": ("exit called", "called sys.exit"),
    "RecursionError": ("recursion limit", "recursed too deep"),
}


def _kind(text):
    if "timeout" in text or "time limit" in text or "did not finish" in text:
        return "time limit"
    if "CPU" in text:
        return "time limit"
    if "memory" in text or "kill" in text:
        return "killed (time or memory)"
    return "kernel died"


def _dead_message(why):
    if why == "timeout":
        return "Your code did not finish within the time limit."
    return f"Your kernel stopped ({why}); nothing after that could be checked."


def _note(result, kind, detail):
    entry = (kind, detail[:300])
    if entry not in result.problems:
        result.problems.append(entry)
