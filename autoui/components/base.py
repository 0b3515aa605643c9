"""The component contract: convert one value between its JSON wire form and Python.

A component is a small frozen dataclass. It knows:

- ``kind``: its name in the spec (``"textbox"``, ``"slider"``, ...);
- ``traits``: what the kind *is* (its payload a file, a list, slow to convert), a
  class-level :class:`~autoui.wire.Traits` every front end reads from the spec instead
  of keeping its own list of kinds;
- its props (its own dataclass fields, sent to front ends in the spec);
- ``preprocess(payload, files)``: wire payload → exactly the Python type the function
  asked for, raising :class:`~autoui.errors.ValidationError` (without a parameter
  name; the pipeline adds it) for anything else;
- ``postprocess(value, files)``: whatever a function naturally returns → wire payload;
- ``read_output(payload, files)``: an output payload → the natural value a Python
  caller of the API gets back (what :class:`autoui.Client` returns);
- ``json_schema()``: the JSON Schema of its *input* payload, for the typed OpenAPI;
- ``example_payload()``: a valid input payload, for generated API snippets.

It knows nothing about HTTP, HTML or terminals, does no I/O in its constructor and
imports heavy libraries (numpy, Pillow, pandas, matplotlib) only inside methods.

Subclasses add their own props as dataclass fields, positional after the shared
keyword-only ones, so ``autoui.Slider(0, 10, step=2, label="Top k")`` reads naturally.
Fields that front ends must not see (an Enum class, a dataclass to build) are declared
with :func:`internal`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, ClassVar

from autoui.files import FileContext
from autoui.wire import Traits

__all__ = ["Component", "MISSING", "Traits", "internal"]


class _Missing:
    """Marks "no value given" where None is a legitimate value."""

    _instance: _Missing | None = None

    def __new__(cls) -> _Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING: Any = _Missing()


def internal(default: Any = None, **kwargs: Any) -> Any:
    """A dataclass field kept out of the spec's props (set by inference, not front ends)."""
    return field(default=default, repr=False, kw_only=True, metadata={"internal": True}, **kwargs)


_SHARED = ("label", "info", "default", "interactive")


@dataclass(frozen=True, kw_only=True)
class Component:
    """Base of every component.

    Args:
        label: shown above the input/output; defaults to the parameter name, prettified.
        info: help text under the label; defaults to the docstring's text for the parameter.
        default: value used when the parameter itself has no default.
        interactive: ``False`` shows an input read-only: the web UI shows its default
            and lets no one change it, the terminal offers no option for it, and the
            function receives the default.
        checks: set by inference: ``Annotated[T, *constraints]`` for the constraints the
            component's own fields do not cover (``Predicate``, ``max_digits``, pydantic
            validators, list lengths ...); the value it hands the function is checked
            against it with pydantic (see :func:`autoui.components.params.read_param`).
    """

    kind: ClassVar[str] = "component"
    traits: ClassVar[Traits] = Traits()
    output_only: ClassVar[str] = ""
    """Why the kind cannot be an input (a plot, download buttons), or "" when it can: a
    parameter of such a kind is refused when the app loads, not when it is called."""

    label: str | None = None
    info: str | None = None
    default: Any = MISSING
    interactive: bool = True
    checks: Any = internal(None)

    # -- conversion -------------------------------------------------------------------
    def preprocess(self, payload: Any, files: FileContext) -> Any:
        """Wire payload → the Python value the function receives."""
        return payload

    def postprocess(self, value: Any, files: FileContext) -> Any:
        """A function's return value → wire payload (JSON-able)."""
        return value

    def read_output(self, payload: Any, files: FileContext, *, image_type: str = "pil") -> Any:
        """An output payload → the value a Python caller of the API gets back.

        The clients use it, so a payload means the same wherever it is read.

        Args:
            payload: what the server sent (never None: that stays None).
            files: resolves file payloads to local copies (the client's downloads).
            image_type: how images come back: ``"pil"``, ``"numpy"`` or ``"path"``.
        """
        return payload

    # -- description ------------------------------------------------------------------
    def json_schema(self) -> dict[str, Any]:
        """JSON Schema of the input payload this component accepts."""
        return {}

    def example_payload(self) -> Any:
        """A valid input payload, used in generated API snippets and docs."""
        return None

    def encode_default(self, value: Any) -> Any:
        """A parameter default (Python value) → its wire form in the spec.

        Returns None for values that have no sensible wire form (e.g. a file).
        """
        return value

    def default_as_output(self, value: Any) -> Any:
        """``encode_default`` for kinds whose default is written as an output would be
        (None when it cannot be one)."""
        from autoui.errors import ValidationError

        try:
            return self.postprocess(value, None)  # type: ignore[arg-type] # no file context
        except ValidationError:
            return None

    def props(self) -> dict[str, Any]:
        """This component's own settings, as sent to front ends."""
        return {
            f.name: _jsonable(getattr(self, f.name))
            for f in dataclasses.fields(self)
            if f.name not in _SHARED and not f.metadata.get("internal")
        }

    def with_defaults(self, **values: Any) -> Component:
        """A copy with the given shared fields set, unless the user already set them.

        Inference uses this to fill ``label``/``info`` from the parameter name and the
        docstring without overriding what was written in ``Annotated[...]``.
        """
        changes = {
            key: value
            for key, value in values.items()
            if getattr(self, key) in (None, MISSING) and value not in (None, MISSING)
        }
        return dataclasses.replace(self, **changes) if changes else self

    def replace(self, **changes: Any) -> Component:
        """A copy with ``changes`` applied (components are immutable)."""
        return dataclasses.replace(self, **changes)


def _jsonable(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if value is MISSING:
        return None
    to_json = getattr(value, "to_json", None)
    if callable(to_json):
        return to_json()
    return value
