"""The page of a browser-run app: the web UI's own files, started by ``wasm/page.js``.

A folder gets the UI's modules under ``static/`` (as ``autoui export`` writes them) and
the staged Python side beside them; a single file gets the UI as one script
(:mod:`autoui.export.bundler`), its styles and themes inline, the manifest in
``<script type="application/json" id="autoui-wasm">`` and every other file as base64 in a
``<script type="text/plain" class="autoui-file" data-path=...>`` of its own.
"""

from __future__ import annotations

import base64
import gzip
import html
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
from autoui.export.page import on_demand_modules

__all__ = ["WORKER", "write_folder", "write_single_file"]

WORKER = "static/wasm/worker.js"

_PRELOAD_RE = re.compile(r'^[ \t]*<link rel="modulepreload"[^>]*>\n?', re.M)
_APP_MODULE = '<script type="module" src="static/app.js"></script>'
_ENTRY = "wasm/page.js"

# A folder bundle opened from disk cannot start module workers: say so instead.
_FILE_GUARD_JS = """\
if (location.protocol === "file:") {
  addEventListener("DOMContentLoaded", () => {
    const app = document.getElementById("app");
    app.innerHTML = "";
    const p = document.createElement("p");
    p.className = "fatal card";
    p.setAttribute("role", "alert");
    p.textContent = "This app runs Python in your browser, which needs it to be served over " +
      "http(s): run python -m http.server in its folder and open http://127.0.0.1:8000/, " +
      "or export it with --single-file to open it from disk.";
    app.append(p);
  });
}
"""


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
    worker = base64.b64encode((web_dir / "wasm" / "worker.js").read_bytes()).decode("ascii")
    inline[WORKER] = (worker, False)  # the page starts it from a data: URL of this text
    also = on_demand_modules(spec_json, web_dir)  # live inputs, the app's own kinds
    bodies = {**module_graph(web_dir, "app.js", also), **module_graph(web_dir, _ENTRY)}
    themes = {p.stem: p.read_text(encoding="utf-8") for p in (web_dir / "themes").glob("*.css")}
    config = f"window.AUTOUI_CONFIG = {_json_text({'spec': spec_json})};"
    scripts = "\n".join(
        [
            f"<script>\n{config}\n</script>",
            f'<script type="application/json" id="autoui-themes">{_json_text(themes)}</script>',
            f"<script>\n{_script_text(page_script('theme_swap.js'))}</script>",
            f'<script type="application/json" id="autoui-wasm">{_json_text(manifest)}</script>',
            f"<script>\n{_script_text(join_modules(bodies, _ENTRY))}</script>",
        ]
    )
    # Each file in an element of its own: the page hands the worker their text as it is
    # (no JSON.parse of megabytes on the page's thread); the worker decodes the base64.
    blobs = "".join(
        f'<script type="text/plain" class="autoui-file" data-path="{html.escape(path)}"'
        f'{" data-encoding=gzip" if gzipped else ""}>{text}</script>\n'
        for path, (text, gzipped) in inline.items()
    )
    page = page.replace("<!--autoui:custom-->", scripts).replace("</body>", f"{blobs}</body>")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(page, encoding="utf-8")
    return target


# Files that shrink a lot under gzip (the runtime's wasm: 9.6 → 3.5 MB) go in gzipped;
# the worker inflates them (DecompressionStream). Zips and wheels are compressed already.
_GZIPPED = (".wasm", ".mjs", ".json", ".py")


def inline_files(stage: Path, files: list[str]) -> dict[str, tuple[str, bool]]:
    """Each staged file as (base64 text, gzipped), keyed by its path in the bundle."""
    inline = {}
    for path in files:
        data = (stage / path).read_bytes()
        gzipped = path.endswith(_GZIPPED)
        packed = gzip.compress(data, 6, mtime=0) if gzipped else data
        inline[path] = (base64.b64encode(packed).decode("ascii"), gzipped)
    return inline


def manifest_text(manifest: dict[str, Any]) -> str:
    return json.dumps(manifest, indent=1) + "\n"
