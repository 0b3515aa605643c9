"""Every component describes its input payload with a valid JSON Schema its example fits."""

from __future__ import annotations

import datetime as dt
import enum
import json
from typing import Any, TypedDict

import jsonschema
import pytest

import autoui.components as c
from autoui.components.base import Component
from autoui.errors import ValidationError
from autoui.localfiles import LocalFiles
from autoui.registry import infer_input


class Size(enum.Enum):
    S = 1
    M = 2


class Pet(TypedDict):
    name: str
    age: int


def _form() -> Component:
    from dataclasses import dataclass

    @dataclass
    class Settings:
        name: str
        size: Size = Size.S
        when: dt.date | None = None

    return infer_input(Settings, name="settings").component


INPUT_COMPONENTS: list[Component] = [
    c.Textbox(max_length=20),
    c.Number(),
    c.Number(0, 10, integer=True),
    c.Number(minimum=0, exclusive_minimum=True),
    c.Slider(0, 1),
    c.Slider(1, 9, integer=True),
    c.Checkbox(),
    c.Dropdown(("a", "b")),
    c.Dropdown(("a", "b"), allow_custom=True),
    c.Radio(tuple(Size), values=tuple(Size)),
    c.CheckboxGroup((1, 2, 3)),
    c.Date(),
    c.DateTime(),
    c.Time(),
    c.Color(),
    c.File(),
    c.Files(),
    c.Image(),
    c.Audio(),
    c.Video(),
    c.Microphone(),
    c.Webcam(),
    c.Label(),
    c.JSON(),
    c.JSON(annotation=list[int]),
    c.JSON(annotation=Pet),
    c.DataFrame(),
    c.Markdown(),
    c.HTML(),
    c.Code(),
    c.Gallery(),
    c.Chat(),
    _form(),
    c.HighlightedText(),
    c.ImageSlider(),
    c.Multimodal(),
    c.Sketchpad(),
    c.Model3D(),
]

OUTPUT_ONLY = {
    "plot", "download", "annotated_image", "line_plot", "bar_plot", "scatter_plot", "auto",
}


def test_every_kind_is_covered() -> None:
    kinds = {component.kind for component in INPUT_COMPONENTS} | OUTPUT_ONLY
    assert kinds == set(c.BY_KIND)


@pytest.mark.parametrize("component", INPUT_COMPONENTS, ids=lambda comp: comp.kind)
def test_example_fits_schema_and_preprocesses(component: Component, files: LocalFiles) -> None:
    schema = component.json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    example = component.example_payload()
    jsonschema.validate(example, schema, cls=jsonschema.Draft202012Validator)
    json.dumps(example)
    component.preprocess(example, files)  # a valid example really is accepted


@pytest.mark.parametrize("component", INPUT_COMPONENTS, ids=lambda comp: comp.kind)
def test_props_are_json(component: Component) -> None:
    json.dumps(component.props())


GARBAGE: list[Any] = [None, 3.5, "garbage", [], [1, "x"], {}, {"id": 1}, {"path": "/etc/passwd"}]


@pytest.mark.parametrize("component", INPUT_COMPONENTS, ids=lambda comp: comp.kind)
def test_bad_payloads_raise_only_validation_errors(component: Component, tmp_path: Any) -> None:
    files = LocalFiles(tmp_path, allow_paths=False)  # as the server: no client paths
    for payload in GARBAGE:
        try:
            component.preprocess(payload, files)
        except ValidationError as error:
            assert error.message and error.param is None or component.kind == "form"


@pytest.mark.parametrize(
    "component",
    [comp for comp in INPUT_COMPONENTS if comp.traits.file or comp.traits.attachments],
    ids=str,
)
def test_file_schemas_accept_ids_and_data_urls(component: Component) -> None:
    schema = component.json_schema()
    item = schema["items"] if schema.get("type") == "array" else schema
    if component.kind == "multimodal":  # text, and its files
        item = schema["anyOf"][0]["properties"]["files"]["items"]
    jsonschema.validate({"id": "abc"}, item)
    jsonschema.validate("data:text/plain;base64,eA==", item)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"path": "/etc/passwd"}, item)
