"""Command-line strings → wire payloads, read from the *JSON* spec of one function.

This is the terminal's validation layer. It works from ``FunctionSpec.to_json()`` only,
so ``autoui run`` (local function) and ``autoui call`` (remote server, spec from
``GET /api/spec``) share it. It turns what a person typed into the payload the HTTP
API would accept, and rejects what cannot fit with a message that names the option:
``--top-k: expected a whole number, got 'abc'``. The component's own ``preprocess``
(locally) or the server (remotely) has the last word.

Public API:

- :func:`to_payload` ``(input_json, raw) -> payload`` for one input. ``raw`` is a CLI
  string, a list of them (repeated options), a bool (flags), or an already-JSON value
  (a ``--in rows.jsonl`` cell).
- :func:`collect_payloads` ``(fn_json, raw_values) -> {param: payload}`` for the options
  given (form fields come as dotted names: ``{"order.quantity": "3"}``).
- :func:`missing_required` ``(fn_json, payloads) -> [input_json, ...]``.
- :class:`InputError`: a :class:`~autoui.errors.ValidationError` whose ``str()`` names
  the option (``--top-k: ...``).

File-like inputs become ``{"path": "<absolute path>"}``, the form
:class:`autoui.localfiles.LocalFiles` accepts with ``allow_paths=True``; ``autoui call``
uploads those paths instead. ``-`` reads the file from standard input.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from typing import Any

from autoui.errors import ValidationError
from autoui.terminal.filevalues import file_payload, json_value, table_payload
from autoui.terminal.naming import option_name

__all__ = [
    "InputError",
    "choice_values",
    "choices_of",
    "collect_payloads",
    "form_fields",
    "is_integer",
    "missing_required",
    "to_payload",
]

Converter = Callable[[dict[str, Any], Any], Any]


class InputError(ValidationError):
    """Bad command-line input; ``str()`` reads ``--top-k: expected a whole number, got 'abc'``."""

    def _text(self) -> str:
        return f"{option_name(self.param)}: {self.message}" if self.param else self.message


# -- reading the spec -----------------------------------------------------------------
def _prop(props: dict[str, Any], *names: str) -> Any:
    for name in names:
        if props.get(name) is not None:
            return props[name]
    return None


def choice_values(input_json: dict[str, Any]) -> list[Any]:
    """The wire values a choice input accepts (``[label, value]`` pairs give the value)."""
    values: list[Any] = []
    for choice in input_json.get("props", {}).get("choices") or []:
        if isinstance(choice, list | tuple) and len(choice) == 2:
            values.append(choice[1])
        elif isinstance(choice, dict):
            values.append(choice.get("value", choice.get("label")))
        else:
            values.append(choice)
    return values


def choices_of(input_json: dict[str, Any]) -> list[str]:
    """The choices of an input as they are typed on the command line."""
    return [str(value) for value in choice_values(input_json)]


def is_integer(input_json: dict[str, Any]) -> bool:
    """A number input that takes whole numbers only (``int`` annotation or precision 0)."""
    props = input_json.get("props", {})
    if props.get("integer") is True or props.get("precision") == 0:
        return True
    annotation = str(input_json.get("annotation", ""))
    return _INT_ANNOTATION.match(annotation) is not None


_INT_ANNOTATION = re.compile(r"^\s*(?:Annotated\[|Optional\[)*int\s*(?:$|[],|])")


def form_fields(input_json: dict[str, Any]) -> list[dict[str, Any]]:
    """The fields of a form input, each shaped like an input of the spec."""
    fields = input_json.get("props", {}).get("fields") or []
    if isinstance(fields, dict):
        return [{"name": name, **spec} for name, spec in fields.items()]
    return [field for field in fields if isinstance(field, dict) and "name" in field]


# -- converters, one per family -------------------------------------------------------
def _text(input_json: dict[str, Any], raw: Any) -> Any:
    if isinstance(raw, str):
        return raw
    raise ValidationError(f"expected text, got {raw!r}")


def _number(input_json: dict[str, Any], raw: Any) -> Any:
    whole = is_integer(input_json)
    what = "a whole number" if whole else "a number"
    value: int | float
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        raise ValidationError(f"expected {what}, got {raw!r}")
    try:
        value = _parse_number(raw, whole)
    except ValueError:
        raise ValidationError(f"expected {what}, got {raw!r}") from None
    _check_bounds(input_json.get("props", {}), value, what)
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


def _check_bounds(props: dict[str, Any], value: float, what: str) -> None:
    low = _prop(props, "minimum", "min")
    high = _prop(props, "maximum", "max")
    if low is not None and high is not None and not low <= value <= high:
        raise ValidationError(f"must be between {low} and {high}, got {value!r}")
    if low is not None and value < low:
        raise ValidationError(f"must be at least {low}, got {value!r}")
    if high is not None and value > high:
        raise ValidationError(f"must be at most {high}, got {value!r}")


_TRUE = {"true", "yes", "y", "1", "on"}
_FALSE = {"false", "no", "n", "0", "off"}


def _bool(input_json: dict[str, Any], raw: Any) -> Any:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.strip().lower() in _TRUE | _FALSE:
        return raw.strip().lower() in _TRUE
    raise ValidationError(f"expected true or false, got {raw!r}")


def _choice(input_json: dict[str, Any], raw: Any) -> Any:
    values = choice_values(input_json)
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


def _choices(input_json: dict[str, Any], raw: Any) -> Any:
    items = _split_list(input_json, raw)
    return [_choice(input_json, item) for item in items]


def _split_list(input_json: dict[str, Any], raw: Any) -> list[Any]:
    """Repeated options and comma lists: ``--tag a --tag b,c`` → ``[a, b, c]``."""
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list):
        raise ValidationError(f"expected a list, got {raw!r}")
    choices = set(choices_of(input_json))
    items: list[Any] = []
    for item in raw:
        if isinstance(item, str) and item not in choices and "," in item:
            items.extend(part.strip() for part in item.split(",") if part.strip())
        else:
            items.append(item)
    return items


def _temporal(parse: Callable[[str], Any], what: str, example: str) -> Converter:
    def convert(input_json: dict[str, Any], raw: Any) -> Any:
        text = raw.strip() if isinstance(raw, str) else raw
        try:
            parse(text)
        except (TypeError, ValueError):
            raise ValidationError(f"expected {what} like {example}, got {raw!r}") from None
        return text

    return convert


def _file(input_json: dict[str, Any], raw: Any) -> Any:
    return file_payload(raw)


def _files(input_json: dict[str, Any], raw: Any) -> Any:
    items = raw if isinstance(raw, list) else [raw]
    return [file_payload(item) for item in items]


def _json(input_json: dict[str, Any], raw: Any) -> Any:
    return json_value(raw)


def _dataframe(input_json: dict[str, Any], raw: Any) -> Any:
    return table_payload(raw)


def _form(input_json: dict[str, Any], raw: Any) -> Any:
    value = _json(input_json, raw)
    if not isinstance(value, dict):
        raise ValidationError(f"expected a JSON object of fields, got {raw!r}")
    fields = {field["name"]: field for field in form_fields(input_json)}
    payload: dict[str, Any] = {}
    for name, item in value.items():
        field = fields.get(name)
        if field is None:
            known = ", ".join(fields) or "none"
            raise ValidationError(f"unknown field {name!r} (fields: {known})")
        payload[name] = _convert_field(field, item, name)
    return payload


def _convert_field(field: dict[str, Any], raw: Any, name: str) -> Any:
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
    "file": _file,
    "image": _file,
    "audio": _file,
    "video": _file,
    "files": _files,
    "gallery": _files,
    "json": _json,
    "chat": _json,
    "dataframe": _dataframe,
    "form": _form,
}
"""Component kind → converter. Unknown kinds take JSON, else the text as it is."""

MULTIPLE_KINDS = frozenset({"checkbox_group", "files", "gallery"})
FILE_KINDS = frozenset({"file", "image", "audio", "video", "files", "gallery"})


def _fallback(input_json: dict[str, Any], raw: Any) -> Any:
    if not isinstance(raw, str):
        return raw
    try:
        return json.loads(raw)
    except json.JSONDecodeError:
        return raw


def to_payload(input_json: dict[str, Any], raw: Any) -> Any:
    """One input's wire payload from what was typed (or read from a ``--in`` row).

    Raises:
        ValidationError: the value cannot fit; ``param`` is left for the caller.
    """
    if raw is None and (input_json.get("optional") or not input_json.get("required", True)):
        return None
    converter = CONVERTERS.get(str(input_json.get("component")), _fallback)
    return converter(input_json, raw)


def collect_payloads(fn_json: dict[str, Any], raw_values: dict[str, Any]) -> dict[str, Any]:
    """Payloads for the options given, keyed by parameter name.

    Form inputs take a JSON object (``--order '{"quantity": 3}'``) and dotted field
    options (``--order.quantity 3``); dotted options win over the object's fields.

    Raises:
        InputError: naming the option.
    """
    payloads: dict[str, Any] = {}
    for input_json in fn_json.get("inputs", []):
        name = input_json["name"]
        try:
            if name in raw_values:
                payloads[name] = to_payload(input_json, raw_values[name])
            if input_json.get("component") == "form":
                _merge_dotted(input_json, raw_values, payloads, name)
        except ValidationError as exc:
            raise _as_input_error(exc, name) from None
    return payloads


def _merge_dotted(
    form_json: dict[str, Any], raw_values: dict[str, Any], payloads: dict[str, Any], prefix: str
) -> None:
    """Fold ``--form.field`` (and ``--form.sub.field``) values into the form's payload."""
    if not any(key.startswith(prefix + ".") for key in raw_values):
        return
    name = prefix.rpartition(".")[2]
    target = payloads.setdefault(name, {})
    if not isinstance(target, dict):
        raise ValidationError(f"expected a JSON object of fields, got {target!r}")
    for field in form_fields(form_json):
        key = f"{prefix}.{field['name']}"
        if key in raw_values:
            target[field["name"]] = _convert_field(field, raw_values[key], field["name"])
        if field.get("component") == "form":
            try:
                _merge_dotted(field, raw_values, target, key)
            except ValidationError as exc:
                raise exc.with_param(field["name"]) from None


def _as_input_error(exc: ValidationError, name: str) -> InputError:
    param = f"{name}.{exc.param}" if exc.param else name
    return InputError(exc.message, param=param)


def missing_required(fn_json: dict[str, Any], payloads: dict[str, Any]) -> list[dict[str, Any]]:
    """The required inputs that have no payload yet, in signature order."""
    return [
        input_json
        for input_json in fn_json.get("inputs", [])
        if input_json.get("required") and input_json["name"] not in payloads
    ]
