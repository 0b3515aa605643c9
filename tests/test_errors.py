from __future__ import annotations

import autoui
from autoui.errors import AutoUIError, ClientError, LoadError, ValidationError


def test_validation_error_reads_parameter_first() -> None:
    err = ValidationError("expected a whole number, got 'abc'")
    assert str(err) == "expected a whole number, got 'abc'"
    named = err.with_param("top_k")
    assert str(named) == "top_k: expected a whole number, got 'abc'"
    assert named.param == "top_k" and named.message == err.message


def test_nested_form_fields_give_dotted_names() -> None:
    inner = ValidationError("must be at least 1").with_param("quantity")
    assert inner.with_param("order").param == "order.quantity"


def test_everything_autoui_raises_on_purpose_shares_one_root() -> None:
    for cls in (LoadError, ValidationError, ClientError):
        assert issubclass(cls, AutoUIError)


def test_user_error_keeps_message_and_title() -> None:
    err = autoui.Error("no face found", title="Try another photo")
    assert (err.message, err.title) == ("no face found", "Try another photo")
    assert str(err) == "no face found"


def test_client_error_names_the_parameter() -> None:
    err = ClientError("is required", param="image", status=422, type="ValidationError")
    assert str(err) == "image: is required" and err.status == 422
