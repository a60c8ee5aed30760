"""A student's kernel: a fresh ipykernel in a bubblewrap sandbox with limits.

The sandbox sees only the operating system's ``/usr``, the Python installation
and virtual environment (read-only), an empty home on a small tmpfs, and a
private folder holding the kernel's sockets and a *stripped* copy of
``mllesson`` in which the functions being graded raise instead of computing.
The course folder, the real ``mllesson`` source, the grader and the network
are not there.
"""

import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import zmq
from jupyter_client import BlockingKernelClient
from jupyter_client.connect import write_connection_file

from mlgrade.grading.result import Failure
from mlgrade.sandbox import cgroups
from mlgrade.sandbox.calls import CallChannel, ChannelClosed, ReplyTooLarge
from mlgrade.sandbox.stripping import strip_package

SANDBOX_HOME = "/home/student"
MAX_MESSAGE = 256 << 20  #: largest message accepted from a kernel, bytes
#: largest reply read from the call channel, bytes: a longer one is refused
#: from its header, before any of it is read (the kernel is stopped)
MAX_CALL_REPLY = 16 << 20


class Budget:
    """Wall seconds a submission's code may still run (kernel start-up is free)."""

    def __init__(self, seconds):
        self.remaining = seconds


@dataclass(frozen=True)
class Limits:
    """Resource limits of one student kernel."""

    #: bytes of memory of the kernel's whole process tree (its control
    #: group; without one, the address space of each process)
    memory: int = 2 << 30
    #: processes and threads of the kernel's whole tree (an idle kernel has
    #: about ten threads)
    processes: int = 64
    cpu: int = 300  #: CPU seconds of one kernel
    wall: float = 300.0  #: wall seconds of one whole submission
    step: float = 60.0  #: wall seconds of one cell or one call
    #: A graded call may take call_factor x the reference's longest call in
    #: its check + call_margin seconds (at most ``step``): checks.call_limit.
    call_factor: float = 20.0
    call_margin: float = 10.0
    output: int = 1 << 20  #: bytes of printed output kept per kernel
    file_size: int = 64 << 20  #: largest file the kernel may write, bytes


def bwrap_available():
    """Whether bubblewrap exists and can create its namespaces here."""
    exe = shutil.which("bwrap")
    if exe is None:
        return False
    probe = [exe, "--unshare-all", "--die-with-parent", "--ro-bind", "/", "/", "true"]
    try:
        return subprocess.run(probe, capture_output=True, timeout=20).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


# --- the stripped reference package ---------------------------------------------


# --- the kernel -------------------------------------------------------------------


class KernelDied(RuntimeError):
    """The kernel stopped: a crash, a kill, a resource limit.

    ``failure`` (a :class:`Failure`) is why, from the sandbox's own
    accounting: its control group's counters, the kernel's exit status, the
    grader's timers.
    """

    def __init__(self, message, failure=Failure.KERNEL_DIED):
        super().__init__(message)
        self.failure = failure


class StepTimeout(TimeoutError):
    """A cell or a call ran past its time limit."""

    failure = Failure.TIME_LIMIT


def _user_processes():
    """Processes and threads of this user now (the count RLIMIT_NPROC limits)."""
    uid, count = os.getuid(), 0
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid == uid:
                    count += len(os.listdir(f"/proc/{entry.name}/task"))
            except OSError:
                pass
    return count


def _set_limits(limits, group):
    """The child's set-up before it runs the kernel: its own session, the
    kernel's control group (``group``, a :class:`cgroups.KernelGroup`, or
    None), and the per-process limits."""
    procs_files = group.procs_files() if group else None
    # Without a group, RLIMIT_NPROC (counted per user: it binds only a grader
    # that is not root) allows this many more processes than the user has.
    nproc = None if group or os.getuid() == 0 else _user_processes() + limits.processes

    def apply():
        os.setsid()
        if procs_files:
            cgroups.join(procs_files)
        else:  # the fallback: memory per process, processes per user
            resource.setrlimit(resource.RLIMIT_AS, (limits.memory, limits.memory))
            if nproc is not None:
                resource.setrlimit(resource.RLIMIT_NPROC, (nproc, nproc))
        resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu, limits.cpu + 5))
        resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_size, limits.file_size))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    return apply


#: The file ipykernel gives a cell's code: a new process id every run.
_IPYKERNEL_FILE = re.compile(r"/tmp/ipykernel_\d+/")


def without_paths(text, work):
    """``text`` with the kernel's folder ``work`` (a new random name every
    run) and ipykernel's cell files made relative: the course package as
    ``mllesson/...``, the notebook's folder as nothing. Outputs then stay the
    same from run to run and show the student no path of the grader's."""
    if not isinstance(text, str):
        return text
    if work:
        work = str(work).rstrip("/")
        text = text.replace(f"{work}/lib/", "").replace(f"{work}/", "")
        text = text.replace(work, ".")
    return _IPYKERNEL_FILE.sub("", text)


class Kernel:
    """One sandboxed kernel; start it with ``with Kernel(...) as k``."""

    def __init__(self, mllesson_dir, blocked, limits, budget, sandbox=True):
        self.limits = limits
        self.budget = budget
        self.sandbox = sandbox
        self.output_bytes = 0
        self.dropped_output = False
        self._idle_after = None  # msg_id of the last request the kernel finished
        self._calls = None  # the open CallChannel while the kernel serves calls
        self._serve_id = None  # msg_id of the kernel's serve request
        self.dead = None  #: why the kernel stopped, in words (None: it runs)
        self.death = None  #: the same as a Failure, from the sandbox's accounting
        self._group = None  #: its control group (mlgrade.sandbox.cgroups), if one
        self.call_limit = None  #: wall seconds of the next requests, if set
        self._mllesson_dir = mllesson_dir
        self._blocked = blocked
        self._proc = None
        self._client = None
        self._work = None

    def relative(self, text):
        """``text`` without this kernel's folder (see :func:`without_paths`)."""
        return without_paths(text, self._work)

    # -- life cycle

    def __enter__(self):
        try:
            if self._proc is None:
                self.launch()
            self._wait_for_ready(60.0)
            self.execute("import _mlgrade_kernel_side, mllesson", internal=True)
        except BaseException:
            self._stop()
            raise
        return self

    @property
    def launched(self):
        return self._proc is not None

    def launch(self):
        """Start the kernel's process without waiting for it (``with`` waits).

        The grader launches a submission's kernels together, so that they
        boot side by side instead of one after the other.
        """
        try:
            self._launch()
        except BaseException:
            self._stop()
            raise
        return self

    def _launch(self):
        self._work = tempfile.mkdtemp(prefix="mlgrade-")
        os.chmod(self._work, 0o755)
        lib = Path(self._work, "lib")
        strip_package(self._mllesson_dir, lib / "mllesson", self._blocked)
        here = Path(__file__).parent
        shutil.copy(here / "kernel_side.py", lib / "_mlgrade_kernel_side.py")
        shutil.copy(here / "kernel_launch.py", lib / "_mlgrade_kernel_launch.py")
        shutil.copy(here / "wire.py", lib / "_mlgrade_wire.py")
        conn = os.path.join(self._work, "kernel.json")
        write_connection_file(conn, transport="ipc", ip=os.path.join(self._work, "k"))
        cmd, env = self._command(conn, str(lib))
        self._group = cgroups.create(self.limits.memory, self.limits.processes)
        self._proc = subprocess.Popen(
            cmd,
            env=env,
            cwd=self._work,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=_set_limits(self.limits, self._group),
        )
        client = BlockingKernelClient(connection_file=conn)
        client.load_connection_file()
        client.start_channels()
        for channel in (client.shell_channel, client.iopub_channel):
            # A reply larger than this drops the connection; the step then times out.
            channel.socket.setsockopt(zmq.MAXMSGSIZE, MAX_MESSAGE)
        self._client = client

    def _wait_for_ready(self, timeout):
        """Ask for kernel_info until it answers on both channels.

        The output channel subscribes asynchronously, so a kernel can answer
        before its output reaches us; until it does, a cell's "idle" status
        would be lost and reading its output would wait for nothing. (The
        heartbeat lags under load, so it is not used.)
        """
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self._proc.poll() is not None:
                why, failure = self._exit_reason(self._proc.returncode)
                raise KernelDied(f"the kernel did not start ({why})", failure)
            msg_id = self._client.kernel_info()
            wait_until = time.monotonic() + 2.0
            while time.monotonic() < wait_until:
                try:
                    reply = self._client.get_shell_msg(timeout=0.2)
                except Exception:  # queue.Empty
                    if self._proc.poll() is not None:
                        break
                    continue
                if reply["parent_header"].get("msg_id") == msg_id:
                    # Not connected yet, the output misses this reply's "idle":
                    # ask again soon (the subscription often lags the reply by
                    # a few milliseconds; waiting 0.25 s cost a fifth of a
                    # second on most kernels).
                    self._drain_until_idle(msg_id, time.monotonic() + 0.05)
                    if self._idle_after == msg_id:
                        return
                    break  # output not connected yet: ask again
        raise KernelDied(f"the kernel did not start within {timeout:.0f} s")

    def __exit__(self, *exc):
        self._stop()

    def close(self):
        """Stop the kernel if it still runs (also one that was never entered)."""
        self._stop()

    def _stop(self):
        if self._calls is not None:
            self._calls.close()
            self._calls = None
        if self._client is not None:
            self._client.stop_channels()
            self._client = None
        if self._proc is not None and self._proc.poll() is None:
            try:
                os.killpg(self._proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self._proc.wait()
        if self._group is not None:
            self._group.close()  # also kills what the kernel left behind
            self._group = None
        if self._work is not None:
            shutil.rmtree(self._work, ignore_errors=True)
            self._work = None

    def _command(self, conn, lib):
        python = Path(sys.executable)
        env = {
            "PATH": f"{python.parent}:/usr/bin:/bin",
            "HOME": SANDBOX_HOME,
            "PYTHONPATH": lib,
            "MPLBACKEND": "Agg",
            "OMP_NUM_THREADS": "1",
            "OPENBLAS_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1",
            "PYDEVD_DISABLE_FILE_VALIDATION": "1",
            "LANG": "C.UTF-8",
        }
        kernel = [str(python), "-P", "-m", "_mlgrade_kernel_launch", "-f", conn]
        if not self.sandbox:
            home = Path(self._work, "home")
            home.mkdir()
            return kernel, {**env, "HOME": str(home)}
        venv, base = Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve()
        cmd = [
            "bwrap",
            "--unshare-all",
            "--die-with-parent",
            "--new-session",
            "--unshare-user",
            "--uid",
            "65534",
            "--gid",
            "65534",
            "--clearenv",
            "--ro-bind",
            "/usr",
            "/usr",
            "--proc",
            "/proc",
            "--dev",
            "/dev",
            # The empty /tmp goes first: a venv or a work folder under /tmp
            # (a fresh clone in mktemp -d) is bound over it below, not hidden.
            "--size",
            str(64 << 20),
            "--tmpfs",
            "/tmp",
        ]
        for link in ("bin", "lib", "lib64", "sbin"):
            if Path("/", link).is_symlink():
                cmd += ["--symlink", os.readlink(f"/{link}"), f"/{link}"]
            elif Path("/", link).is_dir():
                cmd += ["--ro-bind", f"/{link}", f"/{link}"]
        for path in dict.fromkeys([base, venv, Path(sys.prefix)]):
            cmd += ["--ro-bind", str(path), str(path)]
        site = Path(np.__file__).resolve().parents[1]
        if (site / "mllesson").is_dir():  # a non-editable install: hide its source
            cmd += ["--tmpfs", str(site / "mllesson")]
        cmd += [
            "--size",
            str(64 << 20),
            "--tmpfs",
            SANDBOX_HOME,
            "--bind",
            self._work,
            self._work,
            "--chdir",
            SANDBOX_HOME,
        ]
        for key, value in env.items():
            cmd += ["--setenv", key, value]
        return cmd + kernel, env

    # -- running code

    def _remaining(self):
        return self.budget.remaining

    def limit_counts(self):
        """``(processes killed for memory, processes refused)`` so far, from
        the kernel's control group; ``(0, 0)`` without one."""
        return self._group.counters() if self._group is not None else (0, 0)

    def _exit_reason(self, code):
        """``(words, Failure)`` of the kernel's exit with status ``code``."""
        why, sig = _describe_exit(code), _exit_signal(code)
        memory, processes = self.limit_counts()
        if memory:
            return "the kernel died: its memory limit", Failure.MEMORY_LIMIT
        if sig == "SIGXCPU":
            return why, Failure.TIME_LIMIT
        if processes:
            return f"{why} (after reaching its process limit)", Failure.PROCESS_LIMIT
        if sig == "SIGKILL" and self._group is None:
            return why, Failure.KILLED  # per-process limits: it cannot be told
        return why, Failure.KERNEL_DIED

    def _check_alive(self):
        if self.dead is None and self._proc.poll() is not None:
            self.dead, self.death = self._exit_reason(self._proc.returncode)
        if self.dead is not None:
            raise KernelDied(self.dead, self.death)

    def execute(self, code, internal=False, user_expressions=None, step=None):
        """Run ``code``; return (error or None, user expression results).

        ``step`` (seconds) shortens the step limit for this one execution.
        """
        start = time.monotonic()
        try:
            return self._execute(code, internal, user_expressions, step)
        finally:
            self.budget.remaining -= time.monotonic() - start

    def _execute(self, code, internal, user_expressions, step):
        self._check_alive()
        self._stop_serving()
        budget = self._step_budget(step)
        msg_id = self._send_execute(code, internal, user_expressions)
        return self._await_reply(msg_id, budget)

    def _step_budget(self, step):
        budget = min(self.limits.step, step or self.limits.step, self._remaining())
        if budget <= 0:
            raise StepTimeout("the submission's time limit was reached")
        return budget

    def _send_execute(self, code, internal=True, user_expressions=None):
        self._idle_after = None
        return self._client.execute(
            code,
            silent=False,
            store_history=not internal,
            user_expressions=user_expressions or {},
            allow_stdin=False,
            # An error must not make the kernel abort the requests that follow.
            stop_on_error=False,
        )

    def _await_reply(self, msg_id, budget):
        """(error or None, user expressions) of request ``msg_id``."""
        client = self._client
        end = time.monotonic() + budget
        error = None
        while True:
            self._drain(msg_id)
            if time.monotonic() > end:
                self._kill("timeout", Failure.TIME_LIMIT)
                raise StepTimeout(f"did not finish within {budget:.0f} s")
            try:
                reply = client.get_shell_msg(timeout=0.05)
            except Exception:  # queue.Empty
                if self._proc.poll() is not None:
                    self._check_alive()
                continue
            if reply["parent_header"].get("msg_id") != msg_id:
                continue
            content = reply["content"]
            # The reply can overtake the cell's last printed output: read the
            # output until the kernel says it is idle, so that every byte a
            # cell printed counts towards the output limit.
            self._drain_until_idle(msg_id, min(end, time.monotonic() + 5.0))
            if content.get("status") == "error":
                error = f"{content.get('ename', 'Error')}: {content.get('evalue', '')}"
                error = self.relative(error)
            elif content.get("status") == "aborted":
                error = "the kernel did not run this cell (aborted)"
            return error, content.get("user_expressions", {})

    def _drain(self, msg_id):
        while True:
            try:
                msg = self._client.get_iopub_msg(timeout=0)
            except Exception:  # queue.Empty
                return
            self._count_output(msg)

    def _drain_until_idle(self, msg_id, deadline):
        """Read output until the kernel is idle after ``msg_id`` (or until
        ``deadline``, a monotonic time)."""
        while (left := deadline - time.monotonic()) > 0:
            # The idle status may already have been read while waiting for
            # the reply (_drain reads every output message).
            if self._idle_after == msg_id:
                return
            try:
                msg = self._client.get_iopub_msg(timeout=min(left, 0.1))
            except Exception:  # queue.Empty
                if self._proc.poll() is not None:
                    return
                continue
            self._count_output(msg)

    def _count_output(self, msg):
        content = msg["content"]
        state = content.get("execution_state")
        if msg["msg_type"] == "status" and state == "idle":
            self._idle_after = msg["parent_header"].get("msg_id")
        size = _output_size(msg["msg_type"], content)
        if size:
            self.output_bytes += size
            if self.output_bytes > self.limits.output:
                self.dropped_output = True

    def _kill(self, why, failure):
        if self._proc.poll() is None:
            try:
                os.killpg(self._proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self._proc.wait()
        if self.dead is None:
            self.dead, self.death = why, failure

    def request(self, function, payload, step=None):
        """Run ``_mlgrade_kernel_side.<function>`` on a JSON payload; return its reply.

        Requests go over the kernel's call channel (mlgrade/sandbox/calls.py), opened
        at the first request after a cell and closed by the next cell. A
        request may take ``step`` seconds (default: the call limit).
        """
        start = time.monotonic()
        try:
            return self._request(function, payload, step or self.call_limit)
        finally:
            self.budget.remaining -= time.monotonic() - start

    def _request(self, function, payload, step):
        self._check_alive()
        budget = self._step_budget(step)
        end = time.monotonic() + budget
        try:
            if self._calls is None:
                self._serve(end)
            self._calls.send(function, payload)
            reply = self._calls.receive(end, MAX_CALL_REPLY)
        except TimeoutError:
            self._kill("timeout", Failure.TIME_LIMIT)
            raise StepTimeout(f"did not finish within {budget:.0f} s") from None
        except ReplyTooLarge:
            self._kill("reply too large", Failure.OUTPUT_LIMIT)
            raise KernelDied(
                "the grader's helper sent a reply too large", Failure.OUTPUT_LIMIT
            ) from None
        except ChannelClosed:
            # The kernel died, or student code broke its end of the channel.
            try:
                self._proc.wait(timeout=1.0)
            except subprocess.TimeoutExpired:
                pass
            self._check_alive()
            self._stop_serving()
            raise KernelDied("the grader's helper returned nothing") from None
        finally:
            self._drain(None)
        if not reply:
            raise KernelDied("the grader's helper returned nothing")
        return reply

    def _serve(self, end):
        """Start the kernel's serve request and wait for it to connect."""
        channel = CallChannel(self._work)
        msg_id = self._send_execute(
            "__import__('sys').modules['_mlgrade_kernel_side']"
            f".serve({channel.path!r}, globals())"
        )

        def check():
            # The request ended without connecting: the helper is broken.
            self._drain(msg_id)
            try:
                reply = self._client.get_shell_msg(timeout=0)
            except Exception:  # queue.Empty
                if self._proc.poll() is not None:
                    self._check_alive()
                return
            if reply["parent_header"].get("msg_id") == msg_id:
                content = reply["content"]
                why = f"{content.get('ename', '')}: {content.get('evalue', '')}"
                raise KernelDied(f"the grader's helper failed in the kernel ({why})")

        try:
            channel.accept(end, check)
        except BaseException:
            channel.close()
            raise
        self._calls, self._serve_id = channel, msg_id

    def _stop_serving(self):
        """End the serve request (before a cell, or when the channel broke)."""
        if self._calls is None:
            return
        channel, self._calls = self._calls, None
        try:
            channel.send("stop", "")
        except ChannelClosed:
            pass
        channel.close()
        self._check_alive()
        self._await_reply(self._serve_id, self._step_budget(None))

    def blocked_calls(self):
        """Disabled package functions called since the last time asked."""
        names = json.loads(self.request("take_blocked", "{}"))
        if not isinstance(names, list):
            raise KernelDied("the grader's helper returned nothing")
        return {str(n) for n in names}

    def unblock(self, sources):
        """Make the package functions in ``sources`` (see real_sources) work."""
        if json.loads(self.request("unblock", json.dumps(sources))) != "ok":
            raise KernelDied("the grader's helper returned nothing")

    def fingerprint(self):
        return json.loads(self.request("fingerprint", "{}", step=self.limits.step))


def _output_size(msg_type, content):
    """Characters of output one message carries (0 for those that are not
    output): every kind counts towards the output limit, not only print's."""
    if msg_type == "stream":
        return _text_size(content.get("text"))
    if msg_type in ("display_data", "execute_result", "update_display_data"):
        return _text_size(content.get("data")) + _text_size(content.get("metadata"))
    if msg_type == "error":
        return _text_size(content.get("traceback")) + _text_size(content.get("evalue"))
    return 0


def _text_size(value, depth=0):
    """Characters of the strings in ``value`` (nested lists and dicts too)."""
    if isinstance(value, str):
        return len(value)
    if depth > 8:
        return 0
    if isinstance(value, dict):
        return sum(len(str(k)) + _text_size(v, depth + 1) for k, v in value.items())
    if isinstance(value, list | tuple):
        return sum(_text_size(v, depth + 1) for v in value)
    return 8 if value is not None else 0


def _exit_signal(code):
    """The name of the signal that ended a process with status ``code``, or None."""
    if code is None:
        return None
    if code > 128 and code - 128 in {int(s) for s in signal.Signals}:
        code = 128 - code  # bubblewrap reports a signal as 128 + its number
    return signal.Signals(-code).name if code < 0 else None


def _describe_exit(code):
    if code is None:
        return "the kernel stopped"
    sig = _exit_signal(code)
    if sig is not None:
        why = {
            "SIGXCPU": "its CPU time limit",
            "SIGKILL": "a kill (time or memory)",
            "SIGSEGV": "a segmentation fault",
            "SIGXFSZ": "the file size limit",
            "SIGABRT": "an abort",
        }.get(sig, sig)
        return f"the kernel died: {why}"
    return f"the kernel exited with status {code}"


_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
