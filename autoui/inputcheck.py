"""The cheap check of a call's wire payload, made when the call is submitted.

A server must refuse a bad call before queueing it (a 422 naming the parameter), yet it
must not decode anything then: a queued job holds only its wire payload and file ids,
and its inputs are decoded when it starts (:mod:`autoui.execution`). So each value
gets the check its parameter's type calls for, in order of cost:

- the shape comes first, directed by the parameter's declared JSON Schema: a list or an
  object sent to a parameter that takes a scalar is refused at once, without walking it;
- a value that may nest is walked once, with a budget: nesting depth, lists and objects,
  string length (:class:`~autoui.limits.InputLimits`), and a file reference naming a
  server path (``{"path": ...}``, wherever it hides) is refused;
- parameters whose conversion is cheap and pure (text, numbers, choices, dates, JSON,
  chat) are converted as they will be at start, and the result dropped, so their
  errors come at submit time, as before;
- files, images, audio, video, tables and forms are *not* decoded: a file reference
  must be an upload this caller may use (looked up, not opened) or a well-formed
  ``data:`` URL, a table must have rows of equal width, a form's fields are checked
  one by one with these same rules.

Everything raises :class:`~autoui.errors.ValidationError` with ``param`` set (a form
field reads ``order.qty``).
"""

from __future__ import annotations

from typing import Any

from autoui.components.base import MISSING, Component
from autoui.components.checks import expected
from autoui.components.filepayload import decode_data_url
from autoui.components.params import FieldSpec, read_param
from autoui.components.tables import check_table
from autoui.errors import ValidationError
from autoui.files import FileContext
from autoui.limits import InputLimits
from autoui.pipeline import input_params, values_by_name
from autoui.spec import FunctionSpec

__all__ = ["check_inputs", "count_containers", "decoded_at_start"]

# A component whose traits say "heavy" (files, tables, forms) is checked for shape here
# and converted only when the job starts.
_SCALAR_TYPES = frozenset({"string", "number", "integer", "boolean", "null"})
# Keys of file-reference dicts (ours and Gradio's FileData): with "path", a request to
# read a server file, refused wherever it appears in a payload.
_FILE_KEYS = frozenset(
    {"path", "url", "orig_name", "name", "size", "mime_type", "meta", "is_stream", "id", "type"}
)
_NO_PATHS = (
    'file paths are not accepted; upload the file (POST /api/files) and pass its {"id": ...}'
)


def check_inputs(
    fn_spec: FunctionSpec,
    data: dict[str, Any] | list[Any] | None,
    files: FileContext,
    limits: InputLimits | None = None,
) -> None:
    """Check one call's wire ``data`` without decoding it.

    Raises:
        ValidationError: an unknown or missing parameter, a value of the wrong shape,
            over a limit, naming a server path or an unusable file; ``param`` says which.
    """
    limits = limits or InputLimits()
    params = input_params(fn_spec)
    named = values_by_name(params, {} if data is None else data)
    budget = _Budget(limits)
    for param in params:
        check_param(param, named.get(param.name, MISSING), files, budget)


def decoded_at_start(component: Component) -> bool:
    """Whether converting this component's payload reads files or builds a large value."""
    return component.traits.heavy


def count_containers(body: bytes) -> int:
    """An upper bound of the lists and objects in a JSON text, without parsing it.

    Brackets inside strings are counted too, so this never says fewer than there are;
    parsing is what costs (each container is an allocation the garbage collector then
    tracks), so a server compares this with ``max_items`` before it parses a body.
    """
    return body.count(b"[") + body.count(b"{")


class _Budget:
    """What one call may still hold: its lists and objects are counted across parameters."""

    __slots__ = ("items", "limits")

    def __init__(self, limits: InputLimits) -> None:
        self.limits = limits
        self.items = 0


def check_param(
    param: FieldSpec, payload: Any, files: FileContext, budget: _Budget, *, walk: bool = True
) -> None:
    """Check one named value (a parameter or a form field) as :func:`check_inputs` does.

    Args:
        walk: walk the value for the shape limits (a form's fields were walked with it).
    """
    component = param.component
    if payload is MISSING or payload is None:
        read_param(param, payload, files)  # a default, None, or "is required"
        return
    if isinstance(payload, list | dict) and not _takes_containers(component):
        read_param(param, payload, files)  # refuses it without looking inside
    try:
        if walk:
            _check_shape(payload, budget, file_position=component.traits.file)
        if decoded_at_start(component):
            _check_undecoded(component, payload, files, budget)
            return
    except ValidationError as error:
        raise error.with_param(param.name) from None
    read_param(param, payload, files)


def _check_undecoded(
    component: Component, payload: Any, files: FileContext, budget: _Budget
) -> None:
    traits = component.traits
    if traits.file and not traits.multiple:
        _check_file(payload, files)
    elif traits.file:
        if not isinstance(payload, list):
            raise expected("a list of files", payload)
        for index, item in enumerate(payload):
            try:
                _check_file(item, files)
            except ValidationError as error:
                raise ValidationError(f"file {index + 1}: {error.message}") from None
    elif component.kind == "dataframe":
        check_table(
            payload, getattr(component, "headers", None), getattr(component, "annotation", None)
        )
    elif component.kind == "form":
        _check_form(component, payload, files, budget)
    # any other heavy kind is converted, and so checked, when the job starts


def _check_form(component: Component, payload: Any, files: FileContext, budget: _Budget) -> None:
    if not isinstance(payload, dict):
        raise expected("an object of fields", payload)
    fields: tuple[FieldSpec, ...] = getattr(component, "fields", ())
    known = {f.name for f in fields}
    for key in payload:
        if key not in known:
            names = ", ".join(sorted(known))
            raise ValidationError(f"unknown field; expected one of: {names}", param=key)
    for field in fields:
        check_param(field, payload.get(field.name, MISSING), files, budget, walk=False)


def _check_file(payload: Any, files: FileContext) -> None:
    """A file reference this caller may use, looked up but not opened; a valid data: URL."""
    if isinstance(payload, str):
        if not payload.startswith("data:"):
            raise ValidationError(
                'expected a file: {"id": ...} from POST /api/files, or a data: URL'
            )
        decode_data_url(payload)
        return
    if not isinstance(payload, dict):
        raise expected('a file ({"id": ...} from POST /api/files, or a data: URL)', payload)
    if "path" in payload:
        raise ValidationError(_NO_PATHS)
    files.resolve_input(payload)


def _takes_containers(component: Component) -> bool:
    """Whether the component's declared input schema allows a list or an object."""
    return _schema_takes_containers(component.json_schema())


def _schema_takes_containers(schema: dict[str, Any]) -> bool:
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        return not set(types) <= _SCALAR_TYPES
    if "enum" in schema:
        return any(isinstance(value, list | dict) for value in schema["enum"])
    branches = schema.get("anyOf") or schema.get("oneOf")
    if branches:
        return any(_schema_takes_containers(branch) for branch in branches)
    return True  # no type said: anything goes


def _check_shape(payload: Any, budget: _Budget, file_position: bool = False) -> None:
    """Walk ``payload`` once: depth, lists and objects, strings, and server paths.

    Iterative, so a deep payload cannot exhaust the stack; it stops at the first limit
    crossed, so its cost is bounded by the limits, not by the payload.
    """
    limits = budget.limits
    if isinstance(payload, str):
        if not file_position and len(payload) > limits.max_string:
            raise _too_long(limits)
        return
    stack: list[tuple[Any, int]] = [(payload, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            if "path" in value and value.keys() <= _FILE_KEYS:
                raise ValidationError(_NO_PATHS)
            children: Any = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        budget.items += 1
        if budget.items > limits.max_items:
            raise ValidationError(
                f"too many values: at most {limits.max_items:,} lists and objects in one call"
            )
        if depth > limits.max_depth:
            raise ValidationError(f"nested too deeply: at most {limits.max_depth} levels")
        for child in children:
            if isinstance(child, list | dict):
                stack.append((child, depth + 1))
            elif isinstance(child, str) and len(child) > limits.max_string:
                raise _too_long(limits)


def _too_long(limits: InputLimits) -> ValidationError:
    return ValidationError(
        f"a string is too long: at most {limits.max_string:,} characters "
        "(send large content as a file: POST /api/files)"
    )
