"""The grader's direct line to a student's kernel, for calling their functions.

A call sent as a kernel execute request costs about 15 ms (IPython's cell
machinery on both ends and four messages), and a check that calls a student's
function a hundred times paid seconds for it. Between the notebook's cells,
the kernel instead runs one long request, ``_mlgrade_kernel_side.serve``, which
answers calls over a Unix socket in the kernel's private folder until it is
told to stop. The same JSON travels as before and nothing else is trusted
more: every reply is still only what the student's side says.

Framing, both ways: a header line ``b"<name> <length>\\n"`` (requests) or
``b"<length>\\n"`` (replies), then ``length`` bytes of UTF-8 JSON.
"""

import os
import socket
import time

MAX_HEADER = 64  #: longest header line accepted, bytes


class ChannelClosed(Exception):
    """The kernel's end went away (it stopped serving, or died)."""


class ReplyTooLarge(Exception):
    """The kernel announced a reply larger than the grader accepts."""


class CallChannel:
    """The listening end, in the kernel's folder (which the sandbox shares)."""

    def __init__(self, folder):
        self.path = os.path.join(folder, "calls")
        self._listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._listener.bind(self.path)
        self._listener.listen(1)
        self._conn = None
        self._pending = b""

    def accept(self, deadline, check):
        """Wait for the kernel to connect; ``check()`` raises if it never will.

        Raises TimeoutError at ``deadline`` (a monotonic time).
        """
        while self._conn is None:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            self._listener.settimeout(min(left, 0.05))
            try:
                self._conn, _ = self._listener.accept()
            except TimeoutError:
                check()

    def send(self, name, payload):
        data = payload.encode()
        try:
            self._conn.sendall(f"{name} {len(data)}\n".encode() + data)
        except OSError:
            raise ChannelClosed from None

    def receive(self, deadline, max_bytes):
        """The next reply, as a string; TimeoutError at ``deadline``."""
        header = self._read_until(b"\n", deadline, MAX_HEADER)
        try:
            length = int(header)
        except ValueError:
            raise ChannelClosed from None
        if not 0 <= length <= max_bytes:
            raise ReplyTooLarge(length)
        return self._read_exactly(length, deadline).decode("utf-8", "replace")

    def _recv(self, deadline, size):
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError
        self._conn.settimeout(left)
        try:
            chunk = self._conn.recv(size)
        except TimeoutError:  # an OSError too, but the caller's to handle
            raise
        except OSError:
            raise ChannelClosed from None
        if not chunk:
            raise ChannelClosed
        return chunk

    def _read_until(self, mark, deadline, limit):
        while mark not in self._pending:
            if len(self._pending) > limit:
                raise ChannelClosed
            self._pending += self._recv(deadline, 4096)
        line, _, self._pending = self._pending.partition(mark)
        return line

    def _read_exactly(self, n, deadline):
        data = bytearray(self._pending[:n])
        self._pending = self._pending[n:]
        while len(data) < n:
            data += self._recv(deadline, min(n - len(data), 1 << 22))
        return bytes(data)

    def close(self):
        for sock in (self._conn, self._listener):
            if sock is not None:
                sock.close()
        self._conn = None
        try:
            os.unlink(self.path)
        except OSError:
            pass
