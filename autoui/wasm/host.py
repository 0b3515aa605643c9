"""The Python half of the in-browser backend: one app, called by the Web Worker.

``autoui/web/wasm/worker.js`` boots Pyodide, installs the bundle's wheels, copies the
app's files and then drives a :class:`Host`. Everything crosses the JavaScript boundary
as JSON text, so no Pyodide proxy leaks into autoui: a call's request is the body
``POST /api/{fn}/jobs`` would get, and each event goes to ``emit(kind, body_json)``
exactly as the server's event stream sends it.

:meth:`Host.check` is the server's submit-time step
(:func:`autoui.inputcheck.check_inputs`: a 422-like error naming the parameter, nothing
decoded), :meth:`Host.run` its job (:func:`autoui.execution.run_job`: decode, then
run). Uploaded files are written into the worker's memory file system by the JavaScript
side and named here by the opaque ids the page issued.

This module runs under CPython too (the tests drive it there), and imports no Pyodide.
"""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from autoui.errors import ValidationError
from autoui.events import Event
from autoui.execution import JobInput, run_job, run_job_batch
from autoui.filecodec import OCTET_STREAM, clean_name, guess_mime
from autoui.files import FilePayload
from autoui.inputcheck import check_inputs
from autoui.introspect import load_app
from autoui.spec import AppSpec, FunctionSpec

__all__ = ["BrowserFiles", "Host"]

EmitText = Callable[[str, str], None]


class BrowserFiles:
    """The FileContext of a call in the browser: uploads by the page's ids, outputs inline.

    Inputs are ``{"id"}`` payloads the page issued (their bytes already written to the
    worker's memory file system, listed in ``uploads``) or ``data:`` URLs. Outputs come
    back as ``data:`` URLs: the page shows them without a server, even from ``file://``.
    """

    def __init__(self, uploads: dict[str, str], scratch: Path) -> None:
        self.uploads = uploads
        self.scratch = scratch

    def resolve_input(self, payload: Any) -> Path:
        from autoui.localfiles import LocalFiles

        if isinstance(payload, dict) and isinstance(payload.get("id"), str):
            path = self.uploads.get(payload["id"])
            if path is None or not Path(path).is_file():
                raise ValidationError("unknown file id; choose the file again")
            return Path(path)
        if isinstance(payload, str) and payload.startswith("data:"):
            return LocalFiles(self.scratch, allow_paths=False).resolve_input(payload)
        raise ValidationError('expected a file: {"id": ...} or a data: URL')

    def store_output(
        self, data: bytes | Path, name: str, mime_type: str | None = None
    ) -> FilePayload:
        content = bytes(data) if isinstance(data, bytes | bytearray) else Path(data).read_bytes()
        clean = clean_name(name, "output")
        mime = mime_type or guess_mime(clean) or OCTET_STREAM
        encoded = base64.b64encode(content).decode("ascii")
        return {
            "id": uuid.uuid4().hex,
            "url": f"data:{mime};base64,{encoded}",
            "name": clean,
            "mime_type": mime,
            "size": len(content),
        }


class Host:
    """One app loaded from its target, answering the worker's check and run requests.

    Args:
        target: what ``autoui serve`` would get (``app/hello.py:greet``), relative to
            the folder the worker copied the app's files into.
        scratch: where decoded ``data:`` URL inputs are written.
    """

    def __init__(self, target: str, scratch: Path = Path("/tmp/autoui")) -> None:
        self.app: AppSpec = load_app(target)
        self.scratch = scratch
        self.functions = {fn.name: fn for fn in self.app.functions}

    def spec_json(self) -> str:
        """The app's spec, as ``GET /api/spec`` would give it (the page has its own copy)."""
        return json.dumps(self.app.to_json())

    def check(self, fn: str, request: str, uploads: str = "{}") -> str:
        """The server's submit-time check of a call: ``""`` or the error as JSON.

        The error is ``{"message", "param", "status"}``: what the server's 422 (or 404
        for an unknown function) carries. Nothing is decoded yet, as on the server.
        """
        try:
            fn_spec, data, files = self._call(fn, request, uploads)
            check_inputs(fn_spec, data, files)
        except _UnknownFunction as exc:
            return json.dumps({"message": str(exc), "param": None, "status": 404})
        except ValidationError as exc:
            return json.dumps({"message": exc.message, "param": exc.param, "status": 422})
        return ""

    async def run(self, fn: str, request: str, uploads: str, emit: EmitText) -> str:
        """Run one job as the server's queue does; each event goes to ``emit(kind, body_json)``.

        Returns:
            The terminal event's kind.
        """
        def send(event: Event) -> None:
            emit(event.kind, json.dumps(event.to_dict()))

        fn_spec, data, files = self._call(fn, request, uploads)
        if fn_spec.batch is not None:  # a batch of one: the function takes lists
            finals = await run_job_batch(fn_spec, [JobInput(data, files, send)])
            return finals[0].kind
        final = await run_job(fn_spec, data, files, emit=send)
        return final.kind

    def _call(self, fn: str, request: str, uploads: str) -> tuple[FunctionSpec, Any, BrowserFiles]:
        fn_spec = self.functions.get(fn)
        if fn_spec is None:  # worded as the server's 404 (a browser test compares them)
            names = ", ".join(sorted(self.functions))
            raise _UnknownFunction(f"no function {fn!r}; this app has: {names}")
        body = json.loads(request) if request else {}
        data = body.get("data") if isinstance(body, dict) else None
        return fn_spec, data, BrowserFiles(json.loads(uploads or "{}"), self.scratch)


class _UnknownFunction(LookupError):
    """The page named a function the app does not have."""
