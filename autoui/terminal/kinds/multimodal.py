"""A multimodal message: typed as its text, or as JSON with the files to attach.

``--message "what is this?"`` sends text alone; ``--message '{"text": "what is this?",
"files": ["cat.png"]}'`` attaches files by path (``-`` reads one from standard input).
"""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text

from autoui.errors import ValidationError
from autoui.terminal.filevalues import file_payload, json_value
from autoui.terminal.render import OpenFile, saved
from autoui.wire import WireParam

__all__ = ["METAVAR", "convert", "render"]

METAVAR = "TEXT|JSON"


def convert(param: WireParam, raw: Any) -> Any:
    if isinstance(raw, str) and not raw.lstrip().startswith("{"):
        return {"text": raw, "files": []}
    value = json_value(raw)
    if not isinstance(value, dict) or not isinstance(value.get("text", ""), str):
        raise ValidationError('expected text, or {"text": ..., "files": [paths]}')
    attached = value.get("files") or []
    if not isinstance(attached, list):
        raise ValidationError('expected "files" as a list of paths')
    return {"text": value.get("text", ""), "files": [file_payload(item) for item in attached]}


def render(output: WireParam, payload: Any, open_file: OpenFile) -> RenderableType:
    if not isinstance(payload, dict):
        return Text(str(payload))
    parts: list[RenderableType] = [Text(str(payload.get("text", "")))]
    for item in payload.get("files") or []:
        if isinstance(item, dict):
            parts.append(saved(item, open_file, "attachment")[0])
    return Group(*parts)
