"""``index.html``, filled in: the one place that turns the template into an app's page.

The server (``GET /``), ``autoui export`` and the wasm export all fill the template of
``autoui/web/index.html`` here: the title, the theme, and the ``modulepreload`` links of
every module the page imports — generated from the module graph of ``app.js``, so the
list cannot drift from the modules (a page served as one bundle drops them again).
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from autoui.export.bundler import module_graph

__all__ = ["LIVE_MODULES", "WEB_DIR", "fill_page", "on_demand_modules", "preload_links"]

WEB_DIR = Path(__file__).resolve().parent.parent / "web"
_THEME_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_PRELOAD = "<!--autoui:preload-->"
LIVE_MODULES = ("live/index.js",)  # app.js imports it when a function has a live input


def on_demand_modules(spec_json: dict[str, Any]) -> tuple[str, ...]:
    """Modules this app's page imports on demand, which its bundle must hold: the live
    inputs' (microphone, camera) when a function has one; none for every other page."""
    functions = spec_json.get("functions") or []
    return LIVE_MODULES if any(f.get("streaming_input") for f in functions) else ()


def preload_links(root: Path = WEB_DIR, entry: str = "app.js") -> str:
    """One ``<link rel="modulepreload">`` per module ``entry`` imports (itself included)."""
    paths = sorted(module_graph(root, entry))
    return "\n".join(f'<link rel="modulepreload" href="static/{path}">' for path in paths)


def fill_page(template: str, *, title: str, theme: str, root: Path = WEB_DIR) -> str:
    """The page of an app called ``title`` in ``theme`` (an unknown-looking name: default)."""
    shown_theme = theme if _THEME_RE.fullmatch(theme) else "default"
    page = template.replace("__AUTOUI_TITLE__", html.escape(title))
    page = page.replace("__AUTOUI_THEME__", shown_theme)
    return page.replace(_PRELOAD, preload_links(root)) if _PRELOAD in page else page
