"""Booting an exported wasm app in headless Chromium: each test its own fresh page.

The single file from ``file://`` (its loading screen, a Submit before the runtime is up),
and the two ways a boot fails with a message a visitor can act on: the runtime's package
index is unreachable for a function that needs numpy, and the runtime itself is (the
default bundle references the CDN, which these machines cannot reach).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from serving import StaticServer
from wasm_harness import OfflinePage

from autoui.wasm.bundle import export_wasm
from autoui.wasm.runtime import CDN_URL

pytestmark = pytest.mark.browser

NUMERIC = Path(__file__).resolve().parent / "apps" / "numeric.py"
HELLO = Path(__file__).resolve().parents[2] / "samples" / "hello.py"


@dataclass
class Bundles:
    root: Path
    static: StaticServer


@pytest.fixture(scope="module")
def bundles(tmp_path_factory: pytest.TempPathFactory, runtime_dir: Path) -> Iterator[Bundles]:
    root = tmp_path_factory.mktemp("wasm-boot")
    export_wasm(f"{HELLO}:greet", root / "hello.html", single_file=True, vendor_runtime=runtime_dir)
    export_wasm(str(NUMERIC), root / "numeric", vendor_runtime=runtime_dir)
    export_wasm(f"{HELLO}:greet", root / "cdn")
    static = StaticServer(root)
    yield Bundles(root, static)
    static.stop()


def test_single_file_works_from_disk_and_submit_waits_for_the_runtime(
    offline_page: OfflinePage, bundles: Bundles
) -> None:
    page = offline_page.open((bundles.root / "hello.html").as_uri())
    loading = page.locator(".wasm-loading")
    assert loading.is_visible() and loading.get_attribute("role") == "status"
    page.get_by_label("Name").fill("Ada")  # the form works before Python is up
    assert page.evaluate("autouiBackend.status.stage") != "ready"
    page.get_by_label("Name").press("Enter")
    output = page.locator("[data-output] .text-out").filter(has_text="Hello, Ada.")
    output.wait_for(timeout=60_000)
    assert "Python is ready" in str(loading.text_content())
    assert offline_page.aborted == []
    fetched = [url for url in offline_page.requests if not url.startswith(("file:", "data:"))]
    assert fetched == []


def test_numpy_needs_the_package_index_and_says_so(
    offline_page: OfflinePage, bundles: Bundles
) -> None:
    page = offline_page.open(bundles.static.url + "/numeric/")
    alert = page.locator(".wasm-loading[role=alert]")
    alert.wait_for(timeout=60_000)
    text = str(alert.text_content())
    assert "needs numpy from the Pyodide package index" in text
    assert CDN_URL in text and "could not be reached" in text
    assert any(url.startswith(CDN_URL) for url in offline_page.aborted)
    page.get_by_label("Values").fill('[1, 2]')
    page.get_by_role("button", name="Submit").click()
    dialog = page.get_by_role("alertdialog").or_(page.get_by_role("dialog"))
    dialog.filter(has_text="needs numpy").wait_for()


def test_unreachable_runtime_says_where_it_looked_and_what_to_do(
    offline_page: OfflinePage, bundles: Bundles
) -> None:
    page = offline_page.open(bundles.static.url + "/cdn/")
    alert = page.locator(".wasm-loading[role=alert]")
    alert.wait_for()
    text = str(alert.text_content())
    assert f"Cannot load the Python runtime from {CDN_URL}" in text
    assert "--vendor-runtime" in text


def test_a_folder_opened_from_disk_says_to_serve_it(
    offline_page: OfflinePage, bundles: Bundles
) -> None:
    page = offline_page.page
    page.goto((bundles.root / "cdn" / "index.html").as_uri())
    message = page.locator(".fatal[role=alert]")
    message.wait_for()
    text = str(message.text_content())
    assert "served over http(s)" in text and "--single-file" in text
