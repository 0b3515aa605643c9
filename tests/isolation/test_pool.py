"""``ProcessExecution`` over real slot processes: stop, contain, limit, and run every kind.

Each test starts its own pool (forkserver children of this test process), runs real
functions from ``fns_isolated`` in them, and reads the events a front end would see.
Time bounds are the issue's (cancelled within grace + 0.5 s), never tighter.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
from isolation_harness import GRACE, MakeRunner, Recorder

from autoui.cancel import CancelToken
from autoui.events import Cancelled, Complete, Failed, Output, ProgressUpdate
from autoui.isolation import JobInput


# -- stopping -----------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["busy", "nap"])
async def test_a_cancel_interrupts_the_code_its_finally_runs_and_the_slot_lives_on(
    make_runner: MakeRunner, note: Path, name: str
) -> None:
    runner = make_runner()
    before = await runner.call("pid", {})
    task, recorder, token = runner.start(name, {"note": str(note)})
    await asyncio.wait_for(recorder.started.wait(), 60)
    await _until(lambda: note.exists())
    cancelled_at = time.monotonic()
    token.cancel()
    event = await asyncio.wait_for(task, GRACE + 5)
    took = time.monotonic() - cancelled_at
    assert isinstance(event, Cancelled) and recorder.kinds() == ["started", "cancelled"]
    assert took < GRACE  # the soft stage did it: no kill was needed
    assert note.read_text().splitlines() == ["started", "finally"]
    after = await runner.call("pid", {})
    assert isinstance(before, Complete) and isinstance(after, Complete)
    assert after.data == before.data  # the same process, with what it had loaded


async def test_code_holding_the_interpreter_in_c_is_killed_after_the_grace(
    make_runner: MakeRunner,
) -> None:
    runner = make_runner()
    before = await runner.call("pid", {})
    task, recorder, token = runner.start("stuck", {"size": 40})
    await asyncio.wait_for(recorder.started.wait(), 60)
    cancelled_at = time.monotonic()
    token.cancel()
    event = await asyncio.wait_for(task, GRACE + 5)
    took = time.monotonic() - cancelled_at
    assert isinstance(event, Cancelled)
    assert GRACE <= took < GRACE + 0.5
    after = await runner.call("pid", {})  # the next job runs, on a fresh process
    assert isinstance(before, Complete) and isinstance(after, Complete)
    assert after.data != before.data


async def test_a_job_cancelled_while_waiting_for_its_slot_never_runs(
    make_runner: MakeRunner, note: Path
) -> None:
    runner = make_runner(slots=1)
    task, recorder, token = runner.start("nap", {"note": str(note), "seconds": 1.0})
    await asyncio.wait_for(recorder.started.wait(), 60)
    second, second_recorder, second_token = runner.start("pid", {})
    await asyncio.sleep(0.1)
    second_token.cancel()
    assert isinstance(await second, Cancelled) and second_recorder.kinds() == ["cancelled"]
    assert isinstance(await task, Complete)


# -- crashes ------------------------------------------------------------------------------
async def test_a_segfault_fails_only_its_own_job(make_runner: MakeRunner, note: Path) -> None:
    runner = make_runner(slots=2)
    other, recorder, _ = runner.start("waits", {"flag": str(note)})
    await asyncio.wait_for(recorder.started.wait(), 60)
    crashed = await runner.call("segfault", {})
    assert isinstance(crashed, Failed) and crashed.type == "WorkerCrashed"
    assert "died" in crashed.message and "SIGSEGV" in crashed.message
    assert not other.done()
    note.write_text("go")
    assert isinstance(await other, Complete)  # the other slot went on
    assert isinstance(await runner.call("pid", {}), Complete)


async def test_a_process_killed_from_outside_is_reported_as_such(make_runner: MakeRunner) -> None:
    runner = make_runner()
    event = await runner.call("killed", {})
    assert isinstance(event, Failed) and event.type == "WorkerCrashed"
    assert "killed by signal SIGKILL (out of memory, or killed from outside)" in event.message


async def test_a_function_that_keeps_crashing_is_reported(make_runner: MakeRunner) -> None:
    runner = make_runner()
    for _ in range(3):
        event = await runner.call("exits", {"code": 3})
        assert isinstance(event, Failed) and event.type == "WorkerCrashed"
        assert "exit code 3" in event.message
    crashing = runner.execution.health()["crashing"]
    assert crashing == {"exits": {"crashes_in_a_row": 3, "last": "exit code 3"}}
    assert isinstance(await runner.call("pid", {}), Complete)  # the pool still serves


# -- time limits --------------------------------------------------------------------------
async def test_a_function_over_its_own_time_limit_ends_with_TimeLimit(
    make_runner: MakeRunner,
) -> None:
    runner = make_runner()
    started = time.monotonic()
    event = await runner.call("slow", {})
    assert isinstance(event, Failed) and event.type == "TimeLimit"
    assert "0.5 s" in event.message and "stopped" in event.message
    assert time.monotonic() - started < 0.5 + GRACE + 0.5
    assert isinstance(await runner.call("pid", {}), Complete)


async def test_the_default_time_limit_applies_to_unmarked_functions(
    make_runner: MakeRunner, note: Path
) -> None:
    runner = make_runner(time_limit=0.5)
    event = await runner.call("nap", {"note": str(note)})
    assert isinstance(event, Failed) and event.type == "TimeLimit"
    assert note.read_text().splitlines() == ["started", "finally"]  # stopped softly


# -- every kind of function ---------------------------------------------------------------
async def test_a_generator_streams_each_yield_as_it_comes(make_runner: MakeRunner) -> None:
    runner = make_runner()
    recorder = Recorder()
    event = await runner.call("ticks", {"count": 3, "delay": 0.3}, recorder)
    timed = zip(recorder.events, recorder.times, strict=True)
    outputs = [(e, t) for e, t in timed if isinstance(e, Output)]
    assert [e.data for e, _ in outputs] == [["tick 0"], ["tick 1"], ["tick 2"]]
    assert outputs[1][1] - outputs[0][1] > 0.2  # sent one by one, not at the end
    assert isinstance(event, Complete) and event.data == ["tick 2"]


async def test_progress_alerts_and_tqdm_reach_the_job(make_runner: MakeRunner) -> None:
    runner = make_runner()
    recorder = Recorder()
    event = await runner.call("chatty", {"steps": 3}, recorder)
    assert isinstance(event, Complete) and event.data == ["3 steps"]
    assert "alert" in recorder.kinds()
    bars = [e for e in recorder.events if isinstance(e, ProgressUpdate)]
    assert bars and bars[-1].desc == "crunching" and bars[-1].progress == 1.0


async def test_a_batch_runs_as_one_call_in_one_process(make_runner: MakeRunner) -> None:
    runner = make_runner()
    recorders = [Recorder() for _ in range(3)]
    members = [
        JobInput({"texts": text}, runner.files, recorder)
        for text, recorder in zip(["a", "b", "c"], recorders, strict=True)
    ]
    events = await runner.execution.call_batch(runner.fn("shout"), members, cancel=CancelToken())
    texts = [e.data[0] for e in events if isinstance(e, Complete)]
    assert [t.split()[0] for t in texts] == ["A", "B", "C"]
    assert len({t.split()[-1] for t in texts}) == 1  # one process ran the batch
    assert all(r.kinds() == ["started", "complete"] for r in recorders)


async def test_output_files_reach_the_jobs_own_file_context(
    make_runner: MakeRunner, tmp_path: Path
) -> None:
    runner = make_runner()
    event = await runner.call("swatch", {"width": 8})
    assert isinstance(event, Complete)
    payload = event.data[0]
    saved = Path(payload["path"])
    assert saved.parent == tmp_path / "out" and saved.read_bytes()[:4] == b"\x89PNG"
    from PIL import Image

    assert Image.open(saved).size == (8, 4)


async def _until(condition: object, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "condition never held"
        await asyncio.sleep(0.01)
