"""Starts the student's ipykernel inside the sandbox (``python -m``).

Before the kernel listens, it imports what every grading kernel needs (numpy,
the stripped ``mllesson``, the grader's kernel side), so that this work is
done while the grader is still busy elsewhere, and it leaves out two packages
a grading kernel never uses and whose import is a large part of a kernel's
start: the debugger (``debugpy``) and IPython's completion engine (``jedi``).
Both are optional for ipykernel and IPython, which run without them.
"""

import sys

for _unused in ("debugpy", "jedi"):
    sys.modules[_unused] = None  # import fails fast; the kernel runs without it

import _mlgrade_kernel_side  # noqa: E402,F401 (imported early, for the first cell)
from ipykernel import kernelapp  # noqa: E402

import mllesson  # noqa: E402,F401

if __name__ == "__main__":
    kernelapp.launch_new_instance()
