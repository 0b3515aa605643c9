"""Numbers: a free number field and a bounded slider, sharing one checker.

Both give the function an ``int`` when it asked for one (``integer``, set by
inference and sent to front ends as a prop) and a ``float`` otherwise. JSON has one
number type, so ``3.0`` is accepted as the whole number 3, but ``2.5`` is not; numeric
strings (``"3"``) are read too, for front ends that only have text.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any, ClassVar

from autoui.components.base import Component
from autoui.components.checks import expected
from autoui.errors import ValidationError
from autoui.files import FileContext

__all__ = ["Number", "Slider", "check_range"]

Num = int | float


@dataclass(frozen=True)
class _Bounded(Component):
    """What Number and Slider share: bounds, whole-number-ness, and their checks.

    Args:
        integer: whole numbers only (the function receives an ``int``).
        exclusive_minimum / exclusive_maximum: the bound itself is not accepted.
        multiple_of: accepted values are multiples of this (``Field(multiple_of=5)``);
            enforced, and the step front ends offer.
        decimal: the function takes a ``Decimal``: read exactly (``"0.10"`` as text
            keeps its digits), and given back as a number when a float holds it exactly.
    """

    integer: bool = field(default=False, kw_only=True)
    exclusive_minimum: bool = field(default=False, kw_only=True)
    exclusive_maximum: bool = field(default=False, kw_only=True)
    multiple_of: Num | None = field(default=None, kw_only=True)
    decimal: bool = field(default=False, kw_only=True)

    @property
    def _low(self) -> Num | None:
        return getattr(self, "minimum", None)

    @property
    def _high(self) -> Num | None:
        return getattr(self, "maximum", None)

    def preprocess(self, payload: Any, files: FileContext) -> Num:
        value = read_decimal(payload) if self.decimal else _read_number(payload, self.integer)
        self._check_range(value)
        if self.multiple_of is not None and not _is_multiple(value, self.multiple_of):
            raise ValidationError(f"must be a multiple of {self.multiple_of}, got {value}")
        return value

    def postprocess(self, value: Any, files: FileContext) -> Any:
        if self.decimal and isinstance(value, Decimal):
            return decimal_payload(value)
        number = _output_number(value)
        if number is None:
            return None
        return round(number) if self.integer and number == int(number) else number

    def encode_default(self, value: Any) -> Any:
        return self.default_as_output(value)

    def _check_range(self, value: Num) -> None:
        check_range(
            value, self._low, self._high,
            exclusive_minimum=self.exclusive_minimum, exclusive_maximum=self.exclusive_maximum,
        )  # fmt: skip

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "integer" if self.integer else "number"}
        low, high = self._low, self._high
        if low is not None:
            schema["exclusiveMinimum" if self.exclusive_minimum else "minimum"] = low
        if high is not None:
            schema["exclusiveMaximum" if self.exclusive_maximum else "maximum"] = high
        if self.multiple_of is not None:
            schema["multipleOf"] = self.multiple_of
        if self.decimal:  # exact digits travel as text ("10.00")
            return {"anyOf": [schema, {"type": "string", "pattern": DECIMAL_PATTERN}]}
        return schema

    def example_payload(self) -> Num:
        low, high = self._low, self._high
        if low is not None and high is not None:
            middle = (low + high) / 2
            return math.floor(middle) if self.integer else middle
        if low is not None:
            return low + 1 if self.exclusive_minimum or low == 0 else low
        if high is not None:
            return high - 1
        return 1 if self.integer else 1.5


def check_range(
    value: Num,
    low: Num | None,
    high: Num | None,
    *,
    exclusive_minimum: bool = False,
    exclusive_maximum: bool = False,
) -> None:
    """Raise "must be between 1 and 10, got 11" when ``value`` is out of range.

    The terminal checks typed numbers with it too, so both say the same.
    """
    below = low is not None and (value <= low if exclusive_minimum else value < low)
    above = high is not None and (value >= high if exclusive_maximum else value > high)
    if not (below or above):
        return
    low_word = "greater than" if exclusive_minimum else "at least"
    high_word = "less than" if exclusive_maximum else "at most"
    if low is not None and high is not None:
        if not exclusive_minimum and not exclusive_maximum:
            text = f"between {low} and {high}"
        else:
            text = f"{low_word} {low} and {high_word} {high}"
    else:
        text = f"{low_word} {low}" if low is not None else f"{high_word} {high}"
    raise ValidationError(f"must be {text}, got {value}")  # a Decimal as its digits


DECIMAL_PATTERN = r"^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$"


def _is_multiple(value: Num, step: Num) -> bool:
    """Exactly, in decimal terms: 0.3 is a multiple of 0.1 (as a float it is not)."""
    if not step:
        return True
    return Fraction(str(value)) % Fraction(str(step)) == 0


def read_decimal(payload: Any) -> Any:
    """A payload → an exact ``Decimal``: text as written, a JSON number by its shortest repr."""
    if isinstance(payload, bool) or not isinstance(payload, str | int | float | Decimal):
        raise expected("a decimal number", payload)
    try:
        value = Decimal(payload.strip() if isinstance(payload, str) else repr(payload))
    except InvalidOperation:
        raise expected("a decimal number", payload) from None
    if not value.is_finite():
        raise expected("a finite decimal number", payload)
    return value


def decimal_payload(value: Decimal) -> float | str | None:
    """A JSON number when one holds the decimal exactly, else its exact text ("0.1000...1")."""
    if not value.is_finite():
        return None
    number = float(value)
    return number if Decimal(repr(number)) == value else str(value)


def _read_number(payload: Any, integer: bool) -> Num:
    what = "a whole number" if integer else "a number"
    if isinstance(payload, str):
        payload = _parse_numeric_text(payload, what)
    if isinstance(payload, bool) or not isinstance(payload, int | float):
        raise expected(what, payload)
    if isinstance(payload, float) and not math.isfinite(payload):
        raise expected(f"a finite {what[2:]}", payload)
    if not integer:
        return float(payload)
    if isinstance(payload, float):
        if not payload.is_integer():
            raise expected(what, payload)
        return int(payload)
    return payload


def _parse_numeric_text(text: str, what: str) -> Num:
    stripped = text.strip()
    try:
        return int(stripped)
    except ValueError:
        pass
    try:
        number = float(stripped)
    except ValueError:
        raise expected(what, text) from None
    if not math.isfinite(number):
        raise expected(what, text)
    return number


def _output_number(value: Any) -> Num | None:
    """A returned value (int, float, numpy scalar, Decimal, Fraction) → a JSON number."""
    if value is None:
        return None
    if hasattr(value, "item") and callable(value.item):  # numpy / torch scalars
        value = value.item()
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise expected("a number", value) from None
    return number if math.isfinite(number) else None


@dataclass(frozen=True)
class Number(_Bounded):
    """A number field; the function receives an ``int`` or a ``float`` as it asked.

    Args:
        minimum / maximum: accepted range (inclusive), None for unbounded.
        step: increment of the field's arrows (not enforced on input).
        precision: decimals the function receives (``round(value, precision)``).
    """

    kind: ClassVar[str] = "number"

    minimum: Num | None = None
    maximum: Num | None = None
    step: Num | None = None
    precision: int | None = None

    def preprocess(self, payload: Any, files: FileContext) -> Num:
        value = super().preprocess(payload, files)
        if self.precision is not None and not self.integer:
            value = round(value, self.precision)
        return value


@dataclass(frozen=True)
class Slider(_Bounded):
    """A slider between two bounds (both needed to draw it).

    Args:
        minimum / maximum: the ends of the track, inclusive.
        step: increment; None lets front ends pick 1 for whole numbers, else 1/100 of the range.
    """

    kind: ClassVar[str] = "slider"

    minimum: Num = 0
    maximum: Num = 100
    step: Num | None = None

    def __post_init__(self) -> None:
        if self.minimum > self.maximum:
            raise ValueError(
                f"Slider minimum ({self.minimum}) is greater than its maximum ({self.maximum})"
            )
