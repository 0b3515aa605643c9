"""The page reads what a kind is from the spec (traits, the ``integer`` prop), never a list."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

APPS = Path(__file__).resolve().parent / "apps"


@pytest.fixture(scope="module")
def servers(launch: Any) -> Any:
    return launch.many(
        {"media": (APPS / "media_app.py",), "contract": (APPS / "contract_app.py",)}
    )


def _python_snippet(page: Any, fn: str) -> str:
    panel = page.locator(f"[data-fn='{fn}']")
    panel.get_by_text("Use via API").click()
    code = panel.locator("code[data-snippet='python']")
    code.wait_for()
    return str(code.text_content())


def test_api_panel_passes_paths_for_file_inputs(open_app: Any, servers: Any) -> None:
    page = open_app(servers["media"], "#measure")
    assert 'image=Path("example.png")' in _python_snippet(page, "measure")
    page = open_app(servers["media"], "#checksum")
    assert 'document=Path("example.txt")' in _python_snippet(page, "checksum")


def test_whole_numbers_come_from_the_integer_prop(open_app: Any, servers: Any) -> None:
    page = open_app(servers["contract"])
    # ``Count`` subclasses int: its annotation text says nothing, the component does.
    assert page.get_by_label("Count").get_attribute("inputmode") == "numeric"
    assert page.get_by_label("Share").get_attribute("inputmode") == "decimal"


def test_a_read_only_input_shows_and_sends_its_default(open_app: Any, servers: Any) -> None:
    page = open_app(servers["contract"], "#note")
    panel = page.locator("[data-fn='note']")
    stamp = panel.get_by_label("Stamp")
    assert stamp.is_disabled() and stamp.input_value() == "v1"
    panel.get_by_label("Text").fill("hello")
    panel.get_by_role("button", name="Submit").click()
    output = panel.locator("[data-output] .text-out")
    output.filter(has_text="v1: hello").wait_for()


def test_a_text_box_grows_up_to_max_lines(open_app: Any, servers: Any) -> None:
    page = open_app(servers["contract"], "#note")
    box = page.locator("[data-fn='note']").get_by_label("Text")
    assert box.evaluate("el => el.rows") == 1
    box.fill("one\ntwo\nthree")
    assert box.evaluate("el => el.rows") == 3
    box.fill("\n".join(str(i) for i in range(12)))
    assert box.evaluate("el => [el.rows, getComputedStyle(el).overflowY]") == [4, "auto"]
    box.press("End")
    box.press("Enter")  # one-line box: Enter submits, Shift+Enter would add a line
    page.locator("[data-fn='note'] [data-output] .text-out").filter(has_text="v1: 0").wait_for()
