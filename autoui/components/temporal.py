"""Dates and times, travelling as ISO 8601 strings (``2024-05-31``, ``2024-05-31T14:30``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, ClassVar

from autoui.components.base import Component
from autoui.components.checks import expected
from autoui.errors import ValidationError
from autoui.files import FileContext

__all__ = ["Date", "DateTime", "Time"]


def _parse(payload: Any, parse: Any, what: str) -> Any:
    if not isinstance(payload, str):
        raise expected(what, payload)
    text = payload.strip()
    if text.endswith(("Z", "z")):  # Python 3.10 reads "+00:00" but not "Z"
        text = text[:-1] + "+00:00"
    try:
        return parse(text)
    except ValueError:
        raise expected(what, payload) from None


def _native(value: Any) -> Any:
    """numpy ``datetime64`` → ``datetime``/``date`` (pandas Timestamps already are)."""
    if type(value).__name__ == "datetime64" and callable(getattr(value, "item", None)):
        return value.item()
    return value


def _encode(component: Component, value: Any) -> str | None:
    try:
        return component.postprocess(value, None)  # type: ignore[arg-type,no-any-return]
    except ValidationError:
        return None


@dataclass(frozen=True)
class Date(Component):
    """A calendar date; the function receives a :class:`datetime.date`."""

    kind: ClassVar[str] = "date"

    def preprocess(self, payload: Any, files: FileContext) -> dt.date:
        return _parse(payload, dt.date.fromisoformat, "a date like '2024-05-31'")  # type: ignore[no-any-return]

    def postprocess(self, value: Any, files: FileContext) -> str | None:
        value = _native(value)
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return value.date().isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        return self.preprocess(value, files).isoformat()

    def encode_default(self, value: Any) -> Any:
        return _encode(self, value)

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "format": "date"}

    def example_payload(self) -> str:
        return "2024-05-31"


@dataclass(frozen=True)
class DateTime(Component):
    """A date and time; the function receives a :class:`datetime.datetime`.

    A payload with an offset (``...+02:00`` or ``...Z``) gives an aware datetime, one
    without gives a naive one, as written.
    """

    kind: ClassVar[str] = "datetime"

    def preprocess(self, payload: Any, files: FileContext) -> dt.datetime:
        what = "a date and time like '2024-05-31T14:30:00'"
        return _parse(payload, dt.datetime.fromisoformat, what)  # type: ignore[no-any-return]

    def postprocess(self, value: Any, files: FileContext) -> str | None:
        value = _native(value)
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return value.isoformat()
        if isinstance(value, dt.date):
            return dt.datetime.combine(value, dt.time()).isoformat()
        return self.preprocess(value, files).isoformat()

    def encode_default(self, value: Any) -> Any:
        return _encode(self, value)

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "format": "date-time"}

    def example_payload(self) -> str:
        return "2024-05-31T14:30:00"


@dataclass(frozen=True)
class Time(Component):
    """A time of day; the function receives a :class:`datetime.time`."""

    kind: ClassVar[str] = "time"

    def preprocess(self, payload: Any, files: FileContext) -> dt.time:
        return _parse(payload, dt.time.fromisoformat, "a time like '14:30'")  # type: ignore[no-any-return]

    def postprocess(self, value: Any, files: FileContext) -> str | None:
        value = _native(value)
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return value.time().isoformat()
        if isinstance(value, dt.time):
            return value.isoformat()
        return self.preprocess(value, files).isoformat()

    def encode_default(self, value: Any) -> Any:
        return _encode(self, value)

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "format": "time"}

    def example_payload(self) -> str:
        return "14:30:00"
