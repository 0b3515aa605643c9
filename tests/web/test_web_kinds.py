"""The kinds added through the kinds path, in Chromium: each drawn by its own module, which
a page loads only when its spec uses the kind."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
KINDS_APP = ROOT / "tests" / "client" / "kinds_app.py"
NEW_KINDS = ("highlighted_text", "image_slider", "multimodal", "download")


@pytest.fixture(scope="module")
def servers(launch: Any) -> Any:
    return launch.many(
        {
            "kinds": (KINDS_APP,),
            "hello": (ROOT / "samples" / "hello.py",),
            "chat": (ROOT / "samples" / "chat_files.py",),
        }
    )


def _bundle(server: Any) -> str:
    page = httpx.get(server.url + "/").text
    script = page.split('src="static/autoui.bundle.js', 1)[1].split('"', 1)[0]
    return httpx.get(f"{server.url}/static/autoui.bundle.js{script}").text


def test_a_page_carries_only_the_renderers_of_its_kinds(servers: Any) -> None:
    hello, kinds = _bundle(servers["hello"]), _bundle(servers["kinds"])
    for kind in NEW_KINDS:
        assert f'"components/{kind}.js"' not in hello
        assert f'"components/{kind}.js"' in kinds


def test_a_modules_page_imports_a_kind_on_demand(open_app: Any, servers: Any) -> None:
    page = open_app(servers["hello"], "?modules")
    loaded = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    assert not [url for url in loaded if "highlighted_text" in url]
    page = open_app(servers["kinds"], "?modules#spans")
    loaded = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    assert [url for url in loaded if url.endswith("/components/highlighted_text.js")]


def _run(page: Any, fn: str) -> Any:
    panel = page.locator(f"[data-fn='{fn}']")
    panel.get_by_role("button", name="Submit").click()
    panel.locator(".job-status[data-state='complete']").wait_for()
    return panel


def test_highlighted_text_marks_its_spans(open_app: Any, servers: Any) -> None:
    page = open_app(servers["kinds"], "#spans")
    page.locator("[data-fn='spans']").get_by_label("Text").fill("Ada went home")
    panel = _run(page, "spans")
    mark = panel.locator("mark[data-label='FIRST']")
    assert mark.text_content() == "AdaFIRST"  # the span, then its label
    assert panel.locator(".highlighted").text_content() == "AdaFIRST went home"
    assert panel.locator(".highlight-legend li").all_text_contents() == ["FIRST"]


def test_image_slider_uncovers_one_image_or_the_other(
    open_app: Any, servers: Any, tmp_path: Path
) -> None:
    picture = tmp_path / "black.png"
    Image.new("RGB", (40, 20), (0, 0, 0)).save(picture)
    page = open_app(servers["kinds"], "#compare")
    panel = page.locator("[data-fn='compare']")
    panel.get_by_label("Picture").set_input_files(picture)
    panel.locator(".drop-preview img").wait_for()
    _run(page, "compare")
    frame = panel.locator(".image-slider")
    frame.locator("img.after").wait_for()
    assert frame.evaluate("el => el.style.getPropertyValue('--at')") == "0.5"
    frame.get_by_role("slider").fill("20")
    assert frame.evaluate("el => el.style.getPropertyValue('--at')") == "0.2"
    links = panel.locator("a.download")
    assert links.count() == 2 and "Before" in links.first.text_content()


def test_multimodal_sends_text_and_attachments(open_app: Any, servers: Any, tmp_path: Path) -> None:
    note, extra = tmp_path / "note.txt", tmp_path / "extra.txt"
    note.write_text("hello")
    extra.write_text("gone")
    page = open_app(servers["kinds"], "#describe")
    panel = page.locator("[data-fn='describe']")
    panel.locator("input[type=file]").set_input_files([note, extra])
    panel.locator(".attachments li", has_text="extra.txt").wait_for()
    panel.get_by_role("button", name="Remove extra.txt").click()
    chips = panel.locator(".attachments li").all_text_contents()
    assert len(chips) == 1 and chips[0].startswith("note.txt")
    box = panel.get_by_label("Message")
    box.fill("see")
    box.press("Enter")  # Enter sends
    panel.locator(".text-out", has_text="see [note.txt:5]").wait_for()


def test_download_buttons_fetch_the_files(open_app: Any, servers: Any) -> None:
    page = open_app(servers["kinds"], "#files_out")
    panel = _run(page, "files_out")
    buttons = panel.locator("a.download-button")
    assert buttons.count() == 2
    assert buttons.first.text_content() == "⬇Download part-0.txt1 B"
    href = buttons.nth(1).get_attribute("href")
    assert buttons.nth(1).get_attribute("download") == "part-1.txt"
    assert page.evaluate("async (url) => (await fetch(url)).text()", href) == "xx"


def test_a_chat_message_with_a_picture(open_app: Any, servers: Any, tmp_path: Path) -> None:
    picture = tmp_path / "cat.png"
    Image.new("RGB", (4, 4), "orange").save(picture)
    page = open_app(servers["chat"])
    page.locator("input[type=file]").set_input_files(picture)
    page.locator(".attachments li", has_text="cat.png").wait_for()
    page.get_by_label("Message").fill("look")
    page.get_by_role("button", name="Run").or_(page.get_by_role("button", name="Submit")).click()
    log = page.get_by_role("log", name="History")
    log.locator(".msg-assistant", has_text="sent 1 file(s): cat.png").wait_for()
    assert log.locator(".msg-user").last.text_content().endswith("look")
    assert page.locator(".attachments li").count() == 0  # the box is ready for the next one
