"""``autoui mcp TARGET``: the app's tools over stdio, for desktop MCP clients.

The client starts this process and speaks JSON-RPC on its stdin and stdout. File
descriptor 1 belongs to the protocol: the SDK's transport keeps a private copy of it
and points fd 1 (so ``print()`` and ``sys.stdout`` in a user's function) at stderr,
where the logs go too. Jobs run through the same in-process queue as ``autoui
serve``, with no HTTP server.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from pathlib import Path

from autoui.server.settings import ServerSettings
from autoui.server.state import ServerState
from autoui.spec import AppSpec

__all__ = ["serve_stdio"]


def serve_stdio(spec: AppSpec, settings: ServerSettings, allow_dirs: Sequence[Path]) -> None:
    """Serve ``spec``'s tools on stdin/stdout until the client closes stdin."""
    asyncio.run(_serve(spec, settings, [Path(d).resolve() for d in allow_dirs]))


async def _serve(spec: AppSpec, settings: ServerSettings, allow_dirs: list[Path]) -> None:
    from mcp.server.stdio import stdio_server

    from autoui.protocols.mcp.server import build_mcp_server

    state = ServerState(spec, settings)
    server = build_mcp_server(state, "stdio", allow_dirs)
    try:
        async with stdio_server() as (read_stream, write_stream):
            await server.run(read_stream, write_stream, server.create_initialization_options())
    finally:
        await state.aclose()
