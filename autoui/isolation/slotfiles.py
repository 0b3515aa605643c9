"""Files of a job that runs in a slot process: the parent's file context, reached by message.

A job's :class:`~autoui.files.FileContext` (the server's store bound to the request's
owner, or the terminal's :class:`~autoui.localfiles.LocalFiles`) stays in the parent:
it holds the index of opaque ids and the owner checks. The child gets a
:class:`SlotFiles` that asks the parent for each operation, so files keep their ids
and owners exactly as without isolation. Bytes never cross the pipe: the parent
answers an input with a *path* (the file is on this machine), and an output's bytes are
written by the child to the spool folder, then adopted by the parent's context (the
server's store hard-links it) before the child removes its copy.
"""

from __future__ import annotations

import itertools
import os
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from autoui.errors import ValidationError
from autoui.files import FileContext, FilePayload
from autoui.isolation.protocol import FileReply, FileRequest

__all__ = ["FileRequests", "SlotFiles", "answer"]


class FileRequests:
    """The child's side of file requests: numbered, sent, and answered from the pipe.

    Args:
        send: sends a message to the parent.
        receive_here: reads and handles one message of the pipe, if the calling thread
            is the one that reads the pipe (the event loop's), and says whether it did:
            that thread must not wait for a reply only it could read.
    """

    def __init__(self, send: Callable[[Any], None], receive_here: Callable[[], bool]) -> None:
        self._send = send
        self._receive_here = receive_here
        self._numbers = itertools.count()
        self._waiting: dict[int, tuple[threading.Event, list[FileReply]]] = {}
        self._lock = threading.Lock()

    def ask(self, seq: int, index: int, op: str, args: tuple[Any, ...]) -> Any:
        """Send a request and wait for its answer (raises what the parent's context raised)."""
        number = next(self._numbers)
        done, box = threading.Event(), list[FileReply]()
        with self._lock:
            self._waiting[number] = (done, box)
        try:
            self._send(FileRequest(number, seq, index, op, args))
            while not done.is_set():
                if not self._receive_here():
                    done.wait()
        finally:
            with self._lock:
                self._waiting.pop(number, None)
        return _value_of(box[0])

    def answered(self, reply: FileReply) -> None:
        with self._lock:
            waiter = self._waiting.get(reply.request)
        if waiter is not None:
            waiter[1].append(reply)
            waiter[0].set()


def _value_of(reply: FileReply) -> Any:
    if reply.error is None:
        return reply.value
    kind, message, param = reply.error
    if kind == "ValidationError":
        raise ValidationError(message, param=param)
    raise OSError(f"{kind}: {message}")


class SlotFiles:
    """The :class:`~autoui.files.FileContext` of job ``index`` of run ``seq``, in the child."""

    def __init__(self, requests: FileRequests, seq: int, index: int, spool: Path) -> None:
        self._requests = requests
        self._seq = seq
        self._index = index
        self._spool = spool

    def resolve_input(self, payload: Any) -> Path:
        return Path(self._requests.ask(self._seq, self._index, "resolve", (payload,)))

    def store_output(
        self, data: bytes | Path, name: str, mime_type: str | None = None
    ) -> FilePayload:
        if isinstance(data, Path):
            path = str(data.resolve())
            stored: FilePayload = self._ask_store(path, name, mime_type)
            return stored
        handle, spooled = tempfile.mkstemp(prefix="out-", dir=self._spool)
        try:
            with open(handle, "wb") as file:
                file.write(data)
            stored = self._ask_store(spooled, name, mime_type)
            return stored
        finally:
            os.unlink(spooled)

    def _ask_store(self, path: str, name: str, mime_type: str | None) -> FilePayload:
        value: FilePayload = self._requests.ask(
            self._seq, self._index, "store", (path, name, mime_type)
        )
        return value


def answer(files: FileContext, request: FileRequest) -> FileReply:
    """Carry out a child's request with the job's real context (in the parent, off the loop)."""
    try:
        if request.op == "resolve":
            value: Any = str(files.resolve_input(request.args[0]))
        elif request.op == "store":
            path, name, mime_type = request.args
            value = files.store_output(Path(path), name, mime_type)
        else:
            raise ValueError(f"unknown file operation {request.op!r}")
    except ValidationError as exc:
        return FileReply(request.request, error=("ValidationError", exc.message, exc.param))
    except Exception as exc:  # noqa: BLE001 - the child raises it in the job's code
        return FileReply(request.request, error=(type(exc).__name__, str(exc), None))
    return FileReply(request.request, value=value)
