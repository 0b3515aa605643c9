"""Payloads ⇄ Python values for whole functions: names, positions, defaults, errors, batches."""

from __future__ import annotations

import datetime as dt
import enum
from pathlib import Path
from typing import Annotated, Any

import annotated_types as at
import numpy as np
import PIL.Image
import pytest

from autoui import components as c
from autoui.errors import SpecError, ValidationError
from autoui.localfiles import LocalFiles
from autoui.pipeline import merge_batch, postprocess_outputs, preprocess_inputs, split_batch
from autoui.registry import infer_input
from autoui.spec import FunctionSpec, OutputSpec, ParamSpec


def fn(*inputs: ParamSpec, outputs: tuple[OutputSpec, ...] = (), **options: Any) -> FunctionSpec:
    return FunctionSpec(name="f", fn=lambda **kw: None, inputs=inputs, outputs=outputs, **options)


TOP_K = ParamSpec("top_k", c.Number(1, 10, integer=True))
TEXT = ParamSpec("text", c.Textbox())
WHEN = ParamSpec("when", c.Date(), default=dt.date(2024, 1, 1))
NOTE = ParamSpec("note", c.Textbox(), optional=True)
LIMIT = ParamSpec("limit", c.Number(integer=True), default=5, optional=True)



def test_by_name_and_by_position(files: LocalFiles) -> None:
    spec = fn(TEXT, TOP_K, WHEN)
    expected = {"text": "hi", "top_k": 3, "when": dt.date(2024, 2, 3)}
    assert preprocess_inputs(spec, {"text": "hi", "top_k": 3, "when": "2024-02-03"}, files) == (
        expected
    )
    assert preprocess_inputs(spec, ["hi", 3, "2024-02-03"], files) == expected


def test_defaults_fill_missing_and_null_values(files: LocalFiles) -> None:
    spec = fn(TEXT, WHEN, NOTE, LIMIT)
    assert preprocess_inputs(spec, {"text": "a"}, files) == {
        "text": "a",
        "when": dt.date(2024, 1, 1),
        "note": None,
        "limit": 5,
    }
    # explicit null: the default for a non-optional parameter, None for an optional one
    assert preprocess_inputs(spec, {"text": "a", "when": None, "limit": None}, files) == {
        "text": "a",
        "when": dt.date(2024, 1, 1),
        "note": None,
        "limit": None,
    }
    assert preprocess_inputs(spec, ["a"], files)["when"] == dt.date(2024, 1, 1)


@pytest.mark.parametrize(
    ("data", "param", "message"),
    [
        ({"text": "a", "top_k": "abc"}, "top_k", "expected a whole number, got 'abc'"),
        ({"text": "a", "top_k": 11}, "top_k", "must be between 1 and 10, got 11"),
        ({"top_k": 3}, "text", "is required"),
        ({"text": None, "top_k": 3}, "text", "is required"),
        (
            {"text": "a", "top_k": 3, "topk": 2},
            "topk",
            "unknown parameter; expected one of: text, top_k",
        ),
    ],
)
def test_errors_name_the_parameter(
    data: dict[str, Any], param: str, message: str, files: LocalFiles
) -> None:
    with pytest.raises(ValidationError) as caught:
        preprocess_inputs(fn(TEXT, TOP_K), data, files)
    assert caught.value.param == param and caught.value.message == message
    assert str(caught.value) == f"{param}: {message}"


def test_too_many_positional_values(files: LocalFiles) -> None:
    with pytest.raises(ValidationError, match="too many values: got 3, the function takes 2"):
        preprocess_inputs(fn(TEXT, TOP_K), ["a", 1, 2], files)


def test_data_must_be_an_object_or_list(files: LocalFiles) -> None:
    with pytest.raises(ValidationError, match="expected data as an object"):
        preprocess_inputs(fn(TEXT), "hello", files)  # type: ignore[arg-type]
    assert preprocess_inputs(fn(NOTE), None, files) == {"note": None}


def test_nested_form_errors_carry_the_path(files: LocalFiles) -> None:
    from dataclasses import dataclass

    @dataclass
    class Order:
        quantity: int

    order = ParamSpec("order", infer_input(Order, name="order").component)
    with pytest.raises(ValidationError) as caught:
        preprocess_inputs(fn(order), {"order": {"quantity": "many"}}, files)
    assert caught.value.param == "order.quantity"
    assert str(caught.value) == "order.quantity: expected a whole number, got 'many'"


def test_the_progress_parameter_is_not_an_input(files: LocalFiles) -> None:
    progress = ParamSpec("progress", c.JSON())
    spec = fn(TEXT, progress, progress_param="progress")
    assert preprocess_inputs(spec, ["a"], files) == {"text": "a"}
    with pytest.raises(ValidationError, match="unknown parameter; expected one of: text"):
        preprocess_inputs(spec, {"text": "a", "progress": 1}, files)


def test_a_component_bug_is_still_a_validation_error(files: LocalFiles) -> None:
    class Broken(c.Textbox):
        def preprocess(self, payload: Any, files: Any) -> Any:
            raise KeyError("oops")

    with pytest.raises(ValidationError) as caught:
        preprocess_inputs(fn(ParamSpec("x", Broken())), {"x": "a"}, files)
    assert caught.value.param == "x" and "KeyError" in caught.value.message


# -- outputs ------------------------------------------------------------------------------
LABEL = OutputSpec("output", c.Label())
IMAGE = OutputSpec("image", c.Image())
TEXT_OUT = OutputSpec("text", c.Textbox())


def test_single_output(files: LocalFiles) -> None:
    assert postprocess_outputs(fn(outputs=(LABEL,)), {"a": 1.0}, files) == [
        {"label": "a", "confidences": [{"label": "a", "confidence": 1.0}]}
    ]
    assert postprocess_outputs(fn(outputs=(LABEL,)), None, files) == [None]
    assert postprocess_outputs(fn(), "ignored", files) == []


def test_multiple_outputs_split_the_tuple(files: LocalFiles) -> None:
    spec = fn(outputs=(TEXT_OUT, IMAGE), multiple_outputs=True)
    text, image = postprocess_outputs(spec, ("hi", np.zeros((2, 2, 3), np.uint8)), files)
    assert text == "hi" and image["mime_type"] == "image/png"
    assert postprocess_outputs(spec, ("hi", None), files) == ["hi", None]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (("a",), "f declares 2 outputs but returned 1 values"),
        (("a", None, 3), "f declares 2 outputs but returned 3 values"),
        ("a", "f declares 2 outputs but returned one str"),
    ],
)
def test_wrong_output_counts_are_spec_errors(value: Any, message: str, files: LocalFiles) -> None:
    spec = fn(outputs=(TEXT_OUT, IMAGE), multiple_outputs=True)
    with pytest.raises(SpecError, match=message):
        postprocess_outputs(spec, value, files)


def test_unshowable_output_is_a_spec_error_naming_the_output(files: LocalFiles) -> None:
    with pytest.raises(SpecError, match="f: output 'image': expected an image"):
        postprocess_outputs(fn(outputs=(IMAGE,)), 42, files)


# -- batches ------------------------------------------------------------------------------
def test_merge_and_split_batch() -> None:
    spec = fn(TEXT, TOP_K, outputs=(TEXT_OUT,))
    merged = merge_batch(spec, [{"text": "a", "top_k": 1}, {"text": "b", "top_k": 2}])
    assert merged == {"text": ["a", "b"], "top_k": [1, 2]}
    assert split_batch(spec, ["A", "B"], 2) == ["A", "B"]
    assert split_batch(spec, np.array([1, 2]), 2) == [1, 2]


def test_split_batch_with_several_outputs() -> None:
    spec = fn(TEXT, outputs=(TEXT_OUT, LABEL), multiple_outputs=True)
    assert split_batch(spec, (["a", "b"], ["x", "y"]), 2) == [("a", "x"), ("b", "y")]


@pytest.mark.parametrize(
    ("result", "message"),
    [
        ("AB", "must return a list with one result per input, got str"),
        (5, "must return a list with one result per input, got int"),
        (["A"], "returned 1 results for 2 inputs"),
    ],
)
def test_split_batch_errors(result: Any, message: str) -> None:
    with pytest.raises(SpecError, match=f"^f is a batch function: it {message}$"):
        split_batch(fn(TEXT, outputs=(TEXT_OUT,)), result, 2)


# -- through introspection, on real functions --------------------------------------------------
class Mode(enum.Enum):
    FAST = 1
    GOOD = 2


def test_a_real_function_end_to_end(files: LocalFiles) -> None:
    from autoui.introspect import introspect

    def classify(
        image: PIL.Image.Image,
        top_k: Annotated[int, at.Ge(1), at.Le(5)] = 2,
        mode: Mode = Mode.FAST,
    ) -> dict[str, float]:
        assert isinstance(image, PIL.Image.Image) and isinstance(mode, Mode)
        return {"red": 0.9, "green": 0.05, "blue": 0.05, "grey": 0.0}

    spec = introspect(classify)
    image = c.Image().example_payload()
    kwargs = preprocess_inputs(spec, {"image": image, "mode": "GOOD"}, files)
    assert kwargs["top_k"] == 2 and kwargs["mode"] is Mode.GOOD
    [label] = postprocess_outputs(spec, classify(**kwargs), files)
    assert label["label"] == "red" and len(label["confidences"]) == 4
    with pytest.raises(ValidationError, match="^top_k: must be between 1 and 5, got 9$"):
        preprocess_inputs(spec, {"image": image, "top_k": 9}, files)


def test_a_real_audio_function_end_to_end(files: LocalFiles) -> None:
    from autoui.introspect import introspect

    def louder(audio: tuple[int, np.ndarray], gain: float = 2.0) -> tuple[int, np.ndarray]:
        rate, samples = audio
        return rate, (samples * gain).astype(np.int16)

    spec = introspect(louder)
    assert [p.component.kind for p in spec.inputs] == ["audio", "number"]
    assert [o.component.kind for o in spec.outputs] == ["audio"]
    from autoui.components.wav import read_wav, write_wav

    source = files.store_output(write_wav(8000, np.array([1, 2, 3], np.int16)), "in.wav")
    kwargs = preprocess_inputs(spec, [{"id": source["id"]}], files)
    [payload] = postprocess_outputs(spec, louder(**kwargs), files)
    rate, samples = read_wav(Path(payload["path"]))
    assert rate == 8000 and samples.tolist() == [2, 4, 6]


def test_mutable_defaults_are_not_shared_between_calls() -> None:
    from autoui.introspect import introspect
    from autoui.localfiles import LocalFiles

    def remember(item: str, seen: list[str] = []) -> list[str]:  # noqa: B006 - the point
        seen.append(item)
        return seen

    spec = introspect(remember)
    files = LocalFiles(Path("."))
    first = preprocess_inputs(spec, {"item": "a"}, files)
    first["seen"].append("a")
    second = preprocess_inputs(spec, {"item": "b"}, files)
    assert second["seen"] == []
