"""Finding a function again in a slot process, and refusing to run one that reads differently."""

from __future__ import annotations

from pathlib import Path

import fns_isolated
import pytest

import autoui
from autoui.cancel import CancelToken
from autoui.errors import SpecError
from autoui.events import Failed
from autoui.introspect import introspect
from autoui.isolation import ExecutionSettings, make_execution
from autoui.isolation.fnref import FunctionRef
from autoui.localfiles import LocalFiles


def test_a_function_another_process_cannot_import_is_refused_up_front() -> None:
    def local(text: str) -> str:
        return text

    with pytest.raises(SpecError, match="local: --isolation process needs a function"):
        make_execution(ExecutionSettings(isolation="process"), [introspect(local)])


def test_a_reference_finds_the_same_function_and_spec() -> None:
    spec = introspect(fns_isolated.shout)
    again = FunctionRef.of(spec).resolve()
    assert again.fn is fns_isolated.shout and again.to_json() == spec.to_json()


async def test_a_function_read_differently_in_the_child_fails_its_job_clearly(
    tmp_path: Path,
) -> None:
    with autoui.registered(int, autoui.Slider(minimum=0, maximum=10)):
        spec = introspect(fns_isolated.exits)  # read with a registration the child lacks
    execution = make_execution(ExecutionSettings(isolation="process"), [spec])
    try:
        event = await execution.call(
            spec, {"code": 3}, LocalFiles(tmp_path), emit=lambda _: None, cancel=CancelToken()
        )
    finally:
        await execution.aclose()
    assert isinstance(event, Failed) and event.type == "WorkerStartFailed"
    assert "exits reads differently in a worker process" in event.message
