"""The MCP server of one app: its tools list and ``tools/call`` through the job queue.

Built on the official SDK's low-level ``Server`` (``mcp>=2.3,<3``, imported only here
and only when MCP is on). A call is a job like any other: submitted with
:func:`~autoui.protocols.jobs.submit_payload` (so per-function concurrency, batching,
``--max-queue`` and the per-client cap apply), awaited until its terminal event, and
cancelled when the client cancels the request or gives up on it. When the client sent
a progress token, the job's events become progress notifications as they happen.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from autoui.errors import QueueFullError, ValidationError
from autoui.events import Event
from autoui.protocols.jobs import submit_payload, wait_finished
from autoui.protocols.mcp.progress import HEARTBEAT, ProgressTrack
from autoui.protocols.mcp.results import error_result, tool_result
from autoui.protocols.mcp.tools import tool_definition
from autoui.server.files import StoredFile
from autoui.server.jobs import Job
from autoui.server.sessions import client_key, owner_of
from autoui.server.state import ServerState

if TYPE_CHECKING:  # pragma: no cover
    import mcp_types as types
    from mcp.server import Server, ServerRequestContext

__all__ = ["build_mcp_server"]


def build_mcp_server(
    state: ServerState, transport: str = "http", allow_dirs: Sequence[Path] = ()
) -> Server[Any]:
    """The MCP server exposing every function of ``state.spec`` as a tool.

    Args:
        state: the app's queue, jobs and files.
        transport: ``"http"`` (file outputs also linked by URL) or ``"stdio"`` (local
            paths under ``allow_dirs`` accepted as file inputs).
        allow_dirs: resolved directories whose files stdio callers may name.
    """
    import mcp_types as types
    from mcp.server import Server

    from autoui import __version__

    tools = [types.Tool(**tool_definition(fn, transport)) for fn in state.spec.functions]
    calls = _Calls(state, transport, tuple(allow_dirs))

    async def list_tools(
        ctx: ServerRequestContext[Any], params: types.PaginatedRequestParams | None
    ) -> types.ListToolsResult:
        return types.ListToolsResult(tools=tools)

    async def call_tool(
        ctx: ServerRequestContext[Any], params: types.CallToolRequestParams
    ) -> types.CallToolResult:
        return await calls.call(ctx, params.name, dict(params.arguments or {}))

    return Server(
        state.spec.title,
        version=__version__,
        instructions=state.spec.description or None,
        on_list_tools=list_tools,
        on_call_tool=call_tool,
    )


class _Calls:
    """``tools/call``: arguments → job → result, for one server."""

    def __init__(self, state: ServerState, transport: str, allow_dirs: tuple[Path, ...]):
        self.state = state
        self.transport = transport
        self.allow_dirs = allow_dirs

    async def call(
        self, ctx: ServerRequestContext[Any], name: str, arguments: dict[str, Any]
    ) -> types.CallToolResult:
        fn_spec = self.state.functions.get(name)
        if fn_spec is None:
            names = ", ".join(self.state.functions)
            return error_result(f"no tool named {name!r}; this server has: {names}")
        request = ctx.request if self.transport == "http" else None
        try:
            job = await self._submit(fn_spec.name, arguments, request)
        except (ValidationError, QueueFullError) as error:
            return error_result(str(error))
        try:
            event = await self._outcome(job, ctx)
        except BaseException:  # the client cancelled the request or gave up on it
            await self.state.backend.cancel(job)
            raise
        base = _base_url(request) if request is not None else None
        link = (lambda p: base + p["url"]) if base is not None else None
        owner = job.owner
        return tool_result(fn_spec, event, lambda p: self._stored(p, owner), link)

    async def _submit(self, name: str, arguments: dict[str, Any], request: Any) -> Job:
        state = self.state
        fn_spec = state.functions[name]
        if self.transport == "stdio":
            from autoui.protocols.mcp.localpaths import admit_paths

            arguments = admit_paths(
                fn_spec, arguments, self.allow_dirs, state.files, state.settings.max_file_size
            )
        owner = owner_of(request) if request is not None else None
        client = client_key(request) if request is not None else None
        base = request.scope.get("root_path", "") if request is not None else ""
        return await submit_payload(
            state, fn_spec, arguments, owner=owner, client=client, base=base
        )

    async def _outcome(self, job: Job, ctx: ServerRequestContext[Any]) -> Event:
        """Wait for the job; report its events as progress when the client asked."""
        if _progress_token(ctx.params) is None:
            return await wait_finished(job)
        track = ProgressTrack()
        seen = 0
        while True:
            entries = job.log.since(seen)
            if entries:
                seen = entries[-1].seq
                for note in track.notes([entry.event for entry in entries]):
                    await ctx.session.report_progress(note.progress, note.total, note.message)
            if job.result is not None:
                return job.result
            if not entries:
                done, _ = await asyncio.wait({job.changed()}, timeout=HEARTBEAT)
                if not done:
                    note = track.heartbeat()
                    await ctx.session.report_progress(note.progress, note.total, note.message)

    def _stored(self, payload: dict[str, Any], owner: str | None) -> StoredFile | None:
        file_id = payload.get("id")
        return self.state.files.get(file_id, owner) if isinstance(file_id, str) else None


def _progress_token(params: Any) -> str | int | None:
    meta = params.get("_meta") if isinstance(params, Mapping) else None
    token = meta.get("progressToken") if isinstance(meta, Mapping) else None
    return token if isinstance(token, str | int) and not isinstance(token, bool) else None


def _base_url(request: Any) -> str:
    """``scheme://host[:port]`` of the request: file payload URLs are relative to it."""
    return f"{request.url.scheme}://{request.url.netloc}"
