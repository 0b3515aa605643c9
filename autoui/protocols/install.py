"""The one hook :func:`autoui.server.create_app` calls: add the protocols the settings ask for."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from typing import TYPE_CHECKING, Any

from autoui.server.state import ServerState

if TYPE_CHECKING:  # pragma: no cover
    from fastapi import FastAPI

__all__ = ["add_protocol_routes"]


def add_protocol_routes(app: FastAPI, state: ServerState) -> list[AbstractAsyncContextManager[Any]]:
    """Add the protocol routes ``state.settings`` turns on.

    Returns:
        What the app's lifespan must run while it serves (the MCP session manager).
    """
    running: list[AbstractAsyncContextManager[Any]] = []
    if state.settings.gradio_api:
        from autoui.protocols.gradio.routes import add_gradio_routes

        add_gradio_routes(app, state)
    if state.settings.mcp:
        from autoui.protocols.mcp.http import add_mcp_routes

        running.append(add_mcp_routes(app, state))
    return running
