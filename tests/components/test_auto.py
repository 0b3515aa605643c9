"""Outputs of functions without a return hint: the returned value decides the kind."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

import autoui
from autoui.components.auto import carried
from autoui.introspect import introspect
from autoui.localfiles import LocalFiles
from autoui.pipeline import postprocess_outputs
from autoui.registry.values import component_for_value
from autoui.wire import WireFunction

sys.path.insert(0, str(Path(__file__).parents[1] / "fixtures"))
import no_hints  # noqa: E402

KIND_OF = {
    "text": "textbox",
    "number": "number",
    "stats": "json",
    "picture": "image",
    "figure": "plot",
    "table": "dataframe",
    "pictures": "gallery",
    "raw": "file",
    "notes": "file",
    "pixels": "image",
}


@pytest.mark.parametrize("what", list(KIND_OF))
def test_the_value_decides_the_kind_and_the_payload_says_it(what: str, files: LocalFiles) -> None:
    spec = introspect(no_hints.show)
    [payload] = postprocess_outputs(spec, no_hints.show(what), files)
    assert payload["component"] == KIND_OF[what]
    component = autoui.components.BY_KIND[KIND_OF[what]]
    assert payload["traits"] == component.traits.to_json()
    wire = WireFunction.from_json(spec.to_json())
    shown, value = wire.outputs[0].carried(payload)
    assert (shown.kind, shown.traits.file) == (KIND_OF[what], component.traits.file)
    assert value == payload["value"] and shown.label == "Output"


def test_a_value_of_no_kind_is_json_as_before(files: LocalFiles) -> None:
    class Point:
        def __str__(self) -> str:
            return "(1, 2)"

    assert component_for_value(Point()).kind == "json"
    assert component_for_value([1, "a"]).kind == "json"
    assert component_for_value({"a": 1}).kind == "json"


def test_shapes_only_the_value_shows() -> None:
    import numpy as np

    assert component_for_value(np.zeros((4, 4), dtype=np.uint8)).kind == "image"
    assert component_for_value(np.zeros((4, 5, 7), dtype=np.uint8)).kind == "json"
    assert component_for_value(np.arange(6.0).reshape(2, 3)).kind == "dataframe"
    assert component_for_value(Path("song.wav")).kind == "audio"
    assert component_for_value(Path("clip.mp4")).kind == "video"
    assert component_for_value([Path("a.txt"), Path("b.csv")]).kind == "files"


def test_a_registered_type_keeps_its_registration() -> None:
    class Money(float):
        pass

    with autoui.registered(Money, autoui.Markdown()):
        assert component_for_value(Money(3)).kind == "markdown"


def test_none_is_null_and_the_clients_read_the_carried_kind(files: LocalFiles) -> None:
    spec = introspect(no_hints.show)
    assert postprocess_outputs(spec, None, files) == [None]
    [payload] = postprocess_outputs(spec, no_hints.show("table"), files)
    output = spec.outputs[0].component
    table = output.read_output(payload, files)
    assert list(table.columns) == ["city", "population"]
    inner, value = carried(output, payload)
    assert inner.kind == "dataframe" and value["rows"][1] == ["Zürich", 443037]


def test_an_explicit_auto_annotation_asks_for_it(files: LocalFiles) -> None:
    def f(x: int) -> autoui.Auto:
        return "x" * x  # type: ignore[return-value]

    spec = introspect(f)
    assert spec.outputs[0].component.kind == "auto" and not spec.warnings
    [payload] = postprocess_outputs(spec, f(2), files)
    assert payload["component"] == "textbox" and payload["value"] == "xx"


def test_any_stays_json(files: LocalFiles) -> None:
    def f(x: int) -> Any:
        return x

    assert introspect(f).outputs[0].component.kind == "json"
