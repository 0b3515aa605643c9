"""How a function is called with its inputs: positional-only parameters by position.

Front ends and the pipeline hold a call's inputs by parameter name. Most parameters can
be passed by keyword, but ``def loads(s: str, /)`` (``tomllib.loads``, many C builtins)
refuses ``s=...``: those go by position, in signature order. A positional-only
parameter that was left out but is followed by one that was given gets its own default
(Python has no way to skip a position).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from autoui.spec import FunctionSpec

__all__ = ["call", "call_arguments"]

_POSITIONAL_ONLY = inspect.Parameter.POSITIONAL_ONLY


def call(fn_spec: FunctionSpec, kwargs: dict[str, Any]) -> Any:
    """``fn_spec.fn`` called with ``kwargs``, positional-only ones by position."""
    args, named = call_arguments(fn_spec, kwargs)
    return fn_spec.fn(*args, **named)


def call_arguments(
    fn_spec: FunctionSpec, kwargs: dict[str, Any]
) -> tuple[list[Any], dict[str, Any]]:
    """``(args, kwargs)`` for one call; every input by keyword unless it cannot be."""
    positional = any(param.positional_only for param in fn_spec.inputs)
    if not positional and fn_spec.progress_param is None:  # the usual case: no signature read
        return [], kwargs
    return _bind(fn_spec.fn, kwargs)


def _bind(fn: Callable[..., Any], kwargs: dict[str, Any]) -> tuple[list[Any], dict[str, Any]]:
    try:
        parameters = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):  # no signature: introspection saw none either
        return [], kwargs
    leading = [p for p in parameters if p.kind is _POSITIONAL_ONLY]
    given = [i for i, p in enumerate(leading) if p.name in kwargs]
    if not given:
        return [], kwargs
    named = dict(kwargs)
    args = []
    for param in leading[: given[-1] + 1]:
        if param.name in named:
            args.append(named.pop(param.name))
        else:
            args.append(param.default)  # a gap before a given position: its own default
    return args, named
