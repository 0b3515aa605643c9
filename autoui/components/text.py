"""Text components: free text, and the string aliases rendered as markdown, HTML, code, colour."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from autoui.components.base import Component
from autoui.components.checks import expected, require_str
from autoui.errors import ValidationError
from autoui.files import FileContext

__all__ = ["HTML", "Code", "Color", "Markdown", "Textbox"]


def _text_output(value: Any) -> str:
    if isinstance(value, bytes | bytearray):
        return bytes(value).decode("utf-8", errors="replace")
    return value if isinstance(value, str) else str(value)


@dataclass(frozen=True)
class Textbox(Component):
    """A text field; the function receives (or returns) a ``str``.

    Args:
        lines: visible lines; more than one gives a multi-line area.
        max_lines: the area grows up to this many lines.
        placeholder: hint shown while empty.
        max_length: longest accepted text, in characters.
        type: ``"text"``, ``"password"`` (masked) or ``"email"``.
    """

    kind: ClassVar[str] = "textbox"

    lines: int = 1
    max_lines: int | None = None
    placeholder: str | None = None
    max_length: int | None = None
    type: Literal["text", "password", "email"] = "text"

    def preprocess(self, payload: Any, files: FileContext) -> str:
        text = require_str(payload)
        if self.max_length is not None and len(text) > self.max_length:
            raise ValidationError(
                f"is too long: {len(text)} characters, at most {self.max_length} allowed"
            )
        return text

    def postprocess(self, value: Any, files: FileContext) -> str:
        return _text_output(value)

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "string"}
        if self.max_length is not None:
            schema["maxLength"] = self.max_length
        return schema

    def example_payload(self) -> str:
        return "Hello, world!"[: self.max_length] if self.max_length else "Hello, world!"


@dataclass(frozen=True)
class Markdown(Component):
    """Markdown text. Front ends render it and sanitise the resulting HTML."""

    kind: ClassVar[str] = "markdown"

    def preprocess(self, payload: Any, files: FileContext) -> str:
        return require_str(payload, "markdown text")

    def postprocess(self, value: Any, files: FileContext) -> str:
        return _text_output(value)

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string"}

    def example_payload(self) -> str:
        return "# Title\n\nSome *markdown*."


@dataclass(frozen=True)
class HTML(Component):
    """HTML. Outputs are sanitised here, on the server (see :mod:`.sanitize`)."""

    kind: ClassVar[str] = "html"

    def preprocess(self, payload: Any, files: FileContext) -> str:
        return require_str(payload, "HTML text")

    def postprocess(self, value: Any, files: FileContext) -> str:
        from autoui.components.sanitize import sanitize_html  # html.parser: when it is used

        return sanitize_html(_text_output(value))

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string"}

    def example_payload(self) -> str:
        return "<p>Hello, <b>world</b></p>"


@dataclass(frozen=True)
class Code(Component):
    """Source code, shown monospaced with highlighting for ``language``."""

    kind: ClassVar[str] = "code"

    language: str | None = "python"

    def preprocess(self, payload: Any, files: FileContext) -> str:
        return require_str(payload, "code as text")

    def postprocess(self, value: Any, files: FileContext) -> str:
        return _text_output(value)

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string"}

    def example_payload(self) -> str:
        return "print('hello')"


_HEX6 = re.compile(r"#([0-9a-fA-F]{6})")
_HEX3 = re.compile(r"#([0-9a-fA-F]{3})")
_RGB = re.compile(r"rgba?\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*(?:,\s*[\d.]+%?\s*)?\)")
COLOR_PATTERN = r"^\s*(#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3}|rgba?\(.*\))\s*$"


def normalize_color(value: Any) -> str:
    """``"#abc"``, ``"#AABBCC"``, ``"rgb(1, 2, 3)"`` or ``(r, g, b)`` → ``"#rrggbb"``."""
    if isinstance(value, tuple | list) and len(value) in (3, 4):
        return _from_channels(value[:3], value)
    text = require_str(value, "a colour like '#ff8800'").strip()
    if match := _HEX6.fullmatch(text):
        return "#" + match.group(1).lower()
    if match := _HEX3.fullmatch(text):
        return "#" + "".join(c * 2 for c in match.group(1).lower())
    if match := _RGB.fullmatch(text):
        return _from_channels([int(g) for g in match.groups()], value)
    raise expected("a colour like '#ff8800' or 'rgb(255, 136, 0)'", value)


def _from_channels(channels: Any, original: Any) -> str:
    if not all(isinstance(c, int) and not isinstance(c, bool) and 0 <= c <= 255 for c in channels):
        raise expected("colour channels between 0 and 255", original)
    return "#" + "".join(f"{c:02x}" for c in channels)


@dataclass(frozen=True)
class Color(Component):
    """A colour, travelling as ``"#rrggbb"``; the function receives that string."""

    kind: ClassVar[str] = "color"

    def preprocess(self, payload: Any, files: FileContext) -> str:
        return normalize_color(payload)

    def postprocess(self, value: Any, files: FileContext) -> str:
        return normalize_color(value)

    def encode_default(self, value: Any) -> Any:
        try:
            return normalize_color(value)
        except ValidationError:
            return None

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": COLOR_PATTERN}

    def example_payload(self) -> str:
        return "#ff8800"
