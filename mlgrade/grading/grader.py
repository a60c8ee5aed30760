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
group. A :class:`_Session` holds one submission's state while it is graded.
"""

from dataclasses import dataclass
from pathlib import Path

from mlgrade.grading import check_runner, variants
from mlgrade.grading.course import (
    RELEASED_CELL,
    UnreadableNotebook,
    load_assignment,
    notebook_changes,
    notebook_numbers,
    read_submission,
    rebuild,
)
from mlgrade.grading.result import Failure, Result, TaskResult
from mlgrade.insight import similarity
from mlgrade.sandbox.kernel import Budget, Kernel, KernelDied, StepTimeout
from mlgrade.sandbox.proxy import RemoteFunction
from mlgrade.sandbox.stripping import blocked_names, real_sources, stripped_sources
from mllesson import variants as mllesson_variants


@dataclass(frozen=True)
class Phase:
    """A group of test cells as a step of a shared kernel (see :func:`_phases`)."""

    names: frozenset  #: the student functions its tests call
    tests: list  #: its test cells (:class:`mlgrade.grading.course.Test`)
    blocked: set  #: the package functions disabled in its own kernel
    unblock: dict  #: sources of the functions put back before it, by name


def _groups(tests):
    """Test cells grouped by the student functions they use, in first-use order."""
    groups = {}
    for test in tests:
        groups.setdefault(frozenset(test.names), []).append(test)
    return list(groups.items())


def _blocked_by_group(groups, package):
    """The package functions each group's own kernel disables, as sets."""
    return [set(blocked_names(sorted(names), package)) for names, _ in groups]


def _mllesson_dir():
    import mllesson

    return Path(mllesson.__file__).parent


#: A kernel started before its submission was known (see mlgrade/grading/worker.py),
#: and what it was started with; a submission's first kernel is this one
#: when that matches.
_prelaunched = None


def prelaunch(job):
    """Start the shared kernel of a submission like ``job`` (a :class:`Job`
    whose notebook is not known yet); the next :func:`grade` takes it."""
    global _prelaunched
    assignment = load_assignment(Path(job.course, "solutions", job.assignment))
    package = _mllesson_dir()
    union = sorted(set().union(*_blocked_by_group(_groups(assignment.tests), package)))
    budget = Budget(job.limits.wall)
    kernel = Kernel(package, union, job.limits, budget, job.sandbox)
    kernel.launch()
    _prelaunched = (kernel, (union, job.limits, job.sandbox))
    return kernel


def _take_prelaunched(blocked, limits, sandbox):
    """The pre-started kernel if it was started for exactly this, else None."""
    global _prelaunched
    taken, _prelaunched = _prelaunched, None
    if taken is None:
        return None
    kernel, started_with = taken
    if started_with == (blocked, limits, sandbox):
        return kernel
    kernel.close()
    return None


def prepare_kernels(assignment):
    """Build the stripped packages of ``assignment``'s kernels in this process.

    A grading worker calls this before it forks the child that grades a
    submission, so children share the (cached) result instead of each
    rebuilding it.
    """
    package = _mllesson_dir()
    groups = _groups(assignment.tests)
    own = _blocked_by_group(groups, package)
    for blocked in [*own, set().union(*own)]:
        stripped_sources(str(package), tuple(sorted(blocked)))
    _phases(package, groups, own)


_REFERENCE = {}
_TIMES = {}


def _reference(assignment, course):
    """The master solution's functions, loaded once per worker process."""
    key = (assignment.name, assignment.digest)
    if key not in _REFERENCE:
        folder = Path(course, "solutions", assignment.name)
        _REFERENCE[key] = check_runner.master_functions(assignment, folder)
    return _REFERENCE[key]


def _reference_times(assignment, course):
    """The master's longest call in each check (:func:`check_runner.reference_times`),
    measured once per worker process."""
    key = (assignment.name, assignment.digest)
    if key not in _TIMES:
        reference = _reference(assignment, course)
        _TIMES[key] = check_runner.reference_times(assignment, course, reference)
    return _TIMES[key]


def prepare_checks(assignment, course):
    """Load the master's solution and time it on every check, in this process;
    the times, ``{grade_id: seconds}``.

    Like :func:`prepare_kernels`, a worker calls this before it forks, so
    that each submission's child starts with both done (a child forked
    earlier is handed the times: :func:`use_reference_times`).
    """
    return _reference_times(assignment, course)


def use_reference_times(assignment, times):
    """Take the master's times on ``assignment``'s checks as measured elsewhere
    (by the worker that forked this process)."""
    _TIMES.setdefault((assignment.name, assignment.digest), dict(times))


def _flag(result, changed):
    for key in changed[:10]:
        if key not in result.tampering:
            result.tampering.append(key)


def _tamper(before, after):
    changed = sorted(
        k for k in before.keys() | after.keys() if before.get(k) != after.get(k)
    )
    return changed


def grade(job, assignment, raw):
    """Grade one submission: ``job`` (:class:`mlgrade.grading.job.Job`) of
    ``assignment`` (:class:`mlgrade.grading.course.Assignment`), whose notebook's
    bytes are ``raw``; its :class:`Result`."""
    result = Result(job.student, assignment.name, timestamp=job.timestamp)
    try:
        cells = read_submission(raw)
    except UnreadableNotebook as exc:
        result.problems.append((Failure.UNREADABLE, str(exc)))
        message = f"The notebook could not be read: {exc}."
        result.zero(assignment.tests, message, Failure.UNREADABLE)
        return result
    code, found = rebuild(assignment, cells)
    result.answers = sorted(
        found.items(), key=lambda kv: assignment.answers.index(kv[0])
    )
    if not found:
        detail = f"no answer cell of {assignment.name}"
        if job.guess:
            detail += f"; it looks like {job.guess}"
        result.problems.append((Failure.WRONG_ASSIGNMENT, detail))
        message = f"No answer cell of {assignment.name} was found."
        result.zero(assignment.tests, message, Failure.WRONG_ASSIGNMENT)
        return result
    missing = [gid for gid in assignment.answers if gid not in found]
    if missing:
        result.problems.append((Failure.ANSWERS_MISSING, ", ".join(missing)))
    result.problems.extend(notebook_changes(assignment, cells))
    variant = variants.variant_of(job.course, assignment.name, job.student)
    result.variant = variant.id if variant else ""
    session = _Session(job, assignment, code, result, variant)
    if variant is not None:
        session.untouched = variants.untouched_answers(job.course, assignment, found)
    session.numbers = notebook_numbers(cells, code)
    return session.grade()


class _Session:
    """One submission while its kernels grade it.

    Holds what every phase needs: the ``job``, the rebuilt ``code``, the
    submission's time budget, the groups of tests and the functions each
    group's own kernel disables, and, once :meth:`grade` has prepared the
    trusted side, the checks' namespace and seeds. Tasks' scores collect in
    ``outcome``, the notes in ``result``.
    """

    def __init__(self, job, assignment, code, result, variant=None):
        self.job, self.assignment, self.code = job, assignment, code
        self.result = result
        self.variant = variant  #: the student's variant (None: no variants)
        self.regained = {}  #: another variant -> points its checks would give
        self.probe = []  #: checks failed on wrong answers, retried in other variants
        self.untouched = set()  #: answer cells as released (only with variants)
        self.budget = Budget(job.limits.wall)
        self.package = _mllesson_dir()
        self.groups = _groups(assignment.tests)
        self.own = _blocked_by_group(self.groups, self.package)
        self.outcome = {}  #: grade_id -> TaskResult
        self.kernels = []
        self.namespace, self.mix, self.times = None, None, {}
        self.numbers = []  #: each code piece's cell number in the student's notebook

    def grade(self):
        """Grade every group; the submission's :class:`Result`."""
        pending = list(range(len(self.groups)))
        phases = self._phases(pending)
        shared = self._kernel(set().union(*self.own), first=True)
        try:
            # The kernel boots while the trusted side prepares.
            try:
                if not shared.launched:
                    shared.launch()
            except (KernelDied, OSError):
                pass  # reported by its groups, when it is entered
            self._prepare_checks()
            while True:
                done = self._grade_shared(shared, phases)
                rest = pending[len(done) :]
                if not (shared.dead and done and rest):
                    break
                # The kernel stopped in a group's own code, which that group
                # pays for; the groups after it get a fresh shared kernel.
                pending = rest
                phases = self._phases(rest)
                shared = self._kernel(set().union(*(self.own[i] for i in rest)))
            # A group the shared kernel could not grade as its own kernel
            # would have (see _phases) is graded again, alone, in its own.
            for index in pending[len(done) :]:
                (alone,) = self._phases([index])
                self._grade_alone(self._kernel(self.own[index]), alone)
        finally:
            for kernel in self.kernels:
                kernel.close()
        self.result.tasks = [self.outcome[t.grade_id] for t in self.assignment.tests]
        self.result.solves_variant = self._solved_instead()
        return self.result

    def _solved_instead(self):
        """Another variant whose checks give back at least half of the points
        this submission lost on its own (and some): it solves a classmate's
        variant rather than its own. A flag for the instructor, never a score."""
        lost = self.result.max_score - self.result.score
        best = max(self.regained.items(), key=lambda kv: kv[1], default=(None, 0))
        if best[0] is None or best[1] <= 0 or best[1] < lost / 2:
            return ""
        return best[0]

    def _stub_is_not_attempted(self, test, verdict):
        """A released stub called with a variant's arguments fails on them
        (a ``TypeError``) before it says it is not implemented: still "not
        attempted", as it is without variants."""
        stubs = set(test.names) & self.untouched
        if verdict.passed or verdict.failure is not Failure.ERROR or not stubs:
            return verdict
        message = f"{', '.join(sorted(stubs))}: not implemented yet."
        return check_runner.Verdict(False, message, Failure.NOT_ATTEMPTED)

    def _try_other_variants(self, kernel):
        """For a submission with variants that failed checks: how many of
        those points each other variant's adapters give back. Run last, in
        the shared kernel once every group is graded, so that a probe that
        stops the kernel or spends the time budget costs no grade; only
        checks failed by an answer that ran are retried."""
        if self.variant is None or not self.probe or kernel.dead:
            return
        raw = {n: RemoteFunction(kernel, n) for t in self.probe for n in t.names}
        for other in mllesson_variants.variants_of(self.variant.assignment):
            if other == self.variant:
                continue
            functions = variants.adapted(raw, other)
            for test in self.probe:
                if kernel.dead or self.budget.remaining <= 0:
                    return
                seconds = self.times.get(test.grade_id)
                kernel.call_limit = check_runner.call_limit(self.job.limits, seconds)
                verdict = check_runner.run_test(
                    test, self.namespace, functions, self.job.course, self.mix
                )
                if verdict.passed:
                    points = self.regained.get(other.id, 0) + test.points
                    self.regained[other.id] = points

    def _phases(self, indices):
        groups = [self.groups[i] for i in indices]
        return _phases(self.package, groups, [self.own[i] for i in indices])

    def _kernel(self, blocked, first=False):
        """A new kernel with ``blocked`` disabled, closed when grading ends
        (the ``first`` may be the worker's pre-started one)."""
        limits, sandbox = self.job.limits, self.job.sandbox
        kernel = _take_prelaunched(sorted(blocked), limits, sandbox) if first else None
        if kernel is not None:
            kernel.budget = self.budget
        else:
            kernel = Kernel(self.package, sorted(blocked), limits, self.budget, sandbox)
        self.kernels.append(kernel)
        return kernel

    def _prepare_checks(self):
        """The checks' namespace, the mixed seed and the reference's times."""
        job, assignment = self.job, self.assignment
        self.namespace = check_runner.trusted_namespace(assignment, job.course)
        self.mix = check_runner.seed_for(job.secret, assignment.name, job.digest)
        self.times = _reference_times(assignment, job.course)

    def _master_passes(self, test):
        """Whether the master's solution passes ``test`` on this submission's
        inputs (seed ``mix``)."""
        reference = _reference(self.assignment, self.job.course)
        ok, _ = check_runner.reference_run(
            test, self.namespace, self.job.course, self.mix, reference
        )
        return ok

    def _grade_shared(self, kernel, phases):
        """Grade ``phases`` in the shared ``kernel``; the indices of those it
        graded.

        Grading stops at the first phase that its own kernel might have
        graded differently (a disabled function outside its own set was
        called, or the kernel stopped): that one and the later ones are left
        to kernels of their own, and what the shared kernel noted is kept
        only if some phase was graded in it.
        """
        notes = Result(self.result.student, self.result.assignment)
        done, called = [], set()
        try:
            with kernel:
                before = kernel.fingerprint()
                self._run_cells(kernel, notes)
                for index, phase in enumerate(phases):
                    if kernel.dead:
                        break
                    if phase.unblock:
                        # Tampering is looked for up to here and from here on:
                        # what is put back has new identities.
                        _flag(notes, _tamper(before, kernel.fingerprint()))
                        kernel.unblock(phase.unblock)
                        before = kernel.fingerprint()
                    graded = self._run_tests(kernel, phase, notes)
                    if kernel.dead:
                        # Its own kernel would have stopped as well, unless a
                        # disabled function outside its set had been called.
                        if called <= phase.blocked:
                            notes.note(kernel.death, kernel.dead)
                            self.outcome.update(graded)
                            done.append(index)
                        break
                    called |= kernel.blocked_calls()
                    if not called <= phase.blocked:
                        break
                    self.outcome.update(graded)
                    done.append(index)
                if len(done) == len(phases):  # nothing is left for other kernels
                    self._try_other_variants(kernel)
                self._finish(kernel, notes, before)
        except (KernelDied, StepTimeout):
            pass  # the phases not done are graded in kernels of their own
        if done:
            self._keep(notes)
        return done

    def _grade_alone(self, kernel, phase):
        """Grade ``phase`` in a ``kernel`` of its own."""
        result = self.result
        try:
            with kernel:
                before = kernel.fingerprint()
                self._run_cells(kernel, result)
                self.outcome.update(self._run_tests(kernel, phase, result))
                if kernel.dead:
                    result.note(kernel.death, kernel.dead)
                self._finish(kernel, result, before)
        except (KernelDied, StepTimeout) as exc:
            why, failure = kernel.dead or str(exc), kernel.death or exc.failure
            result.note(failure, why)
            for test in phase.tests:
                self.outcome.setdefault(test.grade_id, _stopped(test, why, failure))

    def _finish(self, kernel, notes, before):
        """Note tampering since ``before`` (the last fingerprint) and dropped output."""
        if not kernel.dead:
            try:
                after = kernel.fingerprint()
            except (KernelDied, StepTimeout) as exc:
                after = {"unreadable": str(exc)}
            _flag(notes, _tamper(before, after))
        if kernel.dropped_output:
            detail = f"more than {self.job.limits.output} bytes printed"
            notes.note(Failure.OUTPUT_LIMIT, detail)

    def _keep(self, notes):
        """Add what a shared kernel noted to the submission's result."""
        result = self.result
        for entry in notes.problems:
            result.note(*entry)
        for entry in notes.cell_errors:
            if entry not in result.cell_errors and len(result.cell_errors) < 20:
                result.cell_errors.append(entry)
        for key in notes.tampering:
            if key not in result.tampering:
                result.tampering.append(key)

    def _run_cells(self, kernel, notes):
        """Run the rebuilt cells; their errors and limits go to ``notes``."""
        counts = kernel.limit_counts()
        for i, source in enumerate(self.code):
            try:
                error, _ = kernel.execute(source)
            except StepTimeout as exc:
                error = f"time limit: {exc}"
                notes.note(Failure.TIME_LIMIT, f"a cell {exc}")
            if error and len(notes.cell_errors) < 20:
                number = self.numbers[i] if i < len(self.numbers) else None
                where = f"cell {number}" if number else RELEASED_CELL
                entry = f"{where}: {error[:200]}"
                if not notes.cell_errors:  # the first one is in the summary
                    notes.note(Failure.CELL_ERROR, entry)
                if entry not in notes.cell_errors:
                    notes.cell_errors.append(entry)
            counts = _note_limits(kernel, counts, notes, f"cell {i + 1}")
            if kernel.dead:
                break

    def _run_tests(self, kernel, phase, notes):
        """Run ``phase``'s test cells against ``kernel``; {grade_id: TaskResult}."""
        job = self.job
        raw = {n: RemoteFunction(kernel, n) for n in phase.names}
        functions = variants.adapted(raw, self.variant)
        graded = {}
        for test in phase.tests:
            if kernel.dead:
                graded[test.grade_id] = _stopped(test, kernel.dead, kernel.death)
                continue
            # The reference's time on the check's fixed inputs: the same calls
            # on arrays of the same shapes as this submission's inputs.
            seconds = self.times.get(test.grade_id)
            kernel.call_limit = check_runner.call_limit(job.limits, seconds)
            counts = kernel.limit_counts()
            verdict = check_runner.run_test(
                test, self.namespace, functions, job.course, self.mix
            )
            if not (
                verdict.passed or verdict.grader_error or kernel.dead
            ) and not self._master_passes(test):
                # Inputs on which even the master's solution fails this check
                # (a rare draw) decide nothing: the check's fixed inputs do.
                verdict = check_runner.run_test(
                    test, self.namespace, functions, job.course, None
                )
            verdict = self._stub_is_not_attempted(test, verdict)
            if verdict.grader_error:
                notes.note(Failure.GRADER_ERROR, verdict.message)
            if kernel.dead:
                graded[test.grade_id] = _stopped(test, kernel.dead, kernel.death)
                continue
            # A limit the kernel's control group enforced during the check
            # (a child killed for memory, a refused fork) is why it failed.
            limit = _limit_met(counts, kernel.limit_counts())
            failure = None if verdict.passed else (limit or verdict.failure)
            score = test.points if verdict.passed else 0.0
            mistake = "" if verdict.passed or limit else verdict.mistake
            graded[test.grade_id] = TaskResult(
                test.grade_id,
                score,
                test.points,
                verdict.message,
                failure=failure,
                mistake=mistake,
            )
            if limit:
                notes.note(limit, f"{test.grade_id}: {_LIMIT_WORDS[limit]}")
        self.probe += [
            test
            for test in phase.tests
            if graded[test.grade_id].failure in _WRONG_ANSWERS
        ]
        for function in raw.values():
            for name in sorted(function.raised & set(_CALL_PROBLEMS)):
                failure, what = _CALL_PROBLEMS[name]
                notes.note(failure, f"{function.name} {what} ({name})")
        if not kernel.dead:
            similarity.record_wrong_values(
                phase.tests, graded, self.namespace, functions, job.course
            )
        return graded


def _phases(package, groups, own):
    """The groups as the phases of one shared kernel (:class:`Phase`).

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
        out.append(Phase(names, tests, own[k], unblock))
    return out


#: Failures of an answer that ran and was wrong: another variant's conventions
#: may make it right (a crash, a time or memory limit: not retried).
_WRONG_ANSWERS = {
    Failure.WRONG_VALUES,
    Failure.WRONG_SHAPE,
    Failure.NOT_FINITE,
    Failure.FINITE_DIFFERENCES,
    Failure.ERROR,
}

#: Exceptions from a graded call that deserve a line in the summary, not only
#: the lost points: the kernel survived, but the student should know why.
#: (The memory limit is never read from an exception's name: it comes from
#: the kernel's control group, see _limit_met.)
_CALL_PROBLEMS = {
    "SystemExit": (Failure.EXIT_CALLED, "called sys.exit"),
    "RecursionError": (Failure.RECURSION_LIMIT, "recursed too deep"),
}


_LIMIT_WORDS = {
    Failure.MEMORY_LIMIT: "a process was killed at the kernel's memory limit",
    Failure.PROCESS_LIMIT: "a process or thread was refused at the kernel's "
    "process limit",
}


def _limit_met(before, after):
    """The limit the kernel's control group enforced between two readings of
    its counters (``Kernel.limit_counts``), or None."""
    if after[0] > before[0]:
        return Failure.MEMORY_LIMIT
    if after[1] > before[1]:
        return Failure.PROCESS_LIMIT
    return None


def _note_limits(kernel, before, notes, where):
    """Note a limit met since ``before`` (counters); the counters now."""
    after = kernel.limit_counts()
    limit = _limit_met(before, after)
    if limit:
        notes.note(limit, f"{where}: {_LIMIT_WORDS[limit]}")
    return after


def _stopped(test, why, failure):
    """The zero score of ``test``, left ungraded because its kernel stopped
    (``why``, in words; ``failure``, as the sandbox accounted for it)."""
    if why == "timeout":  # the grader's own timer stopped it
        message = "Your code did not finish within the time limit."
    else:
        message = f"Your kernel stopped ({why}); nothing after that could be checked."
    failure = failure or Failure.KERNEL_DIED
    return TaskResult(test.grade_id, 0.0, test.points, message, failure=failure)
