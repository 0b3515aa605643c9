"""Screenshots of the samples, as the README shows them.

They go to ``test-artifacts/screenshots`` by default; to refresh the README's images::

    AUTOUI_SCREENSHOTS=docs/screenshots python -m pytest tests/web/test_screenshots.py

Each test also checks the picture shows what it should (the page ready, the run in the
state the caption claims), so a broken page cannot slip into the README.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageStat

from autoui.components.wav import write_wav

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
            "tuner": (SAMPLES / "tuner.py",),
            "dtmf": (SAMPLES / "dtmf.py",),
            "webcam": (SAMPLES / "webcam_filter.py",),
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


# -- the live samples, fed by Chromium's fake microphone and camera -----------------------
FAKE_DEVICES = [
    "--no-sandbox", "--disable-gpu", "--use-fake-ui-for-media-stream",
    "--use-fake-device-for-media-stream", "--autoplay-policy=no-user-gesture-required",
]  # fmt: skip
DTMF_KEYS = {"1": (697, 1209), "2": (697, 1336), "3": (697, 1477), "#": (941, 1477)}


def tone_wav(path: Path, hz: float, rate: int = 48000) -> Path:
    t = np.arange(2 * rate) / rate
    path.write_bytes(write_wav(rate, (np.sin(2 * np.pi * hz * t) * 12000).astype(np.int16)))
    return path


def keys_wav(path: Path, keys: str, rate: int = 48000) -> Path:
    """Half a second of silence, then each key for 150 ms with 150 ms between, then 2 s."""
    t = np.arange(int(0.15 * rate)) / rate
    parts = [np.zeros(rate // 2)]
    for key in keys:
        low, high = DTMF_KEYS[key]
        parts += [(np.sin(2 * np.pi * low * t) + np.sin(2 * np.pi * high * t)) * 8000, t * 0]
    parts.append(np.zeros(2 * rate))
    path.write_bytes(write_wav(rate, np.concatenate(parts).astype(np.int16)))
    return path


def scene_y4m(path: Path, width: int = 640, height: int = 480, frames: int = 40) -> Path:
    """A camera looking at a sky with a sun that moves: 4:2:0 frames (full-range BT.601)."""
    header = f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode()
    body = bytearray()
    for index in range(frames):
        image = sky_photo_array(width, height, sun_x=width // 5 + index * width // (2 * frames))
        rgb = image.astype(np.float64)
        y = 0.299 * rgb[..., 0] + 0.587 * rgb[..., 1] + 0.114 * rgb[..., 2]
        u = 128 - 0.168736 * rgb[..., 0] - 0.331264 * rgb[..., 1] + 0.5 * rgb[..., 2]
        v = 128 + 0.5 * rgb[..., 0] - 0.418688 * rgb[..., 1] - 0.081312 * rgb[..., 2]
        planes = [y] + [c.reshape(height // 2, 2, width // 2, 2).mean(axis=(1, 3)) for c in (u, v)]
        body += b"FRAME\n" + b"".join(np.clip(p, 0, 255).astype(np.uint8).tobytes() for p in planes)
    path.write_bytes(header + bytes(body))
    return path


def sky_photo_array(width: int, height: int, sun_x: int) -> np.ndarray:
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(height):
        draw.line([(0, y), (width, y)], fill=(60 + y // 6, 130 + y // 5, 230))
    draw.rectangle((0, height * 3 // 4, width, height), fill=(40, 120, 60))  # a meadow
    draw.ellipse((sun_x, 50, sun_x + 90, 140), fill=(255, 236, 150))
    return np.asarray(image)


@pytest.fixture(scope="module")
def devices(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("devices")
    return {
        "a4": tone_wav(folder / "a4.wav", 440.0),
        "keys": keys_wav(folder / "keys.wav", "123#"),
        "camera": scene_y4m(folder / "scene.y4m"),
    }


@pytest.fixture
def live_shot(launch_browser: Any) -> Iterator[Any]:
    """``live_shot(audio_file, url)``: a page of ``url`` in a Chromium whose fake devices
    play ``audio_file`` and the module's camera scene."""
    browsers: list[Any] = []

    def open_page(audio: Path, video: Path, url: str) -> Any:
        browser = launch_browser(
            [*FAKE_DEVICES, f"--use-file-for-fake-audio-capture={audio}",
             f"--use-file-for-fake-video-capture={video}"]
        )  # fmt: skip
        browsers.append(browser)
        context = browser.new_context(
            viewport={"width": WIDTH, "height": HEIGHT}, color_scheme="light", device_scale_factor=1
        )
        context.grant_permissions(["camera", "microphone"])
        page = context.new_page()
        page.set_default_timeout(20_000)
        ready(page, url)
        return page

    yield open_page
    for browser in browsers:
        browser.close()


def test_live_tuner(live_shot: Any, servers: Any, devices: dict[str, Path]) -> None:
    page = live_shot(devices["a4"], devices["camera"], servers["tuner"].url)
    page.get_by_role("button", name="Start microphone").click()
    page.wait_for_function(
        "document.querySelector('.output .text-out')?.textContent.startsWith('A4 4')"
    )
    assert page.get_by_role("button", name="Stop microphone").is_visible()
    save(page, "live-tuner")
    page.get_by_role("button", name="Stop microphone").click()
    page.locator(".job-status[data-state='complete']").wait_for()


def test_live_dtmf(live_shot: Any, servers: Any, devices: dict[str, Path]) -> None:
    page = live_shot(devices["keys"], devices["camera"], servers["dtmf"].url)
    page.get_by_role("button", name="Start microphone").click()
    page.wait_for_function(
        "document.querySelector('.output .text-out')?.textContent.startsWith('1 2 3 #')"
    )
    save(page, "live-dtmf")
    page.get_by_role("button", name="Stop microphone").click()
    page.locator(".job-status[data-state='complete']").wait_for()


def test_live_webcam_filter(live_shot: Any, servers: Any, devices: dict[str, Path]) -> None:
    page = live_shot(devices["a4"], devices["camera"], servers["webcam"].url)
    page.get_by_role("button", name="Start camera").click()
    page.wait_for_function(  # the meadow (green, bottom), inverted: magenta-ish
        """() => {
          const c = document.querySelector('.output canvas.live-out');
          if (!c || !c.width) return false;
          const [r, g, b] = c.getContext('2d').getImageData(c.width / 2, c.height - 4, 1, 1).data;
          return r > 160 && g < 170 && b > 150;
        }"""
    )
    save(page, "live-webcam")
    page.get_by_role("button", name="Stop camera").click()
    page.locator(".job-status[data-state='complete']").wait_for()
