"""``autoui export``: the web UI as static files that call an autoui server elsewhere.

A bundle is the server's own page, frozen: ``index.html`` (placeholders filled, plus a
``window.AUTOUI_CONFIG`` naming the API server), the UI's modules and styles under
``static/``, and ``spec.json``. Any static host serves it; the server at ``api_url``
must allow the host's origin (``autoui serve ... --cors-origin https://host``).

Opening the page from disk (``file://``) works too: Chromium will not load ES modules
or ``fetch`` files there, so the page then loads ``spec.js`` and one classic script
that holds every module (:mod:`.bundler`). ``single_file=True`` writes one HTML file
with everything inlined instead.

The package: :mod:`.bundler` (modules → one script, also the server's page),
:mod:`.page` (``index.html`` filled in, its preload list from the module graph), and the
scripts an exported page adds, as real files: ``probe.js``, ``file_fallback.js``,
``theme_swap.js``.

Both kinds of page check the API server as soon as they open and say plainly, in a
banner, whether it cannot be reached or refuses the page's origin, and which
``--cors-origin`` would let it in.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from autoui.export.bundler import bundle_modules
from autoui.export.page import WEB_DIR, fill_page, on_demand_modules
from autoui.spec import AppSpec

__all__ = ["WEB_DIR", "export_bundle", "normalize_base_path", "page_script"]

BUNDLE_NAME = "autoui.bundle.js"
_PRELOAD_RE = re.compile(r'^[ \t]*<link rel="modulepreload"[^>]*>\n?', re.M)
_MODULE_RE = re.compile(r'[ \t]*<script type="module" src="static/app\.js"></script>\n?')
_STYLESHEET_RE = re.compile(r'<link rel="stylesheet" href="static/([^"]+)"( id="[^"]+")?>')
_SKIPPED = ("index.html", "login.html")
_HERE = Path(__file__).resolve().parent


def page_script(name: str) -> str:
    """A script an exported page adds: ``probe.js``, ``file_fallback.js``, ``theme_swap.js``."""
    return (_HERE / name).read_text(encoding="utf-8").replace("__BUNDLE__", BUNDLE_NAME)


def normalize_base_path(base_path: str | None) -> str:
    """``None`` → ``""`` (relative URLs); ``"app"`` / ``"/app"`` → ``"/app/"``."""
    if not base_path or base_path.strip() in ("", "."):
        return ""
    path = "/" + base_path.strip().strip("/")
    return "/" if path == "/" else path + "/"


def _check_api_url(api_url: str) -> str:
    parts = urlsplit(api_url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(
            f"--api-url: expected an http(s) URL like http://127.0.0.1:7860, got {api_url!r}"
        )
    return api_url.strip().rstrip("/") + "/"


def _script_text(code: str) -> str:
    """JavaScript made safe to sit inside ``<script>...</script>``."""
    return code.replace("</script", "<\\/script").replace("<!--", "<\\!--")


def _json_text(value: Any) -> str:
    """JSON safe inside ``<script>`` (every ``<`` escaped, which JSON allows)."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")


def _page(spec_json: dict[str, Any], template: str, web_dir: Path = WEB_DIR) -> str:
    title = str(spec_json.get("title") or "autoui")
    theme = str(spec_json.get("theme") or "default")
    also = on_demand_modules(spec_json, web_dir)
    return fill_page(template, title=title, theme=theme, root=web_dir, also=also)


def _spec_script(spec_json: dict[str, Any]) -> str:
    """``spec.js``: the spec for a page opened from disk, where ``fetch`` cannot read files."""
    spec = _json_text(spec_json)
    config = "window.AUTOUI_CONFIG = Object.assign(window.AUTOUI_CONFIG || {}, "
    return config + f"{{ spec: {spec} }});\n"


def _config_script(config: dict[str, Any], *extra: str) -> str:
    config_line = f"window.AUTOUI_CONFIG = {_json_text(config)};"
    code = "\n".join([config_line, page_script("probe.js"), *extra])
    return f"<script>\n{_script_text(code)}</script>"


def export_bundle(
    spec: AppSpec | dict[str, Any],
    out_dir: Path,
    api_url: str,
    single_file: bool = False,
    base_path: str | None = None,
    *,
    web_dir: Path = WEB_DIR,
) -> list[Path]:
    """Write the static bundle of ``spec``'s web UI, calling the server at ``api_url``.

    Args:
        spec: the app (or its ``to_json()``).
        out_dir: the folder to write to (created); with ``single_file``, a path ending
            in ``.html`` names the file itself.
        api_url: the autoui server the page calls (``http(s)://host[:port][/path]``).
        single_file: write one self-contained HTML file instead of a folder.
        base_path: the URL path the bundle is served under (``/tools/demo/``), for
            asset URLs; by default they are relative, which suits most hosts.
        web_dir: the UI's sources (``autoui/web``).

    Returns:
        The files written, ``index.html`` first.

    Raises:
        ValueError: ``api_url`` is not an http(s) URL.
        autoui.export.bundler.BundleError: the UI's modules could not be joined into one script.
    """
    spec_json = spec.to_json() if isinstance(spec, AppSpec) else spec
    api = _check_api_url(api_url)
    template = _page(spec_json, (web_dir / "index.html").read_text(encoding="utf-8"), web_dir)
    if single_file:
        target = out_dir if out_dir.suffix == ".html" else out_dir / "index.html"
        return [_write_single(spec_json, template, api, target, web_dir)]
    return _write_folder(spec_json, template, api, out_dir, normalize_base_path(base_path), web_dir)


def _write_folder(
    spec_json: dict[str, Any], page: str, api: str, out_dir: Path, base: str, web_dir: Path
) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    static = out_dir / "static"
    shutil.copytree(web_dir, static, dirs_exist_ok=True, ignore=shutil.ignore_patterns(*_SKIPPED))
    bundle = bundle_modules(web_dir, "app.js", also=on_demand_modules(spec_json, web_dir))
    (static / BUNDLE_NAME).write_text(bundle, encoding="utf-8")
    (out_dir / "spec.json").write_text(json.dumps(spec_json, indent=1), encoding="utf-8")
    (out_dir / "spec.js").write_text(_spec_script(spec_json), encoding="utf-8")
    config = {"apiUrl": api, "specUrl": f"{base}spec.json"}
    page = page.replace('href="static/', f'href="{quote(base)}static/').replace(
        'src="static/', f'src="{quote(base)}static/'
    )
    fallback = page_script("file_fallback.js")
    page = page.replace("<!--autoui:custom-->", _config_script(config, fallback))
    index = out_dir / "index.html"
    index.write_text(page, encoding="utf-8")
    return [index, out_dir / "spec.json", out_dir / "spec.js", static]


def _write_single(
    spec_json: dict[str, Any], page: str, api: str, target: Path, web_dir: Path
) -> Path:
    page = _PRELOAD_RE.sub("", page)
    page = _MODULE_RE.sub("", page)
    page = _STYLESHEET_RE.sub(lambda m: _inline_stylesheet(m, web_dir), page)
    config = {"apiUrl": api, "spec": spec_json}
    bundle = bundle_modules(web_dir, "app.js", also=on_demand_modules(spec_json, web_dir))
    themes = {p.stem: p.read_text(encoding="utf-8") for p in (web_dir / "themes").glob("*.css")}
    scripts = "\n".join(
        [
            _config_script(config),
            f'<script type="application/json" id="autoui-themes">{_json_text(themes)}</script>',
            f"<script>\n{_script_text(page_script('theme_swap.js'))}</script>",
            f"<script>\n{_script_text(bundle)}</script>",
        ]
    )
    page = page.replace("<!--autoui:custom-->", scripts)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(page, encoding="utf-8")
    return target


def _inline_stylesheet(match: re.Match[str], web_dir: Path) -> str:
    path, element_id = match.group(1), match.group(2)
    if element_id:  # the theme link: kept (the UI swaps its href), its CSS put inline
        name = Path(path).stem
        return (
            f'<link rel="stylesheet" href="data:text/css,/*/{name}.css"{element_id}>\n'
            '<style id="autoui-inline-theme"></style>'
        )
    css = (web_dir / path).read_text(encoding="utf-8").replace("</style", "<\\/style")
    return f"<style>\n{css}</style>"
