"""Data outputs: a classification label, any JSON value, a table."""

from __future__ import annotations

import collections.abc as abc
import importlib.util
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from autoui.components.base import Component, Traits, internal
from autoui.components.checks import expected
from autoui.components.jsonable import to_jsonable
from autoui.components.tables import TableType, read_table, table_payload
from autoui.errors import ValidationError
from autoui.files import FileContext

__all__ = ["JSON", "DataFrame", "Label"]


@dataclass(frozen=True)
class Label(Component):
    """A classification result: the top class and confidence bars.

    Outputs: ``dict[str, float]`` (class → confidence), a class name, or a
    ``(class, confidence)`` pair. Wire: ``{"label", "confidences": [{"label", "confidence"}]}``
    sorted from most to least confident. A dict whose values are not all between 0
    and 1 is not confidences (``{"mean": 2.5, "max": 4.0}``): it travels with
    ``"label": null``, in its own order, and front ends show a key/value table.

    Args:
        num_top_classes: keep only this many classes.
    """

    kind: ClassVar[str] = "label"

    num_top_classes: int | None = None

    def postprocess(self, value: Any, files: FileContext) -> dict[str, Any] | None:
        if value is None:
            return None
        if callable(getattr(value, "to_dict", None)):  # a pandas Series of confidences
            value = value.to_dict()
        if isinstance(value, Mapping):
            pairs = [(str(k), _confidence(v)) for k, v in value.items()]
            if not all(0 <= c <= 1 for _, c in pairs):  # statistics, not confidences
                return {"label": None, "confidences": [_entry(k, c) for k, c in pairs]}
            pairs.sort(key=lambda pair: pair[1], reverse=True)
            pairs = pairs[: self.num_top_classes] if self.num_top_classes else pairs
            top = pairs[0][0] if pairs else None
            return {"label": top, "confidences": [_entry(k, c) for k, c in pairs]}
        if isinstance(value, tuple | list) and len(value) == 2 and not isinstance(value[1], str):
            name, confidence = str(value[0]), _confidence(value[1])
            return {"label": name, "confidences": [_entry(name, confidence)]}
        if isinstance(value, str | int) or getattr(value, "size", None) == 1:
            return {"label": str(to_jsonable(value)), "confidences": []}
        raise expected(
            "a dict of class → confidence, a class name or a (class, confidence) pair", value
        )

    def read_output(self, payload: Any, files: FileContext, *, image_type: str = "pil") -> Any:
        """``{class: confidence}``; a label without confidences gives ``{class: 1.0}``."""
        if not isinstance(payload, dict):
            return payload
        if payload.get("confidences"):
            return self.preprocess(payload, files)
        label = payload.get("label")
        return {str(label): 1.0} if label is not None else {}

    def preprocess(self, payload: Any, files: FileContext) -> Any:
        if isinstance(payload, str):
            return payload
        if isinstance(payload, dict) and isinstance(payload.get("confidences"), list):
            try:
                return {str(c["label"]): float(c["confidence"]) for c in payload["confidences"]}
            except (KeyError, TypeError, ValueError):
                pass
        raise expected('a label {"label", "confidences": [{"label", "confidence"}]}', payload)

    def json_schema(self) -> dict[str, Any]:
        entry = {
            "type": "object",
            "properties": {"label": {"type": "string"}, "confidence": {"type": "number"}},
            "required": ["label", "confidence"],
        }
        return {
            "anyOf": [
                {"type": "string"},
                {
                    "type": "object",
                    "properties": {"confidences": {"type": "array", "items": entry}},
                    "required": ["confidences"],
                },
            ]
        }

    def example_payload(self) -> Any:
        return {"label": "cat", "confidences": [{"label": "cat", "confidence": 0.9}]}


def _confidence(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        raise expected("a confidence (a number)", value) from None


def _entry(name: str, confidence: float) -> dict[str, Any]:
    return {"label": name, "confidence": confidence}


@dataclass(frozen=True)
class JSON(Component):
    """Any JSON value.

    Inputs are checked against ``annotation`` (``list[int]``, a TypedDict, ...) with
    pydantic, so the function receives the type it declared; outputs accept anything
    :func:`~autoui.components.jsonable.to_jsonable` can convert.

    Args:
        accepts_text: the type admits a plain string (``str | tuple[int, ...]``): front
            ends send what the user typed as a string when it is not JSON (``red``).

    A list of plain scalars (``list[float]``, ``set[int]``, ``tuple[str, ...]``) says so
    in the prop ``list_of`` (``"number"``, ``"integer"``, ``"string"``, ``"boolean"``):
    the terminal then takes ``1,2,3`` as well as JSON.
    """

    kind: ClassVar[str] = "json"

    accepts_text: bool = False
    annotation: Any = internal(None)

    def props(self) -> dict[str, Any]:
        props = super().props()
        list_of = scalar_list_item(self.annotation)
        if list_of is not None:
            props["list_of"] = list_of
        return props

    def preprocess(self, payload: Any, files: FileContext) -> Any:
        if self.annotation is None:
            return payload
        from autoui.components.typecheck import validate_as

        return validate_as(self.annotation, payload)

    def postprocess(self, value: Any, files: FileContext) -> Any:
        try:
            return to_jsonable(value)
        except ValueError as error:
            raise ValidationError(str(error)) from None

    def encode_default(self, value: Any) -> Any:
        return to_jsonable(value)

    def json_schema(self) -> dict[str, Any]:
        if self.annotation is None:
            return {}
        from autoui.components.typecheck import schema_of

        return schema_of(self.annotation)

    def example_payload(self) -> Any:
        if self.annotation is None:
            return {"key": "value"}
        from autoui.components.typecheck import example_of

        example = example_of(self.annotation)
        return {"key": "value"} if example is None else example


_SCALAR_ITEMS = {bool: "boolean", int: "integer", float: "number", str: "string"}
_SEQUENCES = frozenset({list, set, frozenset, tuple, abc.Sequence, abc.Set, abc.Iterable})


def scalar_list_item(annotation: Any) -> str | None:
    """``list[float]`` → ``"number"``: the JSON type of a list's plain scalar items, else None."""
    annotation = _bare(annotation)
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) not in _SEQUENCES or not args:
        return None
    if typing.get_origin(annotation) is tuple and (len(args) != 2 or args[1] is not Ellipsis):
        return None
    item = _bare(args[0])
    return _SCALAR_ITEMS.get(item) if isinstance(item, type) else None


def _bare(annotation: Any) -> Any:
    """Without ``Annotated[...]`` (constraints are checked elsewhere)."""
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


@dataclass(frozen=True)
class DataFrame(Component):
    """A table, travelling as ``{"headers": [...], "rows": [[...], ...]}``.

    Args:
        headers: column names, used when the function's table has none.

    A list of rows keeps the function's annotation of it (``list[list[float]]``): each
    cell is checked and converted when the call is submitted, and the schema says so.
    """

    kind: ClassVar[str] = "dataframe"
    traits: ClassVar[Traits] = Traits(heavy=True)

    headers: tuple[str, ...] | None = None
    type: TableType = internal("pandas")
    annotation: Any = internal(None)

    def preprocess(self, payload: Any, files: FileContext) -> Any:
        return read_table(payload, self.headers, self.type, self.annotation)

    def postprocess(self, value: Any, files: FileContext) -> dict[str, Any] | None:
        return None if value is None else table_payload(value, self.headers)

    def read_output(self, payload: Any, files: FileContext, *, image_type: str = "pil") -> Any:
        """A pandas DataFrame when pandas is installed, else the list of rows."""
        if not isinstance(payload, dict) or "rows" not in payload:
            return payload
        if importlib.util.find_spec("pandas") is None:
            return payload["rows"]
        import pandas as pd

        return pd.DataFrame(payload["rows"], columns=payload.get("headers") or None)

    def encode_default(self, value: Any) -> Any:
        try:
            return table_payload(value, self.headers)
        except ValidationError:
            return None

    def json_schema(self) -> dict[str, Any]:
        rows: dict[str, Any] = {"type": "array", "items": {"type": "array"}}
        if self.annotation is not None:
            from autoui.components.typecheck import schema_of

            typed = schema_of(self.annotation)
            rows = typed if typed and "$defs" not in typed else rows  # refs would dangle here
        table = {
            "type": "object",
            "properties": {"headers": {"type": "array", "items": {"type": "string"}}, "rows": rows},
            "required": ["rows"],
        }
        return {"anyOf": [table, rows]}

    def example_payload(self) -> Any:
        headers = list(self.headers) if self.headers else ["name", "value"]
        return {"headers": headers, "rows": [[f"{h} 1" for h in headers]]}
