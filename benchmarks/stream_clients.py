"""The clients ``benchmarks/streaming.py`` drives each server with, as a camera or a
microphone page would: one WebSocket driver (autoui's job socket, and the bare limit's)
and one for Gradio 6.31's real HTTP protocol.

Workloads, the same for every server:

- **frames**: 320×240 JPEG (camera-like noise, ~25 KB) at 30 fps, each carrying its
  index in 8 black/white blocks along its top edge; the function flips it, so every
  processed frame names the frame it came from. Latency is *frame sent → processed
  frame in hand*: for autoui and the bare limit the binary message on the socket; for
  Gradio the file its ``process_streaming`` message names, fetched as the page does.
  Frames never answered are drops.
- **audio**: 100 ms chunks of 16 kHz int16 in real time; the function answers with the
  samples heard so far, so each answer is matched to the chunk that completed it.
  Latency is *chunk sent → the answer that counts it*: the function is trivial, so all
  of it is what the server (and, for Gradio, its two requests per chunk) adds. Samples
  never counted are lost chunks.

Gradio's protocol (read from gradio 6.31's ``routes.py``/``queueing.py``; the page does
the same): ``POST /gradio_api/queue/join`` with the first chunk starts the event; each
later chunk is ``POST /gradio_api/stream/{event_id}`` (the latest one overwrites what the
function has not taken yet); outputs arrive as ``process_streaming`` messages on the
session's ``GET /gradio_api/queue/data`` SSE stream; ``POST .../stream/{id}/close`` ends
it. A frame is a JPEG ``data:`` URL inside the JSON body (``canvas.toDataURL``); an audio
chunk is first uploaded as a WAV file (``POST /gradio_api/upload``), then named.
"""

from __future__ import annotations

import asyncio
import base64
import io
import json
import statistics
import time
import uuid
import wave
from typing import Any

import httpx
import numpy as np
from PIL import Image
from websockets.asyncio.client import connect

__all__ = ["gradio_audio", "gradio_frames", "socket_audio", "socket_frames"]

RATE = 16000
CHUNK = RATE // 10  # 100 ms of samples
TERMINAL = ("complete", "error", "cancelled")


# -- shared ------------------------------------------------------------------------------
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


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def summary(latencies: list[float], **extra: Any) -> dict[str, Any]:
    ms = [x * 1000 for x in latencies] or [float("nan")]
    p50, p99 = round(statistics.median(ms), 2), round(percentile(ms, 0.99), 2)
    return {"p50_ms": p50, "p99_ms": p99, **extra}


def audio_summary(
    sent_at: list[float], answers: list[tuple[float, int]], chunks: int
) -> dict[str, Any]:
    """Each chunk's latency to the first answer that counts it, and what was lost."""
    latencies = []
    for i, when in enumerate(sent_at):
        need = (i + 1) * CHUNK
        got = next((t for t, total in answers if total >= need), None)
        if got is not None:
            latencies.append(got - when)
    heard = max((total for _, total in answers), default=0)
    return summary(latencies, samples_sent=chunks * CHUNK, samples_heard=heard,
                   chunks_lost=(chunks * CHUNK - heard) // CHUNK, answers=len(answers))  # fmt: skip


def pcm_chunk() -> bytes:
    return (np.sin(np.arange(CHUNK) / 10) * 8000).astype("<i2").tobytes()


async def pace(start: float, due: float) -> None:
    await asyncio.sleep(max(0.0, start + due - time.perf_counter()))


# -- WebSocket: autoui's job socket, or the bare limit's --------------------------------------
async def socket_frames(url: str, count: int, fps: float = 30.0) -> dict[str, Any]:
    """Frames over a socket that answers each with a binary message (header, JPEG)."""
    frames = [frame(i % 256) for i in range(count)]
    sent: dict[int, float] = {}
    latencies: list[float] = []
    async with connect(url, max_size=None, compression=None) as ws:

        async def receive() -> None:
            async for message in ws:
                if isinstance(message, bytes):
                    size = int.from_bytes(message[:4], "big")
                    index = index_of(message[4 + size :])
                    if index in sent:
                        latencies.append(time.perf_counter() - sent.pop(index))
                elif json.loads(message)["type"] in TERMINAL:
                    return

        reader = asyncio.ensure_future(receive())
        start = time.perf_counter()
        for i, data in enumerate(frames):
            sent[i % 256] = time.perf_counter()
            await ws.send(data)
            await pace(start, (i + 1) / fps)
        await asyncio.sleep(0.5)
        await ws.send(json.dumps({"type": "end"}))
        await asyncio.wait_for(reader, 60)
    return summary(latencies, sent=count, answered=len(latencies))


async def socket_audio(url: str, chunks: int) -> dict[str, Any]:
    """100 ms chunks in real time over a socket that answers with the samples heard."""
    pcm = pcm_chunk()
    sent_at: list[float] = []
    answers: list[tuple[float, int]] = []
    async with connect(url, compression=None) as ws:

        async def receive() -> None:
            async for message in ws:
                event = json.loads(message)
                if event["type"] == "output":
                    answers.append((time.perf_counter(), int(event["data"]["data"][0])))
                elif event["type"] in TERMINAL:
                    return

        reader = asyncio.ensure_future(receive())
        start = time.perf_counter()
        for i in range(chunks):
            sent_at.append(time.perf_counter())
            await ws.send(pcm)
            await pace(start, (i + 1) * 0.1)
        await ws.send(json.dumps({"type": "end"}))
        await asyncio.wait_for(reader, 120)
    return audio_summary(sent_at, answers, chunks)


# -- Gradio 6.31 over HTTP ---------------------------------------------------------------------
class GradioEvent:
    """One ``.stream()`` event of a Gradio app: join, stream POSTs, the session's SSE."""

    def __init__(self, http: httpx.AsyncClient, base: str, api_name: str) -> None:
        self.http = http
        self.prefix = base + "/gradio_api"
        self.api_name = api_name
        self.session = uuid.uuid4().hex
        self.event_id: str | None = None
        self.dependency: dict[str, Any] = {}

    async def configure(self, base: str) -> None:
        config = (await self.http.get(base + "/config")).json()
        self.dependency = next(
            d for d in config["dependencies"] if d.get("api_name") == self.api_name
        )

    def body(self, first: Any) -> dict[str, Any]:
        data = [first] + [None] * (len(self.dependency["inputs"]) - 1)  # gr.State: the server's
        return {"data": data, "fn_index": self.dependency["id"], "session_hash": self.session,
                "event_data": None, "trigger_id": self.dependency["inputs"][0]}  # fmt: skip

    async def send(self, value: Any) -> None:
        """The first value joins the queue; every later one is a stream POST."""
        if self.event_id is None:
            reply = await self.http.post(self.prefix + "/queue/join", json=self.body(value))
            self.event_id = reply.json()["event_id"]
        else:
            await self.http.post(f"{self.prefix}/stream/{self.event_id}", json=self.body(value))

    async def close(self) -> None:
        if self.event_id is not None:
            await self.http.post(f"{self.prefix}/stream/{self.event_id}/close")

    async def messages(self) -> Any:
        """The session's queue messages, until the event completes."""
        url = self.prefix + "/queue/data"
        async with self.http.stream("GET", url, params={"session_hash": self.session}) as r:
            async for line in r.aiter_lines():
                if not line.startswith("data:"):
                    continue
                message = json.loads(line[5:])
                yield message
                if message.get("msg") in ("process_completed", "close_stream"):
                    return


def gradio_http() -> httpx.AsyncClient:
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    return httpx.AsyncClient(timeout=60, limits=limits, trust_env=False)


async def gradio_frames(base: str, count: int, fps: float = 30.0) -> dict[str, Any]:
    """Frames as ``data:`` URLs at ``fps``, each output file fetched as the page does."""
    urls = [
        "data:image/jpeg;base64," + base64.b64encode(frame(i % 256)).decode()
        for i in range(count)
    ]
    sent: dict[int, float] = {}
    latencies: list[float] = []
    unreadable: list[int] = []  # output files that did not come back as an image
    async with gradio_http() as http:
        event = GradioEvent(http, base, "flip")
        await event.configure(base)

        async def fetch(url: str) -> None:
            reply = await http.get(url)
            try:
                index = index_of(reply.content)
            except OSError:  # a broken image in the page: counted, the frame not answered
                unreadable.append(reply.status_code)
                return
            if index in sent:
                latencies.append(time.perf_counter() - sent.pop(index))

        async def receive() -> None:
            fetches = []
            async for message in event.messages():
                if message.get("msg") == "process_streaming":
                    fetches.append(asyncio.ensure_future(fetch(message["output"]["data"][0]["url"])))
            await asyncio.gather(*fetches)

        start = time.perf_counter()
        sent[0] = time.perf_counter()
        await event.send({"url": urls[0], "path": None, "meta": {"_type": "gradio.FileData"}})
        reader = asyncio.ensure_future(receive())
        posts = []
        for i, url in enumerate(urls[1:], start=1):  # fire and forget, as the page's fetch
            await pace(start, i / fps)
            sent[i % 256] = time.perf_counter()
            image = {"url": url, "path": None, "meta": {"_type": "gradio.FileData"}}
            posts.append(asyncio.ensure_future(event.send(image)))
        await asyncio.gather(*posts)
        await asyncio.sleep(0.5)
        await event.close()
        await asyncio.wait_for(reader, 60)
    extra = {"unreadable_outputs": len(unreadable)} if unreadable else {}
    return summary(latencies, sent=count, answered=len(latencies), **extra)


def wav_bytes(pcm: bytes) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(RATE)
        writer.writeframes(pcm)
    return out.getvalue()


async def gradio_audio(base: str, api_name: str, chunks: int) -> dict[str, Any]:
    """100 ms chunks in real time: each uploaded as a WAV, then joined or streamed."""
    wav = wav_bytes(pcm_chunk())
    sent_at: list[float] = []
    answers: list[tuple[float, int]] = []
    async with gradio_http() as http:
        event = GradioEvent(http, base, api_name)
        await event.configure(base)

        async def send_chunk() -> None:
            files = [("files", ("audio.wav", wav, "audio/wav"))]
            path = (await http.post(event.prefix + "/upload", files=files)).json()[0]
            meta = {"_type": "gradio.FileData"}
            await event.send({"path": path, "orig_name": "audio.wav", "meta": meta})

        async def receive() -> None:
            async for message in event.messages():
                if message.get("msg") == "process_streaming":
                    answers.append((time.perf_counter(), int(message["output"]["data"][0])))

        start = time.perf_counter()
        sent_at.append(time.perf_counter())
        await send_chunk()  # the join: its event id is needed before any stream POST
        reader = asyncio.ensure_future(receive())
        posts = []
        for i in range(1, chunks):
            await pace(start, i * 0.1)
            sent_at.append(time.perf_counter())
            posts.append(asyncio.ensure_future(send_chunk()))
        await asyncio.gather(*posts)
        await asyncio.sleep(1.0 if api_name == "hear" else 2.0)
        await event.close()
        await asyncio.wait_for(reader, 120)
    return audio_summary(sent_at, answers, chunks)
