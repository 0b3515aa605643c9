"""The live job view: each event kind drawn as a user would see it."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from rich.console import Console

from autoui.events import Alert, Cancelled, Complete, Failed, Output, ProgressUpdate, Started
from autoui.terminal.live import LiveJobView
from autoui.wire import WireFunction

FN = WireFunction.from_json(
    {
        "name": "bake",
        "outputs": [{"name": "out", "component": "textbox", "label": "Out", "props": {}}],
    }
)


def no_file(payload: dict[str, Any]) -> Path:
    raise AssertionError("no file expected")


def view(*, terminal: bool = False, show_result: bool = True) -> tuple[LiveJobView, io.StringIO]:
    out = io.StringIO()
    console = Console(file=out, width=80, force_terminal=terminal, color_system=None)
    return LiveJobView(console, FN, open_file=no_file, show_result=show_result), out


def draw(live: LiveJobView) -> str:
    out = io.StringIO()
    Console(file=out, width=80, color_system=None).print(live._renderable())
    return out.getvalue()


def test_progress_shows_description_counts_and_unit() -> None:
    live, _ = view()
    live.handle(Started())
    assert "Running bake…" in draw(live)
    live.handle(ProgressUpdate(progress=0.3, desc="baking", index=3, total=10, unit="loaves"))
    drawn = draw(live)
    assert "baking" in drawn and "3/10 loaves" in drawn and "Running bake" not in drawn
    live.handle(ProgressUpdate(progress=0.5, desc="cooling"))
    drawn = draw(live)
    assert "cooling" in drawn and "50%" in drawn and "3/10 loaves" in drawn


def test_each_yield_replaces_the_previous_one() -> None:
    live, _ = view()
    live.handle(Output(data=["first draft"]))
    assert "first draft" in draw(live)
    live.handle(Output(data=["second draft"]))
    drawn = draw(live)
    assert "second draft" in drawn and "first draft" not in drawn
    assert live.outputs == 2


def test_alerts_stay_and_the_result_is_printed_once() -> None:
    live, out = view()
    with live:
        live.handle(Started())
        live.handle(Alert(level="info", message="oven hot"))
        live.handle(Alert(level="warning", message="low flour"))
        live.handle(Complete(data=["5 loaves"], duration=0.1))
    assert out.getvalue().splitlines() == ["ℹ oven hot", "⚠ low flour", "5 loaves"]
    assert isinstance(live.outcome, Complete)


def test_result_left_to_the_caller_for_json() -> None:
    live, out = view(show_result=False)
    with live:
        live.handle(Complete(data=["5 loaves"], duration=0.1))
    assert out.getvalue() == ""


def test_error_is_a_panel_titled_by_the_error() -> None:
    live, out = view()
    with live:
        live.handle(Failed(message="the oven is cold", type="Error", title="Oven"))
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("╭─ Oven ") and "the oven is cold" in lines[1]
    live, out = view()
    with live:
        live.handle(Failed(message="ZeroDivisionError: division by zero", type="ZeroDivisionError"))
    assert "╭─ ZeroDivisionError " in out.getvalue()


def test_cancelled_says_so() -> None:
    live, out = view()
    with live:
        live.handle(Cancelled())
    assert out.getvalue() == "Cancelled.\n"
