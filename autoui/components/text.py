"""Text components: free text, and the string aliases rendered as markdown, HTML, code, colour."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from autoui.components.base import Component, internal
from autoui.components.checks import expected, require_str, shown
from autoui.errors import ValidationError
from autoui.files import FileContext

__all__ = ["HTML", "Code", "Color", "Markdown", "Textbox"]


def _text_output(value: Any) -> str:
    if isinstance(value, bytes | bytearray):
        return bytes(value).decode("utf-8", errors="replace")
    return value if isinstance(value, str) else str(value)


def _scalar(value_type: Any) -> Any:
    """How ``value_type`` travels as text (:mod:`.scalars`, loaded when first needed)."""
    from autoui.components.scalars import text_scalar

    scalar = text_scalar(value_type)
    if scalar is None:
        raise TypeError(f"{value_type!r} does not travel as text")
    return scalar


@dataclass(frozen=True)
class Textbox(Component):
    """A text field; the function receives (or returns) a ``str``.

    Args:
        lines: visible lines; more than one gives a multi-line area.
        max_lines: the area grows up to this many lines.
        placeholder: hint shown while empty.
        max_length: longest accepted text, in characters.
        min_length: shortest accepted text, in characters.
        pattern: a regular expression the text must contain a match of (``re.search``,
            as pydantic's ``Field(pattern=...)``: anchor it with ``^...$`` for a whole match).
        type: ``"text"``, ``"password"`` (masked) or ``"email"``.
    """

    kind: ClassVar[str] = "textbox"

    lines: int = 1
    max_lines: int | None = None
    placeholder: str | None = None
    max_length: int | None = None
    min_length: int | None = None
    pattern: str | None = None
    type: Literal["text", "password", "email"] = "text"
    value_type: Any = internal(None)

    def preprocess(self, payload: Any, files: FileContext) -> Any:
        text = require_str(payload)
        self._check_length(text)
        if self.pattern is not None and re.search(self.pattern, text) is None:
            raise ValidationError(f"must match the pattern {self.pattern!r}, got {shown(text)}")
        if self.value_type is None:
            return text
        return _scalar(self.value_type).read(text)

    def _check_length(self, text: str) -> None:
        if self.max_length is not None and len(text) > self.max_length:
            raise ValidationError(
                f"is too long: {len(text)} characters, at most {self.max_length} allowed"
            )
        if self.min_length is not None and len(text) < self.min_length:
            raise ValidationError(
                f"is too short: {len(text)} characters, at least {self.min_length} needed"
            )

    def postprocess(self, value: Any, files: FileContext) -> str:
        origin = getattr(self.value_type, "__origin__", None) or self.value_type  # re.Pattern[str]
        if origin is None or not isinstance(value, origin):
            return _text_output(value)
        return str(_scalar(self.value_type).format(value))

    def encode_default(self, value: Any) -> Any:
        if self.value_type is None:
            return value
        scalar = _scalar(self.value_type)
        return None if scalar.secret else scalar.format(value)  # a secret is never shown

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "string"}
        if self.max_length is not None:
            schema["maxLength"] = self.max_length
        if self.min_length is not None:
            schema["minLength"] = self.min_length
        if self.pattern is not None:
            schema["pattern"] = self.pattern
        return schema

    def example_payload(self) -> str:
        text = "Hello, world!"
        if self.min_length is not None and len(text) < self.min_length:
            text = text * (self.min_length // len(text) + 1)
        return text[: self.max_length] if self.max_length else text


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


_CSS_FUNCTION = re.compile(r"(rgb|rgba|hsl|hsla)\(\s*[-\d.%\s,/]+\)", re.IGNORECASE)
_HEX_ANY = re.compile(r"#([0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})")


def is_css_color(text: str) -> bool:
    """A CSS colour as written: a name (``"red"``), ``#rgb``, ``#rrggbb``, ``rgb()``, ``hsl()``."""
    from PIL import ImageColor

    text = text.strip()
    if _HEX_ANY.fullmatch(text) or _CSS_FUNCTION.fullmatch(text):
        return True
    return text.lower() in ImageColor.colormap or text.lower() == "transparent"


@dataclass(frozen=True)
class Color(Component):
    """A colour, travelling as ``"#rrggbb"``; the function receives that string.

    Args:
        as_text: the function takes the colour as text (a ``str`` named ``color``): any
            CSS colour is accepted (``"red"``, ``"#f80"``, ``"rgb(1, 2, 3)"``) and handed
            over as written, and front ends let the user type one besides picking.
    """

    kind: ClassVar[str] = "color"

    as_text: bool = False

    def preprocess(self, payload: Any, files: FileContext) -> str:
        if self.as_text:
            text = require_str(payload, "a colour")
            if not is_css_color(text):
                raise expected("a colour: a name like 'red', '#ff8800' or 'rgb(255, 136, 0)'", text)
            return text.strip()
        return normalize_color(payload)

    def postprocess(self, value: Any, files: FileContext) -> str:
        return normalize_color(value)

    def encode_default(self, value: Any) -> Any:
        try:
            return self.preprocess(value, None) if self.as_text else normalize_color(value)  # type: ignore[arg-type]
        except ValidationError:
            return None

    def json_schema(self) -> dict[str, Any]:
        if self.as_text:
            return {"type": "string"}
        return {"type": "string", "pattern": COLOR_PATTERN}

    def example_payload(self) -> str:
        return "#ff8800"
