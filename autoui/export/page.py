"""``index.html``, filled in: the one place that turns the template into an app's page.

The server (``GET /``), ``autoui export`` and the wasm export all fill the template of
``autoui/web/index.html`` here: the title, the theme, and the ``modulepreload`` links of
every module the page imports — generated from the module graph of ``app.js``, so the
list cannot drift from the modules (a page served as one bundle drops them again).

Some modules a page imports only on demand (:func:`on_demand_modules`): the live inputs'
(microphone, camera) and the renderer of each kind beyond the built-in ones
(``web/components/<kind>.js``); an app's bundle and preload list hold those its spec
needs, so a page that needs none weighs nothing more.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from autoui.export.bundler import module_graph

__all__ = ["LIVE_MODULES", "WEB_DIR", "fill_page", "on_demand_modules", "preload_links"]

WEB_DIR = Path(__file__).resolve().parent.parent / "web"
_THEME_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_PRELOAD = "<!--autoui:preload-->"
_KIND = re.compile(r"[a-z][a-z0-9_]*")
LIVE_MODULES = ("live/index.js",)  # app.js imports it when a function has a live input


def on_demand_modules(spec_json: dict[str, Any], root: Path = WEB_DIR) -> tuple[str, ...]:
    """Modules this app's page imports on demand, which its bundle must hold: the live
    inputs' when a function has one, and the renderers of the kinds it uses that are not
    built in (``components/<kind>.js``); none for most pages."""
    functions = spec_json.get("functions") or []
    live = LIVE_MODULES if any(f.get("streaming_input") for f in functions) else ()
    return (*live, *_kind_modules(functions, root))


def _kind_modules(functions: list[dict[str, Any]], root: Path) -> list[str]:
    kinds: set[str] = set()

    def visit(param: dict[str, Any]) -> None:
        kinds.add(str(param.get("component")))
        for field in (param.get("props") or {}).get("fields") or []:
            if isinstance(field, dict):
                visit(field)

    for fn in functions:
        for param in [*(fn.get("inputs") or []), *(fn.get("outputs") or [])]:
            visit(param)
    paths = (f"components/{kind}.js" for kind in sorted(kinds) if _KIND.fullmatch(kind))
    return [path for path in paths if (root / path).is_file()]  # built-in ones: no harm


def preload_links(root: Path = WEB_DIR, entry: str = "app.js", also: Sequence[str] = ()) -> str:
    """One ``<link rel="modulepreload">`` per module ``entry`` (and ``also``) imports."""
    paths = sorted(module_graph(root, entry, also))
    return "\n".join(f'<link rel="modulepreload" href="static/{path}">' for path in paths)


def fill_page(
    template: str, *, title: str, theme: str, root: Path = WEB_DIR, also: Sequence[str] = ()
) -> str:
    """The page of an app called ``title`` in ``theme`` (an unknown-looking name: default).

    ``also``: the app's :func:`on_demand_modules`, preloaded with the rest.
    """
    shown_theme = theme if _THEME_RE.fullmatch(theme) else "default"
    page = template.replace("__AUTOUI_TITLE__", html.escape(title))
    page = page.replace("__AUTOUI_THEME__", shown_theme)
    return page.replace(_PRELOAD, preload_links(root, also=also)) if _PRELOAD in page else page
