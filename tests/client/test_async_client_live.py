"""autoui.AsyncClient against the same real server: the same behaviour, awaited."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from client_harness import CuttingProxy
from PIL import Image

from autoui import AsyncClient, ClientError
from autoui.events import Alert, Cancelled, Complete, Output


async def test_predict_and_concurrent_calls(demo_url: str) -> None:
    async with AsyncClient(demo_url) as client:
        assert await client.predict("echo", "hi") == "hi"
        answers = await asyncio.gather(*(client.predict("echo", str(i)) for i in range(8)))
        assert answers == [str(i) for i in range(8)]


async def test_streaming_job(demo_url: str) -> None:
    async with AsyncClient(demo_url) as client:
        job = await client.submit("count", n=3, delay=0.02)
        events = [event async for event in job]
        assert [e.data for e in events if isinstance(e, Output)] == [[1], [2], [3]]
        assert [e.message for e in events if isinstance(e, Alert)] == ["counting", "done counting"]
        assert isinstance(events[-1], Complete)
        assert await job.result(timeout=30) == 3
        assert await job.outputs() == [1, 2, 3]
        assert job.status().state == "complete"


async def test_errors_and_argument_checks(demo_url: str) -> None:
    async with AsyncClient(demo_url) as client:
        with pytest.raises(ClientError, match="no face") as info:
            await client.predict("fail", "no face")
        assert info.value.type == "Error"
        with pytest.raises(ClientError) as info:
            await client.predict("next_day", day="tuesday")
        assert info.value.param == "day" and info.value.status == 422
        with pytest.raises(ClientError, match="no parameter 'days'"):
            await client.submit("next_day", days="2024-01-01")


async def test_files_and_images(demo_url: str, tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text("abc")
    async with AsyncClient(demo_url, download_dir=tmp_path / "out") as client:
        loud, size = await client.predict("shout", doc)
        assert loud.read_text() == "ABC" and size == 3
        assert loud.is_relative_to(tmp_path / "out")
        image = await client.predict("invert", Image.new("L", (3, 3), 0))
        assert image.getpixel((1, 1)) == (255, 255, 255)


async def test_cancel(demo_url: str) -> None:
    async with AsyncClient(demo_url) as client:
        job = await client.submit("count", n=200, delay=0.05)
        async for event in job:
            if isinstance(event, Output):
                assert await job.cancel() is True
            if event.terminal:
                break
        assert isinstance(event, Cancelled)
        with pytest.raises(ClientError, match="cancelled"):
            await job.result(timeout=30)


async def test_resumes_an_interrupted_stream(demo_url: str) -> None:
    proxy = CuttingProxy(int(demo_url.rsplit(":", 1)[1]))
    try:
        async with AsyncClient(proxy.url) as client:
            job = await client.submit("count", n=6, delay=0.1)
            seen: list[int] = []
            async for event in job:
                if isinstance(event, Output):
                    seen.append(event.data[0])
                    if len(seen) == 1:
                        proxy.cut()
            assert seen == [1, 2, 3, 4, 5, 6]
            assert await job.result(timeout=30) == 6
        assert any("last-event-id:" in r.lower() for r in proxy.requests if "/events" in r)
    finally:
        proxy.close()
