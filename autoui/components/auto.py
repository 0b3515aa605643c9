"""An output whose component is chosen from the value the function returns.

A function without a return hint may return a PIL image, a matplotlib Figure, a
DataFrame, a dict, a list of images, bytes, a Path, a numpy array or a string; the
output shows each as its own kind. The payload says which kind it carried, in the
shape the spec gives an output: ``{"component": "image", "traits": {...}, "props":
{...}, "value": <that kind's payload>}`` (``null`` for ``None``); every front end
draws ``value`` with that kind's own renderer (:meth:`autoui.wire.WireParam.carried`),
and :func:`carried` does the same on the server's side for the protocol adapters.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from autoui.components.base import Component, Traits, internal
from autoui.errors import ValidationError
from autoui.files import FileContext
from autoui.wire import is_carried

__all__ = ["Auto", "carried"]

Choose = Callable[[Any], Component]


@dataclass(frozen=True)
class Auto(Component):
    """The output of a function without a return hint: the value decides its kind.

    ``-> autoui.Auto`` asks for it explicitly (``-> Any`` stays JSON).

    Args:
        choose: the component for a value (set by inference:
            :func:`autoui.registry.values.component_for_value`).
    """

    kind: ClassVar[str] = "auto"
    output_only: ClassVar[str] = (
        "an output whose kind the value decides cannot be an input; give the parameter a type"
    )
    traits: ClassVar[Traits] = Traits(heavy=True, dynamic=True)

    choose: Choose | None = internal(None)

    def preprocess(self, payload: Any, files: FileContext) -> Any:
        raise ValidationError(self.output_only)

    def postprocess(self, value: Any, files: FileContext) -> dict[str, Any] | None:
        if value is None:
            return None
        component = self._chosen(value)
        return {
            "component": component.kind,
            "traits": component.traits.to_json(),
            "props": component.props(),
            "value": component.postprocess(value, files),
        }

    def _chosen(self, value: Any) -> Component:
        if self.choose is None:  # not made by inference (a client's codec): plain JSON
            from autoui.components import JSON

            return JSON()
        return self.choose(value)

    def read_output(self, payload: Any, files: FileContext, *, image_type: str = "pil") -> Any:
        """The carried kind's own value (a PIL image for an image, a DataFrame ...)."""
        component, value = carried(self, payload)
        if component is self or value is None:
            return value
        return component.read_output(value, files, image_type=image_type)

    def json_schema(self) -> dict[str, Any]:
        kinds = {"type": "string", "description": "the component kind of value"}
        return {
            "type": "object",
            "properties": {"component": kinds, "traits": {}, "props": {}, "value": {}},
            "required": ["component", "value"],
        }


def carried(component: Component, payload: Any) -> tuple[Component, Any]:
    """The component that wrote a payload, and its own payload: for a dynamic output
    (:class:`Auto`), the kind it carried (JSON for one this version does not know)."""
    if not component.traits.dynamic or not is_carried(payload):
        return component, payload
    from autoui.components import JSON, component_of

    return component_of(payload["component"]) or JSON(), payload.get("value")
