"""Run the master's test cells in the trusted process, against proxies.

A test cell's source is the instructor's code, so it can run here, where
``mllesson`` is the real one and nothing the student did can reach. Every name
it uses that the master's setup cells do not define is a student function and
becomes a :class:`~mlgrade.sandbox.proxy.RemoteFunction`.
"""

import contextlib
import functools
import hashlib
import io
import sys
import time
import types
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from mlgrade.grading.result import Failure
from mlgrade.sandbox.proxy import GraderArgumentError, ReplyRefused

MESSAGE_LIMIT = 500


class _SeededRandom(types.ModuleType):
    """``numpy.random`` whose ``default_rng(seed)`` also mixes in a secret."""

    def __init__(self, mix):
        super().__init__("numpy.random")
        self._mix = mix

    def __getattr__(self, name):
        return getattr(np.random, name)

    def default_rng(self, seed=None):
        if seed is None or isinstance(seed, int | np.integer):
            entropy = [self._mix] if seed is None else [self._mix, int(seed)]
            return np.random.default_rng(entropy)
        return np.random.default_rng(seed)


class _SeededNumpy(types.ModuleType):
    """``numpy`` as the checks see it: the same, with a seeded ``random``."""

    def __init__(self, mix):
        super().__init__("numpy")
        self.random = _SeededRandom(mix)

    def __getattr__(self, name):
        return getattr(np, name)


def seed_for(secret, assignment, digest):
    """The grading-time seed of one submission: secret, assignment, content."""
    data = f"{secret}\0{assignment}\0{digest}".encode()
    return int.from_bytes(hashlib.sha256(data).digest()[:8], "little")


def _course_modules(course):
    """The course's check modules: under the course folder, not the packages."""
    import mllesson

    root = str(Path(course).resolve()) + "/"
    skip = tuple(
        str(Path(p).resolve()) + "/"
        for p in (Path(mllesson.__file__).parent, Path(__file__).parents[1], sys.prefix)
    )
    for module in list(sys.modules.values()):
        path = str(getattr(module, "__file__", None) or "")
        if path.startswith(root) and not path.startswith(skip):
            yield module


@contextlib.contextmanager
def seeded(course, mix):
    """Within the block, the course's check modules draw inputs seeded by ``mix``."""
    patched = []
    if mix is not None:
        shim = _SeededNumpy(mix)
        for module in _course_modules(course):
            if getattr(module, "np", None) is np:
                module.np = shim
                patched.append(module)
    try:
        yield
    finally:
        for module in patched:
            module.np = np


def trusted_namespace(assignment, course):
    """Run the master's setup cells here; their names are the checks' globals."""
    course = str(Path(course).resolve())
    if course not in sys.path:
        sys.path.insert(0, course)
    namespace = {"__name__": "__mlgrade_checks__"}
    with contextlib.redirect_stdout(io.StringIO()):
        for source in assignment.setup:
            exec(compile(source, f"<{assignment.name} setup>", "exec"), namespace)
    return namespace


def public_message(exc):
    """What a student may see of a failed check: never an expected value.

    The course's own failure classes (subclasses of ``AssertionError`` such as
    ``HiddenTestFailure``) are written to be safe to show. A bare
    ``AssertionError`` or numpy's testing messages may print the expected
    array, so they are replaced by a generic line.
    """
    cls = type(exc)
    if (
        isinstance(exc, AssertionError)
        and cls is not AssertionError
        and not cls.__module__.startswith("numpy")
    ):
        text = str(exc).strip() or cls.__name__
        return text[:MESSAGE_LIMIT]
    function = getattr(exc, "mlgrade_function", None)
    if function is not None:  # the student's code raised it: their own words
        return f"{function} raised {cls.__name__}: {exc}"[:MESSAGE_LIMIT]
    if isinstance(exc, AssertionError):
        return "the result is wrong (details hidden)."
    return f"the check could not use the result ({cls.__name__})."


@dataclass(frozen=True)
class Verdict:
    """What one test cell found: passed or not, the student's message, and
    the failure's kind and catalogued mistake as data (see :func:`failure_of`)."""

    passed: bool
    message: str = ""
    failure: Failure | None = None
    mistake: str = ""

    @property
    def grader_error(self):
        return self.failure is Failure.GRADER_ERROR


def _is_course_failure(exc):
    """Whether ``exc`` is one of the course's own failure classes: raised by
    the trusted checks, never rebuilt from what the kernel sent (the proxy
    rebuilds a student's exception only as a built-in or a plain
    ``Exception`` subclass, see :func:`mlgrade.sandbox.proxy._exception`)."""
    cls = type(exc)
    return (
        isinstance(exc, AssertionError)
        and cls is not AssertionError
        and not cls.__module__.startswith("numpy")
        and getattr(exc, "mlgrade_function", None) is None
    )


def _chain(exc):
    """``exc`` and the exceptions it was raised while handling."""
    seen = []
    while exc is not None and len(seen) < 10:
        seen.append(exc)
        exc = exc.__cause__ or exc.__context__
    return seen


def _student_raised(exc):
    """Whether the student's own function raised ``exc`` (set by the proxy)."""
    return getattr(exc, "mlgrade_function", None) is not None


def _student_failure(exc):
    """The release's stub is "not attempted"; any other exception an error."""
    return Failure.NOT_ATTEMPTED if type(exc) is NotImplementedError else Failure.ERROR


def failure_of(exc):
    """``(Failure, mistake)`` of a check that raised ``exc``.

    Set by the trusted side only: a course failure's own ``kind`` and
    ``mistake`` (:class:`hiddenchecks.HiddenTestFailure`), the proxy's
    refusal of a reply, or, for an exception of the student's code, "not
    attempted" for the release's ``NotImplementedError`` and "error" for any
    other, whatever its name or its words.
    """
    if any(isinstance(e, ReplyRefused) for e in _chain(exc)):
        return Failure.OUTPUT_LIMIT, ""
    if _is_course_failure(exc):
        kind = getattr(exc, "kind", None)
        if kind is None:
            # A course whose checks name no kind: the student's own exception
            # that the check wrapped, if any, decides (never its words).
            student = [e for e in _chain(exc)[1:] if _student_raised(e)]
            if student:
                return _student_failure(student[0]), ""
        try:
            failure = Failure(kind or Failure.WRONG_VALUES)
        except ValueError:
            failure = Failure.WRONG_VALUES
        mistake = getattr(exc, "mistake", "")
        return failure, mistake if isinstance(mistake, str) else ""
    if _student_raised(exc):
        return _student_failure(exc), ""
    if isinstance(exc, AssertionError):
        return Failure.WRONG_VALUES, ""
    return Failure.WRONG_SHAPE, ""  # the check could not use the result


def run_test(test, namespace, functions, course, mix):
    """Run one test cell; its :class:`Verdict`."""
    local = dict(namespace)
    local.update(functions)
    try:
        code = compile(test.source, f"<test {test.grade_id}>", "exec")
        with contextlib.redirect_stdout(io.StringIO()), seeded(course, mix):
            with np.errstate(all="ignore"):
                exec(code, local)
    except GraderArgumentError as exc:
        message = f"the grader could not run this check ({exc})."
        return Verdict(False, message, Failure.GRADER_ERROR)
    except Exception as exc:
        return Verdict(False, public_message(exc), *failure_of(exc))
    return Verdict(True)


class _Timed:
    """A reference function that remembers its longest call, in seconds."""

    def __init__(self, function):
        functools.update_wrapper(self, function)
        self.function = function
        self.longest = 0.0

    def __call__(self, *args, **kwargs):
        start = time.perf_counter()
        try:
            return self.function(*args, **kwargs)
        finally:
            self.longest = max(self.longest, time.perf_counter() - start)


def reference_run(test, namespace, course, mix, reference):
    """``(passed, seconds)`` of one check run on the master's solution with
    seed ``mix`` (None: the check's fixed inputs): whether the master passes
    it, and its longest call of a student function in that check.

    ``reference`` maps each student function name to the master solution's
    function (run here, in-process).
    """
    functions = {n: _Timed(reference[n]) for n in test.names if n in reference}
    ok = run_test(test, namespace, functions, course, mix).passed
    longest = max((f.longest for f in functions.values()), default=0.0)
    return ok, longest


def reference_times(assignment, course, reference):
    """``{grade_id: seconds}``: the master solution's longest call in each
    check, on the check's fixed inputs, from which the check's time limit
    follows (:func:`call_limit`). A check the master fails has no time."""
    namespace = trusted_namespace(assignment, course)
    times = {}
    for test in assignment.tests:
        ok, seconds = reference_run(test, namespace, course, None, reference)
        if ok:
            times[test.grade_id] = seconds
    return times


def call_limit(limits, reference_seconds):
    """Wall seconds one call of a check may take: ``limits.call_factor`` times
    the reference's longest call in that check, plus ``limits.call_margin``,
    never more than ``limits.step``. An endless loop then costs seconds, and
    a correct loop-based answer (often a hundred times slower than the
    vectorised reference on small inputs) still finishes."""
    if reference_seconds is None:
        return limits.step
    allowed = limits.call_factor * reference_seconds + limits.call_margin
    return min(limits.step, allowed)


def master_functions(assignment, folder):
    """The master solution's functions, executed here (trusted instructor code)."""
    import nbformat

    nb = nbformat.read(next(Path(folder).glob("*.ipynb")), as_version=4)
    namespace = {"__name__": "__mlgrade_master__"}
    with contextlib.redirect_stdout(io.StringIO()):
        for cell in nb.cells:
            meta = cell.get("metadata", {}).get("nbgrader", {})
            if cell.cell_type == "code" and not meta.get("grade"):
                exec(
                    compile(cell.source, f"<{assignment.name} master>", "exec"),
                    namespace,
                )
    return namespace
