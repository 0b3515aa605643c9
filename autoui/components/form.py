"""A form: a dataclass or pydantic model as a group of fields, each its own component.

Inference (``autoui.registry``) fills ``fields`` with one
:class:`~autoui.components.params.FieldSpec` per model field, inferred recursively, and ``cls``
with the model; the wire form is ``{field: payload, ...}`` and the function
receives an instance of ``cls``. :func:`model_fields` lists what a model declares.
"""

from __future__ import annotations

import dataclasses
import sys
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from autoui.components.base import MISSING, Component, Traits, internal
from autoui.components.checks import expected
from autoui.components.params import FieldSpec, read_param
from autoui.errors import ValidationError
from autoui.files import FileContext

__all__ = ["Form", "ModelField", "is_model", "is_pydantic_model", "model_fields"]


@dataclass(frozen=True)
class ModelField:
    """One field a dataclass or pydantic model declares (``default`` is MISSING if required)."""

    name: str
    annotation: Any
    default: Any = MISSING
    doc: str | None = None


def is_pydantic_model(tp: Any) -> bool:
    """A pydantic (v2) model class, recognised without importing pydantic."""
    return isinstance(tp, type) and any(
        f"{base.__module__}.{base.__qualname__}" == "pydantic.main.BaseModel" for base in tp.__mro__
    )


def is_model(tp: Any) -> bool:
    """A class a form can build: a dataclass or a pydantic model."""
    return isinstance(tp, type) and (dataclasses.is_dataclass(tp) or is_pydantic_model(tp))


def model_fields(cls: type) -> list[ModelField]:
    """The fields of a dataclass or pydantic model, with defaults and documentation."""
    if is_pydantic_model(cls):
        return _pydantic_fields(cls)
    docs = _attribute_docs(cls)
    hints = _dataclass_hints(cls)
    fields = []
    for f in dataclasses.fields(cls):
        if not f.init:
            continue
        default = f.default
        if default is dataclasses.MISSING and f.default_factory is not dataclasses.MISSING:
            default = f.default_factory()
        doc = f.metadata.get("description") or f.metadata.get("doc") or docs.get(f.name)
        fields.append(
            ModelField(
                name=f.name,
                annotation=hints.get(f.name, f.type),
                default=MISSING if default is dataclasses.MISSING else default,
                doc=doc,
            )
        )
    return fields


def _dataclass_hints(cls: type) -> dict[str, Any]:
    """Resolved field hints; when one cannot be resolved, the others still are."""
    try:
        return typing.get_type_hints(cls, include_extras=True)
    except Exception:  # noqa: BLE001 - a bad forward reference: resolve field by field
        pass
    namespace = dict(vars(sys.modules.get(cls.__module__, object())))
    hints: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if not isinstance(f.type, str):
            hints[f.name] = f.type
            continue
        try:
            hints[f.name] = eval(f.type, namespace)  # noqa: S307 - the class's own annotation
        except Exception:  # noqa: BLE001 - left as text; inference warns about it
            hints[f.name] = f.type
    return hints


def _pydantic_fields(cls: Any) -> list[ModelField]:
    docs = _attribute_docs(cls)
    fields = []
    for name, info in cls.model_fields.items():
        annotation = info.annotation
        if info.metadata:  # constraints (Field(ge=0), ...) live here, not in .annotation
            annotation = typing.Annotated[(annotation, *info.metadata)]
        default = MISSING if info.is_required() else info.get_default(call_default_factory=True)
        doc = info.description or docs.get(name)
        fields.append(ModelField(name=name, annotation=annotation, default=default, doc=doc))
    return fields


def _attribute_docs(cls: type) -> dict[str, str]:
    """``Attributes:`` / ``Args:`` descriptions from the class docstring."""
    if not cls.__doc__:
        return {}
    import docstring_parser

    try:
        parsed = docstring_parser.parse(cls.__doc__)
    except docstring_parser.ParseError:
        return {}
    return {p.arg_name: p.description for p in parsed.params if p.description}


@dataclass(frozen=True)
class Form(Component):
    """A group of fields that builds one ``cls`` instance.

    Args:
        fields: one record per field (serialised in props with ``to_json()``).
    """

    kind: ClassVar[str] = "form"
    traits: ClassVar[Traits] = Traits(heavy=True)  # its fields may be files

    fields: tuple[FieldSpec, ...] = ()
    cls: Any = internal(None)

    def preprocess(self, payload: Any, files: FileContext) -> Any:
        if not isinstance(payload, dict):
            raise expected("an object of fields", payload)
        known = {f.name for f in self.fields}
        unknown = [key for key in payload if key not in known]
        if unknown:
            names = ", ".join(sorted(known))
            raise ValidationError(f"unknown field; expected one of: {names}", param=unknown[0])
        values = {f.name: read_param(f, payload.get(f.name, MISSING), files) for f in self.fields}
        return self._build(values) if self.cls is not None else values

    def _build(self, values: dict[str, Any]) -> Any:
        if is_pydantic_model(self.cls):
            import pydantic

            try:
                return self.cls(**values)
            except pydantic.ValidationError as error:
                first = error.errors()[0]
                where = ".".join(str(p) for p in first["loc"]) or None
                raise ValidationError(str(first["msg"]), param=where) from None
        try:
            return self.cls(**values)
        except (TypeError, ValueError) as error:  # a __post_init__ check said no
            raise ValidationError(str(error)) from None

    def postprocess(self, value: Any, files: FileContext) -> Any:
        if value is None:
            return None
        out = {}
        for f in self.fields:
            item = value.get(f.name) if isinstance(value, Mapping) else getattr(value, f.name, None)
            out[f.name] = None if item is None else f.component.postprocess(item, files)
        return out

    def encode_default(self, value: Any) -> Any:
        if value is None or value is MISSING:
            return None
        out = {}
        for f in self.fields:
            item = value.get(f.name) if isinstance(value, Mapping) else getattr(value, f.name, None)
            out[f.name] = None if item is None else f.component.encode_default(item)
        return out

    def json_schema(self) -> dict[str, Any]:
        properties = {}
        for f in self.fields:
            schema = f.component.json_schema()
            nullable = f.optional or f.default is not MISSING  # null gives the default
            properties[f.name] = {"anyOf": [schema, {"type": "null"}]} if nullable else schema
        required = [f.name for f in self.fields if f.required]
        return {
            "type": "object",
            "properties": properties,
            "required": required,
            "additionalProperties": False,
        }

    def example_payload(self) -> Any:
        return {f.name: f.component.example_payload() for f in self.fields}
