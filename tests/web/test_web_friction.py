"""The web UI friction of issue 12, in real Chromium against a real server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

APP = Path(__file__).resolve().parent / "apps" / "friction_app.py"
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def server(launch: Any) -> Any:
    return launch(APP)


def tab(page: Any, name: str) -> Any:
    page.get_by_role("tab", name=name).click()
    return page.locator(f"[data-fn='{name}']")


def test_every_invalid_field_is_flagged_on_one_submit(open_app: Any, server: Any) -> None:
    page = open_app(server, "#signup")
    panel = tab(page, "signup")
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.url) if "/api/signup" in r.url else None)
    planet = panel.get_by_label("Planet")
    assert planet.input_value() == ""
    assert planet.locator("option:checked").text_content() == "Choose…"
    panel.get_by_label("Name").fill("Al")
    panel.get_by_label("Age").fill("-1")
    panel.get_by_role("button", name="Submit").click()
    errors = panel.locator(".field-error:not([hidden])")
    errors.nth(2).wait_for()
    assert errors.all_text_contents() == [
        "is too short: 2 characters, at least 3 needed",
        "must be at least 0, got -1",
        "is required",
    ]
    assert panel.locator(".job-status").text_content().strip().endswith("Check 3 fields")
    assert sent == []  # nothing was sent: the page could tell
    panel.get_by_label("Name").fill("ADA")
    panel.get_by_label("Age").fill("36")
    planet.select_option(label="EARTH")
    panel.get_by_role("button", name="Submit").click()
    assert errors.all_text_contents() == ["must match the pattern '^[a-z]+$'"]
    panel.get_by_label("Name").fill("ada")
    panel.get_by_role("button", name="Submit").click()
    panel.locator(".text-out", has_text="ada, 36, EARTH").wait_for()


def test_the_copy_button_never_covers_the_text(open_app: Any, server: Any) -> None:
    page = open_app(server, "#essay")
    panel = tab(page, "essay")
    panel.get_by_role("button", name="Submit").click()
    text = panel.locator(".text-out")
    text.filter(has_text="word79").wait_for()
    button = panel.locator(".text-wrap .copy").bounding_box()
    covered = page.evaluate(
        """([left, top, right, bottom]) => {
          const out = document.querySelector("[data-fn='essay'] .text-out");
          const range = document.createRange();
          range.selectNodeContents(out);
          return [...range.getClientRects()].some((r) =>
            r.width > 0 && r.left < right && r.right > left && r.top < bottom && r.bottom > top);
        }""",
        [button["x"], button["y"], button["x"] + button["width"], button["y"] + button["height"]],
    )
    assert not covered


def test_table_numbers_are_formatted_and_never_cut(open_app: Any, server: Any) -> None:
    page = open_app(server, "#prices")
    panel = tab(page, "prices")
    panel.get_by_role("button", name="Submit").click()
    cells = panel.locator("td.num")
    cells.first.wait_for()
    assert cells.all_text_contents() == ["200.66", "5468853210123.25", "0.3", "1.5"]
    assert cells.first.get_attribute("title") == "200.66000000000003"
    assert all(cell.evaluate("c => c.scrollWidth <= c.clientWidth") for cell in cells.all())


def test_statistics_are_a_key_value_table_not_bars(open_app: Any, server: Any) -> None:
    page = open_app(server, "#stats")
    panel = tab(page, "stats")
    panel.get_by_label("Values").fill("[1, 2, 6]")
    panel.get_by_role("button", name="Submit").click()
    rows = panel.locator(".label-values tr")
    rows.nth(1).wait_for()
    assert rows.all_inner_texts() == ["mean\t3", "max\t6"]
    assert panel.locator(".label-bars li").count() == 0


def test_a_colour_can_be_typed_by_name(open_app: Any, server: Any) -> None:
    page = open_app(server, "#paint")
    panel = tab(page, "paint")
    box = panel.get_by_label("Color", exact=True)
    assert box.input_value() == "red"
    assert panel.locator("input[type=color]").input_value() == "#ff0000"
    box.fill("teal")
    assert panel.locator("input[type=color]").input_value() == "#008080"
    panel.get_by_label("Thing").fill("sea")
    panel.get_by_role("button", name="Submit").click()
    panel.locator(".text-out", has_text="sea in teal").wait_for()


def test_on_a_phone_the_theme_switcher_sits_above_the_title(browser: Any, server: Any) -> None:
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(server.url + "/")
        page.wait_for_function("document.documentElement.dataset.ready === 'true'")
        title = page.locator(".app-title h1").bounding_box()
        switcher = page.locator(".theme-controls").bounding_box()
        assert switcher["y"] + switcher["height"] <= title["y"]
    finally:
        context.close()
