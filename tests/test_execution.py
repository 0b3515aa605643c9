"""run_job / run_job_batch: wire payload in, events out; inputs decoded when the job starts."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import numpy as np
import PIL.Image
import pytest

import autoui
from autoui.cancel import CancelToken
from autoui.events import Cancelled, Complete, Event, Failed
from autoui.execution import JobInput, decode_inputs, run_job, run_job_batch
from autoui.introspect import introspect
from autoui.limits import InputLimits
from autoui.localfiles import LocalFiles


class Recorder:
    def __init__(self) -> None:
        self.events: list[Event] = []

    def __call__(self, event: Event) -> None:
        self.events.append(event)

    def kinds(self) -> list[str]:
        return [event.kind for event in self.events]



@pytest.fixture
def png(tmp_path: Path) -> dict[str, str]:
    path = tmp_path / "grey.png"
    PIL.Image.new("1", (300, 200), 1).save(path)
    return {"path": str(path)}


def shape(image: np.ndarray) -> str:
    return f"{image.shape} {image.dtype} {int(image.min())}"


class Watched(LocalFiles):
    """Notes the thread each input file is resolved in."""

    threads: list[int]

    def resolve_input(self, payload: Any) -> Path:
        self.threads.append(threading.get_ident())
        return super().resolve_input(payload)


async def test_inputs_are_decoded_when_the_job_starts_in_a_worker_thread(
    tmp_path: Path, png: dict[str, str]
) -> None:
    files = Watched(tmp_path / "out")
    files.threads = []
    recorder = Recorder()
    event = await run_job(introspect(shape), {"image": png}, files, emit=recorder)
    assert recorder.kinds() == ["started", "complete"]
    assert isinstance(event, Complete) and event.data == ["(200, 300, 3) uint8 255"]
    assert files.threads and threading.get_ident() not in files.threads  # off the loop
    kwargs = await decode_inputs(introspect(shape), [png], files)
    assert kwargs["image"].flags.writeable  # the function may change its array


async def test_a_decode_failure_ends_the_job_with_a_validation_error(
    files: LocalFiles, png: dict[str, str], tmp_path: Path
) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("not an image")
    recorder = Recorder()
    event = await run_job(introspect(shape), {"image": {"path": str(text)}}, files, emit=recorder)
    assert recorder.kinds() == ["error"]  # no "started": the function never ran
    assert isinstance(event, Failed) and event.type == "ValidationError"
    assert event.param == "image" and event.message.startswith("image: expected an image file")

    small = InputLimits(max_decoded_bytes=100_000)  # 300×200×3 = 180,000 bytes
    event = await run_job(introspect(shape), [png], files, emit=Recorder(), limits=small)
    assert isinstance(event, Failed) and event.param == "image"
    assert "too large to decode" in event.message and "300×200 pixels in RGB" in event.message


async def test_a_cancelled_job_never_decodes(files: LocalFiles) -> None:
    token = CancelToken()
    token.cancel()
    recorder = Recorder()
    event = await run_job(
        introspect(shape), [{"path": "/nonexistent.png"}], files, emit=recorder, cancel=token
    )
    assert isinstance(event, Cancelled) and recorder.kinds() == ["cancelled"]


async def test_in_a_batch_only_the_bad_member_fails(
    files: LocalFiles, png: dict[str, str], tmp_path: Path
) -> None:
    calls: list[int] = []

    @autoui.batch(max_batch_size=8)
    def shapes(images: list[np.ndarray]) -> list[str]:
        calls.append(len(images))
        return [shape(image) for image in images]

    bad = tmp_path / "bad.png"
    bad.write_bytes(b"\x89PNG broken")
    recorders = [Recorder() for _ in range(3)]
    payloads: list[Any] = [[png], [{"path": str(bad)}], [png]]
    members = [JobInput(data, files, rec) for data, rec in zip(payloads, recorders, strict=True)]
    events = await run_job_batch(introspect(shapes), members)
    assert calls == [2]  # the good members ran as one batch
    assert [e.kind for e in events] == ["complete", "error", "complete"]
    assert recorders[1].kinds() == ["error"] and recorders[0].kinds() == ["started", "complete"]
    failed = events[1]
    assert isinstance(failed, Failed) and failed.param == "images"
