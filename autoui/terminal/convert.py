"""Command-line strings → wire payloads, read from the spec of one function.

This is the terminal's validation layer. It works from the spec's records
(:mod:`autoui.wire`) only, so ``autoui run`` (local function) and ``autoui call``
(remote server, spec from ``GET /api/spec``) share it. It turns what a person typed
into the payload the HTTP API would accept, and rejects what cannot fit with a message
that names the option: ``--top-k: expected a whole number, got 'abc'``. The
component's own ``preprocess`` (locally) or the server (remotely) has the last word.

Public API:

- :func:`to_payload` ``(param, raw) -> payload`` for one input. ``raw`` is a CLI
  string, a list of them (repeated options), a bool (flags), or an already-JSON value
  (a ``--in rows.jsonl`` cell).
- :func:`collect_payloads` ``(fn, raw_values) -> {param: payload}`` for the options
  given (form fields come as dotted names: ``{"order.quantity": "3"}``).
- :func:`missing_required` ``(fn, payloads) -> [param, ...]``.
- :class:`InputError`: a :class:`~autoui.errors.ValidationError` whose ``str()`` names
  the option (``--top-k: ...``).

File-like inputs (``traits.file``) become ``{"path": "<absolute path>"}``, the form
:class:`autoui.localfiles.LocalFiles` accepts with ``allow_paths=True``; ``autoui call``
uploads those paths instead. ``-`` reads the file from standard input.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from autoui.errors import ValidationError
from autoui.terminal.filevalues import file_payload, json_value, table_payload
from autoui.terminal.naming import option_name
from autoui.wire import WireFunction, WireParam

__all__ = [
    "InputError",
    "choices_of",
    "collect_payloads",
    "missing_required",
    "to_payload",
]

Converter = Callable[[WireParam, Any], Any]


class InputError(ValidationError):
    """Bad command-line input; ``str()`` reads ``--top-k: expected a whole number, got 'abc'``."""

    def _text(self) -> str:
        return f"{option_name(self.param)}: {self.message}" if self.param else self.message


def choices_of(param: WireParam) -> list[str]:
    """The choices of an input as they are typed on the command line."""
    return [str(value) for value in param.choices]


# -- converters, one per family -------------------------------------------------------
def _text(param: WireParam, raw: Any) -> Any:
    if isinstance(raw, str):
        return raw
    raise ValidationError(f"expected text, got {raw!r}")


def _number(param: WireParam, raw: Any) -> Any:
    whole = param.integer
    what = "a whole number" if whole else "a number"
    value: int | float
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        raise ValidationError(f"expected {what}, got {raw!r}")
    try:
        value = _parse_number(raw, whole)
    except ValueError:
        raise ValidationError(f"expected {what}, got {raw!r}") from None
    _check_bounds(param.props, value)
    return value


def _parse_number(raw: str | int | float, whole: bool) -> int | float:
    if not isinstance(raw, str):
        if whole and float(raw) != int(raw):
            raise ValueError(raw)
        return int(raw) if whole else raw
    text = raw.strip().replace("_", "")
    if whole:
        number = float(text)
        if not number.is_integer():
            raise ValueError(raw)
        return int(text) if text.lstrip("+-").isdigit() else int(number)
    number = float(text)
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError(raw)
    return number


def _check_bounds(props: dict[str, Any], value: float) -> None:
    from autoui.components.numeric import check_range  # the component's own check

    check_range(
        value, props.get("minimum"), props.get("maximum"),
        exclusive_minimum=props.get("exclusive_minimum") is True,
        exclusive_maximum=props.get("exclusive_maximum") is True,
    )  # fmt: skip


_TRUE = {"true", "yes", "y", "1", "on"}
_FALSE = {"false", "no", "n", "0", "off"}


def _bool(param: WireParam, raw: Any) -> Any:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.strip().lower() in _TRUE | _FALSE:
        return raw.strip().lower() in _TRUE
    raise ValidationError(f"expected true or false, got {raw!r}")


def _choice(param: WireParam, raw: Any) -> Any:
    values = param.choices
    if not values:
        return raw
    for value in values:
        if raw == value or (isinstance(raw, str) and raw == str(value)):
            return value
    if isinstance(raw, str):
        folded = [value for value in values if str(value).lower() == raw.lower()]
        if len(folded) == 1:
            return folded[0]
    shown = ", ".join(str(value) for value in values)
    raise ValidationError(f"expected one of {shown}; got {raw!r}")


def _choices(param: WireParam, raw: Any) -> Any:
    items = _split_list(param, raw)
    return [_choice(param, item) for item in items]


def _split_list(param: WireParam, raw: Any) -> list[Any]:
    """Repeated options and comma lists: ``--tag a --tag b,c`` → ``[a, b, c]``."""
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list):
        raise ValidationError(f"expected a list, got {raw!r}")
    choices = set(choices_of(param))
    items: list[Any] = []
    for item in raw:
        if isinstance(item, str) and item not in choices and "," in item:
            items.extend(part.strip() for part in item.split(",") if part.strip())
        else:
            items.append(item)
    return items


def _temporal(parse: Callable[[str], Any], what: str, example: str) -> Converter:
    def convert(param: WireParam, raw: Any) -> Any:
        text = raw.strip() if isinstance(raw, str) else raw
        try:
            parse(text)
        except (TypeError, ValueError):
            raise ValidationError(f"expected {what} like {example}, got {raw!r}") from None
        return text

    return convert


def _files(param: WireParam, raw: Any) -> Any:
    """A file input (``traits.file``): a path each, repeated or comma-free for a list."""
    if not param.traits.multiple:
        return file_payload(raw)
    items = raw if isinstance(raw, list) else [raw]
    return [file_payload(item) for item in items]


def _json(param: WireParam, raw: Any) -> Any:
    list_of = param.props.get("list_of")
    if list_of in _ITEM_READERS and isinstance(raw, str) and not raw.lstrip().startswith("["):
        return _comma_list(list_of, raw)
    try:
        return json_value(raw)
    except ValidationError:
        if param.props.get("accepts_text"):  # a type like str | tuple[int, ...]: text is a value
            return raw
        raise


def _comma_list(list_of: str, raw: str) -> list[Any]:
    """A list of plain scalars as typed: ``1,2,3``, ``a, b`` (JSON for items with commas)."""
    items = [item.strip() for item in raw.split(",")] if raw.strip() else []
    if list_of != "string" and "" in items:
        raise ValidationError(f"expected a comma-separated list, got {raw!r}")
    return [_ITEM_READERS[list_of](item) for item in items]


def _list_number(item: str, whole: bool) -> int | float:
    what = "a whole number" if whole else "a number"
    try:
        return _parse_number(item, whole) if whole else _plain_number(_parse_number(item, False))
    except ValueError:
        raise ValidationError(f"expected {what} for each item, got {item!r}") from None


def _plain_number(value: float) -> int | float:
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


_ITEM_READERS: dict[str, Callable[[str], Any]] = {
    "integer": lambda item: _list_number(item, whole=True),
    "number": lambda item: _list_number(item, whole=False),
    "string": lambda item: item,
    "boolean": lambda item: _bool(WireParam("item", "checkbox"), item),
}


def _dataframe(param: WireParam, raw: Any) -> Any:
    return table_payload(raw)


def _form(param: WireParam, raw: Any) -> Any:
    value = _json(param, raw)
    if not isinstance(value, dict):
        raise ValidationError(f"expected a JSON object of fields, got {raw!r}")
    fields = {field.name: field for field in param.fields}
    payload: dict[str, Any] = {}
    for name, item in value.items():
        field = fields.get(name)
        if field is None:
            known = ", ".join(fields) or "none"
            raise ValidationError(f"unknown field {name!r} (fields: {known})")
        payload[name] = _convert_field(field, item, name)
    return payload


def _convert_field(field: WireParam, raw: Any, name: str) -> Any:
    try:
        return to_payload(field, raw)
    except ValidationError as exc:
        raise exc.with_param(name) from None


CONVERTERS: dict[str, Converter] = {
    "textbox": _text,
    "markdown": _text,
    "html": _text,
    "code": _text,
    "color": _text,
    "number": _number,
    "slider": _number,
    "checkbox": _bool,
    "dropdown": _choice,
    "radio": _choice,
    "checkbox_group": _choices,
    "date": _temporal(dt.date.fromisoformat, "a date", "2024-05-31"),
    "datetime": _temporal(dt.datetime.fromisoformat, "a date and time", "2024-05-31T14:30"),
    "time": _temporal(dt.time.fromisoformat, "a time", "14:30"),
    "json": _json,
    "chat": _json,
    "dataframe": _dataframe,
    "form": _form,
}
"""Component kind → converter. Other kinds: their module in :mod:`autoui.terminal.kinds`,
else a path for file kinds (``traits.file``), JSON, else the text as it is."""


def _fallback(param: WireParam, raw: Any) -> Any:
    if not isinstance(raw, str):
        return raw
    try:
        return json.loads(raw)
    except json.JSONDecodeError:
        return raw


def to_payload(param: WireParam, raw: Any) -> Any:
    """One input's wire payload from what was typed (or read from a ``--in`` row).

    Raises:
        ValidationError: the value cannot fit; ``param`` is left for the caller.
    """
    if raw is None and (param.optional or not param.required):
        return None
    from autoui.terminal.kinds import kind_hook

    converter = CONVERTERS.get(param.kind) or kind_hook(param.kind, "convert")
    converter = converter or (_files if param.traits.file else _fallback)
    return converter(param, raw)


def collect_payloads(fn: WireFunction, raw_values: dict[str, Any]) -> dict[str, Any]:
    """Payloads for the options given, keyed by parameter name.

    Form inputs take a JSON object (``--order '{"quantity": 3}'``) and dotted field
    options (``--order.quantity 3``); dotted options win over the object's fields.

    Raises:
        InputError: naming the option.
    """
    payloads: dict[str, Any] = {}
    for param in fn.inputs:
        name = param.name
        try:
            if name in raw_values:
                payloads[name] = to_payload(param, raw_values[name])
            if param.kind == "form":
                _merge_dotted(param, raw_values, payloads, name)
        except ValidationError as exc:
            raise _as_input_error(exc, name) from None
    return payloads


def _merge_dotted(
    form: WireParam, raw_values: dict[str, Any], payloads: dict[str, Any], prefix: str
) -> None:
    """Fold ``--form.field`` (and ``--form.sub.field``) values into the form's payload."""
    if not any(key.startswith(prefix + ".") for key in raw_values):
        return
    name = prefix.rpartition(".")[2]
    target = payloads.setdefault(name, {})
    if not isinstance(target, dict):
        raise ValidationError(f"expected a JSON object of fields, got {target!r}")
    for field in form.fields:
        key = f"{prefix}.{field.name}"
        if key in raw_values:
            target[field.name] = _convert_field(field, raw_values[key], field.name)
        if field.kind == "form":
            try:
                _merge_dotted(field, raw_values, target, key)
            except ValidationError as exc:
                raise exc.with_param(field.name) from None


def _as_input_error(exc: ValidationError, name: str) -> InputError:
    param = f"{name}.{exc.param}" if exc.param else name
    return InputError(exc.message, param=param)


def missing_required(fn: WireFunction, payloads: dict[str, Any]) -> list[WireParam]:
    """The required inputs that have no payload yet, in signature order."""
    return [param for param in fn.inputs if param.required and param.name not in payloads]
