"""Dates and times, travelling as ISO 8601 strings (``2024-05-31``, ``2024-05-31T14:30``).

The three kinds differ only in facts (how to parse, what to call it, the schema format,
an example, how to turn a neighbouring type into theirs), so they are one
:class:`_Temporal` base with those facts as class variables.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, ClassVar

from autoui.components.base import Component
from autoui.components.checks import expected
from autoui.errors import ValidationError
from autoui.files import FileContext

__all__ = ["Date", "DateTime", "Time"]


def _native(value: Any) -> Any:
    """numpy ``datetime64`` → ``datetime``/``date`` (pandas Timestamps already are)."""
    if type(value).__name__ == "datetime64" and callable(getattr(value, "item", None)):
        return value.item()
    return value


@dataclass(frozen=True)
class _Temporal(Component):
    """An ISO 8601 string on the wire; ``parse``'s type for the function."""

    what: ClassVar[str]
    schema_format: ClassVar[str]
    example: ClassVar[str]

    @staticmethod
    def parse(text: str) -> Any:
        """ISO text → this kind's type (ValueError if it is not one)."""
        raise NotImplementedError

    @staticmethod
    def convert(value: Any) -> Any:
        """A value of a neighbouring type → this kind's type (None: not one)."""
        return None

    def preprocess(self, payload: Any, files: FileContext) -> Any:
        if not isinstance(payload, str):
            raise expected(self.what, payload)
        text = payload.strip()
        if text.endswith(("Z", "z")):  # Python 3.10 reads "+00:00" but not "Z"
            text = text[:-1] + "+00:00"
        try:
            return self.parse(text)
        except ValueError:
            raise expected(self.what, payload) from None

    def postprocess(self, value: Any, files: FileContext) -> str | None:
        value = _native(value)
        if value is None:
            return None
        converted = self.convert(value)
        if converted is None:
            converted = self.preprocess(value, files)
        return str(converted.isoformat())

    def read_output(self, payload: Any, files: FileContext, *, image_type: str = "pil") -> Any:
        try:
            return self.preprocess(payload, files)
        except ValidationError:
            return payload

    def encode_default(self, value: Any) -> Any:
        return self.default_as_output(value)

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "format": self.schema_format}

    def example_payload(self) -> str:
        return self.example


@dataclass(frozen=True)
class Date(_Temporal):
    """A calendar date; the function receives a :class:`datetime.date`."""

    kind: ClassVar[str] = "date"
    what = "a date like '2024-05-31'"
    schema_format = "date"
    example = "2024-05-31"

    @staticmethod
    def parse(text: str) -> dt.date:
        return dt.date.fromisoformat(text)

    @staticmethod
    def convert(value: Any) -> Any:
        if isinstance(value, dt.datetime):
            return value.date()
        return value if isinstance(value, dt.date) else None


@dataclass(frozen=True)
class DateTime(_Temporal):
    """A date and time; the function receives a :class:`datetime.datetime`.

    A payload with an offset (``...+02:00`` or ``...Z``) gives an aware datetime, one
    without gives a naive one, as written.
    """

    kind: ClassVar[str] = "datetime"
    what = "a date and time like '2024-05-31T14:30:00'"
    schema_format = "date-time"
    example = "2024-05-31T14:30:00"

    @staticmethod
    def parse(text: str) -> dt.datetime:
        return dt.datetime.fromisoformat(text)

    @staticmethod
    def convert(value: Any) -> Any:
        if isinstance(value, dt.datetime):
            return value
        return dt.datetime.combine(value, dt.time()) if isinstance(value, dt.date) else None


@dataclass(frozen=True)
class Time(_Temporal):
    """A time of day; the function receives a :class:`datetime.time`."""

    kind: ClassVar[str] = "time"
    what = "a time like '14:30'"
    schema_format = "time"
    example = "14:30:00"

    @staticmethod
    def parse(text: str) -> dt.time:
        return dt.time.fromisoformat(text)

    @staticmethod
    def convert(value: Any) -> Any:
        if isinstance(value, dt.datetime):
            return value.time()
        return value if isinstance(value, dt.time) else None
