"""The spec as every reader sees it: ``GET /api/spec`` as small typed records.

The server writes the spec from its components (:meth:`autoui.spec.AppSpec.to_json`);
everything that *reads* it — the Python clients, ``autoui call``, ``autoui run`` (which
reads its own spec the same way), ``autoui export`` — reads it through these records,
never as raw dicts and never from Python types. What a kind *is* travels as its
:class:`Traits` (declared once, on the component class), so no reader keeps its own
list of which kinds are files, lists or whole numbers.

::

    app = WireApp.from_json(spec_json)
    fn = app.function("classify")
    [p.name for p in fn.inputs if p.traits.file]      # inputs to upload

This module imports nothing but the standard library, so any layer may use it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "SpecFormatError",
    "Traits",
    "WireApp",
    "WireFunction",
    "WireLive",
    "WireParam",
    "is_carried",
]


class SpecFormatError(ValueError):
    """The JSON is not an autoui spec (a required key is missing or of the wrong type)."""


@dataclass(frozen=True)
class Traits:
    """What a component kind is; declared on the component class, carried in the spec.

    Attributes:
        file: its payload is a file (or, with ``multiple``, a list of files): an upload's
            ``{"id"}`` or a ``data:`` URL going in, ``{"id", "url", "name", ...}`` coming
            out, so clients upload and download it.
        multiple: its payload is a list of values (a repeatable option in the terminal).
        heavy: converting it reads or writes files, so it happens in a worker thread,
            never on the event loop.
        attachments: its payload is a larger value with files inside (a message and its
            attached files): clients upload those files too.
        dynamic: an output whose kind is chosen from the value at run time (a function
            without a return hint): each payload says what it carried, as the spec says
            of an output — ``{"component", "traits", "props", "value"}`` — and readers
            show ``value`` as that kind (:meth:`WireParam.carried`).
    """

    file: bool = False
    multiple: bool = False
    heavy: bool = False
    attachments: bool = False
    dynamic: bool = False

    def to_json(self) -> dict[str, bool]:
        return {
            "file": self.file,
            "multiple": self.multiple,
            "heavy": self.heavy,
            "attachments": self.attachments,
            "dynamic": self.dynamic,
        }

    @classmethod
    def from_json(cls, data: Any) -> Traits:
        if not isinstance(data, dict):
            return cls()
        return cls(
            file=data.get("file") is True,
            multiple=data.get("multiple") is True,
            heavy=data.get("heavy") is True,
            attachments=data.get("attachments") is True,
            dynamic=data.get("dynamic") is True,
        )


@dataclass(frozen=True)
class WireParam:
    """One input or output of a function (or one field of a form), as the spec says.

    Attributes:
        name: its key in the call's data (a form field's key in the form's object).
        kind: the component kind (``"textbox"``, ``"image"``, ...).
        traits: what that kind is.
        label / info: what front ends show.
        default: the default's wire form (None when there is none).
        required: a value must be given (no default, None not accepted).
        optional: None is an accepted value.
        interactive: False for an input shown read-only (the function gets its default).
        annotation: the annotation as text, for people to read (never parsed).
        props: the component's own settings.
    """

    name: str
    kind: str
    traits: Traits = Traits()
    label: str = ""
    info: str | None = None
    default: Any = None
    required: bool = False
    optional: bool = False
    interactive: bool = True
    annotation: str = ""
    props: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> WireParam:
        name = data.get("name")
        if not isinstance(name, str):
            raise SpecFormatError(f"an input or output has no name: {data!r:.80}")
        props = data.get("props")
        return cls(
            name=name,
            kind=str(data.get("component") or "json"),
            traits=Traits.from_json(data.get("traits")),
            label=str(data.get("label") or name),
            info=str(data["info"]) if data.get("info") else None,
            default=data.get("default"),
            required=data.get("required") is True,
            optional=data.get("optional") is True,
            interactive=data.get("interactive") is not False,
            annotation=str(data.get("annotation") or ""),
            props=dict(props) if isinstance(props, dict) else {},
        )

    def carried(self, payload: Any) -> tuple[WireParam, Any]:
        """The output and payload to show: for a ``dynamic`` output, the kind its payload
        says it carried (with that kind's traits and props) and the value; else as is."""
        if not self.traits.dynamic or not is_carried(payload):
            return self, payload
        props = payload.get("props")
        shown = WireParam(
            name=self.name,
            kind=str(payload["component"]),
            traits=Traits.from_json(payload.get("traits")),
            label=self.label,
            info=self.info,
            annotation=self.annotation,
            props=dict(props) if isinstance(props, dict) else {},
        )
        return shown, payload.get("value")

    @property
    def integer(self) -> bool:
        """A number that takes whole numbers only (the component's ``integer`` prop)."""
        return self.props.get("integer") is True

    @property
    def choices(self) -> list[Any]:
        """The wire values a choice accepts (``[label, value]`` pairs give the value)."""
        values: list[Any] = []
        for choice in self.props.get("choices") or []:
            if isinstance(choice, list | tuple) and len(choice) == 2:
                values.append(choice[1])
            elif isinstance(choice, dict):
                values.append(choice.get("value", choice.get("label")))
            else:
                values.append(choice)
        return values

    @property
    def fields(self) -> tuple[WireParam, ...]:
        """A form's fields, each shaped like an input."""
        fields = self.props.get("fields") or []
        if isinstance(fields, dict):
            fields = [{"name": name, **spec} for name, spec in fields.items()]
        return tuple(
            WireParam.from_json(f) for f in fields if isinstance(f, dict) and "name" in f
        )


@dataclass(frozen=True)
class WireLive:
    """A function's live input (the spec's ``streaming_input``): what a sender captures.

    Attributes:
        param: the live parameter.
        kind: ``"audio"`` (raw little-endian int16 PCM chunks) or ``"video"`` (JPEG frames).
        policy: what the server does when the function is behind (``coalesce``,
            ``latest``, ``all``).
        rate / channels / chunk_ms: audio: the PCM format and how much a chunk holds.
        max_lag: audio under ``coalesce``: seconds that may wait for the function.
        fps / size: video: the frames a camera should send.
    """

    param: str
    kind: str
    policy: str = "all"
    rate: int = 16000
    channels: int = 1
    chunk_ms: int = 100
    max_lag: float = 5.0
    fps: float = 10.0
    size: tuple[int, int] = (640, 480)

    @classmethod
    def from_json(cls, data: Any) -> WireLive | None:
        if not isinstance(data, dict) or not isinstance(data.get("param"), str):
            return None
        size = data.get("size")
        pair = (int(size[0]), int(size[1])) if _pair(size) else (640, 480)  # type: ignore[index]
        return cls(
            param=data["param"],
            kind="video" if data.get("kind") == "video" else "audio",
            policy=str(data.get("policy") or "all"),
            rate=_number(data.get("rate"), int, 16000),
            channels=_number(data.get("channels"), int, 1),
            chunk_ms=_number(data.get("chunk_ms"), int, 100),
            max_lag=_number(data.get("max_lag"), float, 5.0),
            fps=_number(data.get("fps"), float, 10.0),
            size=pair,
        )

    @property
    def frame_bytes(self) -> int:
        """Bytes of one audio sample frame (all channels)."""
        return 2 * self.channels

    @property
    def chunk_samples(self) -> int:
        """Audio sample frames in one chunk of ``chunk_ms``."""
        return max(1, self.rate * self.chunk_ms // 1000)


def is_carried(payload: Any) -> bool:
    """A dynamic output's payload: ``{"component": kind, ..., "value": payload}``."""
    return isinstance(payload, dict) and isinstance(payload.get("component"), str)


def _number(value: Any, kind: type, default: Any) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
        return kind(value)
    return default


def _pair(value: Any) -> bool:
    return (
        isinstance(value, list | tuple)
        and len(value) == 2
        and all(isinstance(v, int | float) for v in value)
    )


@dataclass(frozen=True)
class WireFunction:
    """One function of the app: its route name, inputs and outputs."""

    name: str
    description: str = ""
    inputs: tuple[WireParam, ...] = ()
    outputs: tuple[WireParam, ...] = ()
    streaming: bool = False
    examples: tuple[dict[str, Any], ...] = ()
    live: WireLive | None = None
    """The live input, fed chunk by chunk (``streaming_input``), if there is one."""

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> WireFunction:
        if not isinstance(data, dict) or not isinstance(data.get("name"), str):
            raise SpecFormatError(f"a function has no name: {data!r:.80}")
        return cls(
            name=data["name"],
            description=str(data.get("description") or ""),
            inputs=tuple(WireParam.from_json(p) for p in _dicts(data.get("inputs"))),
            outputs=tuple(WireParam.from_json(o) for o in _dicts(data.get("outputs"))),
            streaming=data.get("streaming") is True,
            examples=tuple(_dicts(data.get("examples"))),
            live=WireLive.from_json(data.get("streaming_input")),
        )

    @property
    def summary(self) -> str:
        """The description's first line."""
        return self.description.strip().partition("\n")[0]

    def input(self, name: str) -> WireParam:
        """The input called ``name``; KeyError when there is none."""
        for param in self.inputs:
            if param.name == name:
                return param
        raise KeyError(name)


@dataclass(frozen=True)
class WireApp:
    """The whole spec: a title and its functions (``raw`` keeps the JSON as received)."""

    title: str
    functions: tuple[WireFunction, ...]
    description: str = ""
    version: str = ""
    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_json(cls, data: Any) -> WireApp:
        """Read a spec.

        Raises:
            SpecFormatError: it is not an autoui spec.
        """
        if not isinstance(data, dict) or not isinstance(data.get("functions"), list):
            raise SpecFormatError("there is no list of functions in it")
        return cls(
            title=str(data.get("title") or ""),
            functions=tuple(WireFunction.from_json(f) for f in data["functions"]),
            description=str(data.get("description") or ""),
            version=str(data.get("version") or ""),
            raw=data,
        )

    @property
    def names(self) -> list[str]:
        return [fn.name for fn in self.functions]

    def find(self, name: str) -> WireFunction | None:
        """The function called ``name`` (shell spelling ``next-day`` finds ``next_day``)."""
        for candidate in (name, name.replace("-", "_")):
            for fn in self.functions:
                if fn.name == candidate:
                    return fn
        return None


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []
