"""Hand-written JSON specs (the shape of ``FunctionSpec.to_json()``) for unit tests.

Options, conversion and rendering read only the spec (as :mod:`autoui.wire` records), so
they are tested against it directly, without loading any function. Each kind's traits
come from its component class, as in a real spec.
"""

from __future__ import annotations

from typing import Any

from autoui.components import BY_KIND
from autoui.wire import WireFunction, WireParam


def field_json(name: str, component: str, **extra: Any) -> dict[str, Any]:
    """One input as the spec's JSON shows it."""
    cls = BY_KIND.get(component)
    base: dict[str, Any] = {
        "name": name,
        "component": component,
        "traits": cls.traits.to_json() if cls is not None else {},
        "label": name.replace("_", " ").capitalize(),
        "info": None,
        "default": None,
        "required": True,
        "optional": False,
        "annotation": "",
        "props": {},
    }
    base.update(extra)
    return base


def field(name: str, component: str, **extra: Any) -> WireParam:
    """One input as the spec's records show it."""
    return WireParam.from_json(field_json(name, component, **extra))


ORDER_FIELDS = [
    field_json(
        "quantity", "number", annotation="int", default=1, required=False,
        props={"minimum": 1, "integer": True},
    ),
    field_json("express", "checkbox", annotation="bool", default=False, required=False),
]  # fmt: skip

SEARCH_JSON: dict[str, Any] = {
    "name": "search",
    "description": "Search the catalogue.\n\nReturns the best [matches] first.",
    "inputs": [
        field_json("query", "textbox", info="What to look for", annotation="str"),
        field_json(
            "top_k", "slider", annotation="int", default=3, required=False,
            props={"minimum": 1, "maximum": 10, "step": 1, "integer": True},
            info="How many results",
        ),
        field_json("mode", "radio", default="fast", required=False,
                   props={"choices": ["fast", "exact"]}),
        field_json("loud", "checkbox", annotation="bool", default=False, required=False),
        field_json("tags", "checkbox_group", default=["new"], required=False,
                   props={"choices": ["new", "used", "sale"]}),
        field_json("since", "date", required=False, optional=True),
        field_json("photo", "image", required=False, optional=True),
        field_json("order", "form", required=False, optional=True,
                   props={"fields": ORDER_FIELDS}),
        field_json("table", "dataframe", required=False, optional=True),
        field_json("extra", "json", required=False, optional=True),
        field_json("ratio", "number", annotation="float", required=False, default=0.5),
    ],
    "outputs": [{"name": "output", "component": "textbox", "label": "Output", "props": {}}],
    "streaming": False,
    "batch": None,
}  # fmt: skip


SEARCH = WireFunction.from_json(SEARCH_JSON)


def inputs_of(fn: WireFunction) -> dict[str, WireParam]:
    return {param.name: param for param in fn.inputs}
