"""``autoui.Client``: call an autoui server from Python, blocking.

``predict`` is one request (``POST /api/{fn}``, kept-alive connection), the cheapest
round trip the API offers. ``submit`` creates a job and returns a
:class:`~autoui.client.Job` (``_job.py``) that follows the job's event stream.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import httpx

from autoui.client._core import NO_BLOCKING_ROUTE, ClientCore, Fetch, PreparedCall, upload_ids
from autoui.client._decode import ImageType, file_key
from autoui.client._encode import upload_path
from autoui.client._http import error_from_response, transport_error
from autoui.client._job import Job
from autoui.client._livelink import live_chunks
from autoui.client._remote import read_app
from autoui.errors import ClientError
from autoui.wire import WireFunction

__all__ = ["Client"]


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
        self._auth = auth
        self._http = httpx.Client(base_url=self.url + "/", auth=auth, timeout=timeout)
        self.closed = False
        try:
            self._app = read_app(self._json("GET", "api/spec"))
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
        if call.fn.name in NO_BLOCKING_ROUTE:
            return self._queue(call, body).result()
        timeout = httpx.Timeout(self._timeout, read=None)
        answer = self._json("POST", f"api/{call.fn.name}", json=body, timeout=timeout)
        return self._decode(call.fn, answer.get("data") or [])

    def submit(self, fn: str, /, *args: Any, **kwargs: Any) -> Job:
        """Queue a call of ``fn`` and return at once with its :class:`Job`."""
        call = self.prepare(fn, args, kwargs)
        return self._queue(call, call.body(self._upload(call)))

    def stream(self, fn: str, /, *args: Any, **kwargs: Any) -> Job:
        """Start ``fn`` and feed its live input (``Iterator[Audio]``, ...) as chunks come.

        Pass the live parameter by its name like any other: an iterable of chunks —
        ``bytes`` (raw int16 PCM at the input's rate, or JPEG), sample arrays, ``(rate,
        samples)``, PIL images or image arrays — taken one at a time, so a generator
        reading a microphone stays live; or a whole file (a path, or its bytes), cut into
        chunks and sent as fast as the server takes them. The chunks go over the job's
        WebSocket (``POST /api/jobs/{id}/input`` when none can be opened); the input ends
        when they run out, or at :meth:`Job.end_input`. Iterate the job for its events.

        Raises:
            ClientError: ``fn`` has no live input, an argument does not fit, or a path is
                no file (nothing sent).
        """
        from autoui.client._livesend import LiveSender

        call, live, value = self.prepare_stream(fn, args, kwargs)
        chunks = live_chunks(value, live)
        answer = self._json("POST", f"api/{call.fn.name}/jobs", json=call.body(self._upload(call)))
        job_id = str(answer["job_id"])
        sender = LiveSender(self, job_id, live.param, chunks)
        return Job(self, call.fn, job_id, answer.get("position"), live=sender)

    def _queue(self, call: PreparedCall, body: dict[str, Any]) -> Job:
        answer = self._json("POST", f"api/{call.fn.name}/jobs", json=body)
        return Job(self, call.fn, str(answer["job_id"]), answer.get("position"))

    def upload(self, *paths: str | os.PathLike[str]) -> list[dict[str, Any]]:
        """Upload local files; returns their payloads (``{"id", "url", ...}``)."""
        uploads = [upload_path(Path(os.fspath(p)).expanduser()) for p in paths]
        call = PreparedCall(WireFunction("upload"), {}, uploads)
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

    def _decode(self, fn: WireFunction, data: list[Any]) -> Any:
        self._fetch_files(data)
        return self.result(fn, data)

    def _fetch_files(self, data: Any) -> None:
        for fetch in self.fetches(data):
            self._download(fetch)

    def _download(self, fetch: Fetch) -> None:
        fetch.target.parent.mkdir(parents=True, exist_ok=True)
        partial = fetch.partial()
        try:
            with self._http.stream("GET", fetch.path) as response:
                if response.is_error:
                    response.read()
                    raise error_from_response(response, self.url)
                with partial.open("wb") as out:
                    for chunk in response.iter_bytes():
                        out.write(chunk)
            partial.replace(fetch.target)
        except httpx.HTTPError as exc:
            raise transport_error(self.url, exc) from None
        finally:
            partial.unlink(missing_ok=True)  # gone already unless the download failed
        self.downloaded(fetch)
