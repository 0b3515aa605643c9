"""Turning what functions return into plain JSON values, losing as little as possible."""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import enum
import math
import uuid
from collections.abc import Collection, Mapping
from decimal import Decimal
from pathlib import PurePath
from typing import Any

__all__ = ["to_jsonable"]

_MAX_DEPTH = 100


def to_jsonable(value: Any, depth: int = 0) -> Any:
    """``value`` as JSON: dataclasses and pydantic models as objects, numpy as lists,
    dates as ISO strings, Enums as their value, NaN/inf as null, unknown objects as ``str``.
    """
    if depth > _MAX_DEPTH:
        raise ValueError("value nested too deeply (or it refers to itself)")
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Mapping):
        return {str(to_jsonable(k, depth + 1)): to_jsonable(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_jsonable(v, depth + 1) for v in value]
    return _convert_object(value, depth)


def _convert_object(value: Any, depth: int) -> Any:  # noqa: C901 - one flat type dispatch
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = dataclasses.fields(value)
        return {f.name: to_jsonable(getattr(value, f.name), depth + 1) for f in fields}
    if callable(getattr(value, "model_dump", None)):  # pydantic v2 model
        return to_jsonable(value.model_dump(mode="json"), depth + 1)
    if hasattr(value, "tolist") and callable(value.tolist):  # numpy arrays and scalars
        return to_jsonable(value.tolist(), depth + 1)
    if isinstance(value, enum.Enum):
        return to_jsonable(value.value, depth + 1)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, Decimal):
        return to_jsonable(float(value), depth)
    if isinstance(value, PurePath | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | bytearray):
        try:
            return bytes(value).decode("utf-8")
        except UnicodeDecodeError:
            return base64.b64encode(bytes(value)).decode("ascii")
    if hasattr(value, "to_dict") and callable(value.to_dict):  # pandas objects
        return to_jsonable(value.to_dict(), depth + 1)
    if isinstance(value, Collection):  # sized, so never an endless iterator
        return [to_jsonable(v, depth + 1) for v in value]
    return str(value)
