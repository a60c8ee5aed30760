"""One control group per kernel: memory and processes limited for its whole tree.

Resource limits (``setrlimit``) apply to one process each: a submission that
forks three children gets three times the memory, and nothing stops a fork
bomb. A control group counts every process and thread the kernel starts, so
its limits hold for the tree, and its counters say which limit was met:

- cgroup v1 (``/sys/fs/cgroup/memory`` and ``/sys/fs/cgroup/pids`` as
  separate hierarchies): ``memory.limit_in_bytes`` (and
  ``memory.memsw.limit_in_bytes`` where swap is accounted) and ``pids.max``;
  ``memory.oom_control``'s ``oom_kill`` and ``pids.events``' ``max`` count
  what was refused.
- cgroup v2 (one writable unified hierarchy): ``memory.max``,
  ``memory.swap.max`` and ``pids.max``; ``memory.events``' ``oom_kill`` and
  ``pids.events``' ``max``.

Each group is made under the grader's own group in that hierarchy (so the
grader's own limits still hold above it) and removed when the kernel ends.
Where no group can be made (not root, a read-only hierarchy), :func:`create`
returns None and the sandbox falls back to per-process limits (see
``mlgrade/README.md``).
"""

import itertools
import os
import signal
import time
from pathlib import Path

ROOT = Path("/sys/fs/cgroup")
_counter = itertools.count()


def _own_path(controller):
    """This process's group in the v1 hierarchy of ``controller`` ("" for v2)."""
    try:
        lines = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        _, controllers, path = line.split(":", 2)
        if controller in controllers.split(","):
            return path
    return None


def _read_counter(path, key):
    """The number after ``key`` in a flat-keyed cgroup file (0 if absent)."""
    try:
        for line in Path(path).read_text().splitlines():
            name, _, value = line.partition(" ")
            if name == key:
                return int(value)
    except (OSError, ValueError):
        pass
    return 0


class KernelGroup:
    """The control groups of one kernel (v1: a memory and a pids group; v2: one)."""

    def __init__(self, folders, version):
        self.folders = folders  #: the groups' folders, created
        self.version = version  #: 1 or 2

    # -- what a limit refused, from the groups' own counters

    def memory_events(self):
        """How many processes the memory limit killed (the kernel's out-of-memory
        killer, which is what a group's limit does when it cannot reclaim)."""
        if self.version == 2:
            return _read_counter(self.folders[0] / "memory.events", "oom_kill")
        return _read_counter(self.folders[0] / "memory.oom_control", "oom_kill")

    def process_events(self):
        """How often a new process or thread was refused by the process limit."""
        return _read_counter(self.folders[-1] / "pids.events", "max")

    def counters(self):
        """``(memory events, process events)`` so far."""
        return self.memory_events(), self.process_events()

    # -- life cycle

    def procs_files(self):
        """The files a new process writes its pid to, to join the groups."""
        return [str(folder / "cgroup.procs") for folder in self.folders]

    def close(self):
        """Kill whatever is still in the groups, then remove them."""
        for folder in reversed(self.folders):
            for _ in range(50):
                pids = _read_text(folder / "cgroup.procs").split()
                for pid in pids:
                    try:
                        os.kill(int(pid), signal.SIGKILL)
                    except (ProcessLookupError, ValueError):
                        pass
                try:
                    folder.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:  # busy: killed processes not reaped yet
                    time.sleep(0.01)


def _read_text(path):
    try:
        return Path(path).read_text().strip()
    except OSError:
        return ""


def _write(path, value):
    Path(path).write_text(str(value))


def _name():
    return f"mlgrade-{os.getpid()}-{next(_counter)}"


def _create_v1(memory, processes):
    mem_own, pids_own = _own_path("memory"), _own_path("pids")
    if mem_own is None or pids_own is None:
        return None
    mem_parent = ROOT / "memory" / mem_own.lstrip("/")
    pids_parent = ROOT / "pids" / pids_own.lstrip("/")
    if not (mem_parent / "memory.limit_in_bytes").exists():
        return None
    if not (pids_parent / "cgroup.procs").exists():
        return None
    name = _name()
    mem, pids = mem_parent / name, pids_parent / name
    made = []
    try:
        for folder in (mem, pids):
            folder.mkdir()
            made.append(folder)
        _write(mem / "memory.limit_in_bytes", memory)
        if (mem / "memory.memsw.limit_in_bytes").exists():
            # Memory and swap together: a tree cannot swap its way past the limit.
            _write(mem / "memory.memsw.limit_in_bytes", memory)
        _write(pids / "pids.max", processes)
    except OSError:
        KernelGroup(made, 1).close()
        return None
    return KernelGroup([mem, pids], 1)


def _create_v2(memory, processes):
    own = _own_path("")
    unified = ROOT if (ROOT / "cgroup.controllers").exists() else None
    if own is None or unified is None:
        return None
    parent = unified / own.lstrip("/")
    wanted = {"memory", "pids"}
    if not wanted <= set(_read_text(parent / "cgroup.subtree_control").split()):
        return None  # enabling them here would move this process's siblings
    group = parent / _name()
    try:
        group.mkdir()
        _write(group / "memory.max", memory)
        if (group / "memory.swap.max").exists():
            _write(group / "memory.swap.max", 0)
        _write(group / "pids.max", processes)
    except OSError:
        KernelGroup([group] if group.exists() else [], 2).close()
        return None
    return KernelGroup([group], 2)


def create(memory, processes):
    """A :class:`KernelGroup` limiting a tree to ``memory`` bytes and
    ``processes`` processes and threads, or None where none can be made."""
    return _create_v1(memory, processes) or _create_v2(memory, processes)


def join(procs_files):
    """Move the calling process into the groups (run in the child before exec)."""
    pid = str(os.getpid())
    for path in procs_files:
        fd = os.open(path, os.O_WRONLY)
        try:
            os.write(fd, pid.encode())
        finally:
            os.close(fd)
