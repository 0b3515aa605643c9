from __future__ import annotations

import math
from decimal import Decimal

import numpy as np
import pytest

from autoui.components import Number, Slider
from autoui.errors import ValidationError
from autoui.localfiles import LocalFiles


@pytest.mark.parametrize(("payload", "value"), [(3, 3), (3.0, 3), ("3", 3), (" -7 ", -7)])
def test_integer_number_gives_int(files: LocalFiles, payload: object, value: int) -> None:
    result = Number(integer=True).preprocess(payload, files)
    assert result == value and type(result) is int


@pytest.mark.parametrize(
    ("payload", "shown"), [(2.5, "2.5"), ("abc", "'abc'"), (True, "true"), (None, "null")]
)
def test_integer_number_rejects(files: LocalFiles, payload: object, shown: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Number(integer=True).preprocess(payload, files)
    assert caught.value.message == f"expected a whole number, got {shown}"


@pytest.mark.parametrize(("payload", "value"), [(2, 2.0), (2.5, 2.5), ("1e3", 1000.0)])
def test_float_number_gives_float(files: LocalFiles, payload: object, value: float) -> None:
    result = Number().preprocess(payload, files)
    assert result == value and type(result) is float


@pytest.mark.parametrize("payload", [math.nan, math.inf, "nan", "inf", [1], {"x": 1}])
def test_float_number_rejects(files: LocalFiles, payload: object) -> None:
    with pytest.raises(ValidationError, match="number"):
        Number().preprocess(payload, files)


def test_range_messages_say_the_allowed_range(files: LocalFiles) -> None:
    with pytest.raises(ValidationError, match="must be between 1 and 10, got 11"):
        Number(1, 10, integer=True).preprocess(11, files)
    with pytest.raises(ValidationError, match="must be at least 0, got -1"):
        Number(minimum=0).preprocess(-1, files)
    with pytest.raises(ValidationError, match="must be at most 5"):
        Number(maximum=5).preprocess(6, files)
    with pytest.raises(ValidationError, match="greater than 0"):
        Number(minimum=0, exclusive_minimum=True).preprocess(0, files)
    assert Number(1, 10).preprocess(10, files) == 10.0


def test_precision_rounds_what_the_function_receives(files: LocalFiles) -> None:
    assert Number(precision=2).preprocess(1.23456, files) == 1.23


def test_slider_bounds_and_props(files: LocalFiles) -> None:
    slider = Slider(0, 10, step=2, integer=True)
    assert slider.props() == {
        "minimum": 0,
        "maximum": 10,
        "step": 2,
        "integer": True,  # front ends read whole-number-ness here, never from the annotation
        "exclusive_minimum": False,
        "exclusive_maximum": False,
        "multiple_of": None,  # enforced when set (Field(multiple_of=...))
        "decimal": False,
    }
    assert slider.preprocess(4, files) == 4
    with pytest.raises(ValidationError, match="between 0 and 10"):
        slider.preprocess(12, files)


def test_slider_refuses_inverted_bounds() -> None:
    with pytest.raises(ValueError, match="greater than its maximum"):
        Slider(10, 0)


@pytest.mark.parametrize(
    ("value", "payload"),
    [(np.int64(3), 3), (np.float32(0.5), 0.5), (Decimal("1.5"), 1.5), (True, 1), (math.nan, None)],
)
def test_number_output_converts_to_json_numbers(
    files: LocalFiles, value: object, payload: object
) -> None:
    result = Number().postprocess(value, files)
    assert result == payload and type(result) is type(payload)


def test_number_output_rejects_text(files: LocalFiles) -> None:
    with pytest.raises(ValidationError, match="expected a number"):
        Number().postprocess("many", files)
