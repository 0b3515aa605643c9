"""autoui: any type-hinted function, as a web app, a terminal app and a typed HTTP API.

Public names are loaded on first use, so ``import autoui`` stays fast (no numpy,
Pillow, FastAPI or uvicorn until something needs them). The set of public names is
``__all__``, checked by ``tests/test_public_api.py``; the components among them are
those :mod:`autoui.components` lists (its index is cheap to import: no class in it).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from autoui import components as _components
from autoui._version import __version__

_EXPORTS: dict[str, str] = {
    "Progress": "autoui.progress",
    "Info": "autoui.progress",
    "Warning": "autoui.progress",
    "Error": "autoui.errors",
    "AutoUIError": "autoui.errors",
    "ValidationError": "autoui.errors",
    "ClientError": "autoui.errors",
    "batch": "autoui.markers",
    "time_limit": "autoui.markers",
    "Stream": "autoui.stream_mode",
    "register": "autoui.registry",
    "registered": "autoui.registry",
    "Client": "autoui.client",
    "AsyncClient": "autoui.client",
    "Job": "autoui.client",
    "load": "autoui.loader",
    "introspect": "autoui.introspect",
    **{name: "autoui.components" for name in _components.__all__},
}

# Literal lists (the components' is theirs), so type checkers see the lazy names' types.
__all__ = [
    "AsyncClient", "AutoUIError", "Client", "ClientError", "Error", "Info", "Job", "Progress",
    "ValidationError", "Warning", "__version__", "batch", "introspect", "load", "register",
    "registered", "Stream", "time_limit",
]  # fmt: skip
__all__ += _components.__all__


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'autoui' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from autoui.client import AsyncClient, Client, Job
    from autoui.components import *  # noqa: F403 - exactly its __all__
    from autoui.errors import AutoUIError, ClientError, Error, ValidationError
    from autoui.introspect import introspect
    from autoui.loader import load
    from autoui.markers import batch, time_limit
    from autoui.progress import Info, Progress, Warning
    from autoui.registry import register, registered
    from autoui.stream_mode import Stream
