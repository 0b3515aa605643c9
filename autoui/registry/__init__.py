"""Type → component inference: a registry with a documented precedence, not an if-ladder.

For one annotation (a parameter's or an output's) the first rule that matches wins:

1. **an override** in ``Annotated[T, <component>]`` (an instance, or a component class
   for its defaults), completed from ``T``: an ``int`` gets ``Slider(integer=True)``,
   an Enum gets a ``Radio`` its choices;
2. **a component class as the annotation** (``x: autoui.Audio``, ``-> autoui.Markdown``):
   that component, with its natural value type;
3. **a user registration** (:func:`register`): the exact type, then ``T``'s MRO;
4. **models**: a dataclass or pydantic model is a form of its fields (inferred
   recursively, see :mod:`.forms`) as an input, JSON as an output;
5. **Enum and Literal**: radio for up to 4 choices, else dropdown; a list or set of
   them is a checkbox group;
6. **the built-in table** (:data:`BUILTINS`): the exact type, then its MRO; optional
   libraries (numpy, Pillow, pandas, matplotlib) are matched by qualified name, so
   checking a type never imports them; generic aliases by their origin
   (``list[Path]`` → the ``list`` rule, which reads the item type);
7. **the fallback**: a textbox, with a warning naming the parameter and how to
   override (``Annotated[T, autoui.Textbox()]`` or ``autoui.register(T, factory)``).

``Optional[X]`` / ``X | None`` (or a None default) is ``X`` with ``optional=True``;
``Annotated`` metadata from annotated-types (``Ge``, ``Le``, ``Gt``, ``Lt``,
``Interval``, ``MultipleOf``, ``MaxLen``) and pydantic ``Field(...)`` set bounds, and a
``Doc(...)`` sets the help text. Plain strings in ``Annotated`` are ignored.
"""

from __future__ import annotations

import contextlib
import dataclasses
import inspect
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from autoui.components import JSON, Auto, Component, Textbox
from autoui.components.base import MISSING
from autoui.components.form import is_model
from autoui.errors import SpecError
from autoui.registry import builtins
from autoui.registry.annotations import (
    TypeRequest,
    describe,
    docs_of,
    flatten,
    title_of,
    unwrap,
)
from autoui.registry.checks import UnsupportedType, admits_text, json_capable, with_checks
from autoui.registry.forms import infer_form

__all__ = [
    "BUILTINS",
    "Factory",
    "Inference",
    "TypeRequest",
    "UnsupportedType",
    "describe",
    "infer_input",
    "infer_output",
    "register",
    "registered",
]

_EMPTY = inspect.Parameter.empty


@dataclass(frozen=True)
class Inference:
    """The result of inference for one value.

    Attributes:
        component: the component that converts it.
        optional: None is an accepted value.
        annotation: the annotation, readable (``"int | None"``).
        warning: what could not be settled and how to fix it, if anything.
    """

    component: Component
    optional: bool = False
    annotation: str = ""
    warning: str | None = None


Factory = Callable[[TypeRequest], Component] | type[Component] | Component
"""What :func:`register` accepts: a function of the request, a component class or instance."""
F = TypeVar("F", bound=Factory)

_registrations: dict[Any, Factory] = {}

BUILTINS = builtins.BUILTINS
"""The built-in table: a type (or ``"module.QualName"``) → a rule (None: does not apply)."""


# -- registration ---------------------------------------------------------------------
@typing.overload
def register(tp: Any, factory: F, /) -> F: ...
@typing.overload
def register(tp: Any, /) -> Callable[[F], F]: ...
def register(tp: Any, factory: Factory | None = None, /) -> Any:
    """Use ``factory`` for every parameter or output annotated ``tp`` (and its subclasses).

    Usable as a call or as a decorator::

        autoui.register(Money, autoui.Number(precision=2))

        @autoui.register(Point)
        def point_box(request: autoui.registry.TypeRequest) -> autoui.Component:
            return PointComponent(label=request.name)

    ``factory`` is a component instance, a component class (built with no arguments),
    or a function taking a :class:`TypeRequest` and returning a component.
    """
    if factory is None:

        def decorate(fn: F) -> F:
            _registrations[tp] = fn
            return fn

        return decorate
    _registrations[tp] = factory
    return factory


@contextlib.contextmanager
def registered(tp: Any, factory: Factory) -> Iterator[None]:
    """Register ``factory`` for ``tp`` inside a ``with`` block only (for tests)."""
    previous = _registrations.get(tp, MISSING)
    _registrations[tp] = factory
    try:
        yield
    finally:
        if previous is MISSING:
            _registrations.pop(tp, None)
        else:
            _registrations[tp] = previous


def _build(factory: Factory, request: TypeRequest) -> Component:
    if isinstance(factory, Component):
        return factory
    if isinstance(factory, type) and issubclass(factory, Component):
        return factory()
    component = typing.cast(Callable[[TypeRequest], Any], factory)(request)
    if not isinstance(component, Component):
        raise SpecError(
            f"the factory registered for {describe(request.annotation)} returned "
            f"{type(component).__name__}, not an autoui component"
        )
    return component


def _registration(tp: Any) -> Factory | None:
    with contextlib.suppress(TypeError):  # unhashable annotations are never registered
        if tp in _registrations:
            return _registrations[tp]
    origin = typing.get_origin(tp) or tp
    for base in getattr(origin, "__mro__", ()):
        if base in _registrations:
            return _registrations[base]
    return None


# -- inference ----------------------------------------------------------------------
def infer_input(annotation: Any, *, name: str, default: Any = MISSING) -> Inference:
    """The component for a parameter: its annotation, else the type of its default."""
    if annotation is _EMPTY:
        if default is MISSING or default is None:
            warning = (
                f"{name}: no type hint, so it is a textbox (the function receives a str); "
                f"add one, e.g. `{name}: int`, or override with Annotated[T, autoui.Textbox()]"
            )
            return Inference(Textbox(), optional=default is None, annotation="", warning=warning)
        annotation = type(default)
    return _infer(annotation, name=name, default=default, output=False)


def infer_output(annotation: Any, *, name: str) -> Inference:
    """The component for a function's output (or one element of a tuple output).

    No hint at all (``inspect.Parameter.empty``): :class:`~autoui.components.Auto`, the
    returned value decides each time (:func:`.values.component_for_value`).
    """
    inference = _infer(
        Auto if annotation is _EMPTY else annotation, name=name, default=MISSING, output=True
    )
    if isinstance(inference.component, Auto) and inference.component.choose is None:
        from autoui.registry.values import component_for_value

        chooser = inference.component.replace(choose=component_for_value)
        shown = "" if annotation is _EMPTY else inference.annotation
        return dataclasses.replace(inference, component=chooser, annotation=shown)
    return inference


def _infer(annotation: Any, *, name: str, default: Any, output: bool) -> Inference:
    bare, metadata, optional = unwrap(annotation)
    request = TypeRequest(bare, name, output, tuple(flatten(metadata)), default)
    component, warning = _component(request)
    if not output and component.output_only:
        raise SpecError(component.output_only)
    if not output:
        component = with_checks(component, request)
    component = component.with_defaults(
        label=title_of(request.metadata), info=docs_of(request.metadata)
    )
    return Inference(
        component=component,
        optional=optional or (default is None and not output),
        annotation=describe(annotation),
        warning=warning,
    )


def _component(request: TypeRequest) -> tuple[Component, str | None]:
    override = next((m for m in request.metadata if _is_component(m)), None)
    if override is not None:
        return _complete(_instance(override), request), None
    tp = request.annotation
    if _is_component(tp):
        return _complete(_instance(tp), request), None
    factory = _registration(tp)
    if factory is not None:
        return _build(factory, request), None
    component, warning = _natural(request)
    if component is not None:
        return component, warning
    if json_capable(tp):  # int | tuple[int, ...], a TypedDict ...: pydantic reads it from JSON
        return JSON(annotation=tp, accepts_text=admits_text(tp)), None
    if not request.output:
        raise _refusal(request)
    return Textbox(), _fallback_warning(request)


def _natural(request: TypeRequest) -> tuple[Component | None, str | None]:
    """What the type alone gives: a model's form (or JSON), else the built-ins."""
    tp = request.annotation
    if is_model(tp):
        if request.output:
            return JSON(annotation=tp, accepts_text=admits_text(tp)), None
        form, warnings = infer_form(request, infer_input)
        return form, "; ".join(warnings) or None
    return builtins.infer(request), None


def _fallback_warning(request: TypeRequest) -> str:
    shown = describe(request.annotation)
    what = "the output is shown as text"
    if isinstance(request.annotation, str | typing.ForwardRef):
        return (
            f"{request.name}: the type hint {shown!r} could not be resolved, so it is a "
            f"textbox ({what}); import that type where the hint is written"
        )
    return (
        f"{request.name}: no component for type {shown}, so it is a textbox ({what}); "
        f"override with Annotated[{shown}, autoui.Textbox()] (or another component) "
        f"or autoui.register({shown}, factory)"
    )


def _refusal(request: TypeRequest) -> UnsupportedType:
    """Why an input cannot be shown, and the fix."""
    shown = describe(request.annotation)
    if isinstance(request.annotation, str | typing.ForwardRef):
        return UnsupportedType(
            f"the type hint {shown!r} cannot be resolved",
            fix="import that type at module level (not only under TYPE_CHECKING)",
        )
    return UnsupportedType(
        f"no component for type {shown}",
        fix=f"annotate it Annotated[{shown}, autoui.Textbox()] (or another component) or "
        f"call autoui.register({shown}, factory)",
    )


def _is_component(value: Any) -> bool:
    return isinstance(value, Component) or (
        isinstance(value, type) and issubclass(value, Component) and value is not Component
    )


def _instance(value: Any) -> Component:
    if isinstance(value, Component):
        return value
    made: Component = value()
    return made


def _complete(override: Component, request: TypeRequest) -> Component:
    """Fill what the user left at its default from what the type alone would give.

    ``Annotated[int, autoui.Slider(0, 10)]`` needs ``integer=True``;
    ``Annotated[Size, autoui.Dropdown()]`` needs the Enum's choices.
    """
    try:
        natural, _ = _natural(request)
    except SpecError:
        natural = None
    if natural is None:
        return override
    if type(natural) is not type(override):
        override = _fit_value_type(override, request.annotation)
    natural_fields = {f.name: f for f in dataclasses.fields(natural)}
    changes = {}
    for f in dataclasses.fields(override):
        theirs = natural_fields.get(f.name)
        if f.name in _SHARED_FIELDS or theirs is None:
            continue
        value = getattr(natural, f.name)
        user_left_default = getattr(override, f.name) == _field_default(f)
        if user_left_default and value != _field_default(theirs) and _fits(override, f, value):
            changes[f.name] = value
    return override.replace(**changes) if changes else override


def _fit_value_type(override: Component, tp: Any) -> Component:
    """Set a media override's ``type`` from the annotation: ``Path`` → ``"path"``, ..."""
    allowed = getattr(override, "value_types", None)
    if not allowed or getattr(override, "type", None) != _default_of(override, "type"):
        return override
    if typing.get_origin(tp) is list and typing.get_args(tp):  # Files / Gallery items
        tp = unwrap(typing.get_args(tp)[0])[0]
    wanted = builtins.value_type(tp, override.kind)
    return override.replace(type=wanted) if wanted in allowed else override


def _fits(override: Component, f: dataclasses.Field[Any], value: Any) -> bool:
    """Whether ``value`` (from another component class) is valid for ``override``'s field."""
    allowed = getattr(override, "value_types", None)
    return f.name != "type" or allowed is None or value in allowed


def _default_of(component: Component, name: str) -> Any:
    field = next(f for f in dataclasses.fields(component) if f.name == name)
    return _field_default(field)


_SHARED_FIELDS = frozenset({"label", "info", "default", "interactive"})


def _field_default(f: dataclasses.Field[Any]) -> Any:
    if f.default is not dataclasses.MISSING:
        return f.default
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    return MISSING
