"""Choices: a checkbox, one of several (dropdown / radio), several of several (checkbox group).

``choices`` are the wire values front ends show and send back; the internal
``values`` are the Python values the function receives, aligned with them. Enum
members travel as their *name*, literals as themselves, so ``Literal["a", "b"]``
has ``choices == values == ("a", "b")`` and ``Size`` has
``choices == ("S", "M")``, ``values == (Size.S, Size.M)``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from autoui.components.base import Component, Traits, internal
from autoui.components.checks import expected, shown
from autoui.errors import ValidationError
from autoui.files import FileContext

__all__ = ["Checkbox", "CheckboxGroup", "Dropdown", "Radio"]

Scalar = str | int | float | bool | None
_TRUE = frozenset({"true", "yes", "on", "1"})
_FALSE = frozenset({"false", "no", "off", "0"})


@dataclass(frozen=True)
class Checkbox(Component):
    """A yes/no box; the function receives a ``bool``."""

    kind: ClassVar[str] = "checkbox"

    def preprocess(self, payload: Any, files: FileContext) -> bool:
        if isinstance(payload, bool):
            return payload
        if isinstance(payload, str) and payload.strip().lower() in _TRUE | _FALSE:
            return payload.strip().lower() in _TRUE
        if isinstance(payload, int) and payload in (0, 1):
            return bool(payload)
        raise expected("true or false", payload)

    def postprocess(self, value: Any, files: FileContext) -> bool | None:
        return None if value is None else bool(value)

    def json_schema(self) -> dict[str, Any]:
        return {"type": "boolean"}

    def example_payload(self) -> bool:
        return True


def wire_value(value: Any) -> Any:
    """How one choice travels: an Enum member by name, anything else as itself."""
    return value.name if isinstance(value, enum.Enum) else value


@dataclass(frozen=True)
class _Choices(Component):
    """Shared by the single- and multi-choice components: mapping wire ⇄ Python values."""

    choices: tuple[Scalar, ...] = ()
    values: tuple[Any, ...] = internal(())

    def __post_init__(self) -> None:
        object.__setattr__(self, "choices", tuple(wire_value(c) for c in self.choices))
        if self.values and len(self.values) != len(self.choices):
            raise ValueError(
                f"{type(self).__name__}: {len(self.values)} values for {len(self.choices)} choices"
            )

    def _index(self, payload: Any) -> int | None:
        for i, choice in enumerate(self.choices):
            if payload == choice and type(payload) is type(choice):
                return i
        if isinstance(payload, str):  # "2" from a text-only front end for Literal[1, 2]
            for i, choice in enumerate(self.choices):
                if not isinstance(choice, str) and str(choice) == payload:
                    return i
        return None

    def _value(self, index: int) -> Any:
        return self.values[index] if self.values else self.choices[index]

    def _choice_of(self, value: Any) -> Any:
        """A returned Python value → its wire choice (values first, then choices)."""
        for i, known in enumerate(self.values):
            if value is known or (value == known and type(value) is type(known)):
                return self.choices[i]
        wire = wire_value(value)
        return wire if isinstance(wire, str | int | float | bool) else str(wire)

    def _unknown(self, payload: Any) -> ValidationError:
        listed = ", ".join(shown(c) for c in self.choices[:20])
        more = ", ..." if len(self.choices) > 20 else ""
        return ValidationError(f"expected one of {listed}{more}; got {shown(payload)}")

    def _enum_schema(self) -> dict[str, Any]:
        return {"enum": list(self.choices)}

    def example_payload(self) -> Any:
        return self.choices[0] if self.choices else None


@dataclass(frozen=True)
class Dropdown(_Choices):
    """Pick one of ``choices`` from a list.

    Args:
        choices: the options, as they travel (Enum names, literals).
        allow_custom: accept a typed value outside ``choices`` (passed on as a ``str``).
    """

    kind: ClassVar[str] = "dropdown"

    allow_custom: bool = False

    def preprocess(self, payload: Any, files: FileContext) -> Any:
        index = self._index(payload)
        if index is not None:
            return self._value(index)
        if self.allow_custom and isinstance(payload, str):
            return payload
        raise self._unknown(payload)

    def postprocess(self, value: Any, files: FileContext) -> Any:
        return self._choice_of(value)

    def encode_default(self, value: Any) -> Any:
        return self._choice_of(value)

    def json_schema(self) -> dict[str, Any]:
        if self.allow_custom:
            return {"anyOf": [self._enum_schema(), {"type": "string"}]}
        return self._enum_schema()


@dataclass(frozen=True)
class Radio(_Choices):
    """Pick one of a few ``choices`` shown side by side."""

    kind: ClassVar[str] = "radio"

    def preprocess(self, payload: Any, files: FileContext) -> Any:
        index = self._index(payload)
        if index is None:
            raise self._unknown(payload)
        return self._value(index)

    def postprocess(self, value: Any, files: FileContext) -> Any:
        return self._choice_of(value)

    def encode_default(self, value: Any) -> Any:
        return self._choice_of(value)

    def json_schema(self) -> dict[str, Any]:
        return self._enum_schema()


Container = Literal["list", "set", "frozenset", "tuple"]
_CONTAINERS: dict[str, type] = {"list": list, "set": set, "frozenset": frozenset, "tuple": tuple}


@dataclass(frozen=True)
class CheckboxGroup(_Choices):
    """Pick any number of ``choices``; the function receives them in ``container``."""

    kind: ClassVar[str] = "checkbox_group"
    traits: ClassVar[Traits] = Traits(multiple=True)

    container: Container = internal("list")

    def preprocess(self, payload: Any, files: FileContext) -> Any:
        if not isinstance(payload, list):
            raise expected("a list of choices", payload)
        picked = []
        for item in payload:
            index = self._index(item)
            if index is None:
                raise self._unknown(item)
            picked.append(self._value(index))
        return _CONTAINERS[self.container](picked)

    def postprocess(self, value: Any, files: FileContext) -> list[Any] | None:
        if value is None:
            return None
        if isinstance(value, str | bytes) or not hasattr(value, "__iter__"):
            raise expected("a list of choices", value)
        return [self._choice_of(v) for v in value]

    def encode_default(self, value: Any) -> Any:
        return self.default_as_output(value)

    def json_schema(self) -> dict[str, Any]:
        return {"type": "array", "items": self._enum_schema()}

    def example_payload(self) -> list[Any]:
        return list(self.choices[:2])
