"""Images and audio in (upload, drop, paste, webcam, microphone); label, image, HTML out."""

from __future__ import annotations

import hashlib
import io
import os
import re
import wave
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
APPS = Path(__file__).resolve().parent / "apps"


@pytest.fixture(scope="module")
def servers(launch: Any) -> Any:
    return launch.many(
        {
            "classifier": (ROOT / "samples" / "classifier.py",),
            "sepia": (ROOT / "samples" / "sepia.py",),
            "media": (APPS / "media_app.py",),
        }
    )


@pytest.fixture(scope="module")
def classifier(servers: Any) -> Any:
    return servers["classifier"]


@pytest.fixture(scope="module")
def sepia(servers: Any) -> Any:
    return servers["sepia"]


@pytest.fixture(scope="module")
def media(servers: Any) -> Any:
    return servers["media"]


@pytest.fixture(scope="module")
def blue_png(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("img") / "blue.png"
    Image.new("RGB", (96, 64), (30, 110, 230)).save(path)
    return path


def png_bytes(size: tuple[int, int], colour: tuple[int, int, int]) -> list[int]:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return list(buffer.getvalue())


def submit_and_wait(page: Any) -> None:
    page.get_by_role("button", name="Submit").click()
    page.locator(".job-status[data-state='complete']").wait_for()


def test_upload_image_shows_label_bars(open_app: Any, classifier: Any, blue_png: Path) -> None:
    page = open_app(classifier)
    page.get_by_label("Image").set_input_files(blue_png)
    page.locator(".drop-preview img").wait_for()
    submit_and_wait(page)
    assert page.locator(".label-top").text_content() == "sky or sea"
    bars = page.locator(".label-bars [role=meter]")
    assert bars.count() == 5
    values = [float(bars.nth(i).get_attribute("aria-valuenow")) for i in range(5)]
    assert values == sorted(values, reverse=True) and values[0] > 50
    widths = page.locator(".bar-fill").evaluate_all("els => els.map(e => e.offsetWidth)")
    assert widths[0] > widths[-1]


def test_drag_and_drop_an_image(open_app: Any, classifier: Any) -> None:
    page = open_app(classifier)
    transfer = page.evaluate_handle(
        """bytes => { const dt = new DataTransfer();
        dt.items.add(new File([new Uint8Array(bytes)], "green.png", {type: "image/png"}));
        return dt; }""",
        png_bytes((40, 40), (40, 160, 40)),
    )
    page.locator(".drop").dispatch_event("drop", {"dataTransfer": transfer})
    page.locator(".upload-status", has_text="green.png").wait_for()
    submit_and_wait(page)
    assert page.locator(".label-top").text_content() == "forest or grass"


def test_paste_an_image(open_app: Any, media: Any) -> None:
    page = open_app(media, "#measure")
    page.get_by_label("Image").focus()
    page.evaluate(
        """bytes => { const dt = new DataTransfer();
        dt.items.add(new File([new Uint8Array(bytes)], "pasted.png", {type: "image/png"}));
        const paste = new ClipboardEvent("paste", {clipboardData: dt, bubbles: true});
        document.activeElement.dispatchEvent(paste); }""",
        png_bytes((33, 21), (200, 0, 0)),
    )
    page.locator("#panel-measure .upload-status", has_text="pasted.png").wait_for()
    submit_and_wait(page)
    assert page.locator("#panel-measure [data-output] .text-out").text_content() == "33x21"


def test_webcam_snapshot(open_app: Any, media: Any) -> None:
    page = open_app(media, "#measure")
    panel = page.locator("#panel-measure")
    panel.get_by_role("button", name="Webcam").click()
    camera = "document.querySelector('#panel-measure video.camera')"
    page.wait_for_function(f"({camera} || {{}}).videoWidth > 0")
    width = page.evaluate(f"{camera}.videoWidth")
    height = page.evaluate(f"{camera}.videoHeight")
    panel.get_by_role("button", name="Capture").click()
    panel.locator(".upload-status", has_text="webcam.png").wait_for()
    assert panel.locator(".drop-preview img").count() == 1
    submit_and_wait(page)
    assert panel.locator("[data-output] .text-out").text_content() == f"{width}x{height}"


def test_microphone_recording(open_app: Any, media: Any) -> None:
    page = open_app(media, "#hear")
    panel = page.locator("#panel-hear")
    panel.get_by_role("button", name="Record").click()
    stop = panel.get_by_role("button", name="Stop recording")
    stop.wait_for()
    page.wait_for_timeout(800)
    stop.click()
    panel.locator(".upload-status", has_text="recording.wav").wait_for()
    assert panel.locator(".drop-preview audio").count() == 1
    submit_and_wait(page)
    heard = str(panel.locator("[data-output] .text-out").text_content())
    match = re.fullmatch(r"(\d+) Hz, ([\d.]+) s, peak (\d+)", heard)
    assert match, heard
    assert int(match[1]) >= 8000 and float(match[2]) >= 0.5
    assert int(match[3]) > 0, "the fake microphone beeps: the WAV is not silent"


def test_audio_file_upload(open_app: Any, media: Any, tmp_path: Path) -> None:
    path = tmp_path / "tone.wav"
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\x00\x10" * 8000)
    page = open_app(media, "#hear")
    page.locator("#panel-hear").get_by_label("Audio").set_input_files(path)
    submit_and_wait(page)
    heard = page.locator("#panel-hear [data-output] .text-out").text_content()
    assert heard == "8000 Hz, 1.00 s, peak 4096"


def test_html_output_cannot_run_script(open_app: Any, media: Any, watch: Any) -> None:
    page = open_app(media, "#render")
    markup = (
        "<b>bold</b><img src=x onerror=alert(1)><script>alert(2)</script>"
        '<a href="javascript:alert(3)">x</a>'
    )
    page.locator("#panel-render").get_by_label("Markup").fill(markup)
    submit_and_wait(page)
    out = page.locator("#panel-render .html-out")
    assert out.locator("b").text_content() == "bold"
    page.wait_for_timeout(500)
    assert watch.dialogs == []
    assert out.locator("script").count() == 0
    handlers = "el => [...el.querySelectorAll('*')].flatMap(e => e.getAttributeNames())"
    assert not [name for name in out.evaluate(handlers) if name.startswith("on")]
    hrefs = out.locator("a").evaluate_all("els => els.map(a => a.getAttribute('href'))")
    assert not any(h and "javascript" in h for h in hrefs)


def test_image_output_and_download(open_app: Any, sepia: Any, blue_png: Path) -> None:
    page = open_app(sepia)
    assert page.locator(".slider-number").input_value() == "1"
    page.get_by_label("Image").set_input_files(blue_png)
    submit_and_wait(page)
    image = page.locator(".image-out img")
    page.wait_for_function("document.querySelector('.image-out img').naturalWidth > 0")
    assert image.evaluate("i => [i.naturalWidth, i.naturalHeight]") == [96, 64]
    link = page.locator(".image-out a.download")
    assert link.get_attribute("download")
    response = page.request.get(str(link.evaluate("a => a.href")))
    assert response.status == 200 and response.headers["content-type"].startswith("image/")
    toned = Image.open(io.BytesIO(response.body())).convert("RGB").getpixel((0, 0))
    assert toned[0] > toned[2], "sepia makes blue warm"


def test_module_target_has_keyboard_tabs(open_app: Any, media: Any) -> None:
    page = open_app(media)
    tabs = page.get_by_role("tab")
    names = [tabs.nth(i).text_content() for i in range(tabs.count())]
    assert names == ["hear", "render", "measure", "checksum"]
    assert tabs.nth(0).get_attribute("aria-selected") == "true"
    assert page.locator("#panel-render").is_hidden()
    tabs.nth(0).focus()
    page.keyboard.press("ArrowRight")
    assert tabs.nth(1).get_attribute("aria-selected") == "true"
    assert page.evaluate("document.activeElement.id") == "tab-render"
    assert page.locator("#panel-render").is_visible() and page.locator("#panel-hear").is_hidden()
    assert page.url.endswith("#render")
    page.keyboard.press("End")
    assert tabs.nth(3).get_attribute("aria-selected") == "true"
    page.keyboard.press("ArrowRight")
    assert tabs.nth(0).get_attribute("aria-selected") == "true", "wraps around"


def test_large_file_upload_with_progress(open_app: Any, media: Any, tmp_path: Path) -> None:
    data = os.urandom(6 * 1024 * 1024)
    path = tmp_path / "big.bin"
    path.write_bytes(data)
    page = open_app(media, "#checksum")
    panel = page.locator("#panel-checksum")
    page.evaluate(
        """() => { window.__status = [];
        const el = document.querySelector('#panel-checksum .upload-status');
        new MutationObserver(() => window.__status.push(el.textContent))
            .observe(el, {childList: true, characterData: true, subtree: true}); }"""
    )
    panel.get_by_label("Document").set_input_files(path)
    panel.locator(".upload-status", has_text="big.bin (6.0 MB)").wait_for()
    assert any(s.startswith("Uploading big.bin") for s in page.evaluate("window.__status"))
    assert panel.locator(".upload-progress").is_hidden(), "the bar goes once the upload is done"
    submit_and_wait(page)
    digest = panel.locator("[data-output] .text-out").text_content()
    assert digest == hashlib.sha256(data).hexdigest()
