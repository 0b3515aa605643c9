"""Scalars that travel as text: how each is read from a string and written back.

``UUID``, IP addresses and networks, ``timedelta``, ``Fraction``, ``complex``,
``re.Pattern`` and pydantic's ``SecretStr`` / ``SecretBytes`` have no widget of their own:
a :class:`~autoui.components.Textbox` carries them (``value_type``), so every front end
shows a text field, with the ``pattern`` below as a hint where there is one, and the
function receives the exact type it asked for. The table is the one place that knows
how each type is parsed (with a message saying what was expected) and printed.
"""

from __future__ import annotations

import datetime as dt
import fractions
import ipaddress
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from autoui.errors import ValidationError

__all__ = ["TextScalar", "text_scalar"]


@dataclass(frozen=True)
class TextScalar:
    """How one type travels as text.

    Attributes:
        parse: text → the value (raises ``ValueError`` / ``TypeError`` on bad text).
        format: the value → text that ``parse`` reads back.
        what: what was expected, for the error message (``"a UUID"``).
        pattern: a regular expression the text must match (for front ends), if any.
        secret: the text is masked in front ends and never shown back.
    """

    parse: Callable[[str], Any]
    format: Callable[[Any], str] = str
    what: str = "text"
    pattern: str | None = None
    secret: bool = False

    def read(self, text: str) -> Any:
        try:
            return self.parse(text.strip() if not self.secret else text)
        except (ValueError, TypeError, ArithmeticError, re.error) as exc:
            detail = f" ({exc})" if isinstance(exc, re.error) else ""
            raise ValidationError(f"expected {self.what}{detail}, got {_shown(text)}") from None


def _shown(text: str) -> str:
    return repr(text) if len(text) <= 40 else repr(text[:36]) + "..."


def _timedelta(text: str) -> dt.timedelta:
    try:
        return dt.timedelta(seconds=float(text))
    except ValueError:
        pass
    from pydantic import TypeAdapter

    try:
        value: dt.timedelta = TypeAdapter(dt.timedelta).validate_python(text)
    except Exception as exc:  # noqa: BLE001 - pydantic's error: say what was expected
        raise ValueError(text) from exc
    return value


def _pattern(text: str) -> re.Pattern[str]:
    return re.compile(text)


_UUID = r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}"
_FRACTION = r"\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?(\s*/\s*\d+)?\s*"

_TABLE: dict[Any, TextScalar] = {
    uuid.UUID: TextScalar(uuid.UUID, what="a UUID", pattern=_UUID),
    ipaddress.IPv4Address: TextScalar(ipaddress.IPv4Address, what="an IPv4 address"),
    ipaddress.IPv6Address: TextScalar(ipaddress.IPv6Address, what="an IPv6 address"),
    ipaddress.IPv4Network: TextScalar(ipaddress.IPv4Network, what="an IPv4 network"),
    ipaddress.IPv6Network: TextScalar(ipaddress.IPv6Network, what="an IPv6 network"),
    ipaddress.IPv4Interface: TextScalar(ipaddress.IPv4Interface, what="an IPv4 interface"),
    ipaddress.IPv6Interface: TextScalar(ipaddress.IPv6Interface, what="an IPv6 interface"),
    dt.timedelta: TextScalar(
        _timedelta, what="a duration (seconds, 1:30:00, 2 days, or P1DT2H)"
    ),
    fractions.Fraction: TextScalar(
        fractions.Fraction, what="a fraction like 1/3 or 0.25", pattern=_FRACTION
    ),
    complex: TextScalar(lambda text: complex(text.replace(" ", "")), what="a complex number"),
    re.Pattern: TextScalar(
        _pattern, lambda value: str(value.pattern), what="a regular expression"
    ),
}


def _secret(kind: str) -> TextScalar:
    def parse(text: str) -> Any:
        import pydantic

        if kind == "bytes":
            return pydantic.SecretBytes(text.encode())
        return pydantic.SecretStr(text)

    return TextScalar(parse, what="a secret", secret=True)


_SECRETS = {"pydantic.types.SecretStr": "str", "pydantic.types.SecretBytes": "bytes"}


def text_scalar(tp: Any) -> TextScalar | None:
    """How ``tp`` (or its closest base class in the table) travels as text, if it does."""
    origin = getattr(tp, "__origin__", None) or tp  # re.Pattern[str] → re.Pattern
    if not isinstance(origin, type):
        return None
    for base in origin.__mro__[:-1]:
        if base in _TABLE:
            return _TABLE[base]
        secret = _SECRETS.get(f"{base.__module__}.{base.__qualname__}")
        if secret is not None:
            return _secret(secret)
    return None
