"""One named value (a form's field, a function's parameter) and reading it from its payload.

:class:`FieldSpec` is the record of a form's field; :class:`autoui.spec.ParamSpec` (a
function's parameter) extends it, so a form holds its own records and the spec ↔
components dependency runs one way. :func:`read_param` is shared by the pipeline and
:class:`~autoui.components.form.Form`, so a missing value, an explicit null and a bad
payload mean the same at every level.
"""

from __future__ import annotations

import copy
import json
import logging
from dataclasses import dataclass
from typing import Any

from autoui.components.base import MISSING, Component
from autoui.errors import ValidationError
from autoui.files import FileContext

__all__ = ["FieldSpec", "pretty_label", "read_param", "wire_default"]

log = logging.getLogger("autoui")


def pretty_label(name: str) -> str:
    """``top_k`` → ``Top k``: the label a parameter gets when none is given."""
    text = name.strip("_").replace("_", " ")
    return text[:1].upper() + text[1:] if text else name


@dataclass(frozen=True)
class FieldSpec:
    """One named input: a form's field, or (as ``ParamSpec``) a function's parameter.

    Attributes:
        name: the key of its payload (``{"data": {name: ...}}``, ``{field: ...}``).
        component: the component that converts its payload.
        annotation: the annotation as a readable string (``"int | None"``).
        default: the Python default, or ``MISSING`` when it is required.
        optional: None is an accepted value (``Optional[X]`` / ``X | None``).
    """

    name: str
    component: Component
    annotation: str = ""
    default: Any = MISSING
    optional: bool = False

    @property
    def required(self) -> bool:
        return self.default is MISSING and not self.optional

    @property
    def label(self) -> str:
        return self.component.label or pretty_label(self.name)

    @property
    def info(self) -> str | None:
        return self.component.info

    def to_json(self) -> dict[str, Any]:
        """Its entry in the spec: what every front end reads about this input."""
        component = self.component
        default = wire_default(self)
        return {
            "name": self.name,
            "component": component.kind,
            "traits": component.traits.to_json(),
            "label": self.label,
            "info": self.info,
            "default": default,
            "required": self.required,
            "optional": self.optional,
            "interactive": component.interactive,
            "annotation": self.annotation,
            "props": component.props(),
        }


def read_param(param: FieldSpec, payload: Any, files: FileContext) -> Any:
    """The Python value for ``param`` from its payload (``MISSING`` when absent).

    Absent or null: the default if there is one, else None if the parameter is
    optional, else "is required". Errors come back with ``param`` set.
    """
    if payload is MISSING or payload is None:
        if payload is None and param.optional:
            return None
        if param.default is not MISSING:
            return _fresh(param.default)
        if param.optional:
            return None
        raise ValidationError("is required", param=param.name)
    try:
        value = param.component.preprocess(payload, files)
        if param.component.checks is not None:
            from autoui.components.typecheck import validate_as

            value = validate_as(param.component.checks, value)
        return value
    except ValidationError as error:
        raise error.with_param(param.name) from None
    except Exception as error:  # a component bug must still not become a server error
        log.exception("reading parameter %r failed", param.name)
        message = f"could not read this value ({type(error).__name__})"
        raise ValidationError(message, param=param.name) from error


def wire_default(param: FieldSpec) -> Any:
    """The default as front ends show it and send it back, or None when it has no such form.

    A default survives the trip only if reading its wire form back gives the same value
    (``Decimal("1.5")`` → ``1.5`` → ``Decimal("1.5")``). ``key=len``, a numpy dtype, a
    secret, a tuple a list would replace...: front ends leave the input empty, and an
    empty input means the function's own default (see :func:`read_param`).
    """
    default = param.default
    if default is MISSING or default is None:
        return None
    try:
        encoded = param.component.encode_default(default)
        if encoded is None:
            return None
        json.dumps(encoded, allow_nan=False)
        back = param.component.preprocess(encoded, None)  # type: ignore[arg-type]
        same = bool(back == default) and isinstance(back, bool) == isinstance(default, bool)
    except Exception:  # noqa: BLE001 - any failure means: no faithful wire form
        return None
    return encoded if same else None


def _fresh(default: Any) -> Any:
    """A private copy of a mutable default, so one caller's changes never reach the next.

    Python shares a ``[]`` default between calls; in an app that would share it between
    *users* (a chat history, a cache dict), so each call gets its own copy.
    """
    if isinstance(default, (list, dict, set, bytearray)):
        return copy.deepcopy(default)
    return default
