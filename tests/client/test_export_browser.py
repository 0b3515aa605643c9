"""Exported bundles in headless Chromium, end to end against real servers.

The bundles are served by ``python -m http.server`` on one loopback port and call
``autoui serve`` on another: one server allows that origin (and ``null``, the origin of
pages opened from disk), one allows nothing, and one address has no server at all.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from serving import Server, StaticServer, free_port

from autoui.export import export_bundle

pytestmark = pytest.mark.browser

HELLO = Path(__file__).resolve().parents[2] / "samples" / "hello.py"


@dataclass
class Site:
    root: Path
    static: StaticServer
    allowed: str
    refusing: str


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    root = tmp_path_factory.mktemp("site")
    static = StaticServer(root)
    allowed = Server(HELLO, "--cors-origin", static.url, "--cors-origin", "null").spawn()
    refusing = Server(HELLO).spawn()
    try:
        site = Site(root, static, allowed.wait_ready().url, refusing.wait_ready().url)
        spec = _spec(site.allowed)
        gone = f"http://127.0.0.1:{free_port()}"
        export_bundle(spec, root / "ok", site.allowed)
        export_bundle(spec, root / "refused", site.refusing)
        export_bundle(spec, root / "gone", gone)
        export_bundle(spec, root / "sub", site.allowed, base_path="/sub/")
        soft = {**spec, "theme": "soft"}
        export_bundle(soft, root / "single.html", site.allowed, single_file=True)
        export_bundle(spec, root / "single-refused.html", site.refusing, single_file=True)
        yield site
    finally:
        allowed.stop()
        refusing.stop()
        static.stop()


def _spec(url: str) -> dict[str, Any]:
    import httpx

    spec: dict[str, Any] = httpx.get(url + "/api/spec").json()
    return spec


def ready(page: Any, url: str) -> Any:
    page.goto(url)
    page.wait_for_function("document.documentElement.dataset.ready === 'true'")
    return page


def greet(page: Any, name: str) -> str:
    page.get_by_label("Name").fill(name)
    page.get_by_label("Name").press("Enter")
    output = page.locator("[data-output] .text-out")
    output.filter(has_text=name).wait_for()
    return str(output.text_content())


def banner(page: Any) -> str:
    page.locator(".autoui-offline").wait_for()
    return str(page.locator(".autoui-offline").text_content())


def test_bundle_on_a_static_host_calls_the_server(page: Any, site: Site) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    ready(page, site.static.url + "/ok/")
    assert page.title() == "Hello"
    assert greet(page, "Ada") == "Hello, Ada."
    assert page.locator(".autoui-offline").count() == 0
    assert site.static.url + "/ok/spec.json" in requests
    assert any(url.startswith(site.allowed + "/api/greet") for url in requests)


def test_refused_origin_is_explained(page: Any, site: Site) -> None:
    ready(page, site.static.url + "/refused/")
    text = banner(page)
    assert f"refuses requests from this page (origin {site.static.url})" in text
    assert f"--cors-origin {site.static.url}" in text
    page.get_by_label("Name").fill("Ada")
    page.get_by_label("Name").press("Enter")
    page.get_by_text("does not allow requests from this page's origin").wait_for()


def test_unreachable_server_is_explained(page: Any, site: Site) -> None:
    ready(page, site.static.url + "/gone/")
    assert "Cannot reach the autoui server at http://127.0.0.1:" in banner(page)


def test_base_path_puts_assets_under_it(page: Any, site: Site) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    ready(page, site.static.url + "/sub/")
    assert greet(page, "Grace") == "Hello, Grace."
    assets = [url for url in requests if url.startswith(site.static.url) and "/static/" in url]
    assert assets and all(url.startswith(site.static.url + "/sub/static/") for url in assets)


def test_single_file_opens_from_disk(page: Any, site: Site) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    ready(page, (site.root / "single.html").as_uri())
    assert greet(page, "Lin") == "Hello, Lin."
    assert page.locator(".autoui-offline").count() == 0
    page_url = (site.root / "single.html").as_uri()
    fetched = {url.split("?")[0] for url in requests if not url.startswith("data:")} - {page_url}
    assert fetched and all(url.startswith(site.allowed) for url in fetched)


def test_single_file_themes_switch_without_files(page: Any, site: Site) -> None:
    ready(page, (site.root / "single.html").as_uri())
    radius = "getComputedStyle(document.documentElement).getPropertyValue('--radius').trim()"
    assert page.evaluate(radius) == "20px"  # the exported theme, soft
    page.get_by_label("Theme").select_option("monochrome")
    page.wait_for_function(f"{radius} === '0'")
    page.get_by_label("Theme").select_option("default")
    page.wait_for_function(f"{radius} === '12px'")


def test_single_file_refused_says_origin_null(page: Any, site: Site) -> None:
    ready(page, (site.root / "single-refused.html").as_uri())
    text = banner(page)
    assert "origin null" in text and "--cors-origin null" in text


def test_folder_bundle_also_opens_from_disk(page: Any, site: Site) -> None:
    ready(page, (site.root / "ok" / "index.html").as_uri())
    assert greet(page, "Ada") == "Hello, Ada."


def test_bundled_modules_behave_like_modules(page: Any, tmp_path: Path) -> None:
    """The one-script build runs imports, re-exports, dynamic imports and import.meta."""
    from autoui.export.bundler import bundle_modules

    files = {
        "main.js": (
            'import named, { a as first, bump } from "./lib/a.js";\n'
            'import * as ns from "./b.js";\n'
            "bump();\n"
            "window.result = { named: named(), first, live: ns.a, z: ns.z,\n"
            "  keys: Object.keys(ns).sort(), url: import.meta.url };\n"
            'import("./lib/" + "a.js").then((m) => { window.dynamic = m.a; });\n'
        ),
        "lib/a.js": (
            'export default function named() { return "default"; }\n'
            "export let a = 1;\n"
            "export function bump() { a += 1; }\n"
        ),
        "b.js": 'export * from "./lib/a.js";\nexport { a as z } from "./lib/a.js";\n',
    }
    for name, code in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(code)
    script = bundle_modules(tmp_path, "main.js", base="static/")
    html = tmp_path / "page.html"
    html.write_text(f"<!doctype html><body><script>{script}</script></body>")
    page.goto(html.as_uri())
    page.wait_for_function("window.dynamic !== undefined")
    result = page.evaluate("window.result")
    assert result["named"] == "default" and result["first"] == 1
    assert result["live"] == 2 and result["z"] == 2  # namespace reads are live
    assert result["keys"] == ["a", "bump", "z"]  # export * leaves out default
    assert result["url"].endswith("/static/main.js")
    assert page.evaluate("window.dynamic") == 2
