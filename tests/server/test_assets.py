"""The web UI's files from memory: one bundle, gzip, ETags, cache headers, fallbacks."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from server_harness import HERE, asgi_client

from autoui.export.bundler import bundle_modules, join_as_module
from autoui.introspect import load_app
from autoui.server import ServerSettings, create_app, routes_ui
from autoui.server.assets import PageBundle, accepts_gzip, web_file
from autoui.spec import AppSpec

BUNDLE_TAG = re.compile(r'<script type="module" src="static/autoui\.bundle\.js\?v=(\w{16})">')


@pytest.fixture(scope="module")
def spec() -> AppSpec:
    return load_app(str(HERE / "fns_jobs.py"))


@pytest.fixture
def web_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of ``autoui/web`` that apps created from now on serve (and tests may edit)."""
    copy = tmp_path / "web"
    shutil.copytree(routes_ui.WEB_DIR, copy)
    monkeypatch.setattr(routes_ui, "WEB_DIR", copy)
    return copy


@pytest.mark.parametrize(
    ("header", "gzip"),
    [
        ("gzip, deflate, br", True),
        ("br;q=1.0, gzip;q=0.8", True),
        ("GZIP", True),
        ("*", True),
        ("gzip;q=0, *", False),
        ("*;q=0", False),
        ("identity", False),
        ("br", False),
        ("", False),
        ("gzip;q=oops", False),
    ],
)
def test_accept_encoding(header: str, gzip: bool) -> None:
    assert accepts_gzip(header) is gzip


def test_web_file_serves_only_files_inside_the_folder(tmp_path: Path) -> None:
    (tmp_path / "web" / "components").mkdir(parents=True)
    (tmp_path / "web" / "components" / "a.js").write_text("x")
    (tmp_path / "web" / ".secret").write_text("x")
    (tmp_path / "outside.js").write_text("x")
    (tmp_path / "web" / "link.js").symlink_to(tmp_path / "outside.js")
    root = tmp_path / "web"
    assert web_file(root, "components/a.js") == (root / "components" / "a.js").resolve()
    for bad in [
        "../outside.js",
        "components/../../outside.js",
        "/etc/passwd",
        "components",
        "",
        "components/",
        ".secret",
        "components\\a.js",
        "a.js\0",
        "link.js",
        "missing.js",
    ]:
        assert web_file(root, bad) is None, bad


async def test_the_page_loads_one_bundle_that_is_cached_for_good(spec: AppSpec) -> None:
    async with asgi_client(create_app(spec)) as api:
        page = await api.get("/")
        assert page.headers["content-encoding"] == "gzip" and page.headers["vary"]
        assert "modulepreload" not in page.text and 'src="static/app.js"' not in page.text
        match = BUNDLE_TAG.search(page.text)
        assert match, page.text
        bundle = await api.get(f"/static/autoui.bundle.js?v={match[1]}")
        assert bundle.status_code == 200
        assert bundle.headers["content-type"].startswith("text/javascript")
        assert bundle.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert bundle.headers["content-encoding"] == "gzip"
        assert bundle.headers["vary"] == "Accept-Encoding"
        assert bundle.text == bundle_modules(routes_ui.WEB_DIR, "app.js")
        assert int(bundle.headers["content-length"]) < len(bundle.content) / 3
        etag = bundle.headers["etag"]
        assert re.fullmatch(r'"[0-9a-f]{32}-gz"', etag)
        again = await api.get(
            f"/static/autoui.bundle.js?v={match[1]}", headers={"If-None-Match": etag}
        )
        assert again.status_code == 304 and again.content == b""
        stale = await api.get("/static/autoui.bundle.js?v=0123456789abcdef")
        assert stale.headers["cache-control"] == "no-cache"
        assert stale.text == bundle.text


async def test_static_files_are_gzipped_and_revalidated(spec: AppSpec) -> None:
    async with asgi_client(create_app(spec)) as api:
        client_js = join_as_module(routes_ui.WEB_DIR, "client.js", also=routes_ui.CLIENT_ALSO)
        sources = {"/static/app.css": (routes_ui.WEB_DIR / "app.css").read_bytes()}
        sources["/api/client.js"] = client_js.encode()  # one module, the live ones inside
        for path, source in sources.items():
            packed = await api.get(path)
            assert packed.headers["content-encoding"] == "gzip" and packed.content == source
            assert packed.headers["cache-control"] == "no-cache"
            plain = await api.get(path, headers={"Accept-Encoding": "identity"})
            assert "content-encoding" not in plain.headers and plain.content == source
            assert plain.headers["vary"] == "Accept-Encoding"
            assert plain.headers["etag"] != packed.headers["etag"]
            for etag in (plain.headers["etag"], "W/" + packed.headers["etag"]):
                unchanged = await api.get(path, headers={"If-None-Match": f'"other", {etag}'})
                assert unchanged.status_code == 304, etag
            changed = await api.get(path, headers={"If-None-Match": '"other"'})
            assert changed.status_code == 200 and changed.content == source


async def test_a_changed_file_is_read_again(
    spec: AppSpec, web_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(PageBundle, "CHECK_EVERY", 0.0)
    async with asgi_client(create_app(spec)) as api:
        css = await api.get("/static/app.css")
        first = BUNDLE_TAG.search((await api.get("/")).text)
        (web_copy / "app.css").write_text("body { color: teal }\n")
        with (web_copy / "dom.js").open("a") as module:
            module.write("// edited\n")
        css_after = await api.get("/static/app.css")
        second = BUNDLE_TAG.search((await api.get("/")).text)
    assert css_after.text == "body { color: teal }\n"
    assert css_after.headers["etag"] != css.headers["etag"]
    assert first and second and first[1] != second[1], "the bundle was rebuilt"


async def test_modules_on_request_and_with_a_custom_module(spec: AppSpec, tmp_path: Path) -> None:
    custom = tmp_path / "custom.js"
    custom.write_text("console.log('hi')")
    async with asgi_client(create_app(spec)) as api:
        debug = (await api.get("/?modules")).text
    async with asgi_client(create_app(spec, ServerSettings(js=custom))) as api:
        with_js = (await api.get("/")).text
        shim = await api.get("/static/autoui.bundle.js")
    for page in (debug, with_js):
        assert '<script type="module" src="static/app.js"></script>' in page
        assert '<link rel="modulepreload" href="static/client.js">' in page
        assert "autoui.bundle.js" not in page
    assert shim.text == 'import "./app.js";\n', "a page naming the bundle loads the modules"


async def test_modules_when_they_cannot_be_bundled(
    spec: AppSpec, web_copy: Path, caplog: pytest.LogCaptureFixture
) -> None:
    app_js = web_copy / "app.js"
    app_js.write_text('import { thing } from "https://cdn.example/x.js";\n' + app_js.read_text())
    async with asgi_client(create_app(spec)) as api:
        page = (await api.get("/")).text
        shim = await api.get("/static/autoui.bundle.js")
        module = await api.get("/static/app.js")
    assert '<script type="module" src="static/app.js"></script>' in page
    assert shim.text == 'import "./app.js";\n'
    assert module.text == app_js.read_text()
    assert "cannot bundle" in caplog.text and "cdn.example" in caplog.text


async def test_behind_a_login_the_bundle_is_cached_privately(spec: AppSpec) -> None:
    settings = ServerSettings(auth=(("ada", "lovelace"),))
    async with asgi_client(create_app(spec, settings), auth=("ada", "lovelace")) as api:
        page = await api.get("/")
        match = BUNDLE_TAG.search(page.text)
        assert match, page.text
        bundle = await api.get(f"/static/autoui.bundle.js?v={match[1]}")
    assert bundle.headers["cache-control"] == "private, max-age=31536000, immutable"
