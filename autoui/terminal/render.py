"""One Rich renderer per component kind, over output *payloads* (the wire form).

Renderers read only the spec of an output (:class:`~autoui.wire.WireParam`) and its
payload, so ``autoui run`` (payloads from the local runner) and ``autoui call``
(payloads from a server) show results the same way. File-like payloads are turned into
a local file by the caller's ``open_file(payload) -> Path``: ``autoui run`` returns the
``"path"`` its :class:`~autoui.localfiles.LocalFiles` wrote under ``--out-dir``;
``autoui call`` downloads the ``"url"`` into ``--out-dir``.

Public API:

- :func:`render_outputs` ``(console, fn, payloads, *, open_file)`` prints every
  output, each under its label when there are several.
- :func:`outputs_renderable` ``(fn, payloads, *, open_file) -> RenderableType``,
  the same as one renderable (the live view redraws it for each generator yield).
- :data:`RENDERERS` maps a kind to ``renderer(output, payload, open_file)``; kinds not
  listed are shown as the files they saved (file kinds) or as JSON.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.console import Console, Group, RenderableType
from rich.markup import escape
from rich.text import Text

from autoui.wire import WireFunction, WireParam

# Tables, rules, colours and image previews are imported by the renderers that draw
# them, so printing a plain result loads only what it needs.

__all__ = [
    "RENDERERS",
    "OpenFile",
    "Preview",
    "Renderer",
    "outputs_renderable",
    "render_outputs",
    "saved",
]

OpenFile = Callable[[dict[str, Any]], Path]
Renderer = Callable[[WireParam, Any, OpenFile], RenderableType]

MAX_BAR = 30
"""Width of the longest confidence bar, in cells."""


def _scalar(output: WireParam, payload: Any, open_file: OpenFile) -> RenderableType:
    return Text(payload if isinstance(payload, str) else json.dumps(payload))


def _checkbox(output: WireParam, payload: Any, open_file: OpenFile) -> RenderableType:
    return Text("✓ yes", style="green") if payload else Text("✗ no", style="red")


def _color(output: WireParam, payload: Any, open_file: OpenFile) -> RenderableType:
    from rich.errors import StyleSyntaxError
    from rich.style import Style

    try:
        swatch = Style.parse(str(payload))
    except StyleSyntaxError:  # not a colour Rich knows: show the text alone
        return Text(str(payload))
    return Text.assemble(("██ ", swatch), str(payload))


def _choices(output: WireParam, payload: Any, open_file: OpenFile) -> RenderableType:
    items = payload if isinstance(payload, list) else [payload]
    return Text(", ".join(str(item) for item in items))


def _markdown(output: WireParam, payload: Any, open_file: OpenFile) -> RenderableType:
    from rich.markdown import Markdown  # markdown-it: only when a result needs it

    return Markdown(str(payload))


def _html(output: WireParam, payload: Any, open_file: OpenFile) -> RenderableType:
    import html.parser

    parts: list[str] = []

    class TextOnly(html.parser.HTMLParser):
        def handle_data(self, data: str) -> None:
            parts.append(data)

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag in _BREAKS:
                parts.append("\n")

    TextOnly().feed(str(payload))
    return Text("".join(parts).strip())


_BREAKS = frozenset({"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4"})


def _code(output: WireParam, payload: Any, open_file: OpenFile) -> RenderableType:
    from rich.syntax import Syntax  # pygments: only when a result needs it

    language = output.props.get("language") or "text"
    return Syntax(str(payload), str(language), word_wrap=True, background_color="default")


def _json(output: WireParam, payload: Any, open_file: OpenFile) -> RenderableType:
    from rich.json import JSON

    return JSON.from_data(payload, indent=2)


def _label(output: WireParam, payload: Any, open_file: OpenFile) -> RenderableType:
    if not isinstance(payload, dict):
        return _json(output, payload, open_file)
    from rich.table import Table

    confidences = payload.get("confidences") or []
    if payload.get("label") is None and confidences:  # not probabilities: key → value
        values = Table.grid(padding=(0, 2))
        values.add_column(style="bold")
        values.add_column(justify="right")
        for item in confidences:
            values.add_row(escape(str(item.get("label"))), _cell(item.get("confidence")))
        return values
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", style="bold")
    grid.add_column()
    grid.add_column(justify="right")
    for item in confidences:
        value = float(item.get("confidence") or 0.0)
        bar = "█" * round(value * MAX_BAR) or "▏"
        style = "green" if item.get("label") == payload.get("label") else "cyan"
        grid.add_row(escape(str(item.get("label"))), Text(bar, style=style), f"{value:.0%}")
    top = Text(str(payload.get("label")), style="bold green")
    return Group(top, grid) if confidences else top


def _dataframe(output: WireParam, payload: Any, open_file: OpenFile) -> RenderableType:
    if not isinstance(payload, dict) or "rows" not in payload:
        return _json(output, payload, open_file)
    from autoui.terminal.tables import FoldedTable

    rows = payload.get("rows") or []
    headers = payload.get("headers") or [str(i) for i in range(len(rows[0]) if rows else 0)]
    return FoldedTable(headers, rows)


def _cell(value: Any) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        from autoui.terminal.tables import number_text

        return number_text(value)
    return value if isinstance(value, str) else json.dumps(value)


def _size(size: Any) -> str:
    if not isinstance(size, int | float):
        return ""
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return ""


def saved(payload: dict[str, Any], open_file: OpenFile, what: str) -> tuple[Text, Path | None]:
    """``saved <what>: <path> (type, size)``, and the path (None if it could not be fetched)."""
    try:
        path = open_file(payload)
    except Exception as exc:  # noqa: BLE001 - a missing file must not hide the other outputs
        return Text(f"{what}: could not fetch {payload.get('name')}: {exc}", style="red"), None
    details = ", ".join(x for x in (payload.get("mime_type"), _size(payload.get("size"))) if x)
    text = Text.assemble(("saved ", "dim"), (what, "bold"), ": ", (str(path), "cyan"))
    text.no_wrap, text.overflow = True, "ignore"  # a path stays whole, to copy and paste
    if details:
        text.append(f" ({details})", style="dim")
    return text, path


def _file(output: WireParam, payload: Any, open_file: OpenFile) -> RenderableType:
    if isinstance(payload, list):
        return Group(*[_file(output, item, open_file) for item in payload])
    if not isinstance(payload, dict):
        return _scalar(output, payload, open_file)
    text, _ = saved(payload, open_file, output.kind)
    return text


def _image(output: WireParam, payload: Any, open_file: OpenFile) -> RenderableType:
    if not isinstance(payload, dict):
        return _scalar(output, payload, open_file)
    text, path = saved(payload, open_file, "image")
    if path is None:
        return text
    return Group(Preview(path, payload.get("caption")), text)


def _gallery(output: WireParam, payload: Any, open_file: OpenFile) -> RenderableType:
    items = payload if isinstance(payload, list) else [payload]
    return Group(*[_image(output, item, open_file) for item in items])


def _chat(output: WireParam, payload: Any, open_file: OpenFile) -> RenderableType:
    if isinstance(payload, str):  # the reply alone
        return _markdown(output, payload, open_file)
    if not isinstance(payload, list):
        return _json(output, payload, open_file)
    parts: list[RenderableType] = []
    for message in payload:
        role = str(message.get("role", "?")) if isinstance(message, dict) else "?"
        content = message.get("content", "") if isinstance(message, dict) else message
        style = "bold cyan" if role == "user" else "bold magenta"
        parts.append(Text(f"{role}:", style=style))
        if role == "assistant":
            parts.append(_markdown(output, content, open_file))
        else:
            parts.append(Text(str(content)))
    return Group(*parts)


class Preview:
    """An image preview, or nothing when the console cannot show colours."""

    def __init__(self, path: Path, caption: Any = None, max_width: int = 100) -> None:
        from autoui.terminal.halfblock import HalfBlockImage

        self.path = path
        self.caption = caption
        self.image = HalfBlockImage(path, max_width=max_width)  # kept: it caches its drawing

    def __rich_console__(self, console: Console, options: Any) -> Any:
        if console.no_color or console.color_system is None or not console.is_terminal:
            return
        try:  # drawn here, so that an unreadable image is caught here
            drawn = list(console.render(self.image, options))
        except Exception as exc:  # noqa: BLE001 - a preview is a bonus; saving is the result
            yield Text(f"(no preview: {exc})", style="dim")
        else:
            yield from drawn
        if self.caption:
            yield Text(str(self.caption), style="italic")


RENDERERS: dict[str, Renderer] = {
    "textbox": _scalar,
    "number": _scalar,
    "slider": _scalar,
    "dropdown": _choices,
    "radio": _choices,
    "checkbox_group": _choices,
    "date": _scalar,
    "datetime": _scalar,
    "time": _scalar,
    "checkbox": _checkbox,
    "color": _color,
    "markdown": _markdown,
    "html": _html,
    "code": _code,
    "json": _json,
    "label": _label,
    "dataframe": _dataframe,
    "image": _image,
    "plot": _image,
    "gallery": _gallery,
    "chat": _chat,
}
"""Kind → renderer. Other kinds: their module in :mod:`autoui.terminal.kinds`, else a file
kind (``traits.file``) as the files it saved, anything else as JSON."""


def output_renderable(output: WireParam, payload: Any, open_file: OpenFile) -> RenderableType:
    """One output's payload as a renderable (``(empty)`` for None); a dynamic output's as
    the kind it carried."""
    output, payload = output.carried(payload)
    if payload is None:
        return Text("(empty)", style="dim")
    from autoui.terminal.kinds import kind_hook

    renderer = RENDERERS.get(output.kind) or kind_hook(output.kind, "render")
    renderer = renderer or (_file if output.traits.file else _json)
    return renderer(output, payload, open_file)


def outputs_renderable(
    fn: WireFunction, payloads: list[Any], *, open_file: OpenFile
) -> RenderableType:
    """Every output as one renderable: alone, or each under a rule with its label."""
    outputs = list(fn.outputs)
    extra = range(len(outputs), len(payloads))
    outputs += [WireParam(f"output_{i + 1}", "json", label=f"Output {i + 1}") for i in extra]
    if len(payloads) == 1:
        return Group(output_renderable(outputs[0], payloads[0], open_file))
    from rich.rule import Rule

    parts: list[RenderableType] = []
    for output, payload in zip(outputs, payloads, strict=False):
        parts.append(Rule(escape(output.label or output.name), align="left", style="dim"))
        parts.append(output_renderable(output, payload, open_file))
    return Group(*parts)


def render_outputs(
    console: Console, fn: WireFunction, payloads: list[Any], *, open_file: OpenFile
) -> None:
    """Print a call's result to ``console`` (long file paths are not cut)."""
    console.print(outputs_renderable(fn, payloads, open_file=open_file), crop=False)
