"""``autoui inspect`` as Rich renderables: what autoui inferred, one table per function.

Kept apart from the command so it can be rendered into any console (tests render it
to a string). It reads only the spec records, never the function.
"""

from __future__ import annotations

import json
from typing import Any

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from autoui.spec import AppSpec, FunctionSpec

__all__ = ["format_props", "function_report", "print_report"]

_MAX_VALUE = 48


def print_report(spec: AppSpec, console: Console) -> None:
    """Print the whole app: its title, then each function's tables and warnings."""
    console.print(Text(spec.title, style="bold"))  # Text: user strings are never markup
    if spec.description:
        console.print(Text(_first_paragraph(spec.description), style="dim"))
    for fn in spec.functions:
        console.print()
        console.print(function_report(fn))


def function_report(fn: FunctionSpec) -> RenderableType:
    """One function: inputs, outputs, flags, then its warnings in yellow."""
    parts: list[RenderableType] = [Text.assemble((fn.name, "bold cyan"), _signature_hint(fn))]
    if fn.description:
        parts.append(Text("  " + _first_paragraph(fn.description)))
    parts.append(_inputs_table(fn))
    parts.append(_outputs_table(fn))
    parts.append(Text("  " + " · ".join(_flags(fn)), style="magenta"))
    for warning in fn.warnings:
        parts.append(Text(f"  warning: {warning}", style="yellow"))
    return Group(*parts)


def _signature_hint(fn: FunctionSpec) -> str:
    params = ", ".join(p.name for p in fn.inputs)
    return f"({params})"


def _first_paragraph(text: str) -> str:
    return text.strip().split("\n\n", 1)[0].replace("\n", " ")


def _inputs_table(fn: FunctionSpec) -> Table:
    table = Table(title="inputs", title_justify="left", title_style="bold", expand=False)
    for column in ("parameter", "annotation", "component", "props", "help", "default"):
        table.add_column(column, overflow="fold")
    if not fn.inputs:
        table.add_row(Text("(none)", style="dim"), "", "", "", "", "")
    for param in fn.inputs:
        _add_input_rows(table, param.to_json(), prefix="")
    return table


def _add_input_rows(table: Table, wire: dict[str, Any], prefix: str) -> None:
    """One row per input; a form's fields follow it as ``form.field`` rows."""
    props = dict(wire.get("props") or {})
    fields = props.pop("fields", None) if wire["component"] == "form" else None
    default = (
        Text("required", style="dim") if wire.get("required") else Text(_short(wire["default"]))
    )
    name = prefix + wire["name"]
    table.add_row(
        Text(name, style="bold" if not prefix else ""),
        Text(wire.get("annotation") or ""),
        Text(wire["component"], style="green"),
        Text(format_props(props)),
        Text(wire.get("info") or ""),
        default,
    )
    for field in fields or []:
        _add_input_rows(table, field, prefix=f"{name}.")


def _outputs_table(fn: FunctionSpec) -> Table:
    table = Table(title="outputs", title_justify="left", title_style="bold", expand=False)
    for column in ("output", "annotation", "component", "label", "props"):
        table.add_column(column, overflow="fold")
    if not fn.outputs:
        table.add_row(Text("(none)", style="dim"), "", "", "", "")
    for output in fn.outputs:
        table.add_row(
            Text(output.name, style="bold"),
            Text(output.annotation),
            Text(output.component.kind, style="green"),
            Text(output.label),
            Text(format_props(output.component.props())),
        )
    return table


def _flags(fn: FunctionSpec) -> list[str]:
    flags = [_streaming(fn)]
    if fn.is_async:
        flags.append("async")
    if fn.live_input is not None:
        summary = fn.live_input.component.summary()  # type: ignore[attr-defined]
        flags.append(f"streaming input {fn.live_input.name}: {summary}")
    if fn.batch is not None:
        flags.append(
            f"batch (max {fn.batch.max_batch_size}, waits {fn.batch.batch_wait:g} s)"
        )
    limit = "none" if fn.concurrency_limit is None else str(fn.concurrency_limit)
    flags.append(f"concurrency {limit}")
    if fn.progress_param:
        tqdm = ", tracks tqdm" if fn.track_tqdm else ""
        flags.append(f"progress via {fn.progress_param}{tqdm}")
    if fn.examples:
        flags.append(f"{len(fn.examples)} example{'s' if len(fn.examples) != 1 else ''}")
    return flags


def _streaming(fn: FunctionSpec) -> str:
    """How the yields make the outputs: the one thing a generator's author must know."""
    if not fn.streaming:
        return "single result"
    appended = [o.name for o in fn.outputs if o.stream == "append"]
    if appended:
        return f"streaming: each yield is added to {', '.join(appended)} (append mode)"
    text = any(o.annotation == "str" for o in fn.outputs)
    hint = (
        " (yield the text so far, or mark it Iterator[Annotated[str, "
        "autoui.Stream(mode=\"append\")]] to yield pieces)"
        if text
        else ""
    )
    return f"streaming: each yield replaces the output{hint}"


def format_props(props: dict[str, Any]) -> str:
    """``{"minimum": 0, "maximum": 1, "lines": None}`` → ``"minimum=0 maximum=1"``.

    Unset values (None, False, empty) are left out: the table shows what was decided.
    """
    shown = [f"{key}={_short(value)}" for key, value in props.items() if not _unset(value)]
    return " ".join(shown)


def _unset(value: Any) -> bool:
    # Identity for None/False: 0 is a real setting (a slider's minimum).
    return value is None or value is False or (isinstance(value, str | list | dict) and not value)


def _short(value: Any) -> str:
    if value is None:
        return ""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= _MAX_VALUE else text[: _MAX_VALUE - 1] + "…"
