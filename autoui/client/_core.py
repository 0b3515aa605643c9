"""What the sync and async clients share: the spec, argument checks and file plans.

Everything here is free of I/O; :class:`~autoui.client.Client` and
:class:`~autoui.client.AsyncClient` only add the requests.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from autoui.client._decode import (
    Decoder,
    ImageType,
    file_key,
    file_payloads,
    file_request_path,
    local_path,
)
from autoui.client._encode import Upload, collect_uploads, encode_inputs, fill_uploads
from autoui.client._http import normalize_url
from autoui.client._remote import bind, describe_app, function_of
from autoui.errors import ClientError
from autoui.events import Complete, Event, Output
from autoui.wire import WireApp, WireFunction, WireLive

__all__ = ["NO_BLOCKING_ROUTE", "ClientCore", "Fetch", "PreparedCall", "upload_ids"]

#: Functions whose ``POST /api/<name>`` is one of the server's own routes (the upload):
#: ``predict`` calls them through their job route instead.
NO_BLOCKING_ROUTE = frozenset({"files"})

_IMAGE_TYPES = ("pil", "numpy", "path")


@dataclass(frozen=True)
class PreparedCall:
    """A checked call: the function, its payload (with upload placeholders), the uploads."""

    fn: WireFunction
    data: dict[str, Any]
    uploads: list[Upload]

    def body(self, ids: dict[int, dict[str, Any]]) -> dict[str, Any]:
        """The JSON body once the uploads have ids."""
        return {"data": fill_uploads(self.data, ids) if self.uploads else self.data}


@dataclass(frozen=True)
class Fetch:
    """One output file to download: the request path and where it goes."""

    key: str
    path: str
    target: Path

    def partial(self) -> Path:
        """A fresh temporary name beside the target: two threads may fetch the same file."""
        return self.target.with_name(f".{self.target.name}.{uuid.uuid4().hex}.part")


class ClientCore:
    """Shared state of a client: server URL, spec, download folder, how images come back."""

    def __init__(
        self, url: str, download_dir: str | os.PathLike[str] | None, image_type: ImageType
    ) -> None:
        if image_type not in _IMAGE_TYPES:
            raise ValueError(f"image_type must be one of {_IMAGE_TYPES}, got {image_type!r}")
        self.url = normalize_url(url)
        self._download_dir = Path(download_dir) if download_dir is not None else None
        self._downloaded: dict[str, Path] = {}
        self.decoder = Decoder(image_type)
        self._app: WireApp | None = None

    # -- the spec -------------------------------------------------------------------
    @property
    def app(self) -> WireApp:
        if self._app is None:
            raise ClientError("the spec has not been loaded yet (use `async with` first)")
        return self._app

    @property
    def spec(self) -> dict[str, Any]:
        """The server's ``/api/spec`` JSON, as received."""
        return self.app.raw

    def describe(self) -> str:
        """The functions and their parameters, as ``view_api()`` prints them."""
        if self._app is None:
            return f"autoui client for {self.url} (spec not loaded yet)"
        return describe_app(self._app, self.url)

    def view_api(self) -> None:
        """Print every function of the server with its parameters and outputs."""
        print(self.describe())

    def __repr__(self) -> str:
        return self.describe()

    # -- calls ----------------------------------------------------------------------
    def prepare(self, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> PreparedCall:
        """Check the arguments against the spec and encode them; sends nothing."""
        fn = function_of(self.app, name)
        data = encode_inputs(fn, bind(fn, args, kwargs))
        return PreparedCall(fn, data, collect_uploads(data))

    def prepare_stream(
        self, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> tuple[PreparedCall, WireLive, Any]:
        """:meth:`prepare` for ``stream``: the call without its live input, the input,
        and the value given for it (a path, bytes or an iterable of chunks).

        Raises:
            ClientError: ``name`` has no live input, or the arguments do not fit.
        """
        fn = function_of(self.app, name)
        if fn.live is None:
            raise ClientError(
                f"{fn.name}() takes no live input (Iterator[Audio] or Iterator[Image]): "
                "use predict() or submit()"
            )
        bound = bind(fn, args, kwargs)
        value = bound.pop(fn.live.param)
        data = encode_inputs(fn, bound)
        return PreparedCall(fn, data, collect_uploads(data)), fn.live, value

    # -- downloads ------------------------------------------------------------------
    @property
    def download_dir(self) -> Path:
        """Where output files go; a fresh temporary folder unless one was given."""
        if self._download_dir is None:
            self._download_dir = Path(tempfile.mkdtemp(prefix="autoui-client-"))
        return self._download_dir

    @download_dir.setter
    def download_dir(self, folder: str | os.PathLike[str]) -> None:
        self._download_dir = Path(folder)

    def fetches(self, data: Any) -> list[Fetch]:
        """The files a result refers to that are not downloaded yet."""
        todo: dict[str, Fetch] = {}
        for payload in file_payloads(data):
            key = file_key(payload)
            if key not in self._downloaded and key not in todo:
                target = local_path(self.download_dir, payload)
                todo[key] = Fetch(key, file_request_path(payload), target)
        return list(todo.values())

    def downloaded(self, fetch: Fetch) -> None:
        self._downloaded[fetch.key] = fetch.target

    def values(self, fn: WireFunction, data: list[Any]) -> list[Any]:
        """Decoded values, one per output (their files must be downloaded)."""
        return self.decoder.values(fn, data, self._downloaded)

    def result(self, fn: WireFunction, data: list[Any]) -> Any:
        return self.decoder.result(fn, data, self._downloaded)

    def convert_event(self, fn: WireFunction, event: Event) -> Event:
        """An ``output``/``complete`` event with Python values instead of payloads."""
        if isinstance(event, Output):
            return Output(data=self.values(fn, event.data))
        if isinstance(event, Complete):
            return Complete(data=self.values(fn, event.data), duration=event.duration)
        return event


def upload_ids(uploads: list[Upload], answer: Any) -> dict[int, dict[str, Any]]:
    """Match ``POST /api/files``'s answer (one payload, or a list) to the uploads sent."""
    payloads = answer if isinstance(answer, list) else [answer]
    if len(payloads) != len(uploads) or not all(
        isinstance(p, dict) and "id" in p for p in payloads
    ):
        raise ClientError("the server's answer to the file upload is not understood")
    return {id(upload): payload for upload, payload in zip(uploads, payloads, strict=True)}
