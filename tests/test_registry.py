"""Type → component inference: every row of the design's table, and the precedence."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import inspect
import pathlib
from typing import Annotated, Any, Literal, NamedTuple, Optional, TypedDict

import annotated_types as at
import numpy as np
import pandas as pd
import PIL.Image
import pytest
from annotated_doc import Doc
from matplotlib.figure import Figure
from pydantic import BaseModel, Field

import autoui
from autoui import components as c
from autoui.errors import SpecError
from autoui.registry import (
    Inference,
    TypeRequest,
    UnsupportedType,
    describe,
    infer_input,
    infer_output,
    register,
    registered,
)


class Size(enum.Enum):
    S = "s"
    M = "m"


class Planet(enum.Enum):
    MERCURY = 1
    VENUS = 2
    EARTH = 3
    MARS = 4
    JUPITER = 5


class Movie(TypedDict):
    title: str


@dataclasses.dataclass
class Point:
    x: int
    y: int = 0


class User(BaseModel):
    name: str = Field(description="full name")
    age: int | None = None


def kind_in(annotation: Any, name: str = "x") -> str:
    return infer_input(annotation, name=name).component.kind


def kind_out(annotation: Any, name: str = "output") -> str:
    return infer_output(annotation, name=name).component.kind


# -- the table, row by row ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("annotation", "kind"),
    [
        (str, "textbox"),
        (int, "number"),
        (float, "number"),
        (bool, "checkbox"),
        (Literal["a", "b"], "radio"),
        (Literal["a", "b", "c", "d", "e"], "dropdown"),
        (Size, "radio"),
        (Planet, "dropdown"),
        (list[Literal["a", "b"]], "checkbox_group"),
        (set[Size], "checkbox_group"),
        (frozenset[Planet], "checkbox_group"),
        (tuple[Size, ...], "checkbox_group"),
        (dt.date, "date"),
        (dt.datetime, "datetime"),
        (dt.time, "time"),
        (pathlib.Path, "file"),
        (bytes, "file"),
        (list[pathlib.Path], "files"),
        (PIL.Image.Image, "image"),
        (np.ndarray, "image"),
        (autoui.Audio, "audio"),
        (autoui.Video, "video"),
        (tuple[int, np.ndarray], "audio"),
        (Point, "form"),
        (User, "form"),
        (pd.DataFrame, "dataframe"),
        (list[list[float]], "dataframe"),
        (autoui.Markdown, "markdown"),
        (autoui.HTML, "html"),
        (autoui.Code, "code"),
        (list[PIL.Image.Image], "gallery"),
        (dict, "json"),
        (list[int], "json"),
        (Movie, "json"),
        (Any, "json"),
        (autoui.Message, "multimodal"),  # the value class autoui defines, not a form
        (autoui.ImageSlider, "image_slider"),
    ],
)
def test_input_table(annotation: Any, kind: str) -> None:
    assert kind_in(annotation) == kind


@pytest.mark.parametrize(
    ("annotation", "kind"),
    [
        (str, "textbox"),
        (int, "number"),
        (dict[str, float], "label"),
        (dict, "json"),
        (dict[str, int], "json"),
        (list[str], "json"),
        (Movie, "json"),
        (User, "json"),
        (Point, "json"),
        (pd.DataFrame, "dataframe"),
        (pd.Series, "dataframe"),
        (list[list[str]], "dataframe"),
        (Figure, "plot"),
        (list[PIL.Image.Image], "gallery"),
        (list[pathlib.Path], "gallery"),
        (list[np.ndarray], "gallery"),
        (list[tuple[PIL.Image.Image, str]], "gallery"),  # captioned
        (list[tuple[str, str]], "dataframe"),
        (list[tuple[str, str | None]], "highlighted_text"),  # spans, some unlabelled
        (list[tuple[str, Optional[str]]], "highlighted_text"),  # noqa: UP045
        (Annotated[tuple[PIL.Image.Image, PIL.Image.Image], autoui.ImageSlider()], "image_slider"),
        (Annotated[pathlib.Path, autoui.Download()], "download"),
        (PIL.Image.Image, "image"),
        (np.ndarray, "image"),
        (pathlib.Path, "file"),
        (autoui.Markdown, "markdown"),
        (Any, "json"),
        (None, "json"),
    ],
)
def test_output_table(annotation: Any, kind: str) -> None:
    assert kind_out(annotation) == kind


def test_captioned_gallery_output_keeps_the_picture_type() -> None:
    captioned = infer_output(list[tuple[pathlib.Path, str]], name="x").component
    assert captioned == c.Gallery(type="path")


def test_value_types_follow_the_annotation() -> None:
    assert infer_input(PIL.Image.Image, name="x").component == c.Image(type="pil")
    assert infer_input(np.ndarray, name="x").component == c.Image(type="numpy")
    assert infer_input(bytes, name="x").component == c.File(type="bytes")
    assert infer_input(list[bytes], name="x").component == c.Files(type="bytes")
    assert infer_input(pd.DataFrame, name="x").component == c.DataFrame(type="pandas")
    rows = c.DataFrame(type="rows", annotation=list[list[int]])  # cells checked as ints
    assert infer_input(list[list[int]], name="x").component == rows
    assert infer_input(set[Size], name="x").component == c.CheckboxGroup(
        ("S", "M"), values=(Size.S, Size.M), container="set"
    )
    assert infer_input(int, name="x").component == c.Number(step=1, integer=True)
    assert infer_input(float, name="x").component == c.Number()
    assert infer_input(int | float, name="x").component == c.Number()


@pytest.mark.parametrize("name", ["audio", "sound", "input_audio", "waveform", "speech", "voice"])
def test_ndarray_named_like_audio_is_audio(name: str) -> None:
    assert infer_input(np.ndarray, name=name).component == c.Audio(type="samples")


@pytest.mark.parametrize(
    ("name", "component"),
    [
        ("image", c.Image(type="path")),
        ("photo", c.Image(type="path")),
        ("audio_file", c.Audio(type="path")),
        ("video", c.Video(type="path")),
        ("document", c.File(type="path")),
    ],
)
def test_paths_named_like_media_are_media(name: str, component: c.Component) -> None:
    assert infer_input(pathlib.Path, name=name).component == component


def test_names_never_change_what_the_function_receives() -> None:
    assert infer_input(str, name="api_key").component == c.Textbox(type="password")
    assert infer_input(str, name="color").component == c.Color(as_text=True)
    assert infer_input(str, name="color", default="red").component == c.Color(as_text=True)
    assert infer_input(str, name="color", default="sky-ish").component == c.Textbox()
    assert infer_input(str, name="color").component.preprocess("red", None) == "red"  # type: ignore[arg-type]
    assert infer_input(str, name="api_key").component.preprocess("s3cret", None) == "s3cret"  # type: ignore[arg-type]


# -- numbers and bounds ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("annotation", "component"),
    [
        (Annotated[int, at.Ge(0), at.Le(10)], c.Slider(0, 10, 1, integer=True)),
        (Annotated[int, at.Interval(gt=0, lt=10)], c.Slider(1, 9, 1, integer=True)),
        (Annotated[float, at.Interval(ge=0, le=1)], c.Slider(0, 1)),
        (
            Annotated[float, at.Gt(0), at.Lt(1)],
            c.Slider(0, 1, exclusive_minimum=True, exclusive_maximum=True),
        ),
        (Annotated[int, at.Ge(1)], c.Number(minimum=1, step=1, integer=True)),
        (Annotated[float, at.Le(5)], c.Number(maximum=5)),
        (
            Annotated[int, at.Ge(0), at.Le(100), at.MultipleOf(5)],
            c.Slider(0, 100, 5, integer=True, multiple_of=5),
        ),
        (Annotated[int, Field(ge=0, le=3)], c.Slider(0, 3, 1, integer=True)),
    ],
)
def test_bounds_make_sliders_and_numbers(annotation: Any, component: c.Component) -> None:
    assert infer_input(annotation, name="x").component == component


def test_text_constraints_and_docs() -> None:
    inference = infer_input(Annotated[str, at.MaxLen(5), Doc("a short name")], name="x")
    assert inference.component == c.Textbox(max_length=5, info="a short name")
    assert infer_input(Annotated[str, "just a note"], name="x").component == c.Textbox()
    assert infer_input(
        Annotated[str, Field(description="from pydantic")], name="x"
    ).component.info == ("from pydantic")


# -- optional and defaults -------------------------------------------------------------------
@pytest.mark.parametrize(
    "annotation",
    [Optional[int], int | None, Annotated[int | None, at.Ge(0)], Literal[1, 2, None]],  # noqa: UP045
)
def test_optional_is_x_with_optional_true(annotation: Any) -> None:
    inference = infer_input(annotation, name="x")
    assert inference.optional and inference.component.kind in ("number", "radio")


def test_none_default_means_optional() -> None:
    assert infer_input(int, name="x", default=None).optional
    assert not infer_input(int, name="x", default=3).optional


def test_no_annotation_uses_the_default_type() -> None:
    empty = inspect.Parameter.empty
    assert infer_input(empty, name="x", default=3).component == c.Number(step=1, integer=True)
    assert infer_input(empty, name="x", default=True).component == c.Checkbox()
    inference = infer_input(empty, name="x")
    assert inference.component == c.Textbox() and "no type hint" in (inference.warning or "")
    assert infer_input(empty, name="x", default=None).optional


class Opaque:
    """A class nothing knows how to show or read."""


def test_unknown_input_types_are_refused_with_the_fix() -> None:
    with pytest.raises(UnsupportedType) as info:
        infer_input(Opaque, name="z")
    message = str(info.value)
    assert message.startswith("no component for type Opaque; ")
    assert "Annotated[Opaque, autoui.Textbox()]" in message
    assert "autoui.register(Opaque, factory)" in message and "or give it a default" in message


def test_unknown_output_types_are_shown_as_text_with_a_warning() -> None:
    inference = infer_output(Opaque, name="output")
    assert inference.component == c.Textbox()
    assert inference.warning is not None and inference.warning.startswith("output: ")


def test_unions_pydantic_reads_from_json_are_json_inputs() -> None:
    inference = infer_input(int | tuple[int, ...], name="border")
    assert inference.component == c.JSON(annotation=int | tuple[int, ...])
    assert inference.component.preprocess([1, 2], None) == (1, 2)  # type: ignore[arg-type]
    assert inference.component.preprocess(3, None) == 3  # type: ignore[arg-type]
    with pytest.raises(UnsupportedType):
        infer_input(int | Opaque, name="mixed")


def test_figure_inputs_are_a_spec_error() -> None:
    with pytest.raises(SpecError, match="only be an output"):
        infer_input(Figure, name="fig")


# -- precedence ---------------------------------------------------------------------------
class Money(float):
    pass


class Euros(Money):
    pass


def test_annotated_override_beats_everything() -> None:
    with registered(int, c.Textbox()):
        assert kind_in(Annotated[int, c.Slider(0, 5)]) == "slider"


def test_override_is_completed_from_the_type() -> None:
    assert infer_input(Annotated[int, c.Slider(0, 5)], name="x").component == c.Slider(
        0, 5, 1, integer=True
    )
    assert infer_input(Annotated[Size, c.Dropdown], name="x").component == c.Dropdown(
        ("S", "M"), values=(Size.S, Size.M)
    )
    assert infer_input(Annotated[int, at.Ge(2), c.Slider(maximum=9)], name="x").component == (
        c.Slider(2, 9, 1, integer=True)
    )
    assert infer_input(Annotated[np.ndarray, c.Audio(label="Clip")], name="x").component == c.Audio(
        label="Clip", type="samples"
    )
    assert infer_input(Annotated[str, c.Textbox(lines=4)], name="x").component == c.Textbox(lines=4)


def test_registration_beats_enum_and_builtins_and_follows_the_mro() -> None:
    with registered(Money, c.Number(precision=2)):
        assert infer_input(Money, name="x").component == c.Number(precision=2)
        assert infer_input(Euros, name="x").component == c.Number(precision=2)
    assert infer_input(Money, name="x").component == c.Number()  # back to the built-in
    with registered(Size, c.Textbox):
        assert kind_in(Size) == "textbox"
    assert kind_in(Size) == "radio"


def test_exact_registration_beats_a_base_registration() -> None:
    with registered(Money, c.Number()), registered(Euros, c.Slider(0, 1)):
        assert kind_in(Euros) == "slider"
        assert kind_in(Money) == "number"


def test_register_as_decorator_receives_the_request() -> None:
    seen: list[TypeRequest] = []

    class Secret:
        pass

    @register(Secret)
    def secret_box(request: TypeRequest) -> c.Component:
        seen.append(request)
        return c.Textbox(type="password")

    try:
        inference = infer_output(Annotated[Secret, at.MaxLen(3)], name="token")
        assert inference.component == c.Textbox(type="password")
        assert seen[0].annotation is Secret and seen[0].output and seen[0].name == "token"
        assert seen[0].metadata == (at.MaxLen(3),)
    finally:
        from autoui import registry

        registry._registrations.pop(Secret, None)  # the decorator registers for good


def test_a_factory_must_return_a_component() -> None:
    class Odd:
        pass

    with (
        registered(Odd, lambda request: "not a component"),
        pytest.raises(SpecError, match="not an autoui component"),
    ):
        infer_input(Odd, name="x")


def test_registered_restores_a_previous_registration() -> None:
    class Thing:
        pass

    with registered(Thing, c.Number()):
        with registered(Thing, c.Checkbox()):
            assert kind_in(Thing) == "checkbox"
        assert kind_in(Thing) == "number"
    with pytest.raises(UnsupportedType):
        infer_input(Thing, name="x")


def test_component_class_as_annotation() -> None:
    assert infer_output(autoui.Markdown, name="output").component == c.Markdown()
    assert infer_input(autoui.Audio, name="clip").component == c.Audio()


# -- forms --------------------------------------------------------------------------------
def test_forms_infer_fields_recursively() -> None:
    @dataclasses.dataclass
    class Order:
        user: User
        point: Point | None = None

    form = infer_input(Order, name="order").component
    assert isinstance(form, c.Form) and form.cls is Order
    user = form.fields[0]
    assert user.component.kind == "form" and user.required
    name, age = user.component.fields  # type: ignore[attr-defined]
    assert name.info == "full name" and age.optional and age.default is None
    assert form.fields[1].optional and form.fields[1].component.kind == "form"


def test_self_referencing_models_stop_at_json() -> None:
    class Node(BaseModel):
        value: int
        parent: Node | None = None

    Node.model_rebuild()
    form = infer_input(Node, name="node").component
    assert isinstance(form, c.Form)
    assert form.fields[1].component == c.JSON(annotation=Node)


def test_form_fields_of_unknown_types_are_hidden_with_a_default_else_refused() -> None:
    @dataclasses.dataclass
    class Odd:
        a: int
        z: Opaque = dataclasses.field(default_factory=Opaque)

    inference = infer_input(Odd, name="odd")
    assert inference.warning is not None and inference.warning.startswith("odd.z: not shown")
    assert [f.name for f in inference.component.fields] == ["a"]  # type: ignore[attr-defined]
    built = inference.component.preprocess({"a": 1}, None)  # type: ignore[arg-type]
    assert built.a == 1 and isinstance(built.z, Opaque)

    @dataclasses.dataclass
    class Required:
        z: Opaque

    with pytest.raises(SpecError, match="^field z: no component for type Opaque"):
        infer_input(Required, name="req")


# -- readable annotations ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("annotation", "text"),
    [
        (int, "int"),
        (int | None, "int | None"),
        (Optional[str], "str | None"),  # noqa: UP045
        (Annotated[int, at.Ge(0)], "int"),
        (list[pathlib.Path], "list[Path]"),
        (dict[str, float], "dict[str, float]"),
        (Literal["a", 1], "Literal['a', 1]"),
        (Literal[Size.S], "Literal[Size.S]"),
        (tuple[int, ...], "tuple[int, ...]"),
        (np.ndarray, "ndarray"),
        (None, "None"),
        (Any, "Any"),
    ],
)
def test_describe(annotation: Any, text: str) -> None:
    assert describe(annotation) == text


def test_inference_is_a_frozen_record() -> None:
    inference = infer_input(int, name="x")
    assert isinstance(inference, Inference) and inference.annotation == "int"
    with pytest.raises(dataclasses.FrozenInstanceError):
        inference.optional = True  # type: ignore[misc]


def test_namedtuple_input_is_json() -> None:
    class Pair(NamedTuple):
        a: int
        b: str

    assert infer_input(Pair, name="pair").component == c.JSON(annotation=Pair)


# -- tuples that are one value ----------------------------------------------------------------
def test_abstract_containers_are_like_lists_and_dicts() -> None:
    from collections.abc import Iterable, Mapping, Sequence

    assert infer_input(Sequence[int], name="x").component == c.JSON(annotation=Sequence[int])
    assert kind_in(Mapping[str, int]) == "json"
    assert kind_out(Mapping[str, float]) == "label"
    assert infer_input(Iterable[Size], name="x").component == c.CheckboxGroup(
        ("S", "M"), values=(Size.S, Size.M)
    )
    assert kind_in(Sequence[list[int]]) == "dataframe"


def test_json_of_a_class_pydantic_cannot_check_passes_values_through(tmp_path: Any) -> None:
    from collections.abc import Sequence

    from autoui.localfiles import LocalFiles

    class Rows(Sequence[int]):
        def __len__(self) -> int:
            return 0

        def __getitem__(self, index: Any) -> Any:
            raise IndexError(index)

    component = infer_input(Rows, name="rows").component
    assert component == c.JSON(annotation=Rows)
    assert component.preprocess([1, 2], LocalFiles(tmp_path)) == [1, 2]
    assert component.json_schema() == {}


# -- overrides fitted to the annotation ----------------------------------------------------------
@pytest.mark.parametrize(
    ("annotation", "component"),
    [
        (Annotated[pathlib.Path, c.Image()], c.Image(type="path")),
        (Annotated[str, c.Image()], c.Image(type="filepath")),
        (Annotated[np.ndarray, c.Audio()], c.Audio(type="samples")),
        (Annotated[bytes, c.Audio()], c.Audio(type="bytes")),
        (Annotated[pathlib.Path, c.Video()], c.Video(type="path")),
        (Annotated[list[pathlib.Path], c.Gallery(columns=4)], c.Gallery(4, type="path")),
        (Annotated[list[PIL.Image.Image], c.Files()], c.Files()),  # Files cannot give PIL images
        (Annotated[pathlib.Path, c.Image(type="pil")], c.Image(type="pil")),  # explicit wins
    ],
)
def test_media_overrides_give_the_annotated_value_type(
    annotation: Any, component: c.Component
) -> None:
    assert infer_input(annotation, name="x").component == component


def test_a_form_override_is_filled_with_the_model_fields() -> None:
    form = infer_input(Annotated[Point, c.Form(label="Where")], name="p").component
    assert isinstance(form, c.Form) and form.label == "Where" and form.cls is Point
    assert [f.name for f in form.fields] == ["x", "y"]
