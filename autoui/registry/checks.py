"""Constraints a component does not cover itself, and types only pydantic can read.

Inference maps the common constraints onto component fields that front ends show
(``Ge``/``Le`` → a number's bounds, ``MultipleOf`` → its step, ``MinLen``/``MaxLen``/
``pattern`` → a textbox's). Everything else pydantic and annotated-types can express
(``Predicate``, ``max_digits``, ``AfterValidator``, list lengths, ``Strict`` ...) is
still enforced: :func:`with_checks` hands the component ``Annotated[T, *rest]``, which
:func:`~autoui.components.params.read_param` checks with pydantic after converting.

:func:`json_capable` answers the last question before a type is refused: can pydantic
read it from JSON (``int | tuple[int, ...]``, a TypedDict, ``str | Path``)? Then it is
a JSON input, checked against the type.
"""

from __future__ import annotations

import functools
import typing
from typing import Any

import autoui.components as c
from autoui.components import Component
from autoui.errors import SpecError
from autoui.registry.annotations import TypeRequest, is_field_info

__all__ = ["UnsupportedType", "admits_text", "constraints_of", "json_capable", "with_checks"]


class UnsupportedType(SpecError):
    """An input whose type no component, registration or pydantic can read.

    Attributes:
        reason: what is wrong (``"no component for type Foo"``).
        fix: how to make it an input (``"annotate it Annotated[Foo, autoui.Textbox()] ..."``).
    """

    def __init__(self, reason: str, *, fix: str) -> None:
        super().__init__(f"{reason}; {fix}, or give it a default")
        self.reason = reason
        self.fix = fix


def constraints_of(metadata: tuple[Any, ...]) -> tuple[Any, ...]:
    """The metadata that constrains a value (annotated-types, pydantic), nothing else."""
    return tuple(item for item in metadata if _is_constraint(item))


def _is_constraint(item: Any) -> bool:
    module = getattr(type(item), "__module__", "") or ""
    if module == "annotated_types":
        return True
    return module.startswith("pydantic") and not is_field_info(item)


def with_checks(component: Component, request: TypeRequest) -> Component:
    """``component`` with the constraints its own fields do not enforce attached."""
    constraints = constraints_of(request.metadata)
    if not constraints:
        return component
    if isinstance(component, c.JSON) and component.annotation is not None:
        # pydantic checks the whole value anyway: give it every constraint.
        return component.replace(annotation=typing.Annotated[(component.annotation, *constraints)])
    rest = tuple(_rest(item, component) for item in constraints)
    rest = tuple(item for item in rest if item is not None)
    if not rest:
        return component
    return component.replace(checks=_checked_type(request.annotation, rest))


def _rest(item: Any, component: Component) -> Any:
    """``item`` minus what ``component`` enforces itself (None when that is all of it)."""
    import annotated_types as at  # only when there are constraints

    numeric = (at.Ge, at.Gt, at.Le, at.Lt, at.MultipleOf)
    if isinstance(component, c.Number | c.Slider) and isinstance(item, numeric):
        return None
    if isinstance(component, c.Textbox):
        if isinstance(item, at.MinLen | at.MaxLen):
            return None
        if isinstance(getattr(item, "pattern", None), str):
            others = [v for k, v in vars(item).items() if k != "pattern" and v is not None]
            return item if others else None  # pydantic checks the rest (and the pattern again)
    return item


def _checked_type(annotation: Any, constraints: tuple[Any, ...]) -> Any:
    """``Annotated[annotation, *constraints]``, or over ``Any`` when pydantic cannot build
    the type itself (a PIL image): the constraints still apply to the value."""
    checked = typing.Annotated[(annotation, *constraints)]
    if _adapter_builds(checked):
        return checked
    return typing.Annotated[(Any, *constraints)]


def _adapter_builds(annotation: Any) -> bool:
    from pydantic import TypeAdapter

    try:
        TypeAdapter(annotation)
    except Exception:  # noqa: BLE001 - any refusal means: not this way
        return False
    return True


def admits_text(tp: Any) -> bool:
    """A union with ``str`` in it (``str | int | tuple[int, ...]``): typed text is a value."""
    import types

    if typing.get_origin(tp) not in (typing.Union, types.UnionType):
        return False
    return any(arg is str for arg in typing.get_args(tp))


def json_capable(tp: Any) -> bool:
    """Whether pydantic can read ``tp`` from JSON and describe it (a JSON Schema)."""
    try:
        return _json_capable(tp)
    except TypeError:  # unhashable annotation
        return _json_schema_builds(tp)


@functools.lru_cache(maxsize=256)
def _json_capable(tp: Any) -> bool:
    return _json_schema_builds(tp)


def _json_schema_builds(tp: Any) -> bool:
    if isinstance(tp, str | typing.ForwardRef):
        return False
    from pydantic import TypeAdapter

    try:
        TypeAdapter(tp).json_schema()
    except Exception:  # noqa: BLE001 - pydantic cannot: the type is not JSON
        return False
    return True
