"""Positional-only parameters are passed by position (autoui.calling), on every path."""

from __future__ import annotations

import asyncio
from typing import Any

import tomllib

import autoui
from autoui.calling import call, call_arguments
from autoui.events import Complete
from autoui.introspect import introspect
from autoui.localfiles import LocalFiles
from autoui.runner import run_call


def mixed(a: int, b: int = 2, /, c: int = 3, *, d: int = 4) -> list[int]:
    return [a, b, c, d]


def tracked(text: str, /, progress: autoui.Progress = autoui.Progress()) -> str:
    progress(0.5)
    return text.upper()


def test_positional_only_go_by_position_the_rest_by_name() -> None:
    spec = introspect(mixed)
    assert [p.positional_only for p in spec.inputs] == [True, True, False, False]
    assert call_arguments(spec, {"a": 1, "c": 5}) == ([1], {"c": 5})
    assert call(spec, {"a": 1, "b": 7, "d": 9}) == [1, 7, 3, 9]


def test_a_left_out_positional_only_before_a_given_one_gets_its_own_default() -> None:
    def gap(a: int = 1, b: int = 2, /) -> list[int]:
        return [a, b]

    assert call_arguments(introspect(gap), {"b": 5}) == ([1, 5], {})


def test_plain_functions_are_called_by_keyword_without_reading_the_signature() -> None:
    def plain(a: int, b: int) -> int:
        return a - b

    assert call_arguments(introspect(plain), {"b": 1, "a": 3}) == ([], {"b": 1, "a": 3})


def test_the_runner_calls_stdlib_positional_only_functions(tmp_path: Any) -> None:
    spec = introspect(tomllib.loads)
    files = LocalFiles(tmp_path)
    event = asyncio.run(run_call(spec, {"s": "a = 1"}, files=files, emit=lambda e: None))
    assert event == Complete(data=[{"a": 1}], duration=event.duration)  # type: ignore[union-attr]
    tracked_spec = introspect(tracked)
    done = asyncio.run(run_call(tracked_spec, {"text": "hi"}, files=files, emit=lambda e: None))
    assert isinstance(done, Complete) and done.data == ["HI"]
