"""The sync client's live input: a thread that sends a job's chunks as they come.

:class:`LiveSender` takes the caller's chunks (already in wire form:
:func:`autoui.streaming.chunks.chunks_of`) one at a time, so a live source stays live,
and sends each as one binary message on the job's WebSocket, then ``{"type": "end"}``
when they run out or :meth:`LiveSender.end` is called. What the server sends back on
the socket is read and dropped by a second thread: the :class:`~autoui.client.Job`
follows the same events on its SSE stream (resumable with ``Last-Event-ID``), and a
socket left unread would stall the server's writer, which then drops the client and
cancels the job.

When the socket cannot be opened (``websockets`` missing, a proxy without WebSockets,
a refused upgrade), the chunks go by ``POST /api/jobs/{id}/input`` instead. A chunk
the caller's iterable cannot give (a ValidationError, any exception) closes the input
without ``end``, which cancels the job; :attr:`LiveSender.error` says why.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Protocol

from autoui.client._livelink import (
    END,
    SOCKET_OPTIONS,
    input_path,
    input_problem,
    socket_headers,
    socket_url,
)
from autoui.errors import ClientError

if TYPE_CHECKING:
    from autoui.client._sync import Client

__all__ = ["LiveSender"]


class _Link(Protocol):
    name: str

    def send(self, chunk: bytes) -> None: ...

    def end(self) -> None: ...

    def abort(self) -> None: ...


class LiveSender:
    """Sends one job's live input from a daemon thread (see the module docstring).

    Attributes:
        transport: ``"websocket"`` or ``"http"`` once the link is open.
        error: why the input failed (a bad chunk, a lost connection), or None.
        sent: chunks sent so far.
    """

    def __init__(self, client: Client, job_id: str, param: str, chunks: Iterator[bytes]) -> None:
        self.client = client
        self.job_id = job_id
        self.param = param
        self.transport = ""
        self.error: ClientError | None = None
        self.sent = 0
        self._chunks = chunks
        self._link: _Link | None = None
        self._ended = False
        self._lock = threading.Lock()
        self._opened = threading.Event()
        self._thread = threading.Thread(
            target=self._run, name=f"autoui-live-{job_id}", daemon=True
        )
        self._thread.start()

    def end(self) -> None:
        """End the input now (from any thread): the function gets what was sent."""
        self._opened.wait(self.client._timeout)
        self._finish(abort=False)

    def join(self, timeout: float | None = None) -> bool:
        """Wait until every chunk is sent and the input ended; False on timeout."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    # -- the sending thread -------------------------------------------------------------
    def _run(self) -> None:
        try:
            self._link = self._open()
            self.transport = self._link.name
        except Exception as exc:  # noqa: BLE001 - becomes the job's error
            self.error = input_problem(exc, self.param)
            return
        finally:
            self._opened.set()
        try:
            for chunk in self._chunks:
                if self._ended:
                    return
                self._link.send(chunk)
                self.sent += 1
        except _Gone:
            return  # the job is over: the server took no more
        except Exception as exc:  # noqa: BLE001 - a bad chunk or a broken connection
            self.error = input_problem(exc, self.param)
            self._finish(abort=True)
            return
        self._finish(abort=False)

    def _finish(self, abort: bool) -> None:
        with self._lock:
            if self._ended or self._link is None:
                return
            self._ended = True
        with contextlib.suppress(Exception):  # the job may have ended already
            self._link.abort() if abort else self._link.end()

    def _open(self) -> _Link:
        try:
            return _SocketLink.connect(self.client, self.job_id)
        except (ImportError, OSError, _Refused):
            return _HttpLink(self.client, self.job_id)


class _Gone(Exception):
    """The server takes no more chunks: the job ended."""


class _Refused(Exception):
    """The socket could not be opened (an upgrade refused, a proxy in the way)."""


class _SocketLink:
    name = "websocket"

    def __init__(self, socket: Any) -> None:
        self.socket = socket
        self.drain = threading.Thread(target=self._drain, name="autoui-live-drain", daemon=True)
        self.drain.start()

    @classmethod
    def connect(cls, client: Client, job_id: str) -> _SocketLink:
        from websockets.exceptions import InvalidHandshake
        from websockets.sync.client import connect

        try:
            socket = connect(
                socket_url(client.url, job_id),
                additional_headers=socket_headers(client._http, client._auth),
                open_timeout=client._timeout,
                **SOCKET_OPTIONS,
            )
        except InvalidHandshake as exc:
            raise _Refused(str(exc)) from None
        return cls(socket.__enter__())  # held open past this call; end()/abort() close it

    def _drain(self) -> None:
        with contextlib.suppress(Exception):
            for _ in self.socket:  # the job's events: the Job reads them from SSE
                pass

    def send(self, chunk: bytes) -> None:
        from websockets.exceptions import ConnectionClosed

        try:
            self.socket.send(chunk)
        except ConnectionClosed as exc:
            if exc.rcvd is not None and exc.rcvd.code in (1000, 1001):
                raise _Gone from None  # the server closed it: the job is over
            reason = exc.rcvd.reason if exc.rcvd is not None else "the connection was lost"
            raise ClientError(f"the live stream closed: {reason}") from None

    def end(self) -> None:
        self.socket.send(END)
        self.socket.close()

    def abort(self) -> None:
        self.socket.close()  # without end: the server cancels the job


class _HttpLink:
    name = "http"

    def __init__(self, client: Client, job_id: str) -> None:
        self.client = client
        self.path = input_path(job_id)
        self.job_id = job_id
        self.seq = 0

    def send(self, chunk: bytes) -> None:
        self.seq += 1
        headers = {"X-Chunk-Seq": str(self.seq), "Content-Type": "application/octet-stream"}
        try:
            answer = self.client._json("POST", self.path, content=chunk, headers=headers)
        except ClientError as exc:
            if exc.status in (404, 409):
                raise _Gone from None
            raise
        if isinstance(answer, dict) and answer.get("accepted") is False and not answer.get(
            "duplicate"
        ):
            raise _Gone

    def end(self) -> None:
        self.client._json("POST", self.path, content=b"")

    def abort(self) -> None:
        self.client._json("DELETE", f"api/jobs/{self.job_id}")
