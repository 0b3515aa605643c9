"""Shared wording for payload errors, so every component says "expected X, got Y" alike.

Messages never carry the parameter name: the pipeline adds it
(``"top_k: expected a whole number, got 'abc'"``).
"""

from __future__ import annotations

from typing import Any

from autoui.errors import ValidationError

__all__ = ["expected", "require_str", "shown"]

_MAX_SHOWN = 40


def shown(value: Any) -> str:
    """A short, safe rendering of a payload for an error message."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list | tuple):
        return "a list"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    text = repr(value)
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 4] + "...'"


def expected(what: str, payload: Any) -> ValidationError:
    """The error for a payload that is not ``what`` (``"a whole number"``)."""
    return ValidationError(f"expected {what}, got {shown(payload)}")


def require_str(payload: Any, what: str = "text") -> str:
    """``payload`` if it is a string, else the "expected ``what``" error."""
    if not isinstance(payload, str):
        raise expected(what, payload)
    return payload
