from __future__ import annotations

import dataclasses
from typing import Annotated

import pytest
from pydantic import BaseModel, Field

from autoui.components import Form, Number, Textbox
from autoui.errors import ValidationError
from autoui.localfiles import LocalFiles
from autoui.registry import infer_input
from autoui.spec import ParamSpec


@dataclasses.dataclass
class Address:
    """Where to ship.

    Attributes:
        city: the city name.
    """

    city: str
    zip_code: str | None = None


class Order(BaseModel):
    item: str
    quantity: Annotated[int, Field(ge=1, le=10, description="how many")] = 1
    address: Address


def order_form() -> Form:
    component = infer_input(Order, name="order").component
    assert isinstance(component, Form)
    return component


def test_form_builds_the_model_with_nested_forms(files: LocalFiles) -> None:
    order = order_form().preprocess(
        {"item": "pen", "quantity": 3, "address": {"city": "Oslo"}}, files
    )
    assert order == Order(item="pen", quantity=3, address=Address("Oslo"))


def test_form_uses_field_defaults(files: LocalFiles) -> None:
    order = order_form().preprocess({"item": "pen", "address": {"city": "Oslo"}}, files)
    assert order.quantity == 1


@pytest.mark.parametrize(
    ("payload", "param", "message"),
    [
        ({"address": {"city": "Oslo"}}, "item", "is required"),
        ({"item": "pen", "quantity": 11, "address": {"city": "x"}}, "quantity", "between 1 and 10"),
        ({"item": "pen", "quantity": "lots", "address": {"city": "x"}}, "quantity", "whole number"),
        ({"item": "pen", "address": {}}, "address.city", "is required"),
        ({"item": "pen", "address": {"city": "x"}, "colour": "red"}, "colour", "unknown field"),
    ],
)
def test_form_errors_name_the_field(
    files: LocalFiles, payload: dict[str, object], param: str, message: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        order_form().preprocess(payload, files)
    assert caught.value.param == param and message in caught.value.message


def test_form_rejects_non_objects(files: LocalFiles) -> None:
    with pytest.raises(ValidationError, match="expected an object of fields"):
        order_form().preprocess(["pen"], files)


def test_model_validators_become_validation_errors(files: LocalFiles) -> None:
    @dataclasses.dataclass
    class Span:
        start: int
        end: int

        def __post_init__(self) -> None:
            if self.end < self.start:
                raise ValueError("end must not be before start")

    form = infer_input(Span, name="span").component
    with pytest.raises(ValidationError, match="end must not be before start"):
        form.preprocess({"start": 5, "end": 1}, files)


def test_form_props_serialise_fields_and_docs() -> None:
    fields = order_form().props()["fields"]
    assert [f["name"] for f in fields] == ["item", "quantity", "address"]
    quantity = fields[1]
    assert quantity["component"] == "slider" and quantity["info"] == "how many"
    assert quantity["default"] == 1
    city = fields[2]["props"]["fields"][0]
    assert city["name"] == "city" and city["info"] == "the city name."


def test_form_output_and_default(files: LocalFiles) -> None:
    form = Form(
        (ParamSpec("a", Textbox()), ParamSpec("b", Number(integer=True), default=2)), cls=None
    )
    assert form.preprocess({"a": "x"}, files) == {"a": "x", "b": 2}
    assert form.postprocess({"a": "x", "b": 3}, files) == {"a": "x", "b": 3}
    assert order_form().encode_default(Order(item="p", address=Address("Oslo"))) == {
        "item": "p",
        "quantity": 1,
        "address": {"city": "Oslo", "zip_code": None},
    }
