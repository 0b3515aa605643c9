"""A job's terminal event as an MCP ``CallToolResult``.

- text outputs → a text block; plain JSON outputs → a JSON text block, and all of them
  together as ``structuredContent`` ``{output name: value}`` when the tool declared an
  output schema;
- images → an image block (base64), audio → an audio block, when small enough to
  inline (:data:`MAX_INLINE`); over HTTP every file also gets a ``resource_link`` to its
  ``/api/files/...`` URL, over stdio other files are embedded (up to :data:`MAX_EMBED`);
- several outputs → several blocks, each labelled;
- errors → ``isError`` with a message the model can act on (the parameter and what was
  expected; ``autoui.Error``'s own message; an unexpected exception's type only, unless
  the server shows errors), never a protocol error or a traceback.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import orjson

from autoui.components.auto import carried
from autoui.components.base import Component
from autoui.events import Complete, Event, Failed
from autoui.protocols.mcp.tools import TEXT_KINDS, structured
from autoui.server.files import StoredFile
from autoui.spec import FunctionSpec

if TYPE_CHECKING:  # pragma: no cover
    import mcp_types as types

__all__ = ["MAX_EMBED", "MAX_INLINE", "FileLookup", "error_result", "tool_result"]

MAX_INLINE = 1024 * 1024  # bytes of an image or sound sent inside the result
MAX_EMBED = 8 * 1024 * 1024  # bytes of another file embedded over stdio

# Finds an output file by its payload; ``link`` is its absolute URL (None over stdio).
FileLookup = Callable[[dict[str, Any]], StoredFile | None]


def error_result(message: str) -> types.CallToolResult:
    """A tool error the model can read and act on."""
    import mcp_types as types

    return types.CallToolResult(content=[types.TextContent(text=message)], is_error=True)


def tool_result(
    fn_spec: FunctionSpec,
    event: Event,
    lookup: FileLookup,
    link: Callable[[dict[str, Any]], str] | None,
) -> types.CallToolResult:
    """The result of a finished call.

    Args:
        fn_spec: the function called.
        event: the job's terminal event.
        lookup: finds an output file in the store.
        link: an output file's absolute URL; None where there is no HTTP server.
    """
    import mcp_types as types

    if isinstance(event, Failed):
        return error_result(_failure_text(event))
    if not isinstance(event, Complete):
        return error_result("the call was cancelled before it finished")
    blocks: list[Any] = []
    several = len(fn_spec.outputs) > 1
    for output, payload in zip(fn_spec.outputs, event.data, strict=False):
        label = f"{output.label}: " if several else ""
        blocks.extend(_blocks(output.component, payload, label, lookup, link))
    content = structured_content(fn_spec, event.data)
    return types.CallToolResult(content=blocks, structured_content=content)


def structured_content(fn_spec: FunctionSpec, data: list[Any]) -> dict[str, Any] | None:
    if not structured(fn_spec):
        return None
    return {o.name: value for o, value in zip(fn_spec.outputs, data, strict=False)}


def _failure_text(event: Failed) -> str:
    if event.type == "ValidationError" and event.param:
        return f"{event.param}: {event.message}"
    if event.title:
        return f"{event.title}: {event.message}"
    return event.message


def _blocks(
    component: Component,
    payload: Any,
    label: str,
    lookup: FileLookup,
    link: Callable[[dict[str, Any]], str] | None,
) -> list[Any]:
    import mcp_types as types

    component, payload = carried(component, payload)  # a dynamic output: its kind's blocks
    if payload is None:
        return [types.TextContent(text=f"{label}(none)")] if label else []
    if component.traits.file:
        items = payload if isinstance(payload, list) else [payload]
        blocks: list[Any] = []
        for item in items:
            if isinstance(item, dict):
                blocks.extend(_file_blocks(item, lookup, link))
        return blocks
    if component.kind in TEXT_KINDS and isinstance(payload, str):
        return [types.TextContent(text=label + payload)]
    return [types.TextContent(text=label + orjson.dumps(payload, default=str).decode())]


def _file_blocks(
    payload: dict[str, Any],
    lookup: FileLookup,
    link: Callable[[dict[str, Any]], str] | None,
) -> list[Any]:
    import mcp_types as types

    stored = lookup(payload)
    if stored is None:
        return [types.TextContent(text=f"(the file {payload.get('name')} has expired)")]
    mime = stored.mime_type
    blocks: list[Any] = []
    media = mime.startswith(("image/", "audio/")) and mime != "image/svg+xml"
    if media and stored.size <= MAX_INLINE:
        data = base64.b64encode(stored.path.read_bytes()).decode()
        block = types.ImageContent if mime.startswith("image/") else types.AudioContent
        blocks.append(block(data=data, mime_type=mime))
    if link is not None:
        uri = link(payload)
        blocks.append(
            types.ResourceLink(uri=uri, name=stored.name, mime_type=mime, size=stored.size)
        )
    elif not blocks and stored.size <= MAX_EMBED:
        blob = base64.b64encode(stored.path.read_bytes()).decode()
        uri = f"autoui://files/{stored.id}/{stored.name}"
        resource = types.BlobResourceContents(uri=uri, blob=blob, mime_type=mime)
        blocks.append(types.EmbeddedResource(resource=resource))
    elif not blocks:
        blocks.append(types.TextContent(text=f"(the file {stored.name} is too large to send)"))
    return blocks
