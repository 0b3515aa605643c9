"""Helpers of the isolation tests: executions over real slot processes, and an event recorder.

Importable as ``isolation_harness`` because pytest puts this folder on ``sys.path``
(its ``conftest.py``), as ``server_harness`` is for the server tests.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

import fns_isolated

from autoui.cancel import CancelToken
from autoui.events import Event
from autoui.introspect import introspect
from autoui.isolation import Execution
from autoui.localfiles import LocalFiles
from autoui.spec import FunctionSpec

GRACE = 1.5  # seconds between the soft and the hard stage in these tests

NAMES = (
    "pid busy nap waits stuck segfault exits killed quits slow ticks chatty shout swatch size_of"
).split()
FUNCTIONS = {name: introspect(getattr(fns_isolated, name)) for name in NAMES}


class Recorder:
    """An ``emit`` that keeps each event with its arrival time; ``started`` can be awaited."""

    def __init__(self) -> None:
        self.events: list[Event] = []
        self.times: list[float] = []
        self.started = asyncio.Event()

    def __call__(self, event: Event) -> None:
        self.events.append(event)
        self.times.append(time.monotonic())
        if event.kind == "started":
            self.started.set()

    def kinds(self) -> list[str]:
        return [event.kind for event in self.events]


Started = tuple[asyncio.Task[Event], Recorder, CancelToken]


class Runner:
    """Runs jobs on one execution, as the queue would."""

    def __init__(self, execution: Execution, files: LocalFiles) -> None:
        self.execution = execution
        self.files = files

    def fn(self, name: str) -> FunctionSpec:
        return FUNCTIONS[name]

    async def call(self, name: str, data: dict[str, Any], recorder: Recorder | None = None,
                   cancel: CancelToken | None = None) -> Event:  # fmt: skip
        return await self.execution.call(
            FUNCTIONS[name], data, self.files, emit=recorder or Recorder(),
            cancel=cancel or CancelToken(),
        )  # fmt: skip

    def start(self, name: str, data: dict[str, Any]) -> Started:
        """The job runs in a task: (the task, its recorder, its cancel token)."""
        recorder, token = Recorder(), CancelToken()
        task = asyncio.create_task(self.call(name, data, recorder, token))
        return task, recorder, token


MakeRunner = Callable[..., Runner]
