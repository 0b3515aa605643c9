"""``Client.stream`` / ``AsyncClient.stream`` against real servers: the live samples fed
chunk by chunk over the job's WebSocket (or the HTTP fallback) give the same result as
the whole file sent with ``predict``."""

from __future__ import annotations

import sys
import time
import wave
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from serving import Server

from autoui import AsyncClient, Client, ClientError
from autoui.events import Complete, Output

HERE = Path(__file__).parent
APP = HERE / "live_samples.py"
KEYS = {"1": (697, 1209), "2": (697, 1336), "3": (697, 1477), "#": (941, 1477)}


def tone(hz: float | tuple[float, ...], seconds: float, rate: int) -> np.ndarray:
    t = np.arange(int(rate * seconds)) / rate
    freqs = hz if isinstance(hz, tuple) else (hz,)
    return (sum(np.sin(2 * np.pi * f * t) for f in freqs) * 6000).astype(np.int16)


def dtmf_pcm(keys: str) -> np.ndarray:
    gap = np.zeros(800, dtype=np.int16)
    return np.concatenate([np.concatenate([tone(KEYS[k], 0.15, 8000), gap]) for k in keys])


def write_wav(path: Path, pcm: np.ndarray, rate: int) -> Path:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(pcm.astype("<i2").tobytes())
    return path


def chunks(pcm: np.ndarray, size: int) -> Iterator[np.ndarray]:
    """A microphone-like source: one chunk at a time (sizes unaligned with the input's)."""
    for start in range(0, len(pcm), size):
        yield pcm[start : start + size]


@pytest.fixture(scope="module")
def live_url() -> Iterator[str]:
    with Server(APP) as server:
        yield server.url


@pytest.fixture(scope="module")
def client(live_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    with Client(live_url, download_dir=tmp_path_factory.mktemp("downloads")) as client:
        yield client


def real_time(pieces: Iterator[np.ndarray], rate: int) -> Iterator[np.ndarray]:
    """Each piece when the ones before it have played, as a microphone gives them."""
    start, played = time.monotonic(), 0
    for piece in pieces:
        time.sleep(max(0.0, start + played / rate - time.monotonic()))
        played += len(piece)
        yield piece


def test_tuner_streamed_equals_the_whole_file(client: Client, tmp_path: Path) -> None:
    pcm = np.concatenate([tone(660, 1.0, 16000), tone(440, 1.0, 16000)])
    whole = client.predict("tuner", write_wav(tmp_path / "notes.wav", pcm, 16000))
    job = client.stream("tuner", audio=real_time(chunks(pcm, 1600), 16000))
    events = list(job)
    assert job.live is not None and job.live.transport == "websocket" and job.live.sent == 20
    assert isinstance(events[-1], Complete)
    assert job.result() == whole == "A4 440 Hz"
    assert "E5 660 Hz" in [e.data[0] for e in events if isinstance(e, Output)]  # as it played


def test_dtmf_streamed_equals_the_whole_file(client: Client, tmp_path: Path) -> None:
    pcm = dtmf_pcm("123#")
    whole = client.predict("dtmf", write_wav(tmp_path / "keys.wav", pcm, 8000))
    assert whole == "1 2 3 #"
    assert client.stream("dtmf", audio=chunks(pcm, 333)).result(timeout=60) == whole
    assert client.stream("dtmf", audio=pcm.tobytes()).result(timeout=60) == whole  # raw PCM
    assert client.stream("dtmf", audio=tmp_path / "keys.wav").result(timeout=60) == whole


def test_webcam_frames_stream_and_the_newest_is_answered(client: Client) -> None:
    colours = [(255, 0, 0), (0, 255, 0), (0, 0, 255)]
    frames = (Image.new("RGB", (64, 48), colour) for colour in colours)
    out = client.stream("webcam_filter", frames=frames, effect="invert").result(timeout=60)
    r, g, b = out.convert("RGB").getpixel((32, 24))
    assert r > 235 and g > 235 and b < 20  # blue, the last frame, inverted: yellow


def test_end_input_stops_an_endless_source(client: Client) -> None:
    def microphone() -> Iterator[np.ndarray]:
        for _ in range(3000):  # 5 minutes of audio, at most
            yield tone(440, 0.1, 16000)

    job = client.stream("tuner", audio=microphone())
    next(e for e in job if isinstance(e, Output))
    job.end_input()
    assert job.result(timeout=60) == "A4 440 Hz"
    assert job.live is not None and job.live.sent < 3000


def test_a_bad_chunk_cancels_the_job_and_says_why(client: Client) -> None:
    job = client.stream("tuner", audio=[tone(440, 0.1, 16000), "not audio"])
    with pytest.raises(ClientError) as caught:
        job.result(timeout=60)
    assert caught.value.param == "audio" and "got str" in caught.value.message
    assert job.status().state == "cancelled"


def test_view_api_says_how_to_stream(client: Client) -> None:
    text = client.describe()
    assert "live input: stream('tuner', audio=<audio chunks, a path or bytes>)" in text
    assert "live input: stream('webcam_filter', frames=<frames, a path or bytes>)" in text


def test_stream_refuses_what_it_cannot_send(client: Client) -> None:
    with pytest.raises(ClientError, match="takes no live input"):
        client.stream("echo", text="hi")
    with pytest.raises(ClientError, match="expected audio"):
        client.stream("tuner", audio=None)
    with pytest.raises(ClientError) as missing:
        client.stream("tuner", audio="no/such/file.wav")
    assert missing.value.param == "audio" and "does not exist" in missing.value.message


async def test_async_client_streams_an_async_source(live_url: str, tmp_path: Path) -> None:
    pcm = dtmf_pcm("321")

    async def microphone() -> AsyncIterator[bytes]:
        for piece in chunks(pcm, 160):
            yield piece.tobytes()

    async with AsyncClient(live_url, download_dir=tmp_path) as client:
        whole = await client.predict("dtmf", write_wav(tmp_path / "k.wav", pcm, 8000))
        job = await client.stream("dtmf", audio=microphone())
        assert await job.result(timeout=60) == whole == "3 2 1"
        assert job.live is not None and job.live.transport == "websocket"
        synced = await client.stream("tuner", audio=chunks(tone(440, 1.0, 16000), 1600))
        assert await synced.result(timeout=60) == "A4 440 Hz"  # a sync iterable, in a thread


def test_http_fallback_when_no_socket_opens(tmp_path: Path) -> None:
    server = Server(APP)
    server.command = [sys.executable, str(HERE / "serve_without_sockets.py"), str(APP)]
    with server, Client(server.url, download_dir=tmp_path) as client:
        pcm = dtmf_pcm("12")
        job = client.stream("dtmf", audio=chunks(pcm, 400))
        assert job.result(timeout=60) == "1 2"
        assert job.live is not None and job.live.transport == "http"


def test_streams_behind_auth(tmp_path: Path) -> None:
    with Server(f"{APP}:tuner", "--auth", "ada:lovelace") as server:
        with Client(server.url, auth=("ada", "lovelace"), download_dir=tmp_path) as client:
            job = client.stream("tuner", audio=chunks(tone(440, 1.0, 16000), 1600))
            assert job.result(timeout=60) == "A4 440 Hz"
            assert job.live is not None and job.live.transport == "websocket"
