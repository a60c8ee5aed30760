"""Grade one submission: rebuild, run in a sandboxed kernel, check.

Each group of test cells that use the same student functions must be graded
with exactly those functions (and the package functions that compute them)
missing from the stripped ``mllesson``. So a student may call
``mllesson.sigmoid`` while writing ``hypothesis`` when the task allows it, but
not while ``sigmoid`` itself is being graded.

One kernel grades the groups in turn (see :func:`_phases`): it starts with
every group's functions missing, and before each group the functions no
later group needs missing are put back. A group whose code called a missing
function that its own kernel would have had, or that the kernel did not
survive (a crash, an endless loop), is graded again in a fresh kernel of its
own, so a crash costs only that task and grades are those of one kernel per
group.
"""

from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import checks, similarity
from .course import (
    UnreadableNotebook,
    load_assignment,
    notebook_changes,
    read_submission,
    rebuild,
)
from .proxy import RemoteFunction
from .sandbox import (
    Budget,
    Kernel,
    KernelDied,
    Limits,
    StepTimeout,
    blocked_names,
    real_sources,
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


#: A kernel started before its submission was known (see mlgrade/worker.py),
#: and what it was started with; grade() uses it when that matches.
_prelaunched = None


def prelaunch(job):
    """Start the shared kernel of a submission like ``job`` (a plain job dict
    whose notebook is not known yet); the next :func:`grade` takes it."""
    global _prelaunched
    assignment = load_assignment(Path(job["course"], "solutions", job["assignment"]))
    limits = Limits(**job["limits"])
    package = _mllesson_dir()
    groups = _groups(assignment.tests)
    union = sorted(set().union(*(blocked_names(sorted(n), package) for n, _ in groups)))
    kernel = Kernel(package, union, limits, Budget(limits.wall), job["sandbox"])
    kernel.launch()
    _prelaunched = (kernel, (union, limits, job["sandbox"]))
    return kernel


def _shared_kernel(package, union, limits, budget, sandbox):
    """The pre-started kernel if it was started for exactly this, else a new one."""
    global _prelaunched
    taken, _prelaunched = _prelaunched, None
    if taken is not None:
        kernel, started_with = taken
        if started_with == (union, limits, sandbox):
            kernel.budget = budget
            return kernel
        kernel.close()
    return Kernel(package, union, limits, budget, sandbox)


def prepare_kernels(assignment):
    """Build the stripped packages of ``assignment``'s kernels in this process.

    A grading worker calls this before it forks the child that grades a
    submission, so children share the (cached) result instead of each
    rebuilding it.
    """
    package = _mllesson_dir()
    groups = _groups(assignment.tests)
    own = [blocked_names(sorted(names), package) for names, _ in groups]
    for blocked in [*own, sorted(set().union(*own))]:
        stripped_sources(str(package), tuple(blocked))
    _phases(package, groups, [set(b) for b in own])


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


def _flag(result, changed):
    for key in changed[:10]:
        if key not in result.tampering:
            result.tampering.append(key)


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
    own = [set(blocked_names(sorted(names), package)) for names, _ in groups]
    phases = _phases(package, groups, own)
    sandbox = job["sandbox"]
    union = sorted(set().union(*own))
    shared = _shared_kernel(package, union, limits, budget, sandbox)
    kernels = [shared]
    outcome = {}
    try:
        # The kernel boots while the trusted side prepares.
        try:
            if not shared.launched:
                shared.launch()
        except (KernelDied, OSError):
            pass  # reported by its groups, when it is entered
        namespace = checks.trusted_namespace(assignment, course)
        mix = checks.seed_for(job["secret"], assignment.name, job["digest"])
        runs = checks.reference_runs(
            assignment, course, mix, _reference(assignment, course)
        )
        context = (job, code, limits, namespace, mix, runs)
        pending = list(range(len(groups)))
        while True:
            done = _grade_phases(shared, phases, result, outcome, context, shared=True)
            rest = pending[len(done) :]
            if not (shared.dead and done and rest):
                break
            # The kernel stopped in a group's own code, which that group pays
            # for; the groups after it get a fresh shared kernel.
            pending = rest
            phases = _phases(package, [groups[i] for i in rest], [own[i] for i in rest])
            union = sorted(set().union(*(own[i] for i in rest)))
            shared = Kernel(package, union, limits, budget, sandbox)
            kernels.append(shared)
        # A group the shared kernel could not grade as its own kernel would
        # have (see _phases) is graded again, alone, in a kernel of its own.
        for index in pending[len(done) :]:
            alone = _phases(package, [groups[index]], [own[index]])
            kernel = Kernel(package, sorted(own[index]), limits, budget, sandbox)
            kernels.append(kernel)
            _grade_phases(kernel, alone, result, outcome, context, shared=False)
    finally:
        for kernel in kernels:
            kernel.close()
    result.tasks = [outcome[t.grade_id] for t in assignment.tests]
    return result


def _phases(package, groups, own):
    """The groups as phases of one shared kernel: ``(names, tests, blocked,
    unblock)`` each.

    The shared kernel starts with every group's functions disabled. Before
    the tests of group ``k`` run, the functions that no group from ``k`` on
    needs disabled are made to work (``unblock``, their sources), so the set
    of working functions only grows, and a function is never graded after
    it was made to work. A group is graded in the shared kernel only while no
    disabled function outside its own ``blocked`` set has been called (its
    own kernel would have run that call); otherwise it gets its own kernel.
    """
    out = []
    for k, (names, tests) in enumerate(groups):
        later = set().union(*own[k:])
        before = set().union(*own[k - 1 :]) if k else later
        freed = tuple(sorted(before - later))
        unblock = real_sources(str(package), freed) if freed else {}
        out.append((names, tests, own[k], unblock))
    return out


def _run_cells(kernel, code, result):
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


def _run_tests(kernel, names, tests, result, outcome, context):
    job, _, limits, namespace, mix, runs = context
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
        kernel.call_limit = checks.call_limit(limits, seconds if safe else None)
        ok, message, grader_error = checks.run_test(
            test, namespace, functions, job["course"], seed
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
            tests, outcome, namespace, functions, job["course"]
        )


def _grade_phases(kernel, phases, result, outcome, context, shared):
    """Grade ``phases`` in ``kernel``; the indices of those it graded.

    In a ``shared`` kernel, grading stops at the first phase that its own
    kernel might have graded differently (a disabled function outside its
    own set was called, or the kernel stopped): that one and the later ones
    are left to kernels of their own, and what the shared kernel noted is
    kept only if some phase was graded in it.
    """
    _, code, limits, *_ = context
    scratch = Result(result.student, result.assignment) if shared else result
    done, called = [], set()
    try:
        with kernel:
            before = kernel.fingerprint()
            _run_cells(kernel, code, scratch)
            for index, (names, tests, blocked, unblock) in enumerate(phases):
                if shared:
                    if kernel.dead:
                        break
                    if unblock:
                        # Tampering is looked for up to here and from here on:
                        # what is put back has new identities.
                        _flag(scratch, _tamper(before, kernel.fingerprint()))
                        kernel.unblock(unblock)
                        before = kernel.fingerprint()
                phase = {}
                _run_tests(kernel, names, tests, scratch, phase, context)
                if shared:
                    if kernel.dead:
                        # Its own kernel would have stopped as well, unless a
                        # disabled function outside its set had been called.
                        if called <= blocked:
                            _note(scratch, _kind(kernel.dead), kernel.dead)
                            outcome.update(phase)
                            done.append(index)
                        break
                    called |= kernel.blocked_calls()
                    if not called <= blocked:
                        break
                outcome.update(phase)
                done.append(index)
            if kernel.dead:
                if not shared:
                    _note(scratch, _kind(kernel.dead), kernel.dead)
            else:
                try:
                    after = kernel.fingerprint()
                except (KernelDied, StepTimeout) as exc:
                    after = {"unreadable": str(exc)}
                _flag(scratch, _tamper(before, after))
            if kernel.dropped_output:
                _note(
                    scratch, "output limit", f"more than {limits.output} bytes printed"
                )
    except (KernelDied, StepTimeout) as exc:
        if not shared:
            _note(result, _kind(str(exc)), str(exc))
            for test in phases[0][1]:
                outcome.setdefault(
                    test.grade_id,
                    TaskResult(
                        test.grade_id, 0.0, test.points, _dead_message(str(exc))
                    ),
                )
            return [0]
    if shared and done:
        for entry in scratch.problems:
            _note(result, *entry)
        for entry in scratch.cell_errors:
            if entry not in result.cell_errors and len(result.cell_errors) < 20:
                result.cell_errors.append(entry)
        for key in scratch.tampering:
            if key not in result.tampering:
                result.tampering.append(key)
    return done


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
