"""The web UI's files as files: module graph, preloads, the export contract, page weight.

No browser here: these read ``autoui/web`` and check what the page will load, so a stale
preload, an import cycle or a weight regression fails fast.
"""

from __future__ import annotations

import gzip
import posixpath
import re
from pathlib import Path

import pytest

WEB = Path(__file__).resolve().parents[2] / "autoui" / "web"
IMPORT = re.compile(r'^import\s*\{[^}]*\}\s*from\s*"(\./|\.\./)([^"]+)";\s*$', re.M)
ANY_IMPORT = re.compile(r"^\s*import\b|\bimport\s*\(|import\.meta", re.M)
KINDS = (
    "textbox number slider checkbox dropdown radio checkbox_group date datetime time color file "
    "files image audio video label json dataframe plot markdown html code gallery chat form auto"
).split()
# 60 KiB until the form checked every field before submit (issue 12); 62 KiB until outputs
# chosen from the returned value (auto.js, issue 12 part B).
BUDGET_GZIP = 63 * 1024
# The imports made on demand: the live inputs' modules, for pages with a live input, and
# the live protocol client.stream() needs (in /api/client.js, and in a live page's bundle).
ON_DEMAND = re.compile(r'await import\("\./live/(index|stream)\.js"\)')


def imports_of(path: Path) -> list[str]:
    """The modules `path` imports, relative to the web root."""
    text = path.read_text(encoding="utf-8")
    base = posixpath.dirname(path.relative_to(WEB).as_posix())
    return [posixpath.normpath(posixpath.join(base, a + b)) for a, b in IMPORT.findall(text)]


def module_graph(*also: str) -> dict[str, list[str]]:
    graph: dict[str, list[str]] = {}
    todo = ["app.js", *also]
    while todo:
        name = todo.pop()
        if name not in graph:
            graph[name] = imports_of(WEB / name)
            todo.extend(graph[name])
    return graph


KIND_LOADER = "import(`./components/${kind}.js`)"  # registry.js: a kind's renderer, on demand


def test_every_import_is_static_relative_and_named() -> None:
    for name in module_graph("live/index.js"):
        text = ON_DEMAND.sub("", (WEB / name).read_text(encoding="utf-8"))
        if name == "registry.js":
            assert text.count(KIND_LOADER) == 1
            text = text.replace(KIND_LOADER, "")
        statements = ANY_IMPORT.findall(text)
        assert len(statements) == len(IMPORT.findall(text)), f"{name}: only `import {{…}} from`"
        assert "export default" not in text, f"{name}: named exports only"
        assert (WEB / name).is_file()


def test_no_import_cycles() -> None:
    graph = module_graph()
    done: set[str] = set()

    def visit(name: str, path: tuple[str, ...]) -> None:
        assert name not in path, f"import cycle: {' → '.join((*path, name))}"
        if name in done:
            return
        for dep in graph[name]:
            visit(dep, (*path, name))
        done.add(name)

    visit("app.js", ())


def test_the_page_preloads_exactly_the_modules_the_app_loads() -> None:
    from autoui.export.page import fill_page

    template = (WEB / "index.html").read_text(encoding="utf-8")
    assert "modulepreload" not in template  # generated, never kept by hand
    page = fill_page(template, title="t", theme="default")
    preloaded = set(re.findall(r'<link rel="modulepreload" href="static/([^"]+)">', page))
    assert preloaded == set(module_graph())


def test_index_placeholders_and_relative_urls() -> None:
    page = (WEB / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en" data-theme="__AUTOUI_THEME__">' in page
    assert "<title>__AUTOUI_TITLE__</title>" in page
    assert page.index("<!--autoui:custom-->") < page.index('src="static/app.js"')
    assert page.index("<!--autoui:custom-->") < page.index("AUTOUI_SPEC"), "config comes first"
    assert not re.search(r'(href|src)="/', page), "absolute paths break apps served under a prefix"


def test_every_component_kind_has_a_renderer() -> None:
    registry = (WEB / "registry.js").read_text(encoding="utf-8")
    table = registry[registry.index("Object.entries({") : registry.index("}),")]
    registered = set(re.findall(r"\w+", table.split("{", 1)[1]))
    assert registered == set(KINDS)


@pytest.mark.parametrize("theme", ["default", "soft", "monochrome", "glass"])
def test_themes_exist_with_light_and_dark(theme: str) -> None:
    css = (WEB / "themes" / f"{theme}.css").read_text(encoding="utf-8")
    assert ":root {" in css and ':root[data-scheme="dark"] {' in css
    assert f'"{theme}"' in (WEB / "theme.js").read_text(encoding="utf-8")


@pytest.mark.parametrize("also", [(), ("live/index.js",)], ids=["plain", "with-live-input"])
def test_page_weight_budget(also: tuple[str, ...]) -> None:
    """Everything the page loads: every module, the base CSS and the largest theme."""
    themes = max((WEB / "themes").glob("*.css"), key=lambda p: p.stat().st_size)
    files = [WEB / name for name in module_graph(*also)]
    files += [WEB / "app.css", WEB / "themes" / "default.css", themes]
    raw = sum(len(f.read_bytes()) for f in files)
    zipped = sum(len(gzip.compress(f.read_bytes())) for f in files)
    assert zipped < BUDGET_GZIP, f"{raw} bytes raw, {zipped} gzipped (budget {BUDGET_GZIP})"


def test_the_export_bundler_accepts_the_modules() -> None:
    from autoui.export.bundler import bundle_modules

    script = bundle_modules(WEB, "app.js")
    assert "function connect" in script
    assert not re.search(r"^\s*(import|export)\s", script, re.M), "every module was rewritten"


def test_served_bundle_weight_budget() -> None:
    """What the server's page loads: the bundle, gzipped as sent, and the same CSS."""
    from autoui.export.bundler import bundle_modules
    from autoui.server.assets import Asset

    bundle = Asset.of(bundle_modules(WEB, "app.js").encode(), "text/javascript")
    assert bundle.gzipped is not None
    themes = max((WEB / "themes").glob("*.css"), key=lambda p: p.stat().st_size)
    css = [WEB / "app.css", WEB / "themes" / "default.css", themes]
    zipped = len(bundle.gzipped) + sum(len(gzip.compress(f.read_bytes())) for f in css)
    assert zipped < BUDGET_GZIP, f"{zipped} bytes gzipped (budget {BUDGET_GZIP})"
