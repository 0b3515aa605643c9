"""Reading an annotation: unwrapping ``Annotated``/``Optional``, flattening metadata, naming it.

What every inference rule needs before it can look a type up, kept apart from the
rules themselves.
"""

from __future__ import annotations

import enum
import functools
import inspect
import operator
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from autoui.components.base import MISSING

__all__ = [
    "TypeRequest",
    "describe",
    "docs_of",
    "field_info_default",
    "flatten",
    "is_field_info",
    "qualified_names",
    "title_of",
    "unwrap",
]

_EMPTY = inspect.Parameter.empty


@dataclass(frozen=True)
class TypeRequest:
    """What a rule or a registered factory is asked to build a component for.

    Attributes:
        annotation: the bare type (``Annotated`` and ``Optional`` removed).
        name: the parameter's (or output's) name.
        output: True for an output, False for an input.
        metadata: the ``Annotated`` metadata, flattened (``Interval`` → ``Ge``, ``Le``).
        default: the parameter's default, or ``MISSING``.
    """

    annotation: Any
    name: str
    output: bool = False
    metadata: tuple[Any, ...] = ()
    default: Any = MISSING


def qualified_names(cls: type) -> tuple[str, str]:
    """``("pandas.core.frame.DataFrame", "pandas.DataFrame")``: full and top-level names."""
    module = getattr(cls, "__module__", "") or ""
    qualname = getattr(cls, "__qualname__", "") or ""
    return f"{module}.{qualname}", f"{module.partition('.')[0]}.{qualname}"


def unwrap(annotation: Any) -> tuple[Any, list[Any], bool]:
    """``Annotated[Optional[Annotated[X, m2]], m1]`` → ``(X, [m1, m2], True)``."""
    metadata: list[Any] = []
    optional = False
    tp = annotation
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            metadata.extend(tp.__metadata__)
            tp = tp.__origin__
        elif origin in (typing.Union, types.UnionType) and type(None) in typing.get_args(tp):
            optional = True
            rest = [a for a in typing.get_args(tp) if a is not type(None)]
            tp = rest[0] if len(rest) == 1 else functools.reduce(operator.or_, rest)
        elif origin is Literal and None in typing.get_args(tp):
            optional = True
            tp = Literal[tuple(a for a in typing.get_args(tp) if a is not None)]
        else:
            break
    if tp is None:
        tp = type(None)
    return tp, metadata, optional


def flatten(metadata: list[Any]) -> Iterator[Any]:
    """Expand grouped metadata (``Interval``, ``Len``) and pydantic ``Field(...)`` infos."""
    for item in metadata:
        if getattr(item, "__is_annotated_types_grouped_metadata__", False):
            yield from flatten(list(item))
        elif is_field_info(item):
            yield from flatten(list(item.metadata))
            if item.description:
                yield _Doc(item.description)
            if item.title:
                yield _Title(item.title)
        else:
            yield item


def is_field_info(value: Any) -> bool:
    """A pydantic ``Field(...)`` (checked by name, so pydantic is not imported for it)."""
    return qualified_names(type(value))[0] == "pydantic.fields.FieldInfo"


def field_info_default(annotation: Any, default: Any) -> tuple[Any, Any]:
    """``x: int = Field(ge=0, default=3)`` → ``(Annotated[int, Field(...)], 3)``.

    pydantic-style functions put constraints (and the real default) in a ``Field(...)``
    default; the function must then always be passed a value.
    """
    if default is _EMPTY:
        return annotation, MISSING
    if not is_field_info(default):
        return annotation, default
    if annotation is not _EMPTY:
        annotation = typing.Annotated[annotation, default]
    if default.default_factory is not None:
        return annotation, default.default_factory()
    return annotation, MISSING if default.is_required() else default.default


@dataclass(frozen=True)
class _Doc:
    documentation: str


@dataclass(frozen=True)
class _Title:
    title: str


def title_of(metadata: tuple[Any, ...]) -> str | None:
    """The label a pydantic ``Field(title=...)`` gives, if any."""
    return next((item.title for item in metadata if isinstance(item, _Title)), None)


def docs_of(metadata: tuple[Any, ...]) -> str | None:
    """The first ``Doc(...)`` text (annotated-doc, typing_extensions, pydantic description)."""
    for item in metadata:
        text = getattr(item, "documentation", None)
        if isinstance(text, str) and not isinstance(item, str):
            return text
    return None


def describe(tp: Any) -> str:
    """A readable annotation without ``Annotated`` metadata: ``int | None``, ``list[Path]``."""
    if tp is _EMPTY:
        return ""
    if tp is None or tp is type(None):
        return "None"
    if tp is Any:
        return "Any"
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is typing.Annotated:
        return describe(args[0])
    if origin in (typing.Union, types.UnionType):
        return " | ".join(describe(a) for a in args)
    if origin is Literal:
        return "Literal[" + ", ".join(_literal_repr(a) for a in args) + "]"
    if isinstance(tp, type) and not args:
        return tp.__qualname__
    if origin is not None and args:
        name = getattr(origin, "__qualname__", None) or str(origin).replace("typing.", "")
        return f"{name}[{', '.join(_arg_repr(a) for a in args)}]"
    return str(tp).replace("typing.", "")


def _arg_repr(arg: Any) -> str:
    if arg is Ellipsis:
        return "..."
    if isinstance(arg, list):
        return "[" + ", ".join(describe(a) for a in arg) + "]"
    return describe(arg)


def _literal_repr(value: Any) -> str:
    if isinstance(value, enum.Enum):
        return f"{type(value).__qualname__}.{value.name}"
    return repr(value)
