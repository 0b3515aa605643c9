"""One MCP tool per function, described from autoui's own spec (no ``mcp`` import here).

The input schema is built from the same component JSON Schemas as ``/openapi.json``:
``required`` lists exactly the parameters without a default, ``default``, ``enum``,
``minimum``/``maximum`` and nested forms come from the components, and the root is a
closed ``object`` (JSON Schema 2020-12, as MCP requires). The ``autoui.Progress``
parameter is not an input. An output schema is given only when every output is plain
JSON (text, numbers, labels, tables, forms...), so that ``structuredContent`` can be
``{output name: value}``; file-like outputs (images, audio, files) travel as content
blocks instead.
"""

from __future__ import annotations

from typing import Any

from autoui.spec import FunctionSpec, OutputSpec, ParamSpec

__all__ = ["TEXT_KINDS", "ToolDefinition", "structured", "tool_definition"]

# Components whose payload is text the model reads as it is.
TEXT_KINDS = frozenset({"textbox", "markdown", "html", "code", "color", "chat"})

ToolDefinition = dict[str, Any]  # name, description, input_schema, output_schema

_PATH_FORM = {
    "type": "object",
    "properties": {"path": {"type": "string", "description": "a file under an --allow-dir"}},
    "required": ["path"],
    "additionalProperties": False,
}
_FILE_HELP = {
    "http": 'a file: a "data:<type>;base64,..." URL, or {"id": ...} from POST /api/files',
    "stdio": 'a file: {"path": ...} under a directory the server allows, or a '
    '"data:<type>;base64,..." URL',
}


def tool_definition(fn_spec: FunctionSpec, transport: str = "http") -> ToolDefinition:
    """The MCP ``Tool`` fields of ``fn_spec``.

    Args:
        fn_spec: the function.
        transport: ``"http"`` or ``"stdio"``; over stdio a file input may also be a
            local path (the server checks it against ``--allow-dir``).
    """
    params = [p for p in fn_spec.inputs if p.name != fn_spec.progress_param]
    input_schema: dict[str, Any] = {
        "type": "object",
        "properties": {p.name: _param_schema(p, transport) for p in params},
        "additionalProperties": False,
    }
    required = [p.name for p in params if p.required]
    if required:
        input_schema["required"] = required
    return {
        "name": fn_spec.name,
        "description": _description(fn_spec),
        "input_schema": input_schema,
        "output_schema": output_schema(fn_spec),
    }


def structured(fn_spec: FunctionSpec) -> bool:
    """Whether every output is plain JSON, so the result can be structured content."""
    return bool(fn_spec.outputs) and all(
        not (o.component.traits.file or o.component.traits.dynamic) for o in fn_spec.outputs
    )


def output_schema(fn_spec: FunctionSpec) -> dict[str, Any] | None:
    """``{"type": "object", "properties": {output name: schema}}``, or None for files."""
    if not structured(fn_spec):
        return None
    return {
        "type": "object",
        "properties": {o.name: _output_schema(o) for o in fn_spec.outputs},
        "required": [o.name for o in fn_spec.outputs],
    }


def _param_schema(param: ParamSpec, transport: str) -> dict[str, Any]:
    schema = dict(param.component.json_schema())
    if param.component.traits.file:
        schema = _file_schema(schema, transport)
    if param.optional:
        schema = {"anyOf": [schema, {"type": "null"}]} if schema else {}
    schema["title"] = param.label
    if param.info:
        schema["description"] = param.info
    if not param.required:
        schema["default"] = param.to_json()["default"]
    return schema


def _file_schema(schema: dict[str, Any], transport: str) -> dict[str, Any]:
    """A file input (or a list of them): the component's forms, plus a path over stdio."""
    if schema.get("type") == "array":
        return {**schema, "items": _file_schema(dict(schema.get("items", {})), transport)}
    forms = list(schema.get("anyOf", [schema]))
    if transport == "stdio":
        forms.append(_PATH_FORM)
    return {"anyOf": forms, "description": _FILE_HELP.get(transport, _FILE_HELP["http"])}


def _output_schema(output: OutputSpec) -> dict[str, Any]:
    # Components describe their *input* payload; a chat reply may also be plain text.
    schema = dict(output.component.json_schema())
    if output.component.kind == "chat":
        schema = {"anyOf": [{"type": "string"}, schema]}
    # Any output may be None (a function returning nothing for it).
    return {"anyOf": [schema, {"type": "null"}], "title": output.label} if schema else {}


def _description(fn_spec: FunctionSpec) -> str:
    text = fn_spec.description.strip() or fn_spec.name.replace("_", " ")
    labels = ", ".join(o.label for o in fn_spec.outputs)
    if labels:
        verb = "Yields" if fn_spec.streaming else "Returns"
        text += f"\n\n{verb}: {labels}."
    return text
