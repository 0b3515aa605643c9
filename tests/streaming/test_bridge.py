"""A live input end to end in one process: chunks put on the loop, a real function taking
them through :func:`autoui.execution.run_job` (S1: coalesce loses nothing; S2: latest
keeps the lag to one frame plus the function's time; limits and cancel)."""

from __future__ import annotations

import asyncio
import io
import threading
import time
from collections.abc import AsyncIterator, Iterator
from typing import Annotated, Any

import numpy as np
import pytest
from PIL import Image

import autoui
from autoui.cancel import CancelToken
from autoui.events import Alert, Cancelled, Complete, Event, Failed, Output
from autoui.execution import run_job
from autoui.introspect import introspect
from autoui.localfiles import LocalFiles
from autoui.streaming.channel import LocalInput

RATE = 16000
CHUNK = RATE // 100  # 10 ms of samples


async def run_live(
    fn: Any,
    feed: Any,
    tmp_path: Any,
    *,
    time_limit: float = 30.0,
    idle: float = 10.0,
    cancel: CancelToken | None = None,
) -> tuple[Event, list[Event]]:
    """Run ``fn`` as a job whose live input ``feed(live)`` fills, concurrently."""
    spec = introspect(fn)
    component = spec.live_input.component  # type: ignore[union-attr]
    live = LocalInput(component.backlog(), time_limit, idle)  # type: ignore[attr-defined]
    events: list[Event] = []
    producer = asyncio.ensure_future(feed(live))
    end = await run_job(
        spec, {}, LocalFiles(tmp_path), emit=events.append, live=live, cancel=cancel
    )
    producer.cancel()
    return end, events


async def paced_audio(live: LocalInput, chunks: int, period: float) -> None:
    """``chunks`` 10 ms chunks whose samples count up (0, 1, 2, ...), sent in real time."""
    start = time.monotonic()
    for index in range(chunks):
        samples = np.arange(index * CHUNK, (index + 1) * CHUNK) % 32768
        await live.put(samples.astype("<i2").tobytes())
        await asyncio.sleep(max(0.0, start + (index + 1) * period - time.monotonic()))
    live.end()


async def test_s1_coalesce_loses_nothing_with_a_slower_function(tmp_path: Any) -> None:
    received: list[np.ndarray] = []
    lags: list[float] = []

    def slow(audio: Iterator[autoui.Audio]) -> str:
        for rate, pcm in audio:
            received.append(pcm)
            lags.append(len(pcm) / rate)
            time.sleep(0.015)  # 15 ms of work per call: 1.5× a 10 ms chunk
        return "done"

    count = 200
    end, events = await run_live(slow, lambda live: paced_audio(live, count, 0.01), tmp_path)
    assert isinstance(end, Complete), end
    got = np.concatenate(received)
    assert got.size == count * CHUNK  # every sample, none twice
    assert np.array_equal(got, (np.arange(count * CHUNK) % 32768).astype(np.int16))  # in order
    assert len(received) < count  # it was behind, and caught up by taking several at once
    assert max(lags) <= 5.0
    assert not [e for e in events if isinstance(e, Alert)]  # nothing dropped, nothing to say


async def test_coalesce_past_max_lag_drops_the_oldest_and_says_how_much(tmp_path: Any) -> None:
    heard: list[int] = []

    def stuck(audio: Annotated[Iterator[np.ndarray], autoui.Microphone(max_lag=0.05)]) -> str:
        for pcm in audio:
            heard.append(int(pcm[0]))
            time.sleep(0.2)  # far behind: 200 ms per 10 ms chunk
        return "done"

    end, events = await run_live(stuck, lambda live: paced_audio(live, 40, 0.01), tmp_path)
    assert isinstance(end, Complete)
    alerts = [e.message for e in events if isinstance(e, Alert)]
    assert alerts and "behind the live audio" in alerts[0] and "were dropped" in alerts[0]
    assert heard[1] > CHUNK * 5  # the next item starts at recent audio, not at chunk 1


def jpeg(index: int) -> bytes:
    """A small frame carrying its index in its red channel."""
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (index % 256, 0, 0)).save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


async def test_s2_latest_gives_the_newest_frame_and_reports_the_skipped(tmp_path: Any) -> None:
    sent: list[tuple[int, float]] = []
    taken: list[tuple[int, float, int]] = []  # (index got, when, newest sent then)

    def slow(frames: Iterator[Image.Image]) -> Iterator[str]:
        for frame in frames:
            index = round(frame.getpixel((16, 12))[0] / 4)
            taken.append((index, time.monotonic(), sent[-1][0]))
            time.sleep(0.2)
            yield str(index)

    async def camera(live: LocalInput) -> None:
        start = time.monotonic()
        for index in range(60):  # 2 s at 30 fps
            sent.append((index, time.monotonic()))
            await live.put(jpeg(index * 4))
            await asyncio.sleep(max(0.0, start + (index + 1) / 30 - time.monotonic()))
        live.end()

    end, events = await run_live(slow, camera, tmp_path)
    assert isinstance(end, Complete)
    assert 5 <= len(taken) <= 15  # about one frame per 200 ms, not all 60
    sent_at = dict(sent)
    for (index, when, newest), (_, before, _) in zip(taken[1:], taken, strict=False):
        assert newest - index <= 1  # the newest frame (one may arrive while it decodes)
        # no older than the last call of the function (its own time) plus one frame:
        assert when - sent_at[index] <= (when - before) + 1 / 30 + 0.05
    skipped = [e.message for e in events if isinstance(e, Alert)]
    assert skipped and all("stale frame" in m for m in skipped)
    total = sum(int(m.split()[0]) for m in skipped)
    assert total == 60 - len(taken)  # every frame is either taken or counted as skipped


async def test_an_async_function_reads_its_input_with_async_for(tmp_path: Any) -> None:
    async def total(audio: AsyncIterator[np.ndarray]) -> AsyncIterator[str]:
        count = 0
        async for pcm in audio:
            count += len(pcm)
            yield str(count)

    end, events = await run_live(total, lambda live: paced_audio(live, 10, 0.002), tmp_path)
    assert isinstance(end, Complete) and end.data == [str(10 * CHUNK)]
    assert [e for e in events if isinstance(e, Output)]


async def test_idle_and_time_limits_end_the_input_with_an_alert(tmp_path: Any) -> None:
    def count(audio: Iterator[np.ndarray]) -> str:
        return str(sum(len(pcm) for pcm in audio))

    async def one_then_silence(live: LocalInput) -> None:
        await live.put(np.zeros(CHUNK, "<i2").tobytes())

    end, events = await run_live(count, one_then_silence, tmp_path, idle=0.2)
    assert isinstance(end, Complete) and end.data == [str(CHUNK)]
    assert any("no input came for 0.2 s" in e.message for e in events if isinstance(e, Alert))

    async def forever(live: LocalInput) -> None:
        while True:
            await live.put(np.zeros(CHUNK, "<i2").tobytes())
            await asyncio.sleep(0.01)

    started = time.monotonic()
    end, events = await run_live(count, forever, tmp_path, time_limit=0.3)
    assert isinstance(end, Complete) and time.monotonic() - started < 3
    assert any("time limit (0.3 s)" in e.message for e in events if isinstance(e, Alert))


async def test_cancel_wakes_a_waiting_function_and_runs_its_finally(tmp_path: Any) -> None:
    cleaned = threading.Event()

    def waits(audio: Iterator[np.ndarray]) -> Iterator[str]:
        try:
            for pcm in audio:
                yield str(len(pcm))
        finally:
            cleaned.set()

    token = CancelToken()

    async def one_then_cancel(live: LocalInput) -> None:
        await live.put(np.zeros(CHUNK, "<i2").tobytes())
        await asyncio.sleep(0.2)
        token.cancel()

    end, _ = await run_live(waits, one_then_cancel, tmp_path, cancel=token)
    assert isinstance(end, Cancelled)
    assert cleaned.is_set()


async def test_a_live_parameter_without_a_stream_or_file_is_a_clear_error(tmp_path: Any) -> None:
    def count(audio: Iterator[np.ndarray]) -> int:
        return 0

    events: list[Event] = []
    end = await run_job(introspect(count), {}, LocalFiles(tmp_path), emit=events.append)
    assert isinstance(end, Failed) and end.param == "audio"
    assert "send a whole file for it, or start a job" in end.message


def test_an_audio_chunk_of_odd_bytes_is_refused_by_name() -> None:
    with pytest.raises(autoui.ValidationError, match="whole 16-bit samples"):
        autoui.Microphone().check_chunk(b"abc")
