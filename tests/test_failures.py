"""The error-message rule (autoui.failures): a deliberate bad-input error shows its message."""

from __future__ import annotations

import json
import logging

import pytest
from failing_fns import (
    builtin_called_here,
    library_raises,
    other_type,
    own_assert,
    own_type_error,
    own_value_error,
)

import autoui
from autoui.events import Failed
from autoui.failures import failure_event, is_deliberate
from autoui.introspect import introspect


def raises(exc: BaseException) -> BaseException:
    try:
        raise exc
    except BaseException as caught:
        return caught


def caught(fn: object, text: str = "abc") -> BaseException:
    try:
        fn(text)  # type: ignore[operator]
    except BaseException as exc:
        return exc
    raise AssertionError("did not raise")


@pytest.mark.parametrize(
    ("fn", "shown"),
    [
        (own_value_error, "ValueError: code must have 6 digits"),
        (own_type_error, "TypeError: expected a list of names"),
        (own_assert, "AssertionError: code must be digits"),
        (builtin_called_here, "ValueError: invalid literal for int() with base 10: 'abc'"),
        (library_raises, "JSONDecodeError"),
        (other_type, "KeyError"),
    ],
)
def test_the_message_is_shown_only_for_deliberate_bad_input_errors(
    fn: object, shown: str, caplog: pytest.LogCaptureFixture
) -> None:
    spec = introspect(fn)  # type: ignore[arg-type]
    with caplog.at_level(logging.ERROR, logger="autoui"):
        event = failure_event(caught(fn), spec, show_errors=False)  # type: ignore[arg-type]
    assert isinstance(event, Failed) and event.message == shown
    # A hidden message still reaches the server's log, with its traceback.
    assert ("Traceback" in caplog.text) == (":" not in shown)


def test_show_errors_shows_every_message_and_autoui_error_always_shows() -> None:
    spec = introspect(other_type)
    told = failure_event(caught(other_type), spec, True)  # type: ignore[arg-type]
    assert told.message == "KeyError: 'internal table name'"
    error = raises(autoui.Error("no face found", title="Sorry"))
    assert failure_event(error, spec, False) == Failed(  # type: ignore[arg-type]
        message="no face found", type="Error", title="Sorry"
    )


def test_the_package_of_the_function_counts_as_its_own_code() -> None:
    import tomllib

    exc = caught(tomllib.loads, "a = ")
    assert is_deliberate(exc, tomllib.loads)  # raised in tomllib._parser, fn in tomllib
    assert not is_deliberate(exc, own_value_error)
    assert not is_deliberate(raises(ValueError("no traceback frames of fn")), json.loads)
