"""The runner: one call or one batch of a real function, as the event sequence front ends see."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

import autoui
from autoui.events import (
    Alert,
    Cancelled,
    Complete,
    Event,
    Failed,
    Output,
    ProgressUpdate,
    Started,
)
from autoui.introspect import introspect
from autoui.localfiles import LocalFiles
from autoui.progress_relay import JobReporter
from autoui.runner import CancelToken, run_batch, run_call


class Recorder:
    """An ``emit`` that keeps each event with its arrival time and thread."""

    def __init__(self) -> None:
        self.events: list[Event] = []
        self.times: list[float] = []
        self.threads: set[int] = set()

    def __call__(self, event: Event) -> None:
        self.events.append(event)
        self.times.append(time.monotonic())
        self.threads.add(threading.get_ident())

    def kinds(self) -> list[str]:
        return [event.kind for event in self.events]



async def run(fn: Any, kwargs: dict[str, Any], files: LocalFiles, **kw: Any) -> Recorder:
    recorder = Recorder()
    result = await run_call(introspect(fn), kwargs, files=files, emit=recorder, **kw)
    assert result is recorder.events[-1]
    return recorder


# -- plain calls --------------------------------------------------------------------------
def shout(text: str) -> str:
    return text.upper() + "!"


async def whisper(text: str) -> str:
    await asyncio.sleep(0.01)
    return text.lower()


async def test_a_sync_function_runs_in_a_thread_and_emits_on_the_loop(files: LocalFiles) -> None:
    seen: list[int] = []

    def where(text: str) -> str:
        seen.append(threading.get_ident())
        return text

    recorder = await run(where, {"text": "x"}, files)
    assert recorder.kinds() == ["started", "complete"]
    assert seen[0] != threading.get_ident()  # the function ran in a worker thread
    assert recorder.threads == {threading.get_ident()}  # events arrived on the loop thread
    complete = recorder.events[-1]
    assert isinstance(complete, Complete) and complete.data == ["x"] and complete.duration


async def test_sync_and_async_results(files: LocalFiles) -> None:
    assert (await run(shout, {"text": "hi"}, files)).events[-1] == Complete(
        data=["HI!"], duration=pytest.approx(0, abs=1)
    )
    recorder = await run(whisper, {"text": "HI"}, files)
    assert recorder.events[-1].data == ["hi"]  # type: ignore[attr-defined]


# -- generators ---------------------------------------------------------------------------
def tick(n: int = 3) -> Iterator[int]:
    for i in range(n):
        time.sleep(0.1)
        yield i


async def atick(n: int = 3) -> AsyncIterator[int]:
    for i in range(n):
        await asyncio.sleep(0.1)
        yield i


def nothing() -> Iterator[str]:
    yield from ()


@pytest.mark.parametrize("fn", [tick, atick])
async def test_each_yield_is_an_output_as_it_happens(files: LocalFiles, fn: Any) -> None:
    recorder = await run(fn, {"n": 3}, files)
    assert recorder.kinds() == ["started", "output", "output", "output", "complete"]
    assert [e.data for e in recorder.events[1:4]] == [[0], [1], [2]]  # type: ignore[attr-defined]
    assert recorder.events[-1].data == [2]  # type: ignore[attr-defined]
    outputs = recorder.times[1:4]
    assert outputs[1] - outputs[0] > 0.05 and outputs[2] - outputs[1] > 0.05


async def test_a_generator_that_yields_nothing(files: LocalFiles) -> None:
    recorder = await run(nothing, {}, files)
    assert recorder.kinds() == ["started", "complete"]
    assert recorder.events[-1].data == [None]  # type: ignore[attr-defined]


# -- progress and alerts ------------------------------------------------------------------
def busy(steps: int = 20000, progress: autoui.Progress = autoui.Progress()) -> str:
    autoui.Info("go")
    for i in range(steps):
        progress((i + 1, steps), desc="busy")
        if i % 1000 == 0:
            time.sleep(0.01)
    autoui.Warning("careful")
    return "ok"


async def test_progress_is_throttled_but_first_and_last_get_through(files: LocalFiles) -> None:
    start = time.monotonic()
    recorder = await run(busy, {}, files)
    elapsed = time.monotonic() - start
    progress = [e for e in recorder.events if isinstance(e, ProgressUpdate)]
    assert progress[0].index == 1 and progress[-1].progress == 1.0
    assert progress[-1].index == 20000 and progress[-1].desc == "busy"
    assert 2 <= len(progress) <= elapsed * 10 + 5  # about ten a second, not 20 000
    alerts = [e for e in recorder.events if isinstance(e, Alert)]
    assert alerts == [Alert("info", "go"), Alert("warning", "careful")]
    assert recorder.kinds()[-1] == "complete"


def with_tqdm(n: int = 5, progress: autoui.Progress = autoui.Progress(track_tqdm=True)) -> int:
    from tqdm import tqdm

    total = 0
    for i in tqdm(range(n), desc="crunch", disable=False, mininterval=0):
        time.sleep(0.12)
        total += i
    return total


def without_tqdm(n: int = 5, progress: autoui.Progress = autoui.Progress()) -> int:
    from tqdm import tqdm

    return sum(tqdm(range(n), mininterval=0))


async def test_track_tqdm_reports_the_functions_own_bars(
    files: LocalFiles, capfd: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("tqdm")
    recorder = await run(with_tqdm, {}, files)
    assert "crunch" not in capfd.readouterr().err  # a tracked bar draws nowhere itself
    progress = [e for e in recorder.events if isinstance(e, ProgressUpdate)]
    assert progress and all(p.desc == "crunch" and p.total == 5 for p in progress)
    assert progress[-1].index == 5 and progress[-1].progress == 1.0
    assert len(progress) >= 3  # reported along the way, not only at the end

    quiet = await run(without_tqdm, {}, files)
    assert not [e for e in quiet.events if isinstance(e, ProgressUpdate)]
    assert "5/5" in capfd.readouterr().err  # an untracked bar is the function's own business


async def test_concurrent_jobs_hear_only_their_own_reports(files: LocalFiles) -> None:
    def chatty(name: str) -> str:
        for _ in range(5):
            autoui.Info(name)
            time.sleep(0.01)
        return name

    a, b = Recorder(), Recorder()
    spec = introspect(chatty)
    await asyncio.gather(
        run_call(spec, {"name": "a"}, files=files, emit=a),
        run_call(spec, {"name": "b"}, files=files, emit=b),
    )
    assert {e.message for e in a.events if isinstance(e, Alert)} == {"a"}
    assert {e.message for e in b.events if isinstance(e, Alert)} == {"b"}


def test_reporter_holds_back_and_then_delivers_the_latest() -> None:
    async def scenario() -> list[Event]:
        got: list[Event] = []
        reporter = JobReporter(asyncio.get_running_loop(), got.append, interval=0.05)
        for i in range(1, 5):
            reporter.report(ProgressUpdate(progress=i / 10))
        await asyncio.sleep(0.1)
        reporter.close()
        reporter.report(ProgressUpdate(progress=0.9))  # after close: dropped
        return got

    got = asyncio.run(scenario())
    assert got == [ProgressUpdate(progress=0.1), ProgressUpdate(progress=0.4)]


def test_one_bar_finishing_keeps_another_bars_held_update() -> None:
    """The 100 % rule: a bar's final update goes at once, and drops only its own held one."""

    async def scenario() -> list[Event]:
        got: list[Event] = []
        reporter = JobReporter(asyncio.get_running_loop(), got.append, interval=0.2)
        reporter.report(ProgressUpdate(index=1, total=3, progress=1 / 3, desc="epochs"))
        reporter.report(ProgressUpdate(index=2, total=3, progress=2 / 3, desc="epochs"))  # held
        reporter.report(ProgressUpdate(index=29, total=30, progress=29 / 30, desc="batches"))
        reporter.report(ProgressUpdate(index=30, total=30, progress=1.0, desc="batches"))
        await asyncio.sleep(0.4)
        reporter.close()
        return got

    got = asyncio.run(scenario())
    shown = [(e.desc, e.index) for e in got if isinstance(e, ProgressUpdate)]
    assert shown == [("epochs", 1), ("batches", 30), ("epochs", 2)]


# -- failures -----------------------------------------------------------------------------
def broken(text: str) -> str:
    raise RuntimeError("the secret is 42")


def deliberate(text: str) -> str:
    raise ValueError(f"{text!r} is not a valid code")


def polite(text: str) -> str:
    raise autoui.Error("no face found", title="Sorry")


def liar(text: str) -> int:
    return "not a number"  # type: ignore[return-value]


async def test_failures(files: LocalFiles, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, logger="autoui"):
        hidden = (await run(broken, {"text": "x"}, files)).events[-1]
    assert hidden == Failed(message="RuntimeError", type="RuntimeError")
    assert "the secret is 42" in caplog.text and "Traceback" in caplog.text
    shown = (await run(broken, {"text": "x"}, files, show_errors=True)).events[-1]
    assert shown == Failed(message="RuntimeError: the secret is 42", type="RuntimeError")
    # A ValueError the function raises on purpose is meant for the user (autoui.failures).
    told = (await run(deliberate, {"text": "x"}, files)).events[-1]
    assert told == Failed(message="ValueError: 'x' is not a valid code", type="ValueError")
    assert (await run(polite, {"text": "x"}, files)).events[-1] == Failed(
        message="no face found", type="Error", title="Sorry"
    )
    wrong = (await run(liar, {"text": "x"}, files)).events[-1]
    assert isinstance(wrong, Failed) and wrong.type == "SpecError" and "liar" in wrong.message


# -- cancel -------------------------------------------------------------------------------
async def cancel_after(token: CancelToken, recorder: Recorder, kind: str) -> None:
    for _ in range(400):
        if kind in recorder.kinds():
            token.cancel()
            return
        await asyncio.sleep(0.01)


async def test_cancel_closes_a_running_generator_at_its_next_yield(files: LocalFiles) -> None:
    closed = threading.Event()

    def endless() -> Iterator[int]:
        try:
            i = 0
            while True:
                time.sleep(0.02)
                yield i
                i += 1
        finally:
            closed.set()

    token, recorder = CancelToken(), Recorder()
    spec = introspect(endless)
    result, _ = await asyncio.gather(
        run_call(spec, {}, files=files, emit=recorder, cancel=token),
        cancel_after(token, recorder, "output"),
    )
    assert result == Cancelled() and closed.is_set()
    assert recorder.kinds().count("cancelled") == 1 and recorder.kinds()[-1] == "cancelled"


async def test_cancel_of_async_code_interrupts_its_await(files: LocalFiles) -> None:
    cleaned: list[str] = []

    async def sleepy() -> str:
        try:
            await asyncio.sleep(30)
        finally:
            cleaned.append("sleepy")
        return "never"

    async def astream() -> AsyncIterator[int]:
        try:
            yield 1
            await asyncio.sleep(30)
            yield 2
        finally:
            cleaned.append("astream")

    for fn, after in ((sleepy, "started"), (astream, "output")):
        token, recorder = CancelToken(), Recorder()
        start = time.monotonic()
        result, _ = await asyncio.gather(
            run_call(introspect(fn), {}, files=files, emit=recorder, cancel=token),
            cancel_after(token, recorder, after),
        )
        assert result == Cancelled() and time.monotonic() - start < 5
    assert cleaned == ["sleepy", "astream"]


async def test_cancel_of_a_sync_function_answers_at_once_and_discards_its_result(
    files: LocalFiles,
) -> None:
    def stubborn() -> str:
        time.sleep(0.6)
        return "late"

    token, recorder = CancelToken(), Recorder()
    start = time.monotonic()
    result, _ = await asyncio.gather(
        run_call(introspect(stubborn), {}, files=files, emit=recorder, cancel=token),
        cancel_after(token, recorder, "started"),
    )
    cancelled_at = recorder.times[recorder.kinds().index("cancelled")] - start
    assert result == Cancelled() and recorder.kinds() == ["started", "cancelled"]
    assert cancelled_at < 0.4  # emitted when asked, not when the thread finished
    assert time.monotonic() - start >= 0.55  # but run_call waited for the code to stop


async def test_a_job_cancelled_before_it_starts_never_runs(files: LocalFiles) -> None:
    called: list[bool] = []

    def never() -> str:
        called.append(True)
        return "x"

    token = CancelToken()
    token.cancel()
    recorder = Recorder()
    assert await run_call(introspect(never), {}, files=files, emit=recorder, cancel=token) == (
        Cancelled()
    )
    assert recorder.kinds() == ["cancelled"] and not called


# -- batches ------------------------------------------------------------------------------
@autoui.batch(max_batch_size=4)
def double(numbers: list[int], progress: autoui.Progress = autoui.Progress()) -> list[int]:
    progress(0.5)
    return [n * 2 for n in numbers]


@autoui.batch
def bad_batch(numbers: list[int]) -> list[int]:
    return [1]


@autoui.batch
def failing_batch(numbers: list[int]) -> list[int]:
    raise autoui.Error("batch broke")


async def test_a_batch_hands_each_job_its_own_result(files: LocalFiles) -> None:
    recorders = [Recorder() for _ in range(3)]
    results = await run_batch(
        introspect(double),
        [{"numbers": 1}, {"numbers": 2}, {"numbers": 3}],
        files_list=[files] * 3,
        emits=recorders,
    )
    assert [r.data for r in results] == [[2], [4], [6]]  # type: ignore[attr-defined]
    for recorder, result in zip(recorders, results, strict=True):
        assert recorder.kinds() == ["started", "progress", "complete"]
        assert recorder.events[-1] is result


@pytest.mark.parametrize(("fn", "kind"), [(bad_batch, "SpecError"), (failing_batch, "Error")])
async def test_a_failing_batch_fails_every_job(files: LocalFiles, fn: Any, kind: str) -> None:
    recorders = [Recorder(), Recorder()]
    results = await run_batch(
        introspect(fn), [{"numbers": 1}, {"numbers": 2}], files_list=[files] * 2, emits=recorders
    )
    assert all(isinstance(r, Failed) and r.type == kind for r in results)
    assert [r.kinds() for r in recorders] == [["started", "error"]] * 2


async def test_run_batch_checks_its_arguments(files: LocalFiles) -> None:
    with pytest.raises(ValueError, match="one files context and one emit per job"):
        await run_batch(introspect(double), [{"numbers": 1}], files_list=[], emits=[Recorder()])


def test_output_events_are_plain_records() -> None:
    assert Output(data=[1]).to_dict() == {"data": [1]} and Started().kind == "started"


# -- the heavy trait ------------------------------------------------------------------------
async def test_heavy_outputs_are_converted_off_the_event_loop(files: LocalFiles) -> None:
    from dataclasses import dataclass
    from typing import Annotated, ClassVar

    from autoui.components.base import Component, Traits

    threads: dict[str, int] = {}

    @dataclass(frozen=True)
    class Recording(Component):
        kind: ClassVar[str] = "recording"
        name: str = "light"

        def postprocess(self, value: Any, files: Any) -> Any:
            threads[self.name] = threading.get_ident()
            return value

    @dataclass(frozen=True)
    class HeavyRecording(Recording):
        traits: ClassVar[Traits] = Traits(heavy=True)

    async def light() -> str:
        return "x"

    async def heavy() -> str:
        return "x"

    # Real objects, not strings: the classes are local to this test.
    light.__annotations__["return"] = Annotated[str, Recording(name="light")]
    heavy.__annotations__["return"] = Annotated[str, HeavyRecording(name="heavy")]

    await run(light, {}, files)
    await run(heavy, {}, files)
    assert threads["light"] == threading.get_ident()  # cheap: converted on the loop
    assert threads["heavy"] != threading.get_ident()  # reads or writes files: in a thread
