"""``/config`` and ``/gradio_api/info``: an app described the way Gradio clients read it.

Each function is one "dependency" (``fn_index`` = its position) with ``api_name`` = its
name, one component per input and per output, queued, and a generator when it streams.
The config advertises Gradio's current protocol (``sse_v3``, routes under
``/gradio_api``) and a version the clients treat as modern (≥ 5: older ones make the
Python client ask a remote service for the API, or expect fields autoui has no use
for). ``/info`` gives each endpoint's parameters (names, defaults, types) so keyword
arguments, defaults and ``view_api()`` work.
"""

from __future__ import annotations

from typing import Any

from autoui.components.base import Component
from autoui.spec import AppSpec, FunctionSpec, ParamSpec

__all__ = ["API_PREFIX", "GRADIO_VERSION", "app_config", "app_info", "gradio_inputs"]

API_PREFIX = "/gradio_api"
GRADIO_VERSION = "6.0.0"  # the protocol generation spoken, not a Gradio install

# autoui component kind → the Gradio component type (config) and class (info).
_GRADIO = {
    "textbox": "Textbox",
    "markdown": "Markdown",
    "html": "HTML",
    "code": "Code",
    "color": "ColorPicker",
    "number": "Number",
    "slider": "Slider",
    "checkbox": "Checkbox",
    "radio": "Radio",
    "dropdown": "Dropdown",
    "checkbox_group": "CheckboxGroup",
    "date": "DateTime",
    "datetime": "DateTime",
    "time": "Textbox",
    "image": "Image",
    "audio": "Audio",
    "video": "Video",
    "file": "File",
    "files": "File",
    "gallery": "Gallery",
    "plot": "Image",
    "label": "Label",
    "json": "JSON",
    "dataframe": "Dataframe",
    "form": "JSON",
    "chat": "Chatbot",
}


def gradio_inputs(fn: FunctionSpec) -> list[ParamSpec]:
    """The inputs a Gradio client passes, in order (the Progress tracker is not one)."""
    return [p for p in fn.inputs if p.name != fn.progress_param]


def app_config(spec: AppSpec, max_file_size: int) -> dict[str, Any]:
    """The ``/config`` document."""
    components: list[dict[str, Any]] = []
    dependencies: list[dict[str, Any]] = []
    for index, fn in enumerate(spec.functions):
        inputs = [_component(components, p.component.kind, p.label) for p in gradio_inputs(fn)]
        outputs = [_component(components, o.component.kind, o.label) for o in fn.outputs]
        dependencies.append(
            {
                "id": index,
                "api_name": fn.name,
                "inputs": inputs,
                "outputs": outputs,
                "backend_fn": True,
                "queue": True,
                "api_visibility": "public",
                "show_api": True,
                "types": {"generator": fn.streaming, "cancel": False},
                "targets": [],
                "cancels": [],
            }
        )
    return {
        "version": GRADIO_VERSION,
        "api_prefix": API_PREFIX,
        "protocol": "sse_v3",
        "mode": "interface",
        "title": spec.title,
        "enable_queue": True,
        "connect_heartbeat": False,
        "max_file_size": max_file_size,
        "components": components,
        "dependencies": dependencies,
    }


def app_info(spec: AppSpec) -> dict[str, Any]:
    """The ``/gradio_api/info`` document."""
    named = {
        f"/{fn.name}": {
            "parameters": [_parameter(p) for p in gradio_inputs(fn)],
            "returns": [
                {
                    "label": o.label,
                    "type": _schema(o.component),
                    "python_type": {
                        "type": _python_type(o.component, o.annotation),
                        "description": o.component.info or "",
                    },
                    "component": _GRADIO.get(o.component.kind, "JSON"),
                }
                for o in fn.outputs
            ],
            "api_visibility": "public",
            "description": fn.description,
        }
        for fn in spec.functions
    }
    return {"named_endpoints": named, "unnamed_endpoints": {}}


def _component(components: list[dict[str, Any]], kind: str, label: str) -> int:
    component_id = len(components) + 1
    gradio = _GRADIO.get(kind, "JSON")
    components.append({"id": component_id, "type": gradio.lower(), "props": {"label": label}})
    return component_id


def _parameter(param: ParamSpec) -> dict[str, Any]:
    component = param.component
    return {
        "label": param.label,
        "parameter_name": param.name,
        "parameter_has_default": not param.required,
        "parameter_default": None if param.required else param.to_json()["default"],
        "type": _schema(component),
        "python_type": {
            "type": _python_type(component, param.annotation),
            "description": param.info or "",
        },
        "component": _GRADIO.get(component.kind, "JSON"),
        "example_input": None if component.traits.file else component.example_payload(),
    }


def _schema(component: Component) -> dict[str, Any]:
    if component.traits.file:
        return {"type": "string", "description": "filepath or URL to file"}
    return component.json_schema()


def _python_type(component: Component, annotation: str) -> str:
    if component.traits.file:
        return "list[filepath]" if component.traits.multiple else "filepath"
    return annotation or "Any"
