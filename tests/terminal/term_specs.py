"""Hand-written JSON specs (the shape of ``FunctionSpec.to_json()``) for unit tests.

Options, conversion and rendering read only this JSON, so they are tested against it
directly, without loading any function.
"""

from __future__ import annotations

from typing import Any


def field(name: str, component: str, **extra: Any) -> dict[str, Any]:
    """One input as the spec shows it."""
    base: dict[str, Any] = {
        "name": name,
        "component": component,
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


ORDER_FIELDS = [
    field("quantity", "number", annotation="int", default=1, required=False, props={"minimum": 1}),
    field("express", "checkbox", annotation="bool", default=False, required=False),
]

SEARCH: dict[str, Any] = {
    "name": "search",
    "description": "Search the catalogue.\n\nReturns the best [matches] first.",
    "inputs": [
        field("query", "textbox", info="What to look for", annotation="str"),
        field(
            "top_k", "slider", annotation="int", default=3, required=False,
            props={"minimum": 1, "maximum": 10, "step": 1}, info="How many results",
        ),
        field("mode", "radio", default="fast", required=False,
              props={"choices": ["fast", "exact"]}),
        field("loud", "checkbox", annotation="bool", default=False, required=False),
        field("tags", "checkbox_group", default=["new"], required=False,
              props={"choices": ["new", "used", "sale"]}),
        field("since", "date", required=False, optional=True),
        field("photo", "image", required=False, optional=True),
        field("order", "form", required=False, optional=True, props={"fields": ORDER_FIELDS}),
        field("table", "dataframe", required=False, optional=True),
        field("extra", "json", required=False, optional=True),
        field("ratio", "number", annotation="float", required=False, default=0.5),
    ],
    "outputs": [{"name": "output", "component": "textbox", "label": "Output", "props": {}}],
    "streaming": False,
    "batch": None,
}  # fmt: skip


def inputs_of(fn_json: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["name"]: item for item in fn_json["inputs"]}
