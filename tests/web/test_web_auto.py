"""A function without a return hint in the web UI: each value drawn as the kind it was."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import ROOT

pytestmark = pytest.mark.browser

NO_HINTS = ROOT / "tests" / "fixtures" / "no_hints.py"


@pytest.fixture(scope="module")
def server(launch: Any) -> Any:
    return launch(NO_HINTS)


def _show(page: Any, what: str) -> Any:
    panel = page.locator("#panel-show")
    panel.get_by_label("What").fill(what)
    panel.get_by_role("button", name="Submit").click()
    panel.locator(".job-status[data-state='complete']").wait_for()
    return panel.locator("[data-output='output'] .auto-out")


def test_each_value_is_drawn_by_its_own_kind(open_app: Any, server: Any) -> None:
    page = open_app(server, "#show")
    out = _show(page, "picture")
    assert out.get_attribute("data-kind") == "image"
    page.wait_for_function(
        "document.querySelector('#panel-show .auto-out img')?.naturalWidth === 6"
    )
    out = _show(page, "table")
    assert out.get_attribute("data-kind") == "dataframe"
    cells = out.locator("tbody tr").nth(1).locator("td").all_text_contents()
    assert cells == ["Zürich", "443037"]
    out = _show(page, "stats")
    assert out.get_attribute("data-kind") == "json" and "mean" in out.text_content()
    out = _show(page, "text")
    assert out.get_attribute("data-kind") == "textbox" and "hello" in out.inner_html()


def test_a_stream_changes_kind_as_it_goes(open_app: Any, server: Any) -> None:
    page = open_app(server, "#steps")
    panel = page.locator("#panel-steps")
    panel.get_by_label("Delay").fill("0.8")  # an unhinted parameter: a number, from its default
    panel.get_by_role("button", name="Submit").click()
    page.wait_for_function(
        "document.querySelector('#panel-steps .auto-out')?.dataset.kind === 'image'"
    )
    panel.locator(".job-status[data-state='complete']").wait_for()
    out = panel.locator("[data-output='output'] .auto-out")
    assert out.get_attribute("data-kind") == "json" and "done" in out.text_content()
