"""The HTTP server: a FastAPI adapter over a wire-free job queue.

``create_app(spec, settings)`` builds the app; ``ServerSettings`` configures it. Both
are loaded on first use, so importing :mod:`autoui.server` does not import FastAPI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["ServerSettings", "create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from autoui.server.app import create_app

        return create_app
    if name == "ServerSettings":
        from autoui.server.settings import ServerSettings

        return ServerSettings
    raise AttributeError(f"module 'autoui.server' has no attribute {name!r}")


if TYPE_CHECKING:  # pragma: no cover
    from autoui.server.app import create_app
    from autoui.server.settings import ServerSettings
