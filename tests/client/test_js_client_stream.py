"""``client.stream`` of the JavaScript client (``/api/client.js``) in headless Chromium.

Real ``autoui serve`` processes of the live samples, and pages that import the client
from the server's own origin and from another origin (a static page on its own port,
allowed with ``--cors-origin``: it can load only the one URL, so ``/api/client.js`` must
carry the live modules itself). Sources: async iterables of samples, and real
MediaStreams made in the page (an oscillator's, a canvas's), captured as the UI does.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from serving import Server, StaticServer

pytestmark = pytest.mark.browser
HERE = Path(__file__).parent
APP = HERE / "live_samples.py"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--autoplay-policy=no-user-gesture-required"]

ITERABLES = """
async (base) => {
  const { connect } = await import(base + "/api/client.js");
  const client = connect(base);
  async function* tone(hz, seconds) {             // Float32Array chunks of 100 ms
    for (let c = 0; c < seconds * 10; c++) {
      const chunk = new Float32Array(1600);
      for (let i = 0; i < 1600; i++) {
        chunk[i] = 0.3 * Math.sin((2 * Math.PI * hz * (c * 1600 + i)) / 16000);
      }
      yield chunk;
    }
  }
  function* keys(digits) {                        // Int16Array chunks of 20 ms at 8 kHz
    const rows = { 1: [697, 1209], 2: [697, 1336], 3: [697, 1477] };
    const samples = [];
    for (const d of digits) {
      for (let i = 0; i < 1200; i++) {
        const [low, high] = rows[d].map((hz) => Math.sin((2 * Math.PI * hz * i) / 8000));
        samples.push(6000 * (low + high));
      }
      for (let i = 0; i < 800; i++) samples.push(0);
    }
    for (let i = 0; i < samples.length; i += 160) yield Int16Array.from(samples.slice(i, i + 160));
  }
  const tuner = await client.stream("tuner", { audio: tone(440, 1) });
  const events = [];
  for await (const event of tuner) events.push(event.type);
  const dtmf = await client.stream("dtmf", { audio: keys("123") });
  let refused = null;
  try {
    await client.stream("echo", { text: "x" });
  } catch (err) {
    refused = err.message;
  }
  return { tuner: await tuner.result(), events, dtmf: await dtmf.result(), refused };
}
"""

MICROPHONE = """
async (base) => {
  const { connect } = await import(base + "/api/client.js");
  const client = connect(base);
  const context = new AudioContext();
  const oscillator = context.createOscillator();
  oscillator.frequency.value = 440;
  const microphone = context.createMediaStreamDestination();
  oscillator.connect(microphone);
  oscillator.start();
  const job = await client.stream("tuner", { audio: microphone.stream });
  const heard = [];
  for await (const event of job) {
    if (event.type === "output") {
      heard.push(event.data.data[0]);
      if (event.data.data[0] === "A4 440 Hz") await job.end();   // Stop: the input ends
    }
  }
  oscillator.stop();
  return { heard, result: await job.result() };
}
"""

CAMERA = """
async (base) => {
  const { connect } = await import(base + "/api/client.js");
  const client = connect(base);
  const canvas = document.createElement("canvas");
  canvas.width = 160; canvas.height = 120;
  const draw = canvas.getContext("2d");
  const paint = setInterval(() => {
    draw.fillStyle = "rgb(255, 0, 0)";
    draw.fillRect(0, 0, 160, 120);
  }, 50);
  const frames = canvas.captureStream(10);
  const job = await client.stream("webcam_filter", { frames, effect: "invert" });
  let pixel = null;
  for await (const event of job) {
    const image = event.type === "output" ? event.data.data[0] : null;
    if (image && image.blob && !pixel) {                      // drawn from the socket's bytes
      const bitmap = await createImageBitmap(image.blob);
      const probe = new OffscreenCanvas(bitmap.width, bitmap.height).getContext("2d");
      probe.drawImage(bitmap, 0, 0);
      pixel = Array.from(probe.getImageData(bitmap.width / 2, bitmap.height / 2, 1, 1).data);
      await job.end();
    }
  }
  clearInterval(paint);
  const [last] = await job.result();
  return { pixel, mime: last.mime_type };
}
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def elsewhere(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StaticServer]:
    """Another origin: a static page on its own port."""
    folder = tmp_path_factory.mktemp("elsewhere")
    (folder / "index.html").write_text("<!doctype html><title>another site</title>")
    server = StaticServer(folder)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def live_url(elsewhere: StaticServer) -> Iterator[str]:
    with Server(APP, "--cors-origin", elsewhere.url) as server:
        yield server.url


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, errors


def test_async_iterables_stream_to_the_samples(page: Any, live_url: str) -> None:
    page.goto(live_url + "/health")
    out = page.evaluate(ITERABLES, live_url)
    assert out["tuner"] == ["A4 440 Hz"]
    assert out["events"][0] in ("queued", "started") and out["events"][-1] == "complete"
    assert "output" in out["events"]
    assert out["dtmf"] == ["1 2 3"]
    assert "takes no live input" in out["refused"]


def test_a_microphone_stream_from_another_origin(page: Any, live_url: str, elsewhere: Any) -> None:
    page.goto(elsewhere.url + "/index.html")  # only /api/client.js comes from the server
    out = page.evaluate(MICROPHONE, live_url)
    assert "A4 440 Hz" in out["heard"]
    assert out["result"] == ["A4 440 Hz"]


def test_a_camera_stream_comes_back_filtered(page: Any, live_url: str, elsewhere: Any) -> None:
    page.goto(elsewhere.url + "/index.html")
    out = page.evaluate(CAMERA, live_url)
    red, green, blue, _ = out["pixel"]
    assert red < 30 and green > 225 and blue > 225  # red, inverted: cyan
    assert out["mime"] == "image/jpeg"
