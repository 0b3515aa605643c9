"""Dataclass and pydantic model *inputs* → a :class:`~autoui.components.Form` of fields.

Each field is inferred like a parameter (recursively, so a model inside a model is a
form inside a form), with its default, optionality and documentation (pydantic
``Field(description=...)``, dataclass ``metadata={"description": ...}`` or the class
docstring's ``Attributes:``). A model that contains itself becomes a JSON field at
the point where it recurs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from autoui.components import JSON, Form
from autoui.components.base import MISSING
from autoui.components.form import model_fields
from autoui.errors import SpecError
from autoui.registry.annotations import TypeRequest

if TYPE_CHECKING:
    from autoui.registry import Inference

__all__ = ["infer_form"]

_building: set[type] = set()


def infer_form(
    request: TypeRequest, infer_input: Callable[..., Inference]
) -> tuple[Form | JSON, list[str]]:
    """The form for a model input, and the warnings of its fields (``field: ...``)."""
    from autoui.spec import ParamSpec

    cls = request.annotation
    if cls in _building:
        return JSON(annotation=cls), []
    _building.add(cls)
    try:
        fields, warnings = [], []
        for field in model_fields(cls):
            try:
                inference = infer_input(field.annotation, name=field.name, default=field.default)
            except SpecError as exc:
                if field.default is MISSING:
                    raise SpecError(f"field {field.name}: {exc}") from None
                warnings.append(
                    f"{request.name}.{field.name}: not shown, its default is used ({exc})"
                )
                continue
            if inference.warning:
                warnings.append(f"{request.name}.{inference.warning}")
            fields.append(
                ParamSpec(
                    name=field.name,
                    component=inference.component.with_defaults(info=field.doc),
                    annotation=inference.annotation,
                    default=field.default,
                    optional=inference.optional,
                )
            )
    finally:
        _building.discard(cls)
    return Form(tuple(fields), cls=cls), warnings
