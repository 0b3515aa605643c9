"""``autoui.AsyncClient``: the same API as :class:`~autoui.client.Client`, awaitable.

The spec is read on first use (or on ``async with``), since a constructor cannot await.
A job's stream is followed by a task, resumed with ``Last-Event-ID`` like the sync one.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from autoui.client._core import NO_BLOCKING_ROUTE, ClientCore, Fetch, PreparedCall, upload_ids
from autoui.client._decode import ImageType, file_key
from autoui.client._http import SSE_TIMEOUT, error_from_response, transport_error
from autoui.client._jobstate import MAX_RECONNECTS, JobLog, JobStatus, backoff
from autoui.client._remote import read_app
from autoui.client._sse import SSEDecoder
from autoui.errors import ClientError
from autoui.events import Event
from autoui.wire import WireFunction

if TYPE_CHECKING:
    from autoui.client._alivesend import AsyncLiveSender

__all__ = ["AsyncClient", "AsyncJob"]


class AsyncClient(ClientCore):
    """An asyncio connection to one autoui server; arguments as :class:`Client`.

    Use ``async with AsyncClient(url) as client:`` (which reads the spec and closes the
    connections at the end), or call methods directly and ``await client.close()``.
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
        self._http = httpx.AsyncClient(base_url=self.url + "/", auth=auth, timeout=timeout)
        self.closed = False

    async def connect(self) -> AsyncClient:
        """Read the server's spec (done automatically by the first call)."""
        if self._app is None:
            self._app = read_app(await self._json("GET", "api/spec"))
        return self

    async def view_api_async(self) -> None:
        """Read the spec if needed, then print the functions and their parameters."""
        await self.connect()
        self.view_api()

    async def predict(self, fn: str, /, *args: Any, **kwargs: Any) -> Any:
        """Call ``fn`` and wait for its result; see :meth:`Client.predict`."""
        call = await self._prepare(fn, args, kwargs)
        body = call.body(await self._upload(call))
        if call.fn.name in NO_BLOCKING_ROUTE:
            return await (await self._queue(call, body)).result()
        timeout = httpx.Timeout(self._timeout, read=None)
        answer = await self._json("POST", f"api/{call.fn.name}", json=body, timeout=timeout)
        return await self._decode(call.fn, answer.get("data") or [])

    async def submit(self, fn: str, /, *args: Any, **kwargs: Any) -> AsyncJob:
        """Queue a call of ``fn``; returns its :class:`AsyncJob` at once."""
        call = await self._prepare(fn, args, kwargs)
        return await self._queue(call, call.body(await self._upload(call)))

    async def stream(self, fn: str, /, *args: Any, **kwargs: Any) -> AsyncJob:
        """Start ``fn`` and feed its live input as chunks come; see :meth:`Client.stream`.

        The live value may also be an async iterable (an ``async def`` generator reading
        a device); a sync iterable is read in a worker thread, so a blocking source never
        stalls the event loop.
        """
        from autoui.client._alivesend import AsyncLiveSender, async_chunks

        call, live, value = await self._prepare_stream(fn, args, kwargs)
        chunks = async_chunks(value, live)
        body = call.body(await self._upload(call))
        answer = await self._json("POST", f"api/{call.fn.name}/jobs", json=body)
        job_id = str(answer["job_id"])
        sender = AsyncLiveSender(self, job_id, live.param, chunks)
        return AsyncJob(self, call.fn, job_id, answer.get("position"), live=sender)

    async def download(self, payload: dict[str, Any]) -> Path:
        """Download one output file payload to its local path; see :meth:`Client.download`."""
        await self._fetch_files(payload)
        return self._downloaded[file_key(payload)]

    async def close(self) -> None:
        self.closed = True
        await self._http.aclose()

    async def __aenter__(self) -> AsyncClient:
        try:
            return await self.connect()
        except BaseException:
            await self.close()
            raise

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # -- requests -----------------------------------------------------------------------
    async def _queue(self, call: PreparedCall, body: dict[str, Any]) -> AsyncJob:
        answer = await self._json("POST", f"api/{call.fn.name}/jobs", json=body)
        return AsyncJob(self, call.fn, str(answer["job_id"]), answer.get("position"))

    async def _prepare(
        self, fn: str, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> PreparedCall:
        await self.connect()
        return self.prepare(fn, args, kwargs)

    async def _prepare_stream(
        self, fn: str, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> tuple[PreparedCall, Any, Any]:
        await self.connect()
        return self.prepare_stream(fn, args, kwargs)

    async def _request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            response = await self._http.request(method, path, **kwargs)
        except httpx.HTTPError as exc:
            raise transport_error(self.url, exc) from None
        if response.is_error:
            raise error_from_response(response, self.url)
        return response

    async def _json(self, method: str, path: str, **kwargs: Any) -> Any:
        response = await self._request(method, path, **kwargs)
        try:
            return response.json()
        except ValueError:
            raise ClientError(f"{self.url}/{path} did not answer with JSON") from None

    async def _upload(self, call: PreparedCall) -> dict[int, dict[str, Any]]:
        if not call.uploads:
            return {}
        parts = [("file", _read_part(upload.open_part())) for upload in call.uploads]
        return upload_ids(call.uploads, await self._json("POST", "api/files", files=parts))

    async def _decode(self, fn: WireFunction, data: list[Any]) -> Any:
        await self._fetch_files(data)
        return self.result(fn, data)

    async def _fetch_files(self, data: Any) -> None:
        for fetch in self.fetches(data):
            await self._download(fetch)

    async def _download(self, fetch: Fetch) -> None:
        fetch.target.parent.mkdir(parents=True, exist_ok=True)
        partial = fetch.partial()
        try:
            async with self._http.stream("GET", fetch.path) as response:
                if response.is_error:
                    await response.aread()
                    raise error_from_response(response, self.url)
                with partial.open("wb") as out:
                    async for chunk in response.aiter_bytes():
                        out.write(chunk)
            partial.replace(fetch.target)
        except httpx.HTTPError as exc:
            raise transport_error(self.url, exc) from None
        finally:
            partial.unlink(missing_ok=True)  # gone already unless the download failed
        self.downloaded(fetch)


def _read_part(part: tuple[str, Any, str]) -> tuple[str, bytes, str]:
    """httpx's async multipart wants bytes, not a sync file object."""
    name, body, mime = part
    if hasattr(body, "read"):
        with body:
            body = body.read()
    return (name, body, mime)


class AsyncJob:
    """A submitted call, for asyncio: ``async for event in job``, ``await job.result()``.

    A job started by :meth:`AsyncClient.stream` also sends its live input (``live``);
    ``await job.end_input()`` ends it.
    """

    def __init__(
        self,
        client: AsyncClient,
        fn: WireFunction,
        job_id: str,
        position: int | None = None,
        live: AsyncLiveSender | None = None,
    ) -> None:
        self.id = job_id
        self.fn = fn
        self.live = live
        self._client = client
        self._log = JobLog(job_id, position)
        self._tick = asyncio.Event()
        self._converted: dict[int, Event] = {}
        self._reader = asyncio.get_running_loop().create_task(self._follow())

    def __repr__(self) -> str:
        return f"<autoui.AsyncJob {self.id} {self.fn.name} {self.status().state}>"

    def __aiter__(self) -> AsyncIterator[Event]:
        return self.events()

    async def events(self, *, convert: bool = True) -> AsyncIterator[Event]:
        """The job's events from the first; see :meth:`Job.events`."""
        index = 0
        while True:
            while index < len(self._log.events):
                event = self._log.events[index]
                yield await self._convert(index, event) if convert else event
                index += 1
            if self._log.finished:
                if self._log.lost is not None:
                    raise self._log.lost
                return
            await self._changed()

    async def result(self, timeout: float | None = None) -> Any:
        """Wait for the end and return the outputs; see :meth:`Job.result`."""
        try:
            await asyncio.wait_for(asyncio.shield(self._reader), timeout)
        except asyncio.TimeoutError:
            raise TimeoutError(f"job {self.id} did not finish within {timeout} s") from None
        try:
            final = self._log.final()
        except ClientError:
            if self.live is not None and self.live.error is not None:
                raise self.live.error from None  # why the job was cancelled
            raise
        return await self._client._decode(self.fn, final.data)

    async def end_input(self) -> None:
        """End the live input now; see :meth:`Job.end_input`."""
        if self.live is None:
            raise ClientError(f"job {self.id} has no live input (start it with stream())")
        await self.live.end()

    def status(self) -> JobStatus:
        return self._log.status()

    def done(self) -> bool:
        return self._log.finished

    async def outputs(self) -> list[Any]:
        data = [event.data for event in self._log.outputs()]
        await self._client._fetch_files(data)
        return [self._client.result(self.fn, item) for item in data]

    async def cancel(self) -> bool:
        try:
            answer = await self._client._json("DELETE", f"api/jobs/{self.id}")
        except ClientError as exc:
            if exc.status in (404, 409, 410):
                return False
            raise
        return bool(answer.get("cancelled", True)) if isinstance(answer, dict) else True

    async def _convert(self, index: int, event: Event) -> Event:
        if index not in self._converted:
            data = getattr(event, "data", None)
            if data:
                await self._client._fetch_files(data)
            self._converted[index] = self._client.convert_event(self.fn, event)
        return self._converted[index]

    async def _changed(self) -> None:
        await self._tick.wait()

    def _notify(self) -> None:
        tick, self._tick = self._tick, asyncio.Event()
        tick.set()

    # -- the reader task ----------------------------------------------------------------
    async def _follow(self) -> None:
        failures, last_problem = 0, ""
        try:
            while not self._log.finished:
                try:
                    if await self._read_stream():
                        failures = 0
                except (httpx.HTTPError, ClientError) as exc:
                    if isinstance(exc, ClientError) and (exc.status or 500) < 500:
                        self._log.fail(exc)
                        return
                    last_problem = f"{type(exc).__name__}: {exc}"
                if self._log.finished:
                    return
                failures += 1
                if self._client.closed or failures > MAX_RECONNECTS:
                    self._log.fail(
                        ClientError(
                            f"lost the event stream of job {self.id} and could not resume it "
                            f"({last_problem or 'stream closed'})"
                        )
                    )
                    return
                await asyncio.sleep(backoff(failures))
        finally:
            self._notify()

    async def _read_stream(self) -> bool:
        last_id = self._log.last_id
        headers = {"Last-Event-ID": last_id} if last_id else {}
        path = f"api/jobs/{self.id}/events"
        async with self._client._http.stream(
            "GET", path, headers=headers, timeout=SSE_TIMEOUT
        ) as response:
            if response.is_error:
                await response.aread()
                raise error_from_response(response, self._client.url)
            decoder, received = SSEDecoder(), False
            async for line in response.aiter_lines():
                message = decoder.feed(line)
                if message is None:
                    continue
                received = True
                self._log.add(message)
                self._notify()
                if self._log.finished:
                    break
            return received
