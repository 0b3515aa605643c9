"""Constraints front ends show: a number's bounds and step, a text's lengths and pattern.

Inference reads these annotated-types constraints (``Ge``, ``Gt``, ``Le``, ``Lt``,
``MultipleOf``, ``MinLen``, ``MaxLen``, ``Field(pattern=...)``) into the component's
fields, which every front end shows and checks; everything else a hint constrains is
left to pydantic (:mod:`autoui.registry.checks`). annotated-types is imported only when
a hint carries constraints (start-up).
"""

from __future__ import annotations

from typing import Any

__all__ = ["number_bounds", "text_constraints"]


def text_constraints(metadata: tuple[Any, ...]) -> dict[str, Any]:
    """``MinLen`` / ``MaxLen`` / ``Field(pattern=...)`` → Textbox fields."""
    found: dict[str, Any] = {}
    for item in _constraints(metadata, "MaxLen"):
        found["max_length"] = item.max_length
    for item in _constraints(metadata, "MinLen"):
        found["min_length"] = item.min_length
    for item in metadata:
        if isinstance(getattr(item, "pattern", None), str):
            found["pattern"] = item.pattern
    return found


def number_bounds(metadata: tuple[Any, ...], integer: bool) -> dict[str, Any]:
    """annotated-types constraints → Number/Slider fields (``Gt(0)`` on an int → minimum 1).

    ``MultipleOf`` is enforced and is the step front ends offer.
    """
    bounds: dict[str, Any] = {}
    if not metadata:
        return bounds
    import annotated_types as at  # only when there are constraints to read

    for item in metadata:
        if isinstance(item, at.Ge):
            bounds["minimum"] = _plain(item.ge)
        elif isinstance(item, at.Gt):
            bounds.update(_exclusive("minimum", _plain(item.gt), 1, integer))
        elif isinstance(item, at.Le):
            bounds["maximum"] = _plain(item.le)
        elif isinstance(item, at.Lt):
            bounds.update(_exclusive("maximum", _plain(item.lt), -1, integer))
        elif isinstance(item, at.MultipleOf):
            bounds["step"] = bounds["multiple_of"] = _plain(item.multiple_of)
    return bounds


def _plain(bound: Any) -> Any:
    """A bound as a JSON number (``Decimal("0.5")`` → 0.5; whole ones → int)."""
    if isinstance(bound, bool) or isinstance(bound, int | float):
        return bound
    try:
        number = float(bound)
    except (TypeError, ValueError):
        return bound
    return int(number) if number.is_integer() else number


def _constraints(metadata: tuple[Any, ...], name: str) -> list[Any]:
    """The annotated-types constraints of class ``name`` in ``metadata`` (imported if any)."""
    if not metadata:
        return []
    import annotated_types as at

    return [item for item in metadata if isinstance(item, getattr(at, name))]


def _exclusive(field: str, bound: Any, nudge: int, integer: bool) -> dict[str, Any]:
    if integer and isinstance(bound, int):
        return {field: bound + nudge}
    return {field: bound, f"exclusive_{field}": True}
