"""The spec as readers see it: a real app's spec read back into typed records."""

from __future__ import annotations

import dataclasses
import enum
from pathlib import Path
from typing import Annotated, Literal

import annotated_types as at
import pytest

from autoui.introspect import introspect_app
from autoui.wire import SpecFormatError, Traits, WireApp


class Size(enum.Enum):
    S = 1
    L = 2


@dataclasses.dataclass
class Order:
    size: Size
    count: int = 1


def shop(
    photo: Path,
    tags: list[Literal["new", "old"]],
    count: Annotated[int, at.Ge(1), at.Le(9)] = 3,
    share: float = 0.5,
    order: Order | None = None,
) -> list[Path]:
    """Shop for things.

    More words.
    """
    return [photo]


def app() -> WireApp:
    return WireApp.from_json(introspect_app([shop]).to_json())


def test_traits_come_from_the_components() -> None:
    fn = app().functions[0]
    assert fn.input("photo").traits == Traits(file=True, heavy=True)
    assert fn.input("tags").traits == Traits(multiple=True)
    assert fn.outputs[0].traits == Traits(file=True, multiple=True, heavy=True)
    assert fn.input("share").traits == Traits()


def test_whole_numbers_choices_and_form_fields_are_read_not_guessed() -> None:
    fn = app().functions[0]
    assert fn.input("count").integer and not fn.input("share").integer
    assert fn.input("tags").choices == ["new", "old"]
    fields = fn.input("order").fields
    assert [f.name for f in fields] == ["size", "count"]
    assert fields[0].choices == ["S", "L"] and fields[1].integer


def test_function_facts() -> None:
    spec = app()
    fn = spec.functions[0]
    assert fn.summary == "Shop for things." and spec.names == ["shop"]
    assert fn.input("count").default == 3 and not fn.input("count").required
    assert fn.input("photo").required and fn.input("order").optional
    assert spec.find("shop") is fn and spec.find("nothing") is None
    with pytest.raises(KeyError):
        fn.input("nothing")


def test_shell_spelling_finds_the_function() -> None:
    spec = WireApp.from_json({"functions": [{"name": "next_day"}]})
    assert spec.find("next-day") is spec.functions[0]


@pytest.mark.parametrize("bad", [{"openapi": "3.1"}, [], {"functions": [{"nope": 1}]}])
def test_what_is_not_a_spec_says_so(bad: object) -> None:
    with pytest.raises(SpecFormatError):
        WireApp.from_json(bad)
