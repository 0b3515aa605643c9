from __future__ import annotations

import pytest

import autoui
from autoui.markers import BatchConfig, batch_config, time_limit_of


def test_batch_bare_and_with_arguments_mark_without_wrapping() -> None:
    @autoui.batch
    def plain(xs: list[str]) -> list[str]:
        return xs

    @autoui.batch(max_batch_size=4, batch_wait=0.2)
    def tuned(xs: list[str]) -> list[str]:
        return xs

    assert batch_config(plain) == BatchConfig()
    assert batch_config(tuned) == BatchConfig(max_batch_size=4, batch_wait=0.2)
    assert tuned(["a"]) == ["a"]  # still callable as written


def test_unmarked_function_has_no_batch_config() -> None:
    assert batch_config(len) is None


@pytest.mark.parametrize(("size", "wait"), [(0, 0.1), (4, -1.0)])
def test_impossible_batch_settings_are_refused_with_the_value(size: int, wait: float) -> None:
    with pytest.raises(ValueError, match="must be"):
        autoui.batch(max_batch_size=size, batch_wait=wait)


def test_time_limit_marks_without_wrapping() -> None:
    @autoui.time_limit(2)
    def render(scene: str) -> str:
        return scene

    assert time_limit_of(render) == 2.0 and time_limit_of(len) is None
    assert render("x") == "x"


@pytest.mark.parametrize("seconds", [0, -1, float("inf")])
def test_impossible_time_limits_are_refused_with_the_value(seconds: float) -> None:
    with pytest.raises(ValueError, match="above 0"):
        autoui.time_limit(seconds)
