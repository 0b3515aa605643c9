"""Streaming to real servers over a job's WebSocket, for the tests of every folder.

Importable as ``live_harness`` (``tests/conftest.py`` puts this folder on ``sys.path``).
The sounds are made here, as a microphone would give them: int16 PCM, sent in chunks of
the input's ``chunk_ms``.
"""

from __future__ import annotations

import io
import json
import time
from pathlib import Path
from typing import Any

import httpx
import numpy as np
from PIL import Image
from websockets.sync.client import ClientConnection, connect

TERMINAL = ("complete", "error", "cancelled")
DTMF_RATE = 8000
_KEYS = {"1": (697, 1209), "2": (697, 1336), "3": (697, 1477), "4": (770, 1209)}


def tone(seconds: float, hz: float = 440.0, rate: int = 16000) -> np.ndarray:
    t = np.arange(int(seconds * rate)) / rate
    return (np.sin(2 * np.pi * hz * t) * 8000).astype(np.int16)


def dtmf_tones(digits: str, rate: int = DTMF_RATE) -> np.ndarray:
    """Keypad tones: each digit sounds for 150 ms, then 100 ms of silence."""
    parts = []
    for digit in digits:
        low, high = _KEYS[digit]
        t = np.arange(int(0.15 * rate)) / rate
        parts.append((np.sin(2 * np.pi * low * t) + np.sin(2 * np.pi * high * t)) * 6000)
        parts.append(np.zeros(int(0.1 * rate)))
    return np.concatenate(parts).astype(np.int16)


def jpeg(colour: tuple[int, int, int], size: tuple[int, int] = (64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


def start_live(client: httpx.Client, base: str, fn: str, data: dict[str, Any]) -> dict[str, Any]:
    """``POST /api/{fn}/jobs`` leaving the live input out: the 202's body."""
    reply = client.post(f"{base}/api/{fn}/jobs", json={"data": data})
    assert reply.status_code == 202, reply.text
    body: dict[str, Any] = reply.json()
    assert body["stream_url"] == f"/api/jobs/{body['job_id']}/stream"
    return body


def open_stream(client: httpx.Client, base: str, job: dict[str, Any]) -> ClientConnection:
    """The job's WebSocket on ``base``, with ``client``'s session cookie (its owner)."""
    cookies = "; ".join(f"{name}={value}" for name, value in client.cookies.items())
    headers = {"Cookie": cookies} if cookies else {}
    return connect("ws" + base[4:] + job["stream_url"], additional_headers=headers)


def send_pcm(ws: ClientConnection, pcm: np.ndarray, chunk: int, *, pace: float = 0.0,
             end: bool = True) -> int:
    """Send ``pcm`` in chunks of ``chunk`` samples (``pace`` seconds apart); the chunks sent."""
    data = pcm.astype("<i2").tobytes()
    began = time.monotonic()
    sent = 0
    for offset in range(0, len(data), chunk * 2):
        ws.send(data[offset : offset + chunk * 2])
        sent += 1
        if pace:
            time.sleep(max(0.0, began + sent * pace - time.monotonic()))
    if end:
        ws.send(json.dumps({"type": "end"}))
    return sent


def events_until_end(ws: ClientConnection, seconds: float = 30.0) -> list[dict[str, Any]]:
    """Every text message until the job's terminal event (binary ones are skipped)."""
    events: list[dict[str, Any]] = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        message = ws.recv(timeout=max(0.01, deadline - time.monotonic()))
        if isinstance(message, str):
            events.append(json.loads(message))
            if events[-1]["type"] in TERMINAL:
                return events
    raise AssertionError(f"no terminal event in {seconds} s: {events}")


def media_of(message: bytes) -> tuple[dict[str, Any], Image.Image]:
    """A binary output message: its header and its image."""
    size = int.from_bytes(message[:4], "big")
    header = json.loads(message[4 : 4 + size])
    return header, Image.open(io.BytesIO(message[4 + size :])).convert("RGB")


def heard(event: dict[str, Any]) -> str:
    """What ``listen`` (``tests/streaming/fns_live.py``) said in an ``output`` event:
    ``"<samples> <items>"``; "" for any other event."""
    return str(event["data"]["data"][0]) if event["type"] == "output" else ""


def last_data(events: list[dict[str, Any]]) -> Any:
    """The terminal event's data (the function's answer)."""
    assert events[-1]["type"] == "complete", events[-1]
    return events[-1]["data"]["data"]


def read_marker(path: Path, seconds: float = 15.0) -> list[str]:
    """The words of a marker file a function leaves when it ends, once it is there."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path.exists() and path.read_text():
            return path.read_text().split()
        time.sleep(0.05)
    raise AssertionError(f"{path.name} was never written (the function's finally did not run)")
