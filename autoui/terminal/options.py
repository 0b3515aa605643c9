"""Command-line options for one function, built from its spec (:mod:`autoui.wire`).

:func:`build_command` turns a :class:`~autoui.wire.WireFunction` into a click command
whose ``--help`` lists every input with its type, choices, default and docstring help,
and whose choices complete in the shell. ``autoui run`` and ``autoui call`` both use
it, with their own extra options. It is plain click, built directly: no annotations to
inspect and no validation library to load, since :mod:`.convert` checks every value.

Every input option is parsed as plain text (or a flag, or a list of texts): converting
to a payload and checking it is :mod:`autoui.terminal.convert`'s job, so messages name
the option the same way whether a value came from the command line, a prompt or a
``--in`` row. Nothing is required at this level: missing values are prompted for (or
reported) by the caller, after parsing.

Usage::

    def callback(inputs: dict[str, Any], extras: dict[str, Any]) -> None:
        ...  # inputs: {"top_k": "3", "order.quantity": "2"}, only what was given

    command = build_command(fn, callback, extra_options=[...])
    command.main(args, prog_name="autoui run app.py:f")
"""

from __future__ import annotations

import dataclasses
import json
import shlex
from collections.abc import Callable, Sequence
from typing import Any

import click

from autoui.terminal.convert import choices_of
from autoui.terminal.naming import negative_flag, option_name
from autoui.wire import WireFunction, WireLive, WireParam

__all__ = [
    "Callback",
    "PanelOption",
    "SpecCommand",
    "build_command",
    "example_lines",
    "extra_option",
    "metavar",
]

Callback = Callable[[dict[str, Any], dict[str, Any]], None]
INPUTS_PANEL = "Inputs"

_METAVARS = {
    "textbox": "TEXT",
    "markdown": "TEXT",
    "html": "TEXT",
    "code": "TEXT",
    "color": "#RRGGBB",
    "date": "YYYY-MM-DD",
    "datetime": "YYYY-MM-DDTHH:MM",
    "time": "HH:MM[:SS]",
    "image": "IMAGE",
    "audio": "AUDIO",
    "video": "VIDEO",
    "json": "JSON",
    "chat": "JSON",
    "form": "JSON",
    "dataframe": "CSV|JSON",
}

MAX_METAVAR = 20
"""Longer choice lists are spelled out in the help text instead of the metavar."""


def metavar(param: WireParam) -> str:
    """What an option's value looks like: ``INTEGER``, ``[fast|slow]``, ``PATH``, ..."""
    choices = choices_of(param)
    if choices and param.kind in ("dropdown", "radio", "checkbox_group"):
        shown = "[" + "|".join(choices) + "]"
        return shown if len(shown) <= MAX_METAVAR else "CHOICE"
    if param.kind in ("number", "slider"):
        return "INTEGER" if param.integer else "NUMBER"
    list_of = _LIST_OF.get(param.props.get("list_of") or "")
    if list_of:
        return f"{list_of},..."
    from autoui.terminal.kinds import kind_hook

    shown = _METAVARS.get(param.kind) or kind_hook(param.kind, "METAVAR")
    return str(shown or ("PATH" if param.traits.file else "VALUE"))


_LIST_OF = {"integer": "INTEGER", "number": "NUMBER", "string": "TEXT", "boolean": "BOOL"}


class PanelOption(click.Option):
    """An option listed under a titled panel of ``--help`` (Inputs, Run options)."""

    def __init__(self, *args: Any, panel: str = "Options", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.panel = panel


def _help_text(
    param: WireParam, *, dotted_form: bool = False, live: WireLive | None = None
) -> str:
    parts = [param.info or ""]
    if metavar(param) == "CHOICE":
        parts.append(f"(one of: {', '.join(choices_of(param))})")
    if param.traits.multiple:
        parts.append("(repeatable, or comma-separated)")
    elif param.props.get("list_of") in _LIST_OF:
        parts.append("(comma-separated, or a JSON list)")
    if live is not None:
        parts.append(_LIVE_STDIN[live.kind])
    elif param.traits.file:
        parts.append("('-' reads standard input)")
    if dotted_form:
        parts.append("(a JSON object, or the field options below)")
    default = _shown_default(param)
    if default is not None:
        parts.append(f"[default: {default}]")
    elif param.required:
        parts.append("[required]")
    return " ".join(part for part in parts if part)


def _shown_default(param: WireParam) -> str | None:
    default = param.default
    if default is None or param.kind == "checkbox":
        return None
    if isinstance(default, list) and all(isinstance(item, str) for item in default):
        return ",".join(default) if default else None
    if isinstance(default, dict | list):
        return json.dumps(default)
    return str(default)


def _complete_from(choices: list[str]) -> Callable[..., list[str]]:
    def complete(ctx: Any, param: Any, incomplete: str) -> list[str]:
        return [choice for choice in choices if choice.startswith(incomplete)]

    return complete


_LIVE_STDIN = {
    "audio": "(a WAV file; '-' streams raw s16le PCM, or WAV, from standard input)",
    "video": "(an image, GIF or MJPEG file; '-' streams MJPEG from standard input)",
}


def _input_option(
    key: str, dotted: str, param: WireParam, live: WireLive | None = None
) -> click.Option:
    is_form = param.kind == "form" and bool(param.fields)
    help_text = _help_text(param, dotted_form=is_form, live=live)
    if param.kind == "checkbox":
        if param.default is not None:
            shown = option_name(dotted) if param.default else negative_flag(dotted)
            help_text += f" [default: {shown}]"
        return PanelOption(
            [f"{option_name(dotted)}/{negative_flag(dotted)}", key],
            default=None, help=help_text, panel=INPUTS_PANEL,
        )  # fmt: skip
    choices = choices_of(param)
    return PanelOption(
        [option_name(dotted), key],
        multiple=param.traits.multiple,
        help=help_text,
        metavar=metavar(param),
        shell_complete=_complete_from(choices) if choices else None,
        panel=INPUTS_PANEL,
    )


def _input_table(fn: WireFunction) -> dict[str, tuple[str, click.Option]]:
    """Each input's option, and one per field of a form, recursively (dotted names)."""
    table: dict[str, tuple[str, click.Option]] = {}

    def add(dotted: str, param: WireParam) -> None:
        key = f"i{len(table)}"
        live = fn.live if fn.live is not None and fn.live.param == dotted else None
        table[key] = (dotted, _input_option(key, dotted, param, live))
        if param.kind == "form":
            for field in param.fields:
                add(f"{dotted}.{field.name}", dataclasses.replace(field, required=False))

    for param in fn.inputs:
        if param.interactive or param.required:  # a read-only input keeps its default
            add(param.name, param)
    return table


def extra_option(
    name: str,
    *decls: str,
    default: Any = None,
    type: Any = None,
    help: str = "",
    panel: str = "Run options",
    **option: Any,
) -> click.Option:
    """A non-input option of the command (``--json``, ``--out-dir``, ...).

    Args:
        name: the key the value has in the callback's ``extras``.
        decls: option names (``"--json"``, ``"--in"``).
        default: the value when not given.
        type: ``bool`` for a flag, else a click type (text when None).
        help: help text.
        panel: the help panel it is listed under.
        option: more ``click.Option`` arguments.
    """
    if type is bool:
        option.setdefault("is_flag", True)
        type = None
    option.setdefault("show_default", default is not None and not option.get("is_flag"))
    return PanelOption(
        [*decls, name], default=default, type=type, help=help, panel=panel, **option
    )


def build_command(
    fn: WireFunction,
    callback: Callback,
    *,
    extra_options: Sequence[click.Option] = (),
    help: str | None = None,
    prog: str | None = None,
    on_usage_error: Callable[[click.UsageError], None] | None = None,
) -> click.Command:
    """A click command whose options are the function's inputs plus ``extra_options``.

    Input options that collide with an extra option's name are kept and the extra one is
    dropped (a function parameter called ``json`` wins over ``--json``).

    Args:
        fn: one function of the spec.
        callback: called with ``(inputs, extras)``: ``inputs`` maps parameter names
            (dotted for form fields) to what was typed, only for options given;
            ``extras`` maps each extra option's name to its value.
        extra_options: from :func:`extra_option`.
        help: the command's help; defaults to the function's description.
        prog: how the command is invoked (``autoui run app.py:f``); when given, the
            docstring's examples are shown in ``--help`` as command lines.
        on_usage_error: told of a command line click cannot parse (an unknown option,
            a missing value) before click prints its error and exits 2.
    """
    table = _input_table(fn)
    taken = {opt for _, option in table.values() for opt in option.opts + option.secondary_opts}
    extras = [o for o in extra_options if not taken & set(o.opts + o.secondary_opts)]

    def invoke(**values: Any) -> None:
        inputs = {dotted: values[key] for key, (dotted, _) in table.items()}
        inputs = {name: _plain(value) for name, value in inputs.items() if value not in (None, ())}
        callback(inputs, {str(option.name): values[str(option.name)] for option in extras})

    examples = example_lines(fn, prog) if prog else []
    epilog = "Examples:\n\n\b\n" + "\n".join(f"  {line}" for line in examples) if examples else None
    command = SpecCommand(
        fn.name,
        params=[*(option for _, option in table.values()), *extras],
        callback=invoke,
        help=help if help is not None else fn.description,
        epilog=epilog,
    )
    command.on_usage_error = on_usage_error
    return command


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def example_lines(fn: WireFunction, prog: str, limit: int = 5) -> list[str]:
    """The docstring's examples as command lines (those with files are left out)."""
    inputs = {param.name: param for param in fn.inputs}
    lines: list[str] = []
    for example in fn.examples[:limit]:
        args = [prog]
        for name, payload in example.items():
            param = inputs.get(name)
            if param is None or param.traits.file:
                break
            if payload is not None:
                args += _example_args(name, param, payload)
        else:
            lines.append(" ".join(args))
    return lines


def _example_args(name: str, param: WireParam, payload: Any) -> list[str]:
    option = option_name(name)
    if param.kind == "checkbox":
        return [option if payload else negative_flag(name)]
    if isinstance(payload, list) and all(isinstance(value, str) for value in payload):
        return [option, shlex.quote(",".join(payload))]
    if isinstance(payload, str):
        return [option, shlex.quote(payload)]
    if isinstance(payload, int | float):
        return [option, str(payload)]
    return [option, shlex.quote(json.dumps(payload))]


class SpecCommand(click.Command):
    """A function's command; its help lists options under their panel (Inputs, ...)."""

    on_usage_error: Callable[[click.UsageError], None] | None = None

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as exc:
            if self.on_usage_error is not None:
                self.on_usage_error(exc)
            raise

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        sections: dict[str, list[tuple[str, str]]] = {}
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is not None:
                panel = getattr(param, "panel", None) or "Options"
                sections.setdefault(panel, []).append(record)
        for title, records in sections.items():
            with formatter.section(title):
                formatter.write_dl(records)
