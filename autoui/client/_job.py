"""``autoui.Job``: one submitted call, followed by a reader thread.

The thread reads the job's event stream into a :class:`~autoui.client._jobstate.JobLog`
and, when the connection drops, reopens it with ``Last-Event-ID`` (a bounded number of
consecutive failures), so ``status()``/``outputs()`` are always current and iterating
the job never loses or repeats an event.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import httpx

from autoui.client._http import SSE_TIMEOUT, error_from_response
from autoui.client._jobstate import MAX_RECONNECTS, JobLog, JobStatus, backoff
from autoui.client._sse import SSEDecoder
from autoui.errors import ClientError
from autoui.events import Event
from autoui.wire import WireFunction

if TYPE_CHECKING:
    from autoui.client._livesend import LiveSender
    from autoui.client._sync import Client

__all__ = ["Job"]


class _StreamGone(Exception):
    """The server answered the stream request with an error that retrying cannot fix."""

    def __init__(self, error: ClientError) -> None:
        super().__init__(error.message)
        self.error = error


class Job:
    """A submitted call: iterate it for its events, or wait for its result.

    Iterating yields :mod:`autoui.events` records (``Queued``, ``Started``,
    ``ProgressUpdate``, ``Alert``, ``Output``, then one of ``Complete``, ``Failed``,
    ``Cancelled``) with output data already converted to Python values; every
    iteration starts from the job's first event.

    A job started by :meth:`Client.stream` also sends its live input; ``live`` is that
    sender (its ``transport``, ``sent`` and ``error``), and :meth:`end_input` ends it.
    """

    def __init__(
        self,
        client: Client,
        fn: WireFunction,
        job_id: str,
        position: int | None = None,
        live: LiveSender | None = None,
    ) -> None:
        self.id = job_id
        self.fn = fn
        self.live = live
        self._client = client
        self._log = JobLog(job_id, position)
        self._changed = threading.Condition()
        self._converted: dict[int, Event] = {}
        self._reader = threading.Thread(target=self._follow, name=f"autoui-job-{job_id}")
        self._reader.daemon = True
        self._reader.start()

    def __repr__(self) -> str:
        return f"<autoui.Job {self.id} {self.fn.name} {self.status().state}>"

    # -- reading ------------------------------------------------------------------------
    def __iter__(self) -> Iterator[Event]:
        return self.events()

    def events(
        self, *, convert: bool = True, timeout: float | None = None, start: int = 0
    ) -> Iterator[Event]:
        """The job's events from the first (or the ``start``-th), waiting for new ones.

        Args:
            convert: give ``output``/``complete`` data as Python values (else payloads).
            timeout: seconds to wait for the *next* event before ``TimeoutError``.
            start: how many events to skip (those already handled).

        Raises:
            ClientError: the event stream was lost and could not be resumed.
        """
        index = start
        while True:
            batch = self._wait_beyond(index, timeout)
            for event in batch:
                yield self._convert(index, event) if convert else event
                index += 1
            if not batch and self._log.finished:
                if self._log.lost is not None:
                    raise self._log.lost
                return

    def _wait_beyond(self, index: int, timeout: float | None) -> list[Event]:
        """Events after the first ``index`` ones, waiting for one if there are none yet."""
        with self._changed:
            if not self._changed.wait_for(
                lambda: index < len(self._log.events) or self._log.finished, timeout
            ):
                raise TimeoutError(f"no event from job {self.id} within {timeout} s")
            return self._log.events[index:]

    def result(self, timeout: float | None = None) -> Any:
        """Wait for the job to end and return its outputs, as :meth:`Client.predict` does.

        Raises:
            TimeoutError: not finished within ``timeout`` seconds (the job goes on).
            ClientError: the job failed (the server's message and ``param``), was
                cancelled, or its stream was lost.
        """
        if not self.wait(timeout):
            raise TimeoutError(f"job {self.id} did not finish within {timeout} s")
        try:
            final = self._log.final()
        except ClientError:
            if self.live is not None and self.live.error is not None:
                raise self.live.error from None  # why the job was cancelled
            raise
        return self._client._decode(self.fn, final.data)

    def end_input(self) -> None:
        """End the live input now: the function answers with what it was sent.

        Raises:
            ClientError: the job was not started by :meth:`Client.stream`.
        """
        if self.live is None:
            raise ClientError(f"job {self.id} has no live input (start it with stream())")
        self.live.end()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the job ends; False if ``timeout`` passed first."""
        with self._changed:
            return self._changed.wait_for(lambda: self._log.finished, timeout)

    @property
    def outcome(self) -> Event | None:
        """The event that ended the job (payloads as sent), or None while it runs."""
        with self._changed:
            return self._log.terminal

    @property
    def received(self) -> int:
        """How many events have arrived so far."""
        with self._changed:
            return len(self._log.events)

    def status(self) -> JobStatus:
        """Where the job is now: queued (with position), running, or how it ended."""
        with self._changed:
            return self._log.status()

    def done(self) -> bool:
        return self.status().done

    def outputs(self) -> list[Any]:
        """The values streamed so far (one per ``output`` event), converted."""
        with self._changed:
            data = [event.data for event in self._log.outputs()]
        self._client._fetch_files(data)
        return [self._client.result(self.fn, item) for item in data]

    def cancel(self) -> bool:
        """Ask the server to cancel: a queued job never runs, a generator stops.

        Returns:
            True if the server accepted; False if the job had already ended.
        """
        try:
            answer = self._client._json("DELETE", f"api/jobs/{self.id}")
        except ClientError as exc:
            if exc.status in (404, 409, 410):
                return False
            raise
        return bool(answer.get("cancelled", True)) if isinstance(answer, dict) else True

    def _convert(self, index: int, event: Event) -> Event:
        if index not in self._converted:
            data = getattr(event, "data", None)
            if data:
                self._client._fetch_files(data)
            self._converted[index] = self._client.convert_event(self.fn, event)
        return self._converted[index]

    # -- the reader thread --------------------------------------------------------------
    def _follow(self) -> None:
        failures, last_problem = 0, ""
        while not self._log.finished:
            try:
                if self._read_stream():
                    failures = 0
            except _StreamGone as exc:
                return self._lose(exc.error)
            except (httpx.HTTPError, ClientError) as exc:
                last_problem = f"{type(exc).__name__}: {exc}"
            if self._log.finished:
                return None
            if self._client.closed:
                return self._lose(ClientError(f"the client was closed before job {self.id} ended"))
            failures += 1
            if failures > MAX_RECONNECTS:
                return self._lose(
                    ClientError(
                        f"lost the event stream of job {self.id} and could not resume it "
                        f"after {MAX_RECONNECTS} attempts ({last_problem or 'stream closed'})"
                    )
                )
            time.sleep(backoff(failures))
        return None

    def _read_stream(self) -> bool:
        """Read the stream until it ends; True if any message arrived."""
        last_id = self._log.last_id
        headers = {"Last-Event-ID": last_id} if last_id else {}
        path = f"api/jobs/{self.id}/events"
        with self._client._http.stream("GET", path, headers=headers, timeout=SSE_TIMEOUT) as r:
            if r.is_error:
                r.read()
                error = error_from_response(r, self._client.url)
                if r.status_code >= 500:
                    raise error
                raise _StreamGone(error)
            decoder, received = SSEDecoder(), False
            for line in r.iter_lines():
                message = decoder.feed(line)
                if message is None:
                    continue
                received = True
                with self._changed:
                    self._log.add(message)
                    self._changed.notify_all()
                if self._log.finished:
                    break
            return received

    def _lose(self, error: ClientError) -> None:
        with self._changed:
            self._log.fail(error)
            self._changed.notify_all()
