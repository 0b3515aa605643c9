"""Fixtures of the isolation tests: executions over real slot processes, closed after."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from isolation_harness import FUNCTIONS, GRACE, MakeRunner, Runner

from autoui.isolation import Execution, ExecutionSettings, make_execution
from autoui.localfiles import LocalFiles


@pytest.fixture
async def make_runner(tmp_path: Path) -> AsyncIterator[MakeRunner]:
    """``make_runner(isolation="process", **settings)``; every execution is closed after."""
    made: list[Execution] = []

    def make(**settings: Any) -> Runner:
        settings.setdefault("isolation", "process")
        settings.setdefault("cancel_grace", GRACE)
        execution = make_execution(ExecutionSettings(**settings), list(FUNCTIONS.values()))
        made.append(execution)
        return Runner(execution, LocalFiles(tmp_path / "out"))

    yield make
    for execution in made:
        await execution.aclose()


@pytest.fixture
def note(tmp_path: Path) -> Path:
    return tmp_path / "note.txt"
