"""Gallery (captions, lightbox), JSON tree, code, audio and file outputs; pickers as inputs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

APP = Path(__file__).resolve().parent / "apps" / "outputs_app.py"


@pytest.fixture(scope="module")
def outputs(launch: Any) -> Any:
    return launch(APP)


def run_tab(open_app: Any, server: Any, name: str) -> Any:
    page = open_app(server, f"#{name}")
    panel = page.locator(f"#panel-{name}")
    return page, panel


def submit(panel: Any) -> None:
    panel.get_by_role("button", name="Submit").click()
    panel.locator(".job-status[data-state='complete']").wait_for()


def test_gallery_with_captions_and_lightbox(open_app: Any, outputs: Any) -> None:
    page, panel = run_tab(open_app, outputs, "swatches")
    submit(panel)
    captions = panel.locator(".gallery figcaption").all_text_contents()
    assert captions == ["red swatch", "green swatch", "blue swatch"]
    panel.get_by_role("button", name="Open green swatch").click()
    viewer = page.locator("dialog.lightbox[open]")
    viewer.wait_for()
    assert viewer.locator("figcaption").text_content() == "green swatch"
    page.keyboard.press("ArrowRight")
    assert viewer.locator("figcaption").text_content() == "blue swatch"
    assert viewer.get_by_text("3 / 3").is_visible()
    page.keyboard.press("Escape")
    assert page.locator("dialog.lightbox[open]").count() == 0


def test_json_tree_collapses(open_app: Any, outputs: Any) -> None:
    page, panel = run_tab(open_app, outputs, "facts")
    panel.get_by_label("Text").fill("to be or not")
    submit(panel)
    tree = panel.locator(".json-out")
    key = page.locator(":scope > summary > .json-key", has_text="stats")
    stats = tree.locator("details.json-node", has=key)
    assert stats.locator(".json-line", has_text="count").text_content() == "count: 4"
    assert tree.locator(".json-string").first.text_content() == '"to"'
    stats.locator("summary").first.click()
    assert stats.evaluate("d => d.open") is False
    assert stats.locator(".json-line").first.is_hidden()


def test_code_is_highlighted_and_copied(open_app: Any, outputs: Any) -> None:
    page, panel = run_tab(open_app, outputs, "snippet")
    submit(panel)
    code = panel.locator(".code-out code")
    assert code.locator(".tok-keyword", has_text="def").count() == 1
    assert code.locator(".tok-comment").text_content() == "# say hello"
    assert code.locator(".tok-string").text_content() == '"hello world"'
    assert code.locator(".tok-number").text_content() == "2"
    panel.locator(".code-out").get_by_role("button", name="Copy").click()
    panel.locator(".code-out").get_by_role("button", name="Copied").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == code.text_content()


def test_audio_output_plays(open_app: Any, outputs: Any) -> None:
    page, panel = run_tab(open_app, outputs, "tone")
    submit(panel)
    page.wait_for_function("document.querySelector('#panel-tone audio')?.duration > 0")
    duration = panel.locator("audio").evaluate("a => a.duration")
    assert abs(duration - 0.5) < 0.05
    assert panel.locator("a.download").get_attribute("download") == "audio.wav"


def test_file_output_downloads(open_app: Any, outputs: Any) -> None:
    page, panel = run_tab(open_app, outputs, "report")
    panel.get_by_label("Title").fill("Quarterly")
    submit(panel)
    link = panel.locator(".file-out a.download")
    assert link.text_content().startswith("report.txt")
    with page.expect_download() as download:
        link.click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert text == "Quarterly\n=====\n"


def test_pickers_send_iso_values(open_app: Any, outputs: Any) -> None:
    page, panel = run_tab(open_app, outputs, "plan")
    panel.get_by_label("green").check()
    panel.get_by_label("blue").check()
    favourite = panel.get_by_label("Favourite")
    assert favourite.locator("option").count() == 6  # "Choose…" and five colours
    assert favourite.input_value() == ""  # required: nothing is chosen for the user
    panel.get_by_label("Favourite").select_option(label="cyan")
    panel.get_by_label("Day").fill("2025-02-03")
    panel.get_by_label("At").fill("13:45:30")
    panel.get_by_label("Tint").fill("#336699")
    submit(panel)
    result = panel.locator("[data-output] .text-out").text_content()
    assert result == "green+blue | cyan | 2025-02-03 | 13:45:30 | #336699"
