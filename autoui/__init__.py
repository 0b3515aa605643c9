"""autoui: any type-hinted function, as a web app, a terminal app and a typed HTTP API.

Public names are loaded on first use, so ``import autoui`` stays fast (no numpy,
Pillow, FastAPI or uvicorn until something needs them). The set of public names is
``__all__``, checked by ``tests/test_public_api.py``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from autoui._version import __version__

_COMPONENTS = (
    "Audio Chat Checkbox CheckboxGroup Code Color Component DataFrame Date DateTime Dropdown "
    "File Files Form Gallery HTML Image JSON Label Markdown Microphone Number Plot Radio Slider "
    "Textbox Time Video Webcam"
).split()

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
    "register": "autoui.registry",
    "registered": "autoui.registry",
    "Client": "autoui.client",
    "AsyncClient": "autoui.client",
    "Job": "autoui.client",
    "load": "autoui.loader",
    "introspect": "autoui.introspect",
    **{name: "autoui.components" for name in _COMPONENTS},
}

# A literal list (not computed), so type checkers see the re-exports of the lazy names.
__all__ = [
    "AsyncClient", "Audio", "AutoUIError", "Chat", "Checkbox", "CheckboxGroup", "Client",
    "ClientError", "Code", "Color", "Component", "DataFrame", "Date", "DateTime", "Dropdown",
    "Error", "File", "Files", "Form", "Gallery", "HTML", "Image", "Info", "JSON", "Job",
    "Label", "Markdown", "Microphone", "Number", "Plot", "Progress", "Radio", "Slider", "Textbox",
    "Time", "ValidationError", "Video", "Warning", "Webcam", "__version__", "batch",
    "introspect", "load", "register", "registered", "time_limit",
]


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
    from autoui.components import (
        HTML,
        JSON,
        Audio,
        Chat,
        Checkbox,
        CheckboxGroup,
        Code,
        Color,
        Component,
        DataFrame,
        Date,
        DateTime,
        Dropdown,
        File,
        Files,
        Form,
        Gallery,
        Image,
        Label,
        Markdown,
        Microphone,
        Number,
        Plot,
        Radio,
        Slider,
        Textbox,
        Time,
        Video,
        Webcam,
    )
    from autoui.errors import AutoUIError, ClientError, Error, ValidationError
    from autoui.introspect import introspect
    from autoui.loader import load
    from autoui.markers import batch, time_limit
    from autoui.progress import Info, Progress, Warning
    from autoui.registry import register, registered
