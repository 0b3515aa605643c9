"""``autoui.Client``: call an autoui server from Python, blocking.

``predict`` is one request (``POST /api/{fn}``, kept-alive connection), the cheapest
round trip the API offers. ``submit`` creates a job and returns a :class:`Job` whose
reader thread follows the job's event stream, resuming it with ``Last-Event-ID`` when
the connection drops, so ``status()``/``outputs()`` are always current.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

from autoui.client._core import ClientCore, Fetch, PreparedCall, upload_ids
from autoui.client._decode import ImageType, file_key
from autoui.client._http import SSE_TIMEOUT, error_from_response, transport_error
from autoui.client._jobstate import JobLog, JobStatus
from autoui.client._remote import RemoteApp, RemoteFunction
from autoui.client._sse import SSEDecoder
from autoui.errors import ClientError
from autoui.events import Event

__all__ = ["Client", "Job"]

#: Consecutive failed attempts to reopen a job's stream before giving up.
MAX_RECONNECTS = 8


def backoff(attempt: int) -> float:
    """Seconds to wait before reconnection ``attempt`` (1, 2, ...): 0.1 s doubling to 2 s."""
    return float(min(2.0, 0.05 * 2**attempt))


class Client(ClientCore):
    """A connection to one autoui server.

    Args:
        url: the server, e.g. ``"http://127.0.0.1:7860"`` (scheme optional).
        auth: ``(user, password)`` when the server was started with ``--auth``.
        timeout: seconds for connecting and for ordinary requests; waiting for a
            result is not limited by it (see :meth:`Job.result`).
        download_dir: where output files are saved (default: a new temporary folder).
        image_type: how images come back: ``"pil"``, ``"numpy"`` or ``"path"``.

    Raises:
        ClientError: the server cannot be reached, refuses the credentials, or is not
            an autoui server.
    """

    def __init__(
        self,
        url: str,
        auth: tuple[str, str] | None = None,
        timeout: float | None = 30.0,
        download_dir: str | os.PathLike[str] | None = None,
        image_type: ImageType = "pil",
    ) -> None:
        super().__init__(url, download_dir, image_type)
        self._timeout = timeout
        self._http = httpx.Client(base_url=self.url + "/", auth=auth, timeout=timeout)
        self.closed = False
        try:
            self._app = RemoteApp.from_json(self._json("GET", "api/spec"))
        except BaseException:
            self.close()
            raise

    # -- public API ---------------------------------------------------------------------
    def predict(self, fn: str, /, *args: Any, **kwargs: Any) -> Any:
        """Call ``fn`` and wait for its result, as natural Python values.

        One output gives the value, several a tuple. Images come back as PIL images
        (or as ``image_type`` says), files as downloaded paths, labels as
        ``{label: confidence}``, dataframes as pandas DataFrames when pandas is there.

        Raises:
            ClientError: an unknown function or parameter, a missing argument (nothing
                sent), invalid input (``param`` names it), or the function's own error.
        """
        call = self.prepare(fn, args, kwargs)
        body = call.body(self._upload(call))
        timeout = httpx.Timeout(self._timeout, read=None)
        answer = self._json("POST", f"api/{call.fn.name}", json=body, timeout=timeout)
        return self._decode(call.fn, answer.get("data") or [])

    def submit(self, fn: str, /, *args: Any, **kwargs: Any) -> Job:
        """Queue a call of ``fn`` and return at once with its :class:`Job`."""
        call = self.prepare(fn, args, kwargs)
        body = call.body(self._upload(call))
        answer = self._json("POST", f"api/{call.fn.name}/jobs", json=body)
        return Job(self, call.fn, str(answer["job_id"]), answer.get("position"))

    def upload(self, *paths: str | os.PathLike[str]) -> list[dict[str, Any]]:
        """Upload local files; returns their payloads (``{"id", "url", ...}``)."""
        from autoui.client._encode import encode_file

        uploads = [encode_file(os.fspath(p), "file") for p in paths]
        call = PreparedCall(RemoteFunction("upload"), {}, uploads)
        ids = self._upload(call)
        return [ids[id(u)] for u in uploads]

    def download(self, payload: dict[str, Any]) -> Path:
        """Download one output file payload (``{"id", "url", "name", ...}``) to its path.

        Files already downloaded by this client are not fetched again.
        """
        self._fetch_files(payload)
        return self._downloaded[file_key(payload)]

    def close(self) -> None:
        """Close the connections (open job streams end with a ClientError)."""
        self.closed = True
        self._http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- requests -----------------------------------------------------------------------
    def _request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            response = self._http.request(method, path, **kwargs)
        except httpx.HTTPError as exc:
            raise transport_error(self.url, exc) from None
        if response.is_error:
            raise error_from_response(response, self.url)
        return response

    def _json(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self._request(method, path, **kwargs)
        try:
            return response.json()
        except ValueError:
            raise ClientError(f"{self.url}/{path} did not answer with JSON") from None

    def _upload(self, call: PreparedCall) -> dict[int, dict[str, Any]]:
        if not call.uploads:
            return {}
        parts = [("file", upload.open_part()) for upload in call.uploads]
        try:
            answer = self._json("POST", "api/files", files=parts)
        finally:
            for _, (_, body, _) in parts:
                if hasattr(body, "close"):
                    body.close()
        return upload_ids(call.uploads, answer)

    def _decode(self, fn: RemoteFunction, data: list[Any]) -> Any:
        self._fetch_files(data)
        return self.result(fn, data)

    def _fetch_files(self, data: Any) -> None:
        for fetch in self.fetches(data):
            self._download(fetch)

    def _download(self, fetch: Fetch) -> None:
        fetch.target.parent.mkdir(parents=True, exist_ok=True)
        partial = fetch.target.with_name(fetch.target.name + ".part")
        try:
            with self._http.stream("GET", fetch.path) as response:
                if response.is_error:
                    response.read()
                    raise error_from_response(response, self.url)
                with partial.open("wb") as out:
                    for chunk in response.iter_bytes():
                        out.write(chunk)
        except httpx.HTTPError as exc:
            raise transport_error(self.url, exc) from None
        partial.replace(fetch.target)
        self.downloaded(fetch)


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
    """

    def __init__(
        self, client: Client, fn: RemoteFunction, job_id: str, position: int | None = None
    ) -> None:
        self.id = job_id
        self.fn = fn
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
        return self._client._decode(self.fn, self._log.final().data)

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
