"""Command-line options for one function, built from its *JSON* spec.

:func:`build_command` turns ``FunctionSpec.to_json()`` (or one function of
``GET /api/spec``) into a Typer command whose ``--help`` lists every input with its
type, choices, default and docstring help, and whose choices complete in the shell.
``autoui run`` and ``autoui call`` both use it, with their own extra options.

Every input option is parsed as plain text (or a flag, or a list of texts): converting
to a payload and checking it is :mod:`autoui.terminal.convert`'s job, so messages name
the option the same way whether a value came from the command line, a prompt or a
``--in`` row. Nothing is required at this level: missing values are prompted for (or
reported) by the caller, after parsing.

Usage::

    def callback(inputs: dict[str, Any], extras: dict[str, Any]) -> None:
        ...  # inputs: {"top_k": "3", "order.quantity": "2"}, only what was given

    command = build_command(fn_json, callback, extra_options=[...])
    command.main(args, prog_name="autoui run app.py:f")
"""

from __future__ import annotations

import inspect
import json
import shlex
from collections.abc import Callable, Sequence
from typing import Any, Optional

import typer

from autoui.terminal.convert import (
    FILE_KINDS,
    MULTIPLE_KINDS,
    choices_of,
    form_fields,
    is_integer,
)
from autoui.terminal.naming import negative_flag, option_name

__all__ = ["Callback", "SpecCommand", "build_command", "example_lines", "extra_option", "metavar"]

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
    "file": "PATH",
    "files": "PATH",
    "gallery": "PATH",
    "image": "IMAGE",
    "audio": "AUDIO",
    "video": "VIDEO",
    "json": "JSON",
    "chat": "JSON",
    "form": "JSON",
    "dataframe": "CSV|JSON",
}


def metavar(input_json: dict[str, Any]) -> str:
    """What an option's value looks like: ``INTEGER``, ``[fast|slow]``, ``PATH``, ..."""
    kind = str(input_json.get("component"))
    choices = choices_of(input_json)
    if choices and kind in ("dropdown", "radio", "checkbox_group"):
        shown = "[" + "|".join(choices) + "]"
        return shown if len(shown) <= MAX_METAVAR else "CHOICE"
    if kind in ("number", "slider"):
        return "INTEGER" if is_integer(input_json) else "NUMBER"
    return _METAVARS.get(kind, "VALUE")


MAX_METAVAR = 20
"""Longer choice lists are spelled out in the help text instead of the metavar."""


def _help_text(input_json: dict[str, Any], *, dotted_form: bool = False) -> str:
    parts = [str(input_json.get("info") or "")]
    kind = input_json.get("component")
    if metavar(input_json) == "CHOICE":
        parts.append(f"(one of: {', '.join(choices_of(input_json))})")
    if kind in MULTIPLE_KINDS:
        parts.append("(repeatable, or comma-separated)")
    if kind in FILE_KINDS:
        parts.append("('-' reads standard input)")
    if dotted_form:
        parts.append("(a JSON object, or the field options below)")
    default = _shown_default(input_json)
    if default is not None:
        parts.append(f"[default: {default}]")
    elif input_json.get("required"):
        parts.append("[required]")
    return " ".join(part for part in parts if part)


def _shown_default(input_json: dict[str, Any]) -> str | None:
    default = input_json.get("default")
    if default is None or input_json.get("component") == "checkbox":
        return None
    if isinstance(default, list) and all(isinstance(item, str) for item in default):
        return ",".join(default) if default else None
    if isinstance(default, dict | list):
        return json.dumps(default)
    return str(default)


def _complete_from(choices: list[str]) -> Callable[[str], list[str]]:
    def complete(incomplete: str) -> list[str]:
        return [choice for choice in choices if choice.startswith(incomplete)]

    return complete


def _input_parameter(key: str, dotted: str, input_json: dict[str, Any]) -> inspect.Parameter:
    kind = input_json.get("component")
    is_form = kind == "form" and bool(form_fields(input_json))
    help_text = _help_text(input_json, dotted_form=is_form)
    annotation: Any
    if kind == "checkbox":
        flag = input_json.get("default")
        if flag is not None:
            help_text += f" [default: {option_name(dotted) if flag else negative_flag(dotted)}]"
        annotation = Optional[bool]  # noqa: UP045 - Typer needs a runtime Optional
        option = typer.Option(
            None,
            f"{option_name(dotted)}/{negative_flag(dotted)}",
            help=help_text,
            metavar="",
            show_default=False,
            rich_help_panel=INPUTS_PANEL,
        )
    else:
        annotation = Optional[list[str]] if kind in MULTIPLE_KINDS else Optional[str]  # noqa: UP045
        choices = choices_of(input_json)
        option = typer.Option(
            None,
            option_name(dotted),
            help=help_text,
            metavar=metavar(input_json),
            show_default=False,
            autocompletion=_complete_from(choices) if choices else None,
            rich_help_panel=INPUTS_PANEL,
        )
    return inspect.Parameter(
        key, inspect.Parameter.KEYWORD_ONLY, default=option, annotation=annotation
    )


def _input_table(fn_json: dict[str, Any]) -> dict[str, tuple[str, inspect.Parameter]]:
    table: dict[str, tuple[str, inspect.Parameter]] = {}
    for input_json in fn_json.get("inputs", []):
        _add_input(table, input_json["name"], input_json)
    return table


def _add_input(
    table: dict[str, tuple[str, inspect.Parameter]], dotted: str, input_json: dict[str, Any]
) -> None:
    """One option for the input, and one per field of a form, recursively (dotted)."""
    key = f"i{len(table)}"
    table[key] = (dotted, _input_parameter(key, dotted, input_json))
    if input_json.get("component") == "form":
        for field in form_fields(input_json):
            _add_input(table, f"{dotted}.{field['name']}", {**field, "required": False})


def extra_option(
    name: str,
    *decls: str,
    default: Any = None,
    annotation: Any = Optional[str],  # noqa: UP045
    help: str = "",
    panel: str = "Run options",
    **option: Any,
) -> inspect.Parameter:
    """A non-input option of the command (``--json``, ``--out-dir``, ...).

    Args:
        name: the key the value has in the callback's ``extras``.
        decls: option names, Typer style (``"--json"``, ``"--in"``).
        default: the value when not given.
        annotation: a runtime type Typer understands (``bool``, ``Optional[int]``).
        help: help text.
        panel: the help panel it is listed under.
        option: more ``typer.Option`` arguments.
    """
    typer_option = typer.Option(default, *decls, help=help, rich_help_panel=panel, **option)
    return inspect.Parameter(
        name, inspect.Parameter.KEYWORD_ONLY, default=typer_option, annotation=annotation
    )


def build_command(
    fn_json: dict[str, Any],
    callback: Callback,
    *,
    extra_options: Sequence[inspect.Parameter] = (),
    help: str | None = None,
    prog: str | None = None,
) -> typer.core.TyperCommand:
    """A Typer (click) command whose options are the function's inputs plus ``extra_options``.

    Input options that collide with an extra option's name are kept and the extra one is
    dropped (a function parameter called ``json`` wins over ``--json``).

    Args:
        fn_json: one function of the JSON spec.
        callback: called with ``(inputs, extras)``: ``inputs`` maps parameter names
            (dotted for form fields) to what was typed, only for options given;
            ``extras`` maps each extra option's name to its value.
        extra_options: from :func:`extra_option`.
        help: the command's help; defaults to the function's description.
        prog: how the command is invoked (``autoui run app.py:f``); when given, the
            docstring's examples are shown in ``--help`` as command lines.
    """
    table = _input_table(fn_json)
    taken = {decl for _, param in table.values() for decl in _decls(param)}
    extras = [param for param in extra_options if not taken & set(_decls(param))]

    def invoke(**values: Any) -> None:
        inputs = {
            dotted: values[key] for key, (dotted, _) in table.items() if values[key] is not None
        }
        inputs = {name: value for name, value in inputs.items() if value != []}
        callback(inputs, {param.name: values[param.name] for param in extras})

    params = [param for _, param in table.values()] + extras
    invoke.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    invoke.__annotations__ = {param.name: param.annotation for param in params}
    # Plain (click) help: Rich's table cuts long option names (--order.address.street).
    app = typer.Typer(add_completion=False, rich_markup_mode=None)
    description = help if help is not None else str(fn_json.get("description") or "")
    name = str(fn_json.get("name", "run"))
    examples = example_lines(fn_json, prog) if prog else []
    epilog = "Examples:\n\n\b\n" + "\n".join(f"  {line}" for line in examples) if examples else None
    app.command(name=name, help=description, epilog=epilog, cls=SpecCommand)(invoke)
    command = typer.main.get_command(app)
    assert isinstance(command, typer.core.TyperCommand)
    return command


def example_lines(fn_json: dict[str, Any], prog: str, limit: int = 5) -> list[str]:
    """The docstring's examples as command lines (those with files are left out)."""
    inputs = {item["name"]: item for item in fn_json.get("inputs", [])}
    lines: list[str] = []
    for example in (fn_json.get("examples") or [])[:limit]:
        args = [prog]
        for name, payload in example.items():
            item = inputs.get(name)
            if item is None or item.get("component") in FILE_KINDS:
                break
            if payload is not None:
                args += _example_args(name, item, payload)
        else:
            lines.append(" ".join(args))
    return lines


def _example_args(name: str, item: dict[str, Any], payload: Any) -> list[str]:
    option = option_name(name)
    if item.get("component") == "checkbox":
        return [option if payload else negative_flag(name)]
    if isinstance(payload, list) and all(isinstance(value, str) for value in payload):
        return [option, shlex.quote(",".join(payload))]
    if isinstance(payload, str):
        return [option, shlex.quote(payload)]
    if isinstance(payload, int | float):
        return [option, str(payload)]
    return [option, shlex.quote(json.dumps(payload))]


class SpecCommand(typer.core.TyperCommand):
    """A function's command; its help lists options under their panel (Inputs, ...)."""

    def format_options(self, ctx: Any, formatter: Any) -> None:
        sections: dict[str, list[tuple[str, str]]] = {}
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is not None:
                panel = getattr(param, "rich_help_panel", None) or "Options"
                sections.setdefault(panel, []).append(record)
        for title, records in sections.items():
            with formatter.section(title):
                formatter.write_dl(records)


def _decls(param: inspect.Parameter) -> list[str]:
    decls: list[str] = []
    for decl in getattr(param.default, "param_decls", ()) or ():
        decls.extend(part for part in str(decl).split("/") if part.startswith("-"))
    return decls
