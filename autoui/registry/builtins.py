"""The built-in rules: Enum/Literal choices, then the type table, looked up along the MRO.

:data:`BUILTINS` maps a type, or the qualified name of a class from an optional
library (``"numpy.ndarray"``, ``"PIL.Image.Image"``, ``"pandas.DataFrame"``,
``"matplotlib.figure.Figure"``), to a rule. A rule takes the :class:`TypeRequest` and
returns a component, or None when it does not apply after all (a pandas Series as an
input). Generic aliases are looked up by their origin (``list[int]`` → ``list``), and
the rule reads the arguments.
"""

from __future__ import annotations

import collections.abc as abc
import datetime as dt
import enum
import pathlib
import types
import typing
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Literal

import autoui.components as c
from autoui.components.base import MISSING, Component
from autoui.components.choice import wire_value
from autoui.errors import SpecError
from autoui.registry.annotations import TypeRequest, qualified_names, unwrap
from autoui.registry.bounds import number_bounds, text_constraints

__all__ = [
    "BUILTINS",
    "MAX_RADIO_CHOICES",
    "infer",
    "is_message_type",
    "name_suggests",
    "value_type",
]

Rule = Callable[[TypeRequest], Component | None]
MAX_RADIO_CHOICES = 4

_AUDIO_NAMES = frozenset({"audio", "sound", "waveform", "wav", "speech", "voice"})
_IMAGE_NAMES = frozenset({"image", "img", "photo", "picture", "pic"})
_VIDEO_NAMES = frozenset({"video", "clip", "movie"})
_SECRET_NAMES = frozenset({"password", "passphrase", "secret", "token", "apikey", "api_key"})
_COLOR_NAMES = frozenset({"color", "colour"})


def name_suggests(name: str, words: frozenset[str]) -> bool:
    """Whether a name's parts (split on ``_``) start with one of ``words``: ``input_audio``."""
    lowered = name.lower()
    if lowered in words:
        return True
    return any(part.startswith(word) for part in lowered.split("_") for word in words)


def infer(request: TypeRequest) -> Component | None:
    """The built-in component for a request, or None when nothing here knows the type."""
    choice = _choice_rule(request)
    if choice is not None:
        return choice
    if _numeric_union(request.annotation):  # int | float: a float accepts both
        return _number(TypeRequest(float, request.name, request.output, request.metadata))
    for rule in _rules_for(request.annotation):
        component = rule(request)
        if component is not None:
            return component
    return _text_scalar(request)


def _rules_for(tp: Any) -> list[Rule]:
    rules = []
    try:
        if tp in BUILTINS:
            rules.append(BUILTINS[tp])
    except TypeError:  # unhashable annotation
        pass
    origin = typing.get_origin(tp) or tp
    for base in getattr(origin, "__mro__", ())[:-1]:  # not ``object``: that is no match
        for key in (base, *qualified_names(base)):
            rule = BUILTINS.get(key)
            if rule is not None and rule not in rules:
                rules.append(rule)
    return rules


def _numeric_union(tp: Any) -> bool:
    origin = typing.get_origin(tp)
    return origin in (typing.Union, types.UnionType) and set(typing.get_args(tp)) <= {int, float}


# -- choices ---------------------------------------------------------------------------
def choices_of(tp: Any) -> tuple[tuple[Any, ...], tuple[Any, ...]] | None:
    """``(wire choices, Python values)`` of an Enum class or a Literal, else None."""
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        members = tuple(tp)
        return tuple(m.name for m in members), members
    if typing.get_origin(tp) is Literal:
        values = typing.get_args(tp)
        return tuple(wire_value(v) for v in values), values
    return None


_CONTAINERS: dict[Any, Any] = {
    list: "list",
    set: "set",
    frozenset: "frozenset",
    tuple: "tuple",
    abc.Sequence: "list",
    abc.Iterable: "list",
    abc.Collection: "list",
    abc.Set: "frozenset",
}


def _choice_rule(request: TypeRequest) -> Component | None:
    tp = request.annotation
    found = choices_of(tp)
    if found is not None:
        choices, values = found
        single = c.Radio if len(choices) <= MAX_RADIO_CHOICES else c.Dropdown
        return single(choices, values=values)
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    container = _CONTAINERS.get(origin)
    if container is None or not args:
        return None
    if origin is tuple and (len(args) != 2 or args[1] is not Ellipsis):
        return None
    found = choices_of(unwrap(args[0])[0])
    if found is None:
        return None
    choices, values = found
    return c.CheckboxGroup(choices, values=values, container=container)


# -- scalars -----------------------------------------------------------------------------
def _text(request: TypeRequest) -> Component:
    constraints = text_constraints(request.metadata)
    if (
        not request.output
        and name_suggests(request.name, _COLOR_NAMES)
        and _color_default(request.default)
        and not constraints
    ):
        return c.Color(as_text=True)  # any CSS colour, handed over as written
    secret = not request.output and name_suggests(request.name, _SECRET_NAMES)
    return c.Textbox(type="password" if secret else "text", **constraints)


def _color_default(default: Any) -> bool:
    if default is MISSING or default is None:
        return True
    from autoui.components.text import is_css_color

    return isinstance(default, str) and is_css_color(default)


def _text_scalar(request: TypeRequest) -> Component | None:
    """UUID, IP addresses, timedelta, Fraction, re.Pattern, SecretStr ...: text, parsed."""
    from autoui.components.scalars import text_scalar

    scalar = text_scalar(request.annotation)
    if scalar is None:
        return None
    constraints = text_constraints(request.metadata)
    constraints.setdefault("pattern", scalar.pattern)
    if scalar.secret:
        return c.Textbox(type="password", value_type=request.annotation, **constraints)
    return c.Textbox(value_type=request.annotation, **constraints)


def _number(request: TypeRequest) -> Component:
    integer = issubclass(request.annotation, int)
    decimal = issubclass(request.annotation, Decimal)
    bounds = number_bounds(request.metadata, integer)
    if integer:  # tells front ends, which do not see ``integer``, to step by whole numbers
        bounds.setdefault("step", 1)
    if bounds.get("minimum") is not None and bounds.get("maximum") is not None:
        return c.Slider(integer=integer, decimal=decimal, **bounds)
    return c.Number(integer=integer, decimal=decimal, **bounds)


def _file_like(request: TypeRequest, type: str) -> Component:
    """A Path (or bytes): an image, audio or video when the name says so, else a file."""
    if type == "path":
        if name_suggests(request.name, _IMAGE_NAMES):
            return c.Image(type="path")
        if name_suggests(request.name, _AUDIO_NAMES):
            return c.Audio(type="path")
        if name_suggests(request.name, _VIDEO_NAMES):
            return c.Video(type="path")
        return c.File(type="path")
    return c.File(type="bytes")


# -- optional libraries ------------------------------------------------------------------
def _ndarray(request: TypeRequest) -> Component:
    if name_suggests(request.name, _AUDIO_NAMES):
        return c.Audio(type="samples")
    return c.Image(type="numpy")


def _figure(request: TypeRequest) -> Component:
    if not request.output:
        raise SpecError("a matplotlib Figure can only be an output; take the data to plot as input")
    return c.Plot()


def value_type(tp: Any, kind: str) -> str | None:
    """The ``type`` a media component needs to hand the function a ``tp``."""
    if isinstance(tp, type) and issubclass(tp, pathlib.PurePath):
        return "path"
    if tp is str:
        return "filepath"
    if tp is bytes:
        return "bytes"
    origin = typing.get_origin(tp) or tp
    names = qualified_names(origin) if isinstance(origin, type) else ()
    if "PIL.Image.Image" in names:
        return "pil"
    if "numpy.ndarray" in names:
        return "samples" if kind == "audio" else "numpy"
    if origin is tuple:
        return "numpy"  # (rate, samples)
    return None


# -- containers --------------------------------------------------------------------------
def is_message_type(tp: Any) -> bool:
    """A chat message as the chat input delivers it: a dict (or a TypedDict of one)."""
    import typing_extensions

    origin = typing.get_origin(tp) or tp
    if typing_extensions.is_typeddict(tp):
        return True
    return isinstance(origin, type) and issubclass(origin, dict | abc.Mapping)


def _list(request: TypeRequest) -> Component:
    args = typing.get_args(request.annotation)
    item = unwrap(args[0])[0] if args else Any
    item_origin = typing.get_origin(item) or item
    picture = _picture_type(item)
    if picture == "path":
        return c.Gallery(type="path") if request.output else c.Files(type="path")
    if item is bytes:
        return c.Files(type="bytes")
    if picture is not None:
        return c.Gallery(type=picture)
    if request.output and item_origin is tuple and _is_captioned_picture(item):
        return c.Gallery(type=_picture_type(typing.get_args(item)[0]) or "pil")
    if request.output and item_origin is tuple and _is_span(item):
        return c.HighlightedText()
    if item_origin in (list, tuple):
        return c.DataFrame(type="rows", annotation=request.annotation)
    return c.JSON(annotation=request.annotation)


PictureType = Literal["path", "pil", "numpy"]


def _picture_type(tp: Any) -> PictureType | None:
    """How a gallery holds ``tp``: "path", "pil", "numpy", or None for a non-picture."""
    origin = typing.get_origin(tp) or tp
    if isinstance(origin, type) and issubclass(origin, pathlib.PurePath):
        return "path"
    names = qualified_names(origin) if isinstance(origin, type) else ()
    if "PIL.Image.Image" in names:
        return "pil"
    if "numpy.ndarray" in names:
        return "numpy"
    return None


def _is_captioned_picture(item: Any) -> bool:
    """``tuple[Image, str]``: a gallery item with its caption."""
    parts = typing.get_args(item)
    return len(parts) == 2 and parts[1] is str and _picture_type(parts[0]) is not None


def _is_span(item: Any) -> bool:
    """``tuple[str, str | None]``: a piece of text and its label, or None (unlabelled)."""
    parts = typing.get_args(item)
    if len(parts) != 2 or parts[0] is not str:
        return False
    label = set(typing.get_args(parts[1])) if typing.get_origin(parts[1]) in (
        typing.Union, types.UnionType
    ) else {parts[1]}
    return label == {str, type(None)}


def _tuple(request: TypeRequest) -> Component:
    args = typing.get_args(request.annotation)
    if len(args) == 2 and args[0] is int:
        second = typing.get_origin(args[1]) or args[1]
        if isinstance(second, type) and "numpy.ndarray" in qualified_names(second):
            return c.Audio(type="numpy")
    return c.JSON(annotation=request.annotation)


# -- live inputs ---------------------------------------------------------------------------
_ASYNC_ORIGINS = (abc.AsyncIterator, abc.AsyncGenerator, abc.AsyncIterable)


def _live_input(request: TypeRequest) -> Component | None:
    """``Iterator[Audio]``, ``AsyncIterator[Image]``, ... as a parameter: a live input.

    The item type says audio or frames (an ndarray by the parameter's name, or by the
    ``Microphone``/``Webcam`` in ``Annotated``); any other item is not a live input.
    """
    args = typing.get_args(request.annotation)
    if request.output or not args:
        return None
    from autoui.components.live import LiveInput

    item = unwrap(args[0])[0]
    marker = next((m for m in request.metadata if isinstance(m, LiveInput)), None)
    origin = typing.get_origin(request.annotation)
    protocol = "async" if origin in _ASYNC_ORIGINS else "sync"
    audio = _audio_item(item, request.name, marker)
    if audio is not None:
        return c.Microphone(type=audio, protocol=protocol)  # type: ignore[arg-type]
    frame = _frame_item(item)
    return None if frame is None else c.Webcam(type=frame, protocol=protocol)  # type: ignore[arg-type]


def _audio_item(item: Any, name: str, marker: Component | None) -> str | None:
    """``"numpy"`` for ``(rate, samples)`` items, ``"samples"`` for bare arrays, else None."""
    if isinstance(item, type) and issubclass(item, c.Audio):
        return "numpy"
    if typing.get_origin(item) is tuple and isinstance(_tuple(TypeRequest(item, name)), c.Audio):
        return "numpy"
    said = isinstance(marker, c.Microphone) or (
        marker is None and name_suggests(name, _AUDIO_NAMES)
    )
    return "samples" if said and _picture_type(item) == "numpy" else None


def _frame_item(item: Any) -> str | None:
    if isinstance(item, type) and issubclass(item, c.Image):
        return "numpy"
    picture = _picture_type(item)
    return picture if picture in ("pil", "numpy") else None


def _iterable(request: TypeRequest) -> Component | None:
    return _live_input(request) or _list(request)


def _dict(request: TypeRequest) -> Component:
    if request.output and typing.get_args(request.annotation) == (str, float):
        return c.Label()
    return c.JSON(annotation=request.annotation)


def _json(request: TypeRequest) -> Component:
    tp = request.annotation
    return c.JSON(annotation=None if tp in (Any, object, type(None)) else tp)


def _value_of(kind: str) -> Rule:
    """The rule of a value type autoui defines: a default component of its kind."""
    return lambda request: c.BY_KIND[kind]()


def _input_only_if_output(component: Component) -> Rule:
    return lambda request: component if request.output else None


BUILTINS: dict[Any, Rule] = {
    str: _text,
    Decimal: _number,
    bool: lambda request: c.Checkbox(),
    int: _number,
    float: _number,
    dt.datetime: lambda request: c.DateTime(),
    dt.date: lambda request: c.Date(),
    dt.time: lambda request: c.Time(),
    pathlib.PurePath: lambda request: _file_like(request, "path"),
    bytes: lambda request: _file_like(request, "bytes"),
    list: _list,
    abc.Sequence: _list,
    abc.Iterable: _iterable,
    abc.Iterator: _live_input,
    abc.AsyncIterator: _live_input,
    tuple: _tuple,
    set: _json,
    frozenset: _json,
    dict: _dict,
    abc.Mapping: _dict,
    Any: _json,
    object: _json,
    type(None): _json,
    "PIL.Image.Image": lambda request: c.Image(type="pil"),
    "numpy.ndarray": _ndarray,
    "pandas.DataFrame": lambda request: c.DataFrame(type="pandas"),
    "pandas.Series": _input_only_if_output(c.DataFrame(type="pandas")),
    "matplotlib.figure.Figure": _figure,
    # autoui's own value types (``autoui.Message``, ``autoui.Sketch``: VALUES): their kind
    **{f"autoui.components.{module}.{name}": _value_of(kind)
       for name, (module, kind) in c.VALUES.items()},  # fmt: skip
}
