"""Payloads ⇄ Python values for one function: the step every front end shares.

``preprocess_inputs`` turns the request's ``data`` (a dict by parameter name, or a
positional list) into the keyword arguments of the call; ``postprocess_outputs``
turns what the function returned into one payload per output. For batch functions,
``merge_batch`` gathers several calls' arguments into lists and ``split_batch`` hands
each call its own element of the result.

Input mistakes are :class:`~autoui.errors.ValidationError` with ``param`` set (a nested
form field reads ``order.quantity``); a function whose result does not fit its own
declared outputs is a :class:`~autoui.errors.SpecError` naming the function.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from autoui.components.base import MISSING
from autoui.components.params import read_param
from autoui.errors import SpecError, ValidationError
from autoui.files import FileContext
from autoui.spec import FunctionSpec, ParamSpec

__all__ = [
    "input_params",
    "merge_batch",
    "postprocess_outputs",
    "preprocess_inputs",
    "split_batch",
    "values_by_name",
]


def preprocess_inputs(
    fn_spec: FunctionSpec, data: dict[str, Any] | list[Any] | None, files: FileContext
) -> dict[str, Any]:
    """The keyword arguments for one call, from the request's ``data``.

    Raises:
        ValidationError: an unknown name, too many values, a missing required value
            or a payload its component rejects; ``param`` says which.
    """
    params = input_params(fn_spec)
    named = values_by_name(params, {} if data is None else data)
    return {p.name: read_param(p, named.get(p.name, MISSING), files) for p in params}


def input_params(fn_spec: FunctionSpec) -> list[ParamSpec]:
    """The parameters a caller gives values for (the ``Progress`` one is the server's)."""
    return [p for p in fn_spec.inputs if p.name != fn_spec.progress_param]


def values_by_name(params: list[ParamSpec], data: Any) -> dict[str, Any]:
    """``data`` (by name, or positional) as a dict by parameter name; unknown names refused."""
    if isinstance(data, dict):
        known = {p.name for p in params}
        for key in data:
            if key not in known:
                expected = ", ".join(p.name for p in params) or "none (it takes no inputs)"
                raise ValidationError(f"unknown parameter; expected one of: {expected}", param=key)
        return data
    if isinstance(data, list | tuple):
        if len(data) > len(params):
            raise ValidationError(
                f"too many values: got {len(data)}, the function takes {len(params)} "
                f"({', '.join(p.name for p in params) or 'none'})"
            )
        return {p.name: value for p, value in zip(params, data, strict=False)}
    raise ValidationError(
        f"expected data as an object of parameter values (or a list), got {type(data).__name__}"
    )


def postprocess_outputs(fn_spec: FunctionSpec, value: Any, files: FileContext) -> list[Any]:
    """One payload per declared output, from the function's return value (or one yield).

    Raises:
        SpecError: the function returned a different number of values than it declares,
            or a value its output component cannot show.
    """
    outputs = fn_spec.outputs
    if not outputs:
        return []
    if fn_spec.multiple_outputs:
        values = _split_tuple(fn_spec, value)
    else:
        values = [value]
    payloads: list[Any] = []
    for output, item in zip(outputs, values, strict=True):
        if item is None:
            payloads.append(None)
            continue
        try:
            payloads.append(output.component.postprocess(item, files))
        except ValidationError as error:
            raise SpecError(f"{fn_spec.name}: output {output.name!r}: {error.message}") from None
    return payloads


def _split_tuple(fn_spec: FunctionSpec, value: Any) -> Sequence[Any]:
    count = len(fn_spec.outputs)
    if not isinstance(value, tuple | list):
        raise SpecError(
            f"{fn_spec.name} declares {count} outputs but returned one "
            f"{type(value).__name__}; return a tuple of {count} values"
        )
    if len(value) != count:
        raise SpecError(f"{fn_spec.name} declares {count} outputs but returned {len(value)} values")
    return value


def merge_batch(fn_spec: FunctionSpec, kwargs_list: list[dict[str, Any]]) -> dict[str, Any]:
    """Several calls' keyword arguments → one batch call's (a list per parameter)."""
    return {p.name: [kwargs[p.name] for kwargs in kwargs_list] for p in input_params(fn_spec)}


def split_batch(fn_spec: FunctionSpec, result: Any, n: int) -> list[Any]:
    """A batch call's result → each of the ``n`` calls' own result, in order.

    A single-output function returns a list of ``n``; a multi-output one returns a
    tuple of such lists (one per output), and each call gets a tuple back.

    Raises:
        SpecError: the result is not a list of ``n`` (or a tuple of them).
    """
    if fn_spec.multiple_outputs:
        columns = _split_tuple(fn_spec, result)
        checked = [_batch_list(fn_spec, column, n) for column in columns]
        return [tuple(column[i] for column in checked) for i in range(n)]
    if not fn_spec.outputs:
        return [None] * n
    return _batch_list(fn_spec, result, n)


def _batch_list(fn_spec: FunctionSpec, result: Any, n: int) -> list[Any]:
    sized = hasattr(result, "__len__") and hasattr(result, "__iter__")  # lists, arrays, ...
    if isinstance(result, str | bytes | dict) or not sized:
        raise SpecError(
            f"{fn_spec.name} is a batch function: it must return a list with one result per "
            f"input, got {type(result).__name__}"
        )
    if len(result) != n:
        raise SpecError(
            f"{fn_spec.name} is a batch function: it returned {len(result)} results for {n} inputs"
        )
    return list(result)
