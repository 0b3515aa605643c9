"""The page's JavaScript in Chromium: one gzipped bundle, or the modules on request."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.fixture(scope="module")
def hello(launch: Any) -> Any:
    return launch(SAMPLES / "hello.py")


def scripts_of(page: Any) -> list[dict[str, Any]]:
    """Every script response the page gets from now on: path, status and headers."""
    seen: list[dict[str, Any]] = []

    def note(response: Any) -> None:
        if response.request.resource_type == "script":
            path = response.url.split("/", 3)[-1]
            seen.append({"path": path, "status": response.status, "headers": response.headers})

    page.on("response", note)
    return seen


def test_the_page_loads_one_gzipped_script(page: Any, hello: Any) -> None:
    scripts = scripts_of(page)
    page.goto(hello.url)
    page.wait_for_function("document.documentElement.dataset.ready === 'true'")
    assert [s["path"].split("?v=")[0] for s in scripts] == ["static/autoui.bundle.js"]
    headers = scripts[0]["headers"]
    assert headers["content-encoding"] == "gzip" and "immutable" in headers["cache-control"]
    page.get_by_label("Name").fill("Ada")
    page.get_by_label("Name").press("Enter")
    page.locator("[data-output] .text-out", has_text="Hello, Ada.").wait_for()


def test_modules_on_request_for_debugging(page: Any, hello: Any) -> None:
    scripts = scripts_of(page)
    page.goto(hello.url + "/?modules")
    page.wait_for_function("document.documentElement.dataset.ready === 'true'")
    paths = {s["path"] for s in scripts}
    assert {"static/app.js", "static/client.js", "static/components/textbox.js"} <= paths
    assert not any("bundle" in path for path in paths)
    page.get_by_label("Name").fill("Grace")
    page.get_by_label("Name").press("Enter")
    page.locator("[data-output] .text-out", has_text="Hello, Grace.").wait_for()
