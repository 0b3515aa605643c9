"""The server's ``/api/spec``, read back into small records the client works from.

The client never imports the server's component classes: it reads the JSON spec, so a
client talks to any autoui server version that speaks the same wire forms. Arguments are
checked against these records *before* anything is sent, so a typo in a parameter name
costs no request and gets a message naming the parameter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from autoui.errors import ClientError

__all__ = ["FILE_KINDS", "RemoteApp", "RemoteFunction", "RemoteParam"]

#: Component kinds whose payloads are files (uploaded on input, downloaded on output).
FILE_KINDS = frozenset({"file", "files", "image", "audio", "video", "gallery", "plot"})

#: What a caller may pass for each input kind, shown by ``view_api()``.
_ACCEPTS: dict[str, str] = {
    "image": "PIL image, ndarray, Path, str path or bytes",
    "audio": "(rate, ndarray), Path, str path or bytes",
    "video": "Path, str path or bytes",
    "file": "Path, str path or bytes",
    "files": "list of Path, str path or bytes",
    "date": "datetime.date or ISO string",
    "datetime": "datetime.datetime or ISO string",
    "time": "datetime.time or ISO string",
    "dataframe": "pandas DataFrame or list of rows",
    "form": "dict, dataclass or pydantic model",
}


@dataclass(frozen=True)
class RemoteParam:
    """One input or output of a remote function, as the spec describes it."""

    name: str
    component: str
    label: str = ""
    annotation: str = ""
    required: bool = False
    default: Any = None
    props: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RemoteParam:
        return cls(
            name=str(data["name"]),
            component=str(data.get("component", "json")),
            label=str(data.get("label") or data["name"]),
            annotation=str(data.get("annotation") or ""),
            required=bool(data.get("required", False)),
            default=data.get("default"),
            props=dict(data.get("props") or {}),
        )

    @property
    def is_file(self) -> bool:
        return self.component in FILE_KINDS

    def describe(self) -> str:
        """One line for ``view_api()``: name, type, default and what may be passed."""
        annotation = f": {self.annotation}" if self.annotation else ""
        default = "required" if self.required else f"default {self.default!r}"
        accepts = _ACCEPTS.get(self.component)
        tail = f"; pass {accepts}" if accepts else ""
        return f"{self.name}{annotation}  [{self.component}, {default}{tail}]"


@dataclass(frozen=True)
class RemoteFunction:
    """A function the server exposes: its route name, inputs and outputs."""

    name: str
    description: str = ""
    inputs: tuple[RemoteParam, ...] = ()
    outputs: tuple[RemoteParam, ...] = ()
    streaming: bool = False

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RemoteFunction:
        return cls(
            name=str(data["name"]),
            description=str(data.get("description") or ""),
            inputs=tuple(RemoteParam.from_json(p) for p in data.get("inputs") or ()),
            outputs=tuple(RemoteParam.from_json(o) for o in data.get("outputs") or ()),
            streaming=bool(data.get("streaming", False)),
        )

    def input(self, name: str) -> RemoteParam:
        for param in self.inputs:
            if param.name == name:
                return param
        raise KeyError(name)

    def bind(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
        """Positional and keyword arguments → ``{param: value}``, checked like a call.

        Raises:
            ClientError: too many positional arguments, an unknown or repeated parameter,
                or a required parameter left out; nothing has been sent.
        """
        names = [p.name for p in self.inputs]
        if len(args) > len(names):
            raise ClientError(
                f"{self.name}() takes {len(names)} argument(s) ({', '.join(names) or 'none'}), "
                f"got {len(args)}"
            )
        bound = dict(zip(names, args, strict=False))
        for key, value in kwargs.items():
            if key not in names:
                raise ClientError(
                    f"{self.name}() has no parameter {key!r}; "
                    f"its parameters are: {', '.join(names) or 'none'}",
                    param=key,
                )
            if key in bound:
                raise ClientError(f"{self.name}() got {key!r} twice", param=key)
            bound[key] = value
        for param in self.inputs:
            if param.required and param.name not in bound:
                raise ClientError(
                    f"{self.name}() is missing the required parameter {param.name!r}",
                    param=param.name,
                )
        return bound

    def signature(self) -> str:
        """``classify(image, top_k=3) -> (label)``: a compact reminder of the call."""
        parts = [p.name if p.required else f"{p.name}={p.default!r}" for p in self.inputs]
        outs = ", ".join(o.name for o in self.outputs)
        return f"{self.name}({', '.join(parts)}) -> ({outs})"

    def describe(self) -> str:
        lines = [f"  predict({self.name!r}, ...)  {self.signature()}"]
        if self.description:
            lines.append(f"    {self.description.strip().splitlines()[0]}")
        lines.append("    inputs:" if self.inputs else "    inputs: none")
        lines.extend(f"      - {p.describe()}" for p in self.inputs)
        lines.append("    outputs:" if self.outputs else "    outputs: none")
        lines.extend(f"      - {o.name}  [{o.component}]" for o in self.outputs)
        if self.streaming:
            lines.append("    streams: submit() and iterate the job for each yield")
        return "\n".join(lines)


@dataclass(frozen=True)
class RemoteApp:
    """The whole ``/api/spec``: a title and its functions."""

    title: str
    functions: tuple[RemoteFunction, ...]
    description: str = ""
    version: str = ""
    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RemoteApp:
        try:
            functions = tuple(RemoteFunction.from_json(f) for f in data["functions"])
        except (KeyError, TypeError) as exc:
            raise ClientError(f"the server's /api/spec is not an autoui spec ({exc})") from exc
        return cls(
            title=str(data.get("title") or ""),
            functions=functions,
            description=str(data.get("description") or ""),
            version=str(data.get("version") or ""),
            raw=data,
        )

    @property
    def names(self) -> list[str]:
        return [fn.name for fn in self.functions]

    def function(self, name: str) -> RemoteFunction:
        """The function called ``name``.

        Raises:
            ClientError: there is none; the message lists the functions there are.
        """
        for fn in self.functions:
            if fn.name == name:
                return fn
        raise ClientError(
            f"the server has no function {name!r}; "
            f"its functions are: {', '.join(self.names) or 'none'}"
        )

    def describe(self, url: str) -> str:
        """The text of ``view_api()``: every function with its parameters."""
        head = f"autoui app {self.title!r} at {url} ({len(self.functions)} function(s))"
        return "\n".join([head, *(fn.describe() for fn in self.functions)])
