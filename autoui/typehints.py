"""Reading a function's type hints: resolving them, and what its return type means.

Two jobs :mod:`autoui.introspect` needs and the registry does not do, because they
concern the function rather than one value:

- :func:`resolve_hints`: ``typing.get_type_hints(include_extras=True)`` that survives
  one bad hint (a name imported only under ``TYPE_CHECKING``): the others still
  resolve; a parameter's bad hint stays text (inference refuses that parameter, or
  hides it when it has a default), a bad return hint becomes "no hint" with a warning;
- :func:`plan_outputs`: the return annotation → one entry per output, unwrapping
  generators (streaming), batch lists and tuples / NamedTuples (several outputs).
"""

from __future__ import annotations

import collections.abc
import dataclasses
import functools
import inspect
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = [
    "OutputItem",
    "OutputPlan",
    "is_list_of",
    "list_item",
    "plan_outputs",
    "resolve_hints",
    "type_repr",
]

_EMPTY = inspect.Parameter.empty
_STREAM_ORIGINS = (
    collections.abc.Iterator,
    collections.abc.Generator,
    collections.abc.AsyncIterator,
    collections.abc.AsyncGenerator,
)


def resolve_hints(fn: Any, warnings: list[str]) -> dict[str, Any]:
    """The function's type hints with ``Annotated`` kept; ``return`` for the return.

    Args:
        fn: the function whose code runs (not a callable object: its ``__call__``).
        warnings: where a hint that cannot be resolved is reported, with the fix.
    """
    if isinstance(fn, functools.partial):
        fn = fn.func
    try:
        return typing.get_type_hints(fn, include_extras=True)
    except Exception:  # one bad hint: resolve the others one by one
        pass
    raw: dict[str, Any] = dict(getattr(fn, "__annotations__", None) or {})
    namespace = dict(getattr(inspect.unwrap(fn), "__globals__", {}))
    hints: dict[str, Any] = {}
    for name, hint in raw.items():
        try:
            value = eval(hint, namespace) if isinstance(hint, str) else hint  # noqa: S307
        except Exception as exc:
            if name != "return":  # kept as text: inference refuses it (or hides it)
                hints[name] = hint
                continue
            warnings.append(
                f"the return type: cannot resolve the type hint {hint!r} ({type(exc).__name__}"
                f": {exc}), so it is treated as having none; import that type at module "
                "level (not only under TYPE_CHECKING)"
            )
            continue
        hints[name] = type(None) if value is None else value
    return hints


def type_repr(tp: Any) -> str:
    """A readable annotation (``int | None``, ``list[str]``), as the registry writes it."""
    from autoui.registry import describe

    return describe(tp)


def is_list_of(tp: Any) -> bool:
    """``list[X]`` (or a bare ``list``)."""
    return tp is list or typing.get_origin(tp) is list


def list_item(tp: Any) -> Any:
    """``list[X]`` → ``X``; a bare ``list`` → ``Any``."""
    args = typing.get_args(tp)
    return args[0] if args else Any


@dataclass(frozen=True)
class OutputItem:
    """One output to infer: its name, annotation, and whether the name is the user's own."""

    name: str
    annotation: Any
    named: bool = False


@dataclass(frozen=True)
class OutputPlan:
    """What a return annotation means for the outputs.

    Attributes:
        items: one per output, in order (empty for ``-> None``).
        streaming: each yield is an output update.
        multiple: the function returns a tuple, one element per output.
    """

    items: tuple[OutputItem, ...]
    streaming: bool = False
    multiple: bool = False


def plan_outputs(
    annotation: Any,
    *,
    declared_generator: bool,
    batch: bool,
    warnings: list[str],
    is_one_value: Callable[[Any], bool] = lambda tp: False,
) -> OutputPlan:
    """Turn a return annotation into the outputs to infer.

    Args:
        annotation: the resolved return hint, or ``inspect.Parameter.empty``.
        declared_generator: the function is a (async) generator function.
        batch: the function is ``@autoui.batch``: unwrap ``list[Y]`` to ``Y``.
        warnings: where what cannot be settled is reported, with the fix.
        is_one_value: says a fixed tuple type is one value with its own component
            (``tuple[int, ndarray]`` is audio), so it is not split into outputs.
    """
    streaming = declared_generator
    if annotation is not _EMPTY and typing.get_origin(annotation) in _STREAM_ORIGINS:
        streaming = True
        args = typing.get_args(annotation)
        annotation = args[0] if args else Any
    if annotation is _EMPTY:
        example = "Iterator[str]" if streaming else "str"
        warnings.append(
            f"return: no return type hint, so each result is shown as what it turns out to "
            f"be (an image, a table, text...: chosen from the value); add one, e.g. "
            f"`-> {example}`, to fix it for clients and the API docs (`-> None` for no output)"
        )
        return OutputPlan((OutputItem("output", _EMPTY),), streaming=streaming)
    if annotation is None or annotation is type(None):
        return OutputPlan((), streaming=streaming)
    if batch:
        return dataclasses.replace(_batch_plan(annotation, warnings), streaming=streaming)
    items, multiple = _split(annotation, is_one_value)
    return OutputPlan(items, streaming=streaming, multiple=multiple)


def _split(
    annotation: Any, is_one_value: Callable[[Any], bool]
) -> tuple[tuple[OutputItem, ...], bool]:
    fields = _namedtuple_fields(annotation)
    if fields is not None:
        return tuple(OutputItem(n, tp, named=True) for n, tp in fields.items()), True
    args = typing.get_args(annotation)
    fixed_tuple = typing.get_origin(annotation) is tuple and args and args[-1] is not Ellipsis
    if fixed_tuple and len(args) > 1 and not is_one_value(annotation):
        return tuple(OutputItem(f"output_{i}", tp) for i, tp in enumerate(args, 1)), True
    return (OutputItem("output", annotation),), False


def _namedtuple_fields(annotation: Any) -> dict[str, Any] | None:
    if not (isinstance(annotation, type) and issubclass(annotation, tuple)):
        return None
    names = getattr(annotation, "_fields", None)
    if not names:
        return None
    try:
        hints = typing.get_type_hints(annotation, include_extras=True)
    except Exception:
        hints = {}
    return {name: hints.get(name, Any) for name in names}


def _batch_plan(annotation: Any, warnings: list[str]) -> OutputPlan:
    """``list[Y]`` → one output ``Y``; ``tuple[list[A], list[B]]`` → outputs A and B."""
    if is_list_of(annotation):
        return OutputPlan((OutputItem("output", list_item(annotation)),))
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) is tuple and args and all(is_list_of(a) for a in args):
        items = tuple(OutputItem(f"output_{i}", list_item(a)) for i, a in enumerate(args, 1))
        return OutputPlan(items, multiple=len(items) > 1)
    warnings.append(
        f"return: a batch function should return list[...] (one element per call), got "
        f"{type_repr(annotation)}; annotate it as `-> list[{type_repr(annotation)}]`"
    )
    return OutputPlan((OutputItem("output", annotation),))
