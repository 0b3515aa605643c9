"""The client's side of the spec: binding a call's arguments, and ``view_api()``'s text.

The spec itself is read by :mod:`autoui.wire` (the client never imports the server's
component classes to learn a function's shape). Arguments are checked against it
*before* anything is sent, so a typo in a parameter name costs no request and gets a
message naming the parameter.
"""

from __future__ import annotations

from typing import Any

from autoui.errors import ClientError
from autoui.wire import SpecFormatError, WireApp, WireFunction, WireParam

__all__ = ["bind", "describe_app", "function_of", "read_app"]

#: What a caller may pass for an input of these kinds, shown by ``view_api()``.
_ACCEPTS: dict[str, str] = {
    "image": "PIL image, ndarray, Path, str path or bytes",
    "audio": "(rate, ndarray), Path, str path or bytes",
    "date": "datetime.date or ISO string",
    "datetime": "datetime.datetime or ISO string",
    "time": "datetime.time or ISO string",
    "dataframe": "pandas DataFrame or list of rows",
    "form": "dict, dataclass or pydantic model",
}


def read_app(data: Any) -> WireApp:
    """The server's ``/api/spec``, read.

    Raises:
        ClientError: it is not an autoui spec.
    """
    try:
        return WireApp.from_json(data)
    except SpecFormatError as exc:
        raise ClientError(f"the server's /api/spec is not an autoui spec ({exc})") from None


def function_of(app: WireApp, name: str) -> WireFunction:
    """The function called ``name``.

    Raises:
        ClientError: there is none; the message lists the functions there are.
    """
    fn = app.find(name)
    if fn is None:
        raise ClientError(
            f"the server has no function {name!r}; "
            f"its functions are: {', '.join(app.names) or 'none'}"
        )
    return fn


def bind(fn: WireFunction, args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
    """Positional and keyword arguments → ``{param: value}``, checked like a call.

    Raises:
        ClientError: too many positional arguments, an unknown or repeated parameter,
            or a required parameter left out; nothing has been sent.
    """
    names = [p.name for p in fn.inputs]
    if len(args) > len(names):
        raise ClientError(
            f"{fn.name}() takes {len(names)} argument(s) ({', '.join(names) or 'none'}), "
            f"got {len(args)}"
        )
    bound = dict(zip(names, args, strict=False))
    for key, value in kwargs.items():
        if key not in names:
            raise ClientError(
                f"{fn.name}() has no parameter {key!r}; "
                f"its parameters are: {', '.join(names) or 'none'}",
                param=key,
            )
        if key in bound:
            raise ClientError(f"{fn.name}() got {key!r} twice", param=key)
        bound[key] = value
    for param in fn.inputs:
        if param.required and param.name not in bound:
            raise ClientError(
                f"{fn.name}() is missing the required parameter {param.name!r}",
                param=param.name,
            )
    return bound


def _accepts(param: WireParam) -> str | None:
    if param.kind in _ACCEPTS:
        return _ACCEPTS[param.kind]
    if param.traits.file:
        one = "Path, str path or bytes"
        return f"list of {one}" if param.traits.multiple else one
    return None


def describe_param(param: WireParam) -> str:
    """One line for ``view_api()``: name, type, default and what may be passed."""
    annotation = f": {param.annotation}" if param.annotation else ""
    default = "required" if param.required else f"default {param.default!r}"
    accepts = _accepts(param)
    tail = f"; pass {accepts}" if accepts else ""
    return f"{param.name}{annotation}  [{param.kind}, {default}{tail}]"


def signature(fn: WireFunction) -> str:
    """``classify(image, top_k=3) -> (label)``: a compact reminder of the call."""
    parts = [p.name if p.required else f"{p.name}={p.default!r}" for p in fn.inputs]
    outs = ", ".join(o.name for o in fn.outputs)
    return f"{fn.name}({', '.join(parts)}) -> ({outs})"


def describe_function(fn: WireFunction) -> str:
    lines = [f"  predict({fn.name!r}, ...)  {signature(fn)}"]
    if fn.summary:
        lines.append(f"    {fn.summary}")
    lines.append("    inputs:" if fn.inputs else "    inputs: none")
    lines.extend(f"      - {describe_param(p)}" for p in fn.inputs)
    lines.append("    outputs:" if fn.outputs else "    outputs: none")
    lines.extend(f"      - {o.name}  [{o.kind}]" for o in fn.outputs)
    if fn.streaming:
        lines.append("    streams: submit() and iterate the job for each yield")
    if fn.live is not None:
        what = "audio chunks" if fn.live.kind == "audio" else "frames"
        lines.append(
            f"    live input: stream({fn.name!r}, {fn.live.param}=<{what}, a path or bytes>)"
        )
    return "\n".join(lines)


def describe_app(app: WireApp, url: str) -> str:
    """The text of ``view_api()``: every function with its parameters."""
    head = f"autoui app {app.title!r} at {url} ({len(app.functions)} function(s))"
    return "\n".join([head, *(describe_function(fn) for fn in app.functions)])
