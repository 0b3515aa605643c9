"""Live inputs in the page, with Chromium's fake devices fed from files made here (S5, S6),
also from a page made by ``autoui export`` and hosted on another origin.

A Chromium of its own per module fixture, launched with ``--use-file-for-fake-audio-capture``
(a 440 Hz tone, or DTMF keys) and ``--use-file-for-fake-video-capture`` (a solid red
``.y4m``): the page's real capture path (getUserMedia → AudioWorklet → int16 chunks over
the job's WebSocket; camera → canvas → JPEG) runs against real ``autoui serve`` processes.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from serving import MEDIA_ARGS, StaticServer

from autoui.components.wav import write_wav

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
ARTIFACTS = ROOT / "test-artifacts"
FAKE_DEVICES = [*MEDIA_ARGS, "--autoplay-policy=no-user-gesture-required"]
TIMEOUT_MS = 15_000
DONE = "document.querySelector('.job-status')?.dataset.state === 'complete'"
KEYS = {"1": (697, 1209), "2": (697, 1336), "3": (697, 1477)}
CYAN_IN_THE_OUTPUT = """() => {
  const c = document.querySelector('.output canvas.live-out');
  if (!c || !c.width) return false;
  const [r, g, b] = c.getContext('2d').getImageData(c.width / 2, c.height / 2, 1, 1).data;
  return r < 40 && g > 200 && b > 200;
}"""  # the red camera, inverted by webcam_filter


def tone_wav(path: Path, hz: float, seconds: float = 2.0, rate: int = 48000) -> Path:
    t = np.arange(int(seconds * rate)) / rate
    path.write_bytes(write_wav(rate, (np.sin(2 * np.pi * hz * t) * 12000).astype(np.int16)))
    return path


def dtmf_wav(path: Path, rate: int = 48000) -> Path:
    """Silence, then the keys 1 2 3 (150 ms each, 150 ms apart), then silence."""
    def key(digit: str) -> np.ndarray:
        t = np.arange(int(0.15 * rate)) / rate
        low, high = KEYS[digit]
        return (np.sin(2 * np.pi * low * t) + np.sin(2 * np.pi * high * t)) * 8000

    gap = np.zeros(int(0.15 * rate))
    parts = [np.zeros(int(0.5 * rate))] + [p for d in "123" for p in (key(d), gap)]
    parts.append(np.zeros(int(1.5 * rate)))
    path.write_bytes(write_wav(rate, np.concatenate(parts).astype(np.int16)))
    return path


def red_y4m(path: Path, width: int = 320, height: int = 240, frames: int = 10) -> Path:
    """A solid red video: YUV 4:2:0 of RGB (255, 0, 0) is Y 81, U 90, V 240 (BT.601)."""
    header = f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode()
    plane = bytes([81]) * (width * height) + bytes([90]) * (width * height // 4)
    frame = b"FRAME\n" + plane + bytes([240]) * (width * height // 4)
    path.write_bytes(header + frame * frames)
    return path


@contextlib.contextmanager
def chromium(launch: Any, audio: Path, video: Path) -> Iterator[Any]:
    """A Chromium whose fake devices play ``audio`` and ``video`` (``launch``: the
    ``launch_browser`` fixture, so the run's one Playwright starts it)."""
    browser = launch(
        [
            *FAKE_DEVICES,
            f"--use-file-for-fake-audio-capture={audio}",
            f"--use-file-for-fake-video-capture={video}",
        ]
    )
    try:
        yield browser
    finally:
        browser.close()


@pytest.fixture(scope="module")
def devices(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("devices")
    return {
        "tone": tone_wav(folder / "tone440.wav", 440),
        "dtmf": dtmf_wav(folder / "dtmf123.wav"),
        "red": red_y4m(folder / "red.y4m"),
    }


@pytest.fixture(scope="module")
def servers(launch: Any) -> Any:
    return launch.many(
        {
            "tuner": (SAMPLES / "tuner.py",),
            "dtmf": (SAMPLES / "dtmf.py",),
            "webcam": (SAMPLES / "webcam_filter.py",),
        }
    )


def live_page(browser: Any, url: str, request: pytest.FixtureRequest) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["camera", "microphone"])
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url)
    page.wait_for_function("document.documentElement.dataset.ready === 'true'")
    page.errors = errors
    return page


def keep_screenshot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def output_text(page: Any) -> str:
    return str(page.locator(".output .text-out").first.inner_text())


def test_s5_the_tuner_hears_440_hz_from_the_microphone(
    servers: Any, devices: dict[str, Path], request: pytest.FixtureRequest, launch_browser: Any
) -> None:
    with chromium(launch_browser, devices["tone"], devices["red"]) as browser:
        page = live_page(browser, servers["tuner"].url, request)
        assert page.locator(".output-textbox").count() == 1
        page.get_by_role("button", name="Start microphone").click()
        # Within 3 Hz of 440 (a chunk starved on a loaded machine may read a few Hz off
        # first: the reading is waited for, not the first one taken).
        page.wait_for_function(
            """() => {
              const text = document.querySelector('.output .text-out')?.textContent || '';
              const hz = /^A4 (\\d+) Hz/.exec(text);
              return hz && Math.abs(Number(hz[1]) - 440) <= 3;
            }"""
        )
        assert page.locator(".live-level").evaluate("m => m.value") > 0  # the level meter moves
        assert "left" in page.locator(".live-left").inner_text()  # the time left is shown
        keep_screenshot(page, "stream-tuner")
        page.get_by_role("button", name="Stop microphone").click()  # ends the input
        page.wait_for_function(DONE)
        assert output_text(page).startswith("A4 4")
        assert not page.errors


def test_s5_dtmf_keys_are_decoded_live(
    servers: Any, devices: dict[str, Path], request: pytest.FixtureRequest, launch_browser: Any
) -> None:
    with chromium(launch_browser, devices["dtmf"], devices["red"]) as browser:
        page = live_page(browser, servers["dtmf"].url, request)
        page.get_by_role("button", name="Start microphone").click()
        page.wait_for_function(
            "document.querySelector('.output .text-out')?.textContent.includes('1 2 3')",
            timeout=20_000,
        )
        assert output_text(page).startswith("1 2 3")
        page.get_by_role("button", name="Stop microphone").click()
        page.wait_for_function(DONE)
        assert not page.errors


def test_s6_the_webcam_filter_draws_inverted_frames(
    servers: Any, devices: dict[str, Path], request: pytest.FixtureRequest, launch_browser: Any
) -> None:
    with chromium(launch_browser, devices["tone"], devices["red"]) as browser:
        page = live_page(browser, servers["webcam"].url, request)
        fetched: list[str] = []
        page.on("request", lambda sent: fetched.append(sent.url))
        page.get_by_role("button", name="Start camera").click()
        page.wait_for_selector(".output canvas.live-out")
        page.wait_for_function(CYAN_IN_THE_OUTPUT)
        keep_screenshot(page, "stream-webcam")
        while_live = list(fetched)
        page.get_by_role("button", name="Stop camera").click()
        page.wait_for_function(DONE)
        assert not page.errors
        # While live, each frame was drawn from the socket's binary message: no output file
        # fetched (the final result, shown once the job completes, is then read by its URL).
        assert any("/api/webcam_filter/jobs" in url for url in while_live)
        assert not [url for url in while_live if "/api/files/" in url], fetched


def test_pages_without_a_live_input_do_not_load_its_modules(launch: Any) -> None:
    import httpx

    plain = launch(SAMPLES / "hello.py")
    live = launch(SAMPLES / "tuner.py")

    def bundle(server: Any) -> str:
        page = httpx.get(server.url + "/").text
        src = re.search(r'src="(static/autoui\.bundle\.js[^"]*)"', page).group(1)  # type: ignore[union-attr]
        return httpx.get(f"{server.url}/{src}").text

    assert "live/capture.js" not in bundle(plain)
    assert "live/capture.js" in bundle(live)


@pytest.fixture(scope="module")
def exported(launch: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``autoui export`` of the webcam filter on a static host of its own, calling a
    server that lets that origin in: the URL of the exported page."""
    import httpx

    from autoui.export import export_bundle

    root = tmp_path_factory.mktemp("exported")
    static = StaticServer(root)
    try:
        server = launch(SAMPLES / "webcam_filter.py", "--cors-origin", static.url)
        export_bundle(httpx.get(server.url + "/api/spec").json(), root / "site", server.url)
        yield f"{static.url}/site/"
    finally:
        static.stop()


def test_the_exported_page_streams_the_camera_to_its_server(
    exported: str, devices: dict[str, Path], request: pytest.FixtureRequest, launch_browser: Any
) -> None:
    with chromium(launch_browser, devices["tone"], devices["red"]) as browser:
        page = live_page(browser, exported, request)
        page.get_by_role("button", name="Start camera").click()
        page.wait_for_function(CYAN_IN_THE_OUTPUT)  # over the server's WebSocket, cross-origin
        page.get_by_role("button", name="Stop camera").click()
        page.wait_for_function(DONE)
        assert not page.errors
