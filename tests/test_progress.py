from __future__ import annotations

import asyncio
import threading
import warnings

import pytest

import autoui
from autoui.events import Alert, ProgressUpdate
from autoui.progress import current_reporter, reporting


class Recorder:
    def __init__(self) -> None:
        self.events: list[ProgressUpdate | Alert] = []
        self.lock = threading.Lock()

    def report(self, event: ProgressUpdate | Alert) -> None:
        with self.lock:
            self.events.append(event)


def test_fraction_and_counts_are_reported_to_the_current_job() -> None:
    rec = Recorder()
    progress = autoui.Progress()
    with reporting(rec):
        progress(0.4, desc="thinking")
        progress((3, 4), desc="files", unit="files")
        progress(None)
    assert rec.events == [
        ProgressUpdate(progress=0.4, desc="thinking", unit="steps"),
        ProgressUpdate(progress=0.75, desc="files", index=3, total=4, unit="files"),
        ProgressUpdate(progress=None, unit="steps"),
    ]


def test_fractions_are_clamped_and_unknown_totals_give_no_fraction() -> None:
    rec = Recorder()
    with reporting(rec):
        autoui.Progress()(1.7)
        autoui.Progress()((5, None))
    assert rec.events[0].progress == 1.0  # type: ignore[union-attr]
    assert rec.events[1] == ProgressUpdate(progress=None, index=5, total=None, unit="steps")


def test_tqdm_reports_each_step_with_its_total() -> None:
    rec = Recorder()
    with reporting(rec):
        items = list(autoui.Progress().tqdm(["a", "b"], desc="letters"))
    assert items == ["a", "b"]
    assert [(e.index, e.total) for e in rec.events] == [(0, 2), (1, 2), (2, 2)]  # type: ignore[union-attr]
    assert rec.events[-1].progress == 1.0  # type: ignore[union-attr]


def test_tqdm_over_a_generator_has_no_total_unless_given() -> None:
    rec = Recorder()
    with reporting(rec):
        list(autoui.Progress().tqdm(iter(range(2))))
        list(autoui.Progress().tqdm(iter(range(2)), total=2))
    assert rec.events[2].total is None  # type: ignore[union-attr]
    assert rec.events[-1] == ProgressUpdate(progress=1.0, index=2, total=2, unit="steps")


def test_info_and_warning_become_alerts_inside_a_job() -> None:
    rec = Recorder()
    with reporting(rec):
        autoui.Info("saved")
        autoui.Warning("slow input")
    assert rec.events == [Alert("info", "saved"), Alert("warning", "slow input")]


def test_outside_a_job_warning_is_a_python_warning_and_progress_is_silent() -> None:
    with pytest.warns(UserWarning, match="careful"):
        autoui.Warning("careful")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        autoui.Info("only logged")
        autoui.Progress()(0.5)


def test_reports_from_worker_threads_reach_their_own_job() -> None:
    first, second = Recorder(), Recorder()

    async def job(rec: Recorder, name: str) -> None:
        with reporting(rec):
            await asyncio.to_thread(autoui.Info, name)

    async def main() -> None:
        await asyncio.gather(job(first, "one"), job(second, "two"))

    asyncio.run(main())
    assert first.events == [Alert("info", "one")]
    assert second.events == [Alert("info", "two")]
    assert current_reporter() is None
