"""``ThreadExecution``: time limits (the job ends when due; what stops depends on the code)
and a function that tries to end the process."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from isolation_harness import MakeRunner, Recorder

from autoui.events import Complete, Failed, Output


async def test_a_generator_over_the_limit_stops_at_its_next_yield(make_runner: MakeRunner) -> None:
    runner = make_runner(isolation="thread", time_limit=0.5)
    recorder = Recorder()
    event = await runner.call("ticks", {"count": 50, "delay": 0.2}, recorder)
    assert isinstance(event, Failed) and event.type == "TimeLimit"
    assert "it was stopped" in event.message
    assert 1 <= sum(isinstance(e, Output) for e in recorder.events) <= 5
    assert recorder.kinds()[-1] == "error"


async def test_a_sync_function_over_the_limit_ends_the_job_but_runs_on(
    make_runner: MakeRunner, note: Path
) -> None:
    runner = make_runner(isolation="thread", time_limit=0.3)
    recorder = Recorder()
    started = time.monotonic()
    event = await runner.call("nap", {"note": str(note), "seconds": 1.0}, recorder)
    returned = time.monotonic() - started
    assert isinstance(event, Failed) and event.type == "TimeLimit"
    assert "its result is discarded" in event.message
    ended = recorder.times[-1] - started
    assert ended < 0.9 <= returned  # the job ended at the limit; the call ran to its end
    assert note.read_text().splitlines() == ["started", "finally"]


async def test_without_a_limit_nothing_changes(make_runner: MakeRunner, note: Path) -> None:
    runner = make_runner(isolation="thread")
    event = await runner.call("nap", {"note": str(note), "seconds": 0.05})
    assert isinstance(event, Complete)


@pytest.mark.parametrize("isolation", ["thread", "process"])
async def test_sys_exit_in_a_function_ends_its_job_not_the_event_loop(
    make_runner: MakeRunner, isolation: str
) -> None:
    runner = make_runner(isolation=isolation, show_errors=True)
    event = await runner.call("quits", {"code": 3})
    assert isinstance(event, Failed) and event.type == "FunctionExit"
    assert event.message == "FunctionExit: SystemExit(3)"
    assert isinstance(await runner.call("pid", {}), Complete)  # the same execution goes on
