"""Live inputs over real HTTP and WebSockets, against ``autoui serve`` processes.

S8 (a whole WAV gives what streaming it gives), S9 (Origin/Host/auth before ``accept``,
oversized and malformed chunks), S10 (cancel, a dropped socket, idle and time limits
release the slot; the generator's ``finally`` runs), the HTTP fallback, the per-client
cap, and the events on the socket being the SSE log's.
"""

from __future__ import annotations

import base64
import io
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pytest
from PIL import Image
from serving import Server, sse_events
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import ClientConnection, connect

from autoui.components.wav import write_wav

FNS = Path(__file__).resolve().parent / "fns_stream.py"
pytestmark = pytest.mark.timeout(120)


@pytest.fixture(scope="module")
def markers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("markers")


@pytest.fixture(scope="module")
def servers(markers: Path) -> Iterator[dict[str, Server]]:
    env = {"AUTOUI_TEST_MARKERS": str(markers)}
    started = {
        "plain": Server(FNS, env=env),
        "strict": Server(
            FNS, "--stream-idle-timeout", "0.5", "--stream-time-limit", "1.5",
            "--max-jobs-per-client", "1", env=env,
        ),
        "auth": Server(FNS, "--auth", "ada:lovelace", env=env),
    }  # fmt: skip
    try:
        for server in started.values():
            server.spawn()
        yield {name: server.wait_ready() for name, server in started.items()}
    finally:
        for server in started.values():
            server.stop()


@pytest.fixture(scope="module")
def plain(servers: dict[str, Server]) -> Server:
    return servers["plain"]


def tone(seconds: float, hz: float = 440.0, rate: int = 16000) -> np.ndarray:
    t = np.arange(int(seconds * rate)) / rate
    return (np.sin(2 * np.pi * hz * t) * 8000).astype(np.int16)


def start(server: Server, fn: str, data: dict[str, Any] | None = None, **kw: Any) -> dict[str, Any]:
    reply = httpx.post(f"{server.url}/api/{fn}/jobs", json={"data": data or {}}, **kw)
    assert reply.status_code == 202, reply.text
    body: dict[str, Any] = reply.json()
    return body


def start_when_counted_out(server: Server, fn: str, seconds: float = 10.0) -> dict[str, Any]:
    """Start a job once the client's ended jobs no longer count against its cap (429)."""
    deadline = time.monotonic() + seconds
    url = f"{server.url}/api/{fn}/jobs"
    while (reply := httpx.post(url, json={"data": {}})).status_code == 429:
        assert time.monotonic() < deadline, "an ended live job still counts against the cap"
        time.sleep(0.02)
    assert reply.status_code == 202, reply.text
    body: dict[str, Any] = reply.json()
    return body


def socket(server: Server, job: dict[str, Any], **kw: Any) -> ClientConnection:
    return connect(server.url.replace("http://", "ws://") + job["stream_url"], **kw)


def events_until_end(ws: ClientConnection, seconds: float = 20.0) -> list[dict[str, Any]]:
    """Every text message until the job's terminal event (binary ones are skipped)."""
    events: list[dict[str, Any]] = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        message = ws.recv(timeout=deadline - time.monotonic())
        if isinstance(message, str):
            events.append(json.loads(message))
            if events[-1]["type"] in ("complete", "error", "cancelled"):
                return events
    raise AssertionError(f"no terminal event in {seconds} s: {events}")


def stream_pcm(ws: ClientConnection, pcm: np.ndarray, chunk: int = 1600, end: bool = True) -> None:
    data = pcm.astype("<i2").tobytes()
    for offset in range(0, len(data), chunk * 2):
        ws.send(data[offset : offset + chunk * 2])
    if end:
        ws.send(json.dumps({"type": "end"}))


def sse(server: Server, job_id: str, last: int = 0) -> list[dict[str, Any]]:
    return sse_events(server.url, job_id, last)


def wav_url(pcm: np.ndarray, rate: int = 16000) -> str:
    return "data:audio/wav;base64," + base64.b64encode(write_wav(rate, pcm)).decode()


# -- the stream and its events --------------------------------------------------------
def test_events_on_the_socket_are_the_sse_log_with_its_ids(plain: Server) -> None:
    job = start(plain, "count")
    assert job["stream_url"] == f"/api/jobs/{job['job_id']}/stream" and job["time_limit"] == 300
    with socket(plain, job) as ws:
        stream_pcm(ws, tone(1.0))
        events = events_until_end(ws)
    assert events[0]["type"] == "started" and events[-1]["type"] == "complete"
    assert events[-1]["data"]["data"] == ["16000"]  # every sample reached the function
    logged = sse(plain, job["job_id"])
    assert [(e["type"], e["id"], e["data"]) for e in logged if e["type"] != "output"] == [
        (e["type"], e["id"], e["data"]) for e in events if e["type"] != "output"
    ]
    replay = sse(plain, job["job_id"], last=events[0]["id"])
    assert replay and replay[0]["id"] > events[0]["id"]  # Last-Event-ID resumes


def test_s8_a_whole_wav_gives_what_streaming_it_gives(plain: Server) -> None:
    pcm = tone(1.0, hz=440)
    whole = httpx.post(f"{plain.url}/api/tuner", json={"data": {"audio": wav_url(pcm)}}, timeout=20)
    assert whole.status_code == 200, whole.text
    job = start(plain, "tuner")
    with socket(plain, job) as ws:
        stream_pcm(ws, pcm)
        streamed = events_until_end(ws)[-1]["data"]["data"]
    assert whole.json()["data"] == streamed == ["A4 440 Hz"]
    at_44k = httpx.post(
        f"{plain.url}/api/tuner", json={"data": {"audio": wav_url(tone(1.0, rate=44100), 44100)}}
    )
    assert at_44k.json()["data"] == ["A4 440 Hz"]  # resampled to the input's 16 kHz


def test_a_blocking_call_without_the_stream_says_how_to_send_it(plain: Server) -> None:
    reply = httpx.post(f"{plain.url}/api/count", json={"data": {}}, timeout=20)
    assert reply.status_code == 422
    assert reply.json()["param"] == "audio"
    assert "start a job (POST /api/count/jobs)" in reply.json()["error"]


def test_frames_go_up_and_processed_frames_come_down_as_bytes(plain: Server) -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (250, 10, 10)).save(buffer, "JPEG", quality=95)
    job = start(plain, "invert")
    with socket(plain, job) as ws:
        ws.send(buffer.getvalue())
        assert json.loads(ws.recv(timeout=20))["type"] == "started"
        media = ws.recv(timeout=20)  # the frame first, then its output event
        assert isinstance(media, bytes)
        size = int.from_bytes(media[:4], "big")
        header = json.loads(media[4 : 4 + size])
        frame = Image.open(io.BytesIO(media[4 + size :]))
        assert header["output"] == 0 and header["mime_type"] == "image/jpeg"
        r, g, b = frame.convert("RGB").getpixel((32, 24))
        assert r < 30 and g > 220 and b > 220  # red inverted: cyan
        output = json.loads(ws.recv(timeout=20))
        assert output["type"] == "output" and output["id"] == header["id"]
        assert output["data"]["data"][0]["id"] == header["file"]  # its URL works for others
        ws.send(json.dumps({"type": "end"}))
        assert events_until_end(ws)[-1]["type"] == "complete"


def test_the_http_fallback_takes_chunks_and_an_empty_body_ends(plain: Server) -> None:
    job = start(plain, "count")
    url = f"{plain.url}{job['input_url']}"
    pcm = tone(0.5).astype("<i2").tobytes()
    for seq, offset in enumerate(range(0, len(pcm), 3200), start=1):
        chunk = pcm[offset : offset + 3200]
        reply = httpx.post(url, content=chunk, headers={"X-Chunk-Seq": str(seq)})
        assert reply.status_code == 202 and reply.json()["accepted"] is True
    retried = httpx.post(url, content=pcm[:3200], headers={"X-Chunk-Seq": "1"})
    assert retried.json()["duplicate"] is True  # a retried chunk is not heard twice
    assert httpx.post(url, content=b"").json()["ended"] is True
    assert sse(plain, job["job_id"])[-1]["data"]["data"] == ["8000"]


# -- S9: who may open a stream ---------------------------------------------------------
def refusal(server: Server, job: dict[str, Any], **kw: Any) -> int:
    with pytest.raises(InvalidStatus) as refused:
        socket(server, job, **kw).close()
    return refused.value.response.status_code


def test_s9_a_foreign_origin_or_host_is_refused_before_accept(plain: Server) -> None:
    job = start(plain, "count", {"tag": "foreign"})
    assert refusal(plain, job, origin="http://evil.example") == 403
    assert refusal(plain, job, additional_headers={"Host": "evil.example"}) == 403
    with socket(plain, job, origin=plain.url) as ws:  # the app's own page may
        stream_pcm(ws, tone(0.1))
        assert events_until_end(ws)[-1]["type"] == "complete"
    assert refusal(plain, {"stream_url": "/api/jobs/nope/stream"}) == 404


def test_s9_auth_applies_to_the_socket(servers: dict[str, Server]) -> None:
    server = servers["auth"]
    basic = "Basic " + base64.b64encode(b"ada:lovelace").decode()
    job = start(server, "count", headers={"Authorization": basic})
    assert refusal(server, job) == 401
    with socket(server, job, additional_headers={"Authorization": basic}) as ws:
        stream_pcm(ws, tone(0.1))
        assert events_until_end(ws)[-1]["data"]["data"] == ["1600"]


def closed_with(ws: ClientConnection) -> int | None:
    with pytest.raises(ConnectionClosed) as closed:
        for _ in range(100):
            ws.recv(timeout=10)
    return closed.value.rcvd.code if closed.value.rcvd else None


def test_s9_an_oversized_or_malformed_chunk_closes_the_socket(plain: Server) -> None:
    job = start(plain, "count")
    with socket(plain, job) as ws:
        ws.send(b"\0" * (64 * 1024 + 2))
        assert closed_with(ws) == 1009
    job = start(plain, "count")
    with socket(plain, job) as ws:
        ws.send(b"\0\0\0")  # not whole 16-bit samples
        assert closed_with(ws) == 1007
    time.sleep(0.2)
    status = httpx.get(f"{plain.url}/api/jobs/{job['job_id']}").json()["status"]
    assert status == "cancelled"  # the socket closed without "end"


# -- S10: ending a stream releases its slot --------------------------------------------
def final_status(server: Server, job_id: str, seconds: float = 10.0) -> str:
    """The job's status once it has ended (its generator's ``finally`` runs just before)."""
    deadline = time.monotonic() + seconds
    while (status := httpx.get(f"{server.url}/api/jobs/{job_id}").json()["status"]) in (
        "queued", "running",
    ):  # fmt: skip
        assert time.monotonic() < deadline, f"job {job_id} still {status}"
        time.sleep(0.02)
    return str(status)


def wait_marker(markers: Path, tag: str, seconds: float = 10.0) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if (markers / tag).exists():
            return (markers / tag).read_text()
        time.sleep(0.05)
    raise AssertionError(f"the generator's finally never ran ({tag})")


def test_s10_cancel_stops_the_generator_and_frees_the_slot(plain: Server, markers: Path) -> None:
    job = start(plain, "count", {"tag": "cancelled"})
    with socket(plain, job) as ws:
        stream_pcm(ws, tone(0.2), end=False)
        while json.loads(ws.recv(timeout=10)).get("data", {}).get("data") != ["3200"]:
            pass  # until the function has counted both chunks
        waiting = start(plain, "count", {"tag": "next"})  # concurrency 1: it waits
        assert waiting["position"] == 0
        asked = time.monotonic()
        httpx.delete(f"{plain.url}/api/jobs/{job['job_id']}")
        assert events_until_end(ws)[-1]["type"] == "cancelled"
        assert time.monotonic() - asked < 5.0  # within one chunk, with room for load
    assert wait_marker(markers, "cancelled") == "3200"
    with socket(plain, waiting) as ws:  # the slot went to the next job
        stream_pcm(ws, tone(0.1))
        assert events_until_end(ws)[-1]["type"] == "complete"


def test_s10_closing_the_socket_without_end_cancels(plain: Server, markers: Path) -> None:
    job = start(plain, "count", {"tag": "dropped"})
    with socket(plain, job) as ws:
        stream_pcm(ws, tone(0.1), end=False)
        while json.loads(ws.recv(timeout=10))["type"] != "output":
            pass  # until the function has counted the chunk
    assert wait_marker(markers, "dropped") == "1600"
    assert final_status(plain, job["job_id"]) == "cancelled"


def test_s10_idle_and_time_limits_end_the_input_and_the_job(
    servers: dict[str, Server], markers: Path
) -> None:
    server = servers["strict"]
    job = start(server, "count", {"tag": "idle"})
    with socket(server, job) as ws:
        stream_pcm(ws, tone(0.1), end=False)
        events = events_until_end(ws)
    assert events[-1]["type"] == "complete" and events[-1]["data"]["data"] == ["1600"]
    assert any("no input came for 0.5 s" in e["data"].get("message", "") for e in events)
    job = start(server, "count", {"tag": "limit"})
    began = time.monotonic()
    with socket(server, job) as ws:
        ws.send(tone(0.05).astype("<i2").tobytes())
        while time.monotonic() - began < 4 and not (markers / "limit").exists():
            ws.send(tone(0.05).astype("<i2").tobytes())
            time.sleep(0.05)
        events = events_until_end(ws)
    assert events[-1]["type"] == "complete" and time.monotonic() - began < 4
    assert any("time limit (1.5 s)" in e["data"].get("message", "") for e in events)
    assert wait_marker(markers, "idle") == "1600"  # the generator's finally ran
    job = start_when_counted_out(server, "count")  # and the slot is free again
    with socket(server, job) as ws:
        stream_pcm(ws, tone(0.1))
        assert events_until_end(ws)[-1]["data"]["data"] == ["1600"]


def test_a_live_job_counts_against_the_per_client_cap(servers: dict[str, Server]) -> None:
    server = servers["strict"]
    job = start(server, "count")
    second = httpx.post(f"{server.url}/api/count/jobs", json={"data": {}})
    assert second.status_code == 429
    with socket(server, job) as ws:
        stream_pcm(ws, tone(0.1))
        events_until_end(ws)
    again = start_when_counted_out(server, "count")
    with socket(server, again) as ws:
        stream_pcm(ws, tone(0.1))
        assert events_until_end(ws)[-1]["type"] == "complete"
