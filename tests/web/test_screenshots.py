"""Screenshots of the samples, as the README shows them.

They go to ``test-artifacts/screenshots`` by default; to refresh the README's images::

    AUTOUI_SCREENSHOTS=docs/screenshots python -m pytest tests/web/test_screenshots.py

Each test also checks the picture shows what it should (the page ready, the run in the
state the caption claims), so a broken page cannot slip into the README.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw, ImageStat

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
OUT = Path(os.environ.get("AUTOUI_SCREENSHOTS") or ROOT / "test-artifacts" / "screenshots")
if not OUT.is_absolute():
    OUT = ROOT / OUT
WIDTH, HEIGHT = 1280, 860


@pytest.fixture(scope="module")
def servers(launch: Any) -> Any:
    return launch.many(
        {
            "classifier": (SAMPLES / "classifier.py",),
            "counter": (SAMPLES / "counter.py",),
            "progress": (SAMPLES / "progress_demo.py",),
            "chat": (SAMPLES / "chat.py", "--theme", "soft"),
        }
    )


@pytest.fixture
def shot(browser: Any) -> Any:
    contexts: list[Any] = []

    def new_page(scheme: str = "light", width: int = WIDTH, height: int = HEIGHT) -> Any:
        context = browser.new_context(
            viewport={"width": width, "height": height}, color_scheme=scheme, device_scale_factor=1
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield new_page
    for context in contexts:
        context.close()


def save(page: Any, name: str) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.png"
    page.evaluate("document.activeElement?.blur()")
    page.screenshot(path=str(path))
    with Image.open(path) as image:
        assert image.size == tuple(page.viewport_size.values())
        assert max(ImageStat.Stat(image.convert("L")).stddev) > 10, "not a blank page"
    return path


def ready(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_function("document.documentElement.dataset.ready === 'true'")


def sky_photo(path: Path) -> Path:
    image = Image.new("RGB", (480, 320))
    draw = ImageDraw.Draw(image)
    for y in range(320):
        draw.line([(0, y), (480, y)], fill=(60 + y // 6, 130 + y // 5, 230))
    draw.ellipse((330, 40, 400, 110), fill=(255, 244, 200))
    image.save(path)
    return path


def test_classifier(shot: Any, servers: Any, tmp_path: Path) -> None:
    page = shot()
    ready(page, servers["classifier"].url)
    page.get_by_label("Image").set_input_files(sky_photo(tmp_path / "sky.png"))
    page.get_by_role("button", name="Submit").click()
    page.locator(".job-status[data-state='complete']").wait_for()
    page.wait_for_timeout(400)  # the bars' width transition
    assert page.locator(".label-top").text_content() == "sky or sea"
    save(page, "classifier")


def test_streaming(shot: Any, servers: Any) -> None:
    page = shot()
    ready(page, servers["counter"].url)
    page.locator(".slider-number").fill("40")
    page.get_by_label("Delay").fill("0.08")
    page.get_by_role("button", name="Submit").click()
    page.wait_for_function(
        "document.querySelector('[data-output] .text-out').textContent.split(' ').length >= 12"
    )
    assert page.get_by_role("button", name="Stop").is_visible()
    save(page, "streaming")
    page.get_by_role("button", name="Stop").click()
    page.locator(".job-status[data-state='cancelled']").wait_for()


def test_dark_theme_with_progress(shot: Any, servers: Any) -> None:
    page = shot(scheme="dark")
    ready(page, servers["progress"].url + "/#bake")
    panel = page.locator("#panel-bake")
    panel.get_by_label("Loaves").fill("12")
    panel.get_by_role("button", name="Submit").click()
    page.wait_for_function(
        "(document.querySelector('#panel-bake progress.job-progress')?.value || 0) >= 0.3"
    )
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(14, 17, 23)"
    save(page, "dark")
    panel.get_by_role("button", name="Stop").click()
    panel.locator(".job-status[data-state='cancelled']").wait_for()


def test_chat_on_a_phone(shot: Any, servers: Any) -> None:
    page = shot(width=390, height=780)
    ready(page, servers["chat"].url)
    message = page.get_by_label("Message")
    for text in ("Hello there", "How are you?"):
        message.fill(text)
        message.press("Enter")
        page.get_by_role("log").locator(".msg-assistant", has_text=text).wait_for()
    assert page.evaluate("document.documentElement.dataset.theme") == "soft"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "no sideways scrolling"
    save(page, "chat-phone")
