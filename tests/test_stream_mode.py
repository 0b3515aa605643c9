"""Append mode: ``yield token`` builds the output's text; every event carries the text so far."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Annotated, Any, NamedTuple

import pytest
from rich.console import Console

import autoui
from autoui.errors import SpecError
from autoui.events import Complete, Output
from autoui.introspect import introspect, load_app
from autoui.localfiles import LocalFiles
from autoui.runner import run_call
from autoui.terminal.report import function_report

SAMPLES = Path(__file__).parents[1] / "samples"
Tokens = Annotated[str, autoui.Stream(mode="append")]


def tokens(words: str = "a b c") -> Iterator[Tokens]:
    for word in words.split():
        yield word + " "


async def atokens(words: str = "a b c") -> AsyncIterator[Tokens]:
    for word in words.split():
        yield word + " "


class Step(NamedTuple):
    text: Tokens
    count: int


def with_count(words: str = "a b") -> Iterator[Step]:
    for n, word in enumerate(words.split(), 1):
        yield Step(word, n)
    yield Step(None, 99)  # type: ignore[arg-type]  # nothing new for the text


async def _events(fn: Any, kwargs: dict[str, Any], files: LocalFiles) -> list[Any]:
    events: list[Any] = []
    await run_call(introspect(fn), kwargs, files=files, emit=events.append)
    return events


def test_the_spec_says_how_each_streamed_output_takes_a_yield() -> None:
    app = load_app(f"{SAMPLES / 'tokens.py'}")
    [output] = app.functions[0].to_json()["outputs"]
    assert (output["stream"], output["component"], output["annotation"]) == (
        "append", "markdown", "str"
    )  # fmt: skip
    assert load_app(str(SAMPLES / "counter.py")).functions[0].outputs[0].stream == "replace"
    assert introspect(lambda x: x).outputs[0].stream is None  # returns: no stream at all


@pytest.mark.parametrize("fn", [tokens, atokens])
async def test_each_output_event_is_the_text_so_far(fn: Any, files: LocalFiles) -> None:
    events = await _events(fn, {"words": "one two three"}, files)
    outputs = [e.data for e in events if isinstance(e, Output)]
    assert outputs == [["one "], ["one two "], ["one two three "]]
    assert isinstance(events[-1], Complete) and events[-1].data == ["one two three "]


async def test_only_the_marked_output_of_a_tuple_is_joined(files: LocalFiles) -> None:
    events = await _events(with_count, {"words": "x y"}, files)
    outputs = [e.data for e in events if isinstance(e, Output)]
    assert outputs == [["x", 1], ["xy", 2], ["xy", 99]]
    assert events[-1].data == ["xy", 99]


def test_append_on_anything_but_text_is_refused_with_the_fix() -> None:
    def numbers() -> Iterator[Annotated[int, autoui.Stream(mode="append")]]:
        yield 1

    with pytest.raises(SpecError, match=r"numbers: output: Stream\(mode='append'\) joins "
                       r"text, so the output must be str, got int"):  # fmt: skip
        introspect(numbers)

    def outside() -> Annotated[Iterator[str], autoui.Stream(mode="append")]:
        yield "a"

    with pytest.raises(SpecError, match=r"Iterator\[Annotated\[str, autoui.Stream"):
        introspect(outside)


def test_a_marker_on_a_function_that_returns_is_a_warning() -> None:
    def once() -> Annotated[str, autoui.Stream(mode="append")]:
        return "a"

    [warning] = introspect(once).warnings
    assert "Stream(mode='append') has no effect: the function is not a generator" in warning


def test_an_unknown_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="Stream mode must be 'replace' or 'append', got 'add'"):
        autoui.Stream(mode="add")  # type: ignore[arg-type]


def _report(fn: Any) -> str:
    console = Console(width=300, record=True)
    console.print(function_report(introspect(fn)))
    return console.export_text()


def test_inspect_says_what_a_yield_does() -> None:
    def counter() -> Iterator[str]:
        yield "1"

    replace = _report(counter)
    assert "streaming: each yield replaces the output (yield the text so far, or mark it " in (
        replace
    )
    assert 'Iterator[Annotated[str, autoui.Stream(mode="append")]] to yield pieces)' in replace
    assert "streaming: each yield is added to output (append mode)" in _report(tokens)
