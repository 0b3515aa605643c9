"""The page of a browser-run app: the web UI's own files, started by ``wasm/page.js``.

A folder gets the UI's modules under ``static/`` (as ``autoui export`` writes them) and
the staged Python side beside them; a single file gets the UI as one script
(:mod:`autoui.export.bundler`), its styles and themes inline, and every other file as base64
in ``<script type="application/json" id="autoui-wasm">``.
"""

from __future__ import annotations

import base64
import json
import re
import shutil
from pathlib import Path
from typing import Any

from autoui.export import (
    _STYLESHEET_RE,
    WEB_DIR,
    _inline_stylesheet,
    _json_text,
    _page,
    _script_text,
    page_script,
)
from autoui.export.bundler import join_modules, module_graph
from autoui.wasm.bundle import _FILE_GUARD_JS, WORKER, inline_files, manifest_text

__all__ = ["write_folder", "write_single_file"]

_PRELOAD_RE = re.compile(r'^[ \t]*<link rel="modulepreload"[^>]*>\n?', re.M)
_APP_MODULE = '<script type="module" src="static/app.js"></script>'
_ENTRY = "wasm/page.js"


def _template(spec_json: dict[str, Any], web_dir: Path) -> str:
    page = _page(spec_json, (web_dir / "index.html").read_text(encoding="utf-8"))
    if _APP_MODULE not in page:
        raise ValueError(f"{web_dir / 'index.html'} has no {_APP_MODULE!r} to replace")
    return page


def write_folder(
    spec_json: dict[str, Any], manifest: dict[str, Any], stage: Path, out: Path,
    *, web_dir: Path = WEB_DIR,
) -> Path:
    """The folder bundle under ``out``; returns its ``index.html``."""
    out.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns("index.html", "login.html")
    shutil.copytree(web_dir, out / "static", dirs_exist_ok=True, ignore=ignore)
    for part in ("wasm", "pyodide"):
        if (stage / part).is_dir():
            shutil.copytree(stage / part, out / part, dirs_exist_ok=True)
    shutil.rmtree(out / "pip", ignore_errors=True)
    (out / "wasm" / "manifest.json").write_text(manifest_text(manifest), encoding="utf-8")
    (out / "spec.json").write_text(json.dumps(spec_json, indent=1), encoding="utf-8")
    config = {"spec": spec_json, "wasm": manifest}
    code = f"window.AUTOUI_CONFIG = {_json_text(config)};\n{_FILE_GUARD_JS}"
    page = _template(spec_json, web_dir).replace(
        _APP_MODULE, '<script type="module" src="static/wasm/page.js"></script>'
    )
    page = page.replace("<!--autoui:custom-->", f"<script>\n{_script_text(code)}</script>")
    index = out / "index.html"
    index.write_text(page, encoding="utf-8")
    return index


def write_single_file(
    spec_json: dict[str, Any], manifest: dict[str, Any], stage: Path, files: list[str],
    target: Path, *, web_dir: Path = WEB_DIR,
) -> Path:
    """One HTML file that works from ``file://``; returns its path."""
    page = _PRELOAD_RE.sub("", _template(spec_json, web_dir)).replace(_APP_MODULE, "")
    page = _STYLESHEET_RE.sub(lambda m: _inline_stylesheet(m, web_dir), page)
    inline = inline_files(stage, files)
    inline[WORKER] = base64.b64encode((web_dir / "wasm" / "worker.js").read_bytes()).decode()
    bodies = {**module_graph(web_dir, "app.js"), **module_graph(web_dir, _ENTRY)}
    themes = {p.stem: p.read_text(encoding="utf-8") for p in (web_dir / "themes").glob("*.css")}
    config = f"window.AUTOUI_CONFIG = {_json_text({'spec': spec_json})};"
    scripts = "\n".join(
        [
            f"<script>\n{config}\n</script>",
            f'<script type="application/json" id="autoui-themes">{_json_text(themes)}</script>',
            f"<script>\n{_script_text(page_script('theme_swap.js'))}</script>",
            '<script type="application/json" id="autoui-wasm">'
            f"{_json_text({**manifest, 'inline': inline})}</script>",
            f"<script>\n{_script_text(join_modules(bodies, _ENTRY))}</script>",
        ]
    )
    page = page.replace("<!--autoui:custom-->", scripts)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(page, encoding="utf-8")
    return target
