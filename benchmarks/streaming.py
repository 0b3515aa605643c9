#!/usr/bin/env python3
"""Live inputs (issue 11): frame and audio latency over the job's WebSocket, drops, CPU.

* **Frames**: 320×240 JPEG at 30 fps, ``--frames`` of them, each carrying its index;
  frame sent → its processed frame (binary message) received, p50/p99, and frames
  answered of those sent (``benchmarks/stream_apps.py:flip``, policy ``latest``).
* **Server CPU per frame**: the server process's user+system time over that run
  (``/proc/<pid>/stat``), divided by the frames answered (decode + flip + JPEG encode +
  dispatch).
* **Audio**: 100 ms chunks of 16 kHz int16 paced in real time; chunk sent → the answer
  that counts it, p50/p99: all of it is what the server adds (the function is trivial).
* **Slower than real time**: 150 ms of work per 100 ms chunk, 50 chunks; samples the
  function saw of those sent (0 lost is the point of ``coalesce``), and the final lag.
* **50 concurrent streams** (``--concurrency none``): 50 sockets sending 100 ms chunks
  in real time for ``--seconds``; p50/p99 chunk → answer, and server CPU per chunk; for
  ``hear`` (a sync generator: each stream holds one of the 40 worker threads while it
  lasts) and ``ahear`` (``async def``: none).

::

    python benchmarks/streaming.py [--frames 60] [--chunks 100] [--streams 50] [--seconds 5]

Loopback only; each server is started here and stopped by its PID; every loop is bounded.
Gradio's figures for the same workloads are in ``/work/shared/research`` (§1.3); this
script does not run Gradio (see benchmarks/README.md).
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import numpy as np
from PIL import Image
from servers import BENCH_DIR, ServerCommand, free_port, running
from websockets.asyncio.client import connect

RATE = 16000
CHUNK = RATE // 10  # 100 ms


def command(fn: str, *options: str) -> ServerCommand:
    import sys

    port = free_port()
    target = f"{BENCH_DIR / 'stream_apps.py'}:{fn}"
    argv = [sys.executable, "-m", "autoui", "serve", target, "--port", str(port), *options]
    return ServerCommand("autoui", argv, port, "/api/spec")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / 100.0  # utime + stime, clock ticks


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def frame(index: int) -> bytes:
    rng = np.random.default_rng(index)
    pixels = rng.integers(0, 256, (240, 320, 3), dtype=np.uint8)  # camera-like noise
    pixels[:16] = 128
    for bit in range(8):
        pixels[:16, bit * 16 : bit * 16 + 16] = 255 if index >> bit & 1 else 0
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def index_of(jpeg: bytes) -> int:
    pixels = np.asarray(Image.open(io.BytesIO(jpeg)).convert("L"))[::-1]  # flipped back
    return sum(1 << bit for bit in range(8) if pixels[8, bit * 16 + 8] > 128)


async def start_job(base: str, fn: str) -> str:
    async with httpx.AsyncClient() as client:
        reply = await client.post(f"{base}/api/{fn}/jobs", json={"data": {}})
        return "ws" + base[4:] + reply.json()["stream_url"]


async def frames_run(base: str, count: int, fps: float = 30.0) -> dict[str, Any]:
    url = await start_job(base, "flip")
    frames = [frame(i % 256) for i in range(count)]
    sent: dict[int, float] = {}
    latencies: list[float] = []
    async with connect(url, max_size=None) as ws:
        async def receive() -> None:
            async for message in ws:
                if isinstance(message, bytes):
                    size = int.from_bytes(message[:4], "big")
                    index = index_of(message[4 + size :])
                    if index in sent:
                        latencies.append(time.perf_counter() - sent.pop(index))
                elif json.loads(message)["type"] in ("complete", "error", "cancelled"):
                    return

        reader = asyncio.ensure_future(receive())
        start = time.perf_counter()
        for i, data in enumerate(frames):
            sent[i % 256] = time.perf_counter()
            await ws.send(data)
            await asyncio.sleep(max(0.0, start + (i + 1) / fps - time.perf_counter()))
        await asyncio.sleep(0.5)
        await ws.send(json.dumps({"type": "end"}))
        await asyncio.wait_for(reader, 30)
    return summary(latencies, sent=count, answered=len(latencies))


def summary(latencies: list[float], **extra: Any) -> dict[str, Any]:
    ms = [x * 1000 for x in latencies] or [float("nan")]
    p50, p99 = round(statistics.median(ms), 2), round(percentile(ms, 0.99), 2)
    return {"p50_ms": p50, "p99_ms": p99, **extra}


async def audio_run(base: str, fn: str, chunks: int) -> dict[str, Any]:
    url = await start_job(base, fn)
    pcm = (np.sin(np.arange(CHUNK) / 10) * 8000).astype("<i2").tobytes()
    sent_at: list[float] = []
    answers: list[tuple[float, int]] = []
    async with connect(url) as ws:
        async def receive() -> None:
            async for message in ws:
                event = json.loads(message)
                if event["type"] == "output":
                    answers.append((time.perf_counter(), int(event["data"]["data"][0])))
                elif event["type"] in ("complete", "error", "cancelled"):
                    return

        reader = asyncio.ensure_future(receive())
        start = time.perf_counter()
        for i in range(chunks):
            sent_at.append(time.perf_counter())
            await ws.send(pcm)
            await asyncio.sleep(max(0.0, start + (i + 1) * 0.1 - time.perf_counter()))
        await ws.send(json.dumps({"type": "end"}))
        await asyncio.wait_for(reader, 120)
    latencies = []
    for i, when in enumerate(sent_at):  # the first answer that counts chunk i
        need = (i + 1) * CHUNK
        got = next((t for t, total in answers if total >= need), None)
        if got is not None:
            latencies.append(got - when)
    heard = answers[-1][1] if answers else 0
    return summary(latencies, samples_sent=chunks * CHUNK, samples_heard=heard,
                   chunks_lost=(chunks * CHUNK - heard) // CHUNK, answers=len(answers))  # fmt: skip


async def many_streams(base: str, fn: str, streams: int, seconds: float) -> dict[str, Any]:
    chunks = int(seconds * 10)
    runs = await asyncio.gather(*(audio_run(base, fn, chunks) for _ in range(streams)))
    return {
        "p50_ms_median": round(statistics.median(r["p50_ms"] for r in runs), 2),
        "p99_ms_worst": round(max(r["p99_ms"] for r in runs), 2),
        "chunks_lost": sum(r["chunks_lost"] for r in runs),
        "chunks": streams * chunks,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--frames", type=int, default=60)
    parser.add_argument("--chunks", type=int, default=100)
    parser.add_argument("--streams", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    logs = Path(tempfile.mkdtemp(prefix="autoui-stream-bench-"))
    results: dict[str, Any] = {}
    with running(command("flip"), logs) as server:
        asyncio.run(frames_run(server.base_url, 10))  # warm: imports, first JPEG
        before = cpu_seconds(server.pid)
        results["frames_30fps"] = asyncio.run(frames_run(server.base_url, args.frames))
        used = cpu_seconds(server.pid) - before
        results["frames_30fps"]["server_cpu_ms_per_frame"] = round(
            1000 * used / max(1, results["frames_30fps"]["answered"]), 2
        )
    with running(command("hear"), logs) as server:
        run = audio_run(server.base_url, "hear", args.chunks)
        results["audio_100ms_realtime"] = asyncio.run(run)
    with running(command("slow_hear"), logs) as server:
        run = audio_run(server.base_url, "slow_hear", 50)
        results["audio_slower_than_realtime"] = asyncio.run(run)
    for fn in ("hear", "ahear"):  # a sync generator holds a worker thread per stream
        unlimited = command(fn, "--concurrency", "none", "--max-jobs-per-client", "none")
        with running(unlimited, logs) as server:
            before = cpu_seconds(server.pid)
            many = asyncio.run(many_streams(server.base_url, fn, args.streams, args.seconds))
            used = cpu_seconds(server.pid) - before
            many["server_cpu_ms_per_chunk"] = round(1000 * used / many["chunks"], 3)
            results[f"{args.streams}_streams_concurrency_none_{fn}"] = many
    for name, figures in results.items():
        print(f"{name}: {json.dumps(figures)}")
    print("command: python benchmarks/streaming.py " + " ".join(
        f"--{k} {v}" for k, v in vars(args).items()))  # fmt: skip


if __name__ == "__main__":
    main()
