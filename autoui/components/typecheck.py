"""Checking a JSON payload against a Python annotation (``list[int]``, a TypedDict, ...).

pydantic does the work (imported here, on first use): the function receives the
exact type it declared, and a mismatch becomes one readable
:class:`~autoui.errors.ValidationError` (``"[2]: Input should be a valid integer"``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

from autoui.errors import ValidationError

__all__ = ["example_of", "schema_of", "validate_as"]


@functools.lru_cache(maxsize=256)
def _adapter(annotation: Any) -> Any:
    return _build_adapter(annotation)


def _adapter_for(annotation: Any) -> Any:
    try:
        return _adapter(annotation)
    except TypeError:  # unhashable annotation: build one uncached
        return _build_adapter(annotation)


def _build_adapter(annotation: Any) -> Any:
    """A pydantic TypeAdapter, or None for a type pydantic cannot check (then not checked)."""
    from pydantic import PydanticUserError, TypeAdapter

    try:
        return TypeAdapter(annotation)
    except PydanticUserError:
        pass
    try:
        # pydantic refuses typing.TypedDict before Python 3.12: rebuild the
        # annotation with typing_extensions.TypedDict, which it accepts.
        return TypeAdapter(_modern_typeddicts(annotation))
    except Exception:  # noqa: BLE001 - an arbitrary class: accept its JSON as it is
        return None


def _modern_typeddicts(annotation: Any) -> Any:
    import types
    import typing

    import typing_extensions

    if typing_extensions.is_typeddict(annotation) and type(annotation).__module__ == "typing":
        hints = typing.get_type_hints(annotation, include_extras=True)
        fields = {name: _modern_typeddicts(hint) for name, hint in hints.items()}
        total = getattr(annotation, "__total__", True)
        return typing_extensions.TypedDict(annotation.__name__, fields, total=total)  # type: ignore[operator]
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if not args or origin is None:
        return annotation
    new_args = tuple(_modern_typeddicts(a) for a in args)
    if isinstance(annotation, types.GenericAlias):
        return types.GenericAlias(origin, new_args)
    copy_with = getattr(annotation, "copy_with", None)
    return copy_with(new_args) if callable(copy_with) else annotation


Place = Callable[[Sequence[Any]], str]


def validate_as(annotation: Any, payload: Any, place: Place | None = None) -> Any:
    """``payload`` converted to ``annotation``, or a ValidationError saying where it differs.

    ``place`` names a problem's location (pydantic's ``loc``) for the reader, e.g.
    ``row 2, column 1``; by default it is written as a path (``[1].name``).
    """
    import pydantic

    adapter = _adapter_for(annotation)
    if adapter is None:
        return payload
    try:
        return adapter.validate_python(payload)
    except pydantic.ValidationError as error:
        raise ValidationError(describe_errors(error.errors(), place)) from None


def _path(loc: Sequence[Any]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")


def describe_errors(errors: list[Any], place: Place | None = None) -> str:
    """pydantic's error list → one line: the first problem and how many more there are."""
    first = errors[0]
    where = (place or _path)(first["loc"])
    text = f"{where}: {first['msg']}" if where else str(first["msg"])
    return text + (f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else "")


def schema_of(annotation: Any) -> dict[str, Any]:
    """The JSON Schema of ``annotation`` (empty, accepting anything, when pydantic cannot say)."""
    adapter = _adapter_for(annotation)
    if adapter is None:
        return {}
    try:
        schema: dict[str, Any] = adapter.json_schema()
    except Exception:  # noqa: BLE001 - a schema is documentation: never fail the app for it
        return {}
    return schema


def example_of(annotation: Any) -> Any:
    """A small valid payload for ``annotation``, built from its schema."""
    return _example(schema_of(annotation), schema_of(annotation).get("$defs", {}), 0)


def _example(schema: dict[str, Any], defs: dict[str, Any], depth: int) -> Any:  # noqa: C901
    if depth > 5:
        return None
    if "$ref" in schema:
        return _example(defs.get(schema["$ref"].rsplit("/", 1)[-1], {}), defs, depth + 1)
    if "enum" in schema:
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    for key in ("anyOf", "oneOf", "allOf"):
        if schema.get(key):
            return _example(schema[key][0], defs, depth + 1)
    kind = schema.get("type")
    if kind == "object":
        properties = schema.get("properties", {})
        return {k: _example(v, defs, depth + 1) for k, v in properties.items()}
    if kind == "array":
        prefix = schema.get("prefixItems")
        if prefix:
            return [_example(item, defs, depth + 1) for item in prefix]
        return [_example(schema.get("items", {}), defs, depth + 1)]
    return {"string": "text", "integer": 1, "number": 1.5, "boolean": True}.get(str(kind))
