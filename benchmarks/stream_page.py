#!/usr/bin/env python3
"""Live inputs in the page (S5, S6): Start → first output, and chunk sent → output, in Chromium.

Headless Chromium with fake devices (a 440 Hz tone for the microphone, a numbered
``.y4m`` video for the camera, both made here) opens the page of ``autoui serve
samples/tuner.py`` and of ``samples/webcam_filter.py`` and clicks Start, as a person
would. An init script wraps the page's ``WebSocket`` to timestamp (``performance.now()``)
each binary chunk the page sends and each message that comes back; a capturing click
listener stamps Start and Stop.

Per run: **Start → first output** (device opened, worklet or canvas set up, job
submitted, socket opened, the first chunk captured — 100 ms of audio, one frame —, sent,
answered), and **chunk → output**. A camera frame is known by its index, which the fake
camera's video draws in each frame's top row and the filter inverts: each processed
frame (a binary message, what the page draws) is paired with the frame sent with its
index (frames the ``latest`` policy skipped have no answer: ``outputs`` < ``chunks``).
Audio chunks carry no index: the i-th output is paired with the i-th chunk sent before
Stop, which holds when the function answered each of those once (the tuner does, unless
a stall made the input coalesce; the last chunk, flushed by Stop, may join the one
before); a run with fewer outputs than that is reported and left unpaired. Targets
(research note §1, S5/S6): first output ≤ 300 ms (audio) and ≤ 1 s (camera), chunk →
output p50 ≤ 20 ms.

::

    python benchmarks/stream_page.py [--runs 5] [--seconds 3]

Headless Debian chromium (/usr/bin/chromium) through Playwright; loopback only; the
servers are stopped by PID.
"""

from __future__ import annotations

import argparse
import shlex
import statistics
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import numpy as np
from servers import REPO_DIR, ServerCommand, free_port, running
from stream_clients import percentile

from autoui.components.wav import write_wav

CHROMIUM = "/usr/bin/chromium"
SAMPLES = REPO_DIR / "samples"
DONE = "document.querySelector('.job-status')?.dataset.state === 'complete'"
STAMPS = """
window.__live = { sends: [], outputs: [], start: null, stop: null };
document.addEventListener("click", (event) => {
  if (!event.target.closest(".live-toggle")) return;
  if (window.__live.start === null) window.__live.start = performance.now();
  else window.__live.stop = performance.now();
}, true);
window.__live.sentFrames = [];  // [when, JPEG bytes]
window.__live.media = [];  // [when, the file's bytes] of each binary message received
const NativeSocket = window.WebSocket;
window.WebSocket = class extends NativeSocket {
  constructor(...args) {
    super(...args);
    this.addEventListener("message", (event) => {
      const now = performance.now();
      if (typeof event.data !== "string") {  // u32 header length | header JSON | file
        const length = new DataView(event.data).getUint32(0);
        window.__live.media.push([now, event.data.slice(4 + length)]);
      } else if (JSON.parse(event.data).type === "output") window.__live.outputs.push(now);
    });
  }
  send(data) {
    const now = performance.now();
    if (typeof data === "string") return super.send(data);
    window.__live.sends.push(now);
    if (data instanceof Blob) window.__live.sentFrames.push([now, data]);
    return super.send(data);
  }
};
"""
FRAME_INDICES = """async () => {
  // Each frame's index, read from its top row of 8 blocks (white = 1; inverted: black = 1).
  async function index(bytes, inverted) {
    const bitmap = await createImageBitmap(bytes instanceof Blob ? bytes : new Blob([bytes]));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext("2d");
    context.drawImage(bitmap, 0, 0);
    let value = 0;
    for (let bit = 0; bit < 8; bit++) {
      const x = Math.round(((bit * 16 + 8) / 320) * bitmap.width);
      const y = Math.round((8 / 240) * bitmap.height);
      const light = context.getImageData(x, y, 1, 1).data[1] > 128;
      if (light !== inverted) value |= 1 << bit;
    }
    return value;
  }
  const indexed = async (list, inverted) => {
    const out = [];
    for (const [when, bytes] of list) out.push([when, await index(bytes, inverted)]);
    return out;
  };
  return {
    sent: await indexed(window.__live.sentFrames, false),
    received: await indexed(window.__live.media, true),
  };
}"""
SAMPLE_PAGES = {  # name: (sample, the device its Start button names)
    "tuner": ("tuner.py", "microphone"),
    "webcam_filter": ("webcam_filter.py", "camera"),
}


def fake_devices(folder: Path) -> list[str]:
    """Chromium's flags for a microphone playing 440 Hz and a solid red camera."""
    rate = 48000
    t = np.arange(4 * rate) / rate
    tone = folder / "tone.wav"
    tone.write_bytes(write_wav(rate, (np.sin(2 * np.pi * 440 * t) * 12000).astype(np.int16)))
    camera = folder / "numbered.y4m"
    camera.write_bytes(numbered_y4m())
    return [
        "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
        "--autoplay-policy=no-user-gesture-required",
        f"--use-file-for-fake-audio-capture={tone}", f"--use-file-for-fake-video-capture={camera}",
    ]  # fmt: skip


def numbered_y4m(frames: int = 128, width: int = 320, height: int = 240) -> bytes:
    """Grey 10 fps video whose frame i carries i in its top row of 8 blocks (white = 1)."""
    out = [f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode()]
    chroma = bytes([128]) * (width * height // 2)
    for i in range(frames):
        luma = np.full((height, width), 128, dtype=np.uint8)
        for bit in range(8):
            luma[:16, bit * 16 : bit * 16 + 16] = 235 if i >> bit & 1 else 16
        out.append(b"FRAME\n" + luma.tobytes() + chroma)
    return b"".join(out)


def one_run(browser: Any, url: str, device: str, seconds: float) -> dict[str, Any]:
    """Start, ``seconds`` of live input, Stop; the page's stamps, in milliseconds."""
    context = browser.new_context()
    try:
        context.grant_permissions(["camera", "microphone"])
        page = context.new_page()
        page.add_init_script(STAMPS)
        page.goto(url)
        page.wait_for_function("document.documentElement.dataset.ready === 'true'")
        page.get_by_role("button", name=f"Start {device}").click()
        page.wait_for_function("window.__live.outputs.length > 0", timeout=15_000)
        page.wait_for_timeout(seconds * 1000)
        page.get_by_role("button", name=f"Stop {device}").click()
        page.wait_for_function(DONE, timeout=30_000)
        stamps: dict[str, Any] = page.evaluate(
            "(({start, stop, sends, outputs}) => ({start, stop, sends, outputs}))(window.__live)"
        )
        frames = page.evaluate(FRAME_INDICES) if device == "camera" else None
    finally:
        context.close()
    sends, outputs = stamps["sends"], stamps["outputs"]
    run: dict[str, Any] = {
        "first_output_ms": round(outputs[0] - stamps["start"], 1),
        "chunks": len(sends),
        "outputs": len(outputs),
    }
    if frames is not None:
        run["latencies_ms"] = frame_latencies(frames["sent"], frames["received"])
        return run
    before_stop = [sent for sent in sends if sent < stamps["stop"]]
    if len(outputs) >= len(before_stop):  # each chunk before Stop answered once
        pairs = zip(before_stop, outputs[: len(before_stop)], strict=True)
        run["latencies_ms"] = [round(answer - sent, 2) for sent, answer in pairs]
    return run


def frame_latencies(sent: list[list[float]], received: list[list[float]]) -> list[float]:
    """Each processed frame's arrival minus the sending of the frame with its index."""
    latencies = []
    for when, index in received:
        earlier = [at for at, sent_index in sent if sent_index == index and at <= when]
        if earlier:
            latencies.append(round(when - earlier[-1], 2))
    return latencies


def summarize(runs: list[dict[str, Any]]) -> dict[str, Any]:
    paired = [x for run in runs for x in run.get("latencies_ms", [])]
    return {
        "runs": len(runs),
        "first_output_ms_median": round(statistics.median(r["first_output_ms"] for r in runs), 1),
        "first_output_ms_worst": max(r["first_output_ms"] for r in runs),
        "chunk_to_output_p50_ms": round(statistics.median(paired), 2) if paired else None,
        "chunk_to_output_p99_ms": round(percentile(paired, 0.99), 2) if paired else None,
        "chunks_sent": sum(r["chunks"] for r in runs),
        "chunks_paired": len(paired),
        "runs_unpaired (chunks, outputs)": [
            (r["chunks"], r["outputs"]) for r in runs if "latencies_ms" not in r
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="Start/Stop runs per sample")
    parser.add_argument("--seconds", type=float, default=3.0, help="live input per run")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        folder = Path(tmp)
        urls = {}
        for name, (sample, _) in SAMPLE_PAGES.items():
            port = free_port()
            argv = [sys.executable, "-m", "autoui", "serve", str(SAMPLES / sample),
                    "--port", str(port)]  # fmt: skip
            server = stack.enter_context(running(ServerCommand("autoui", argv, port, "/"), folder))
            urls[name] = server.base_url + "/"
        playwright = stack.enter_context(sync_playwright())
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", *fake_devices(folder)]
        )
        stack.callback(browser.close)
        for name, (_, device) in SAMPLE_PAGES.items():
            runs = [one_run(browser, urls[name], device, args.seconds) for _ in range(args.runs)]
            print(f"{name} ({device})", summarize(runs), flush=True)
    print("command: python benchmarks/stream_page.py " + shlex.join(
        ["--runs", str(args.runs), "--seconds", str(args.seconds)]
    ))


if __name__ == "__main__":
    main()
