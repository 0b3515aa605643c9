"""Reading one named value (a function parameter, a form field) from its payload.

Shared by the pipeline and :class:`~autoui.components.form.Form`, so a missing value, an
explicit null and a bad payload mean the same at every level.
"""

from __future__ import annotations

import copy
import logging
from typing import TYPE_CHECKING, Any

from autoui.components.base import MISSING
from autoui.errors import ValidationError
from autoui.files import FileContext

if TYPE_CHECKING:
    from autoui.spec import ParamSpec

__all__ = ["read_param"]

log = logging.getLogger("autoui")


def read_param(param: ParamSpec, payload: Any, files: FileContext) -> Any:
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
        return param.component.preprocess(payload, files)
    except ValidationError as error:
        raise error.with_param(param.name) from None
    except Exception as error:  # a component bug must still not become a server error
        log.exception("reading parameter %r failed", param.name)
        message = f"could not read this value ({type(error).__name__})"
        raise ValidationError(message, param=param.name) from error


def _fresh(default: Any) -> Any:
    """A private copy of a mutable default, so one caller's changes never reach the next.

    Python shares a ``[]`` default between calls; in an app that would share it between
    *users* (a chat history, a cache dict), so each call gets its own copy.
    """
    if isinstance(default, (list, dict, set, bytearray)):
        return copy.deepcopy(default)
    return default
