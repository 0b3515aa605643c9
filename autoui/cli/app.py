"""The Typer application every sub-command module registers on.

Its commands' help reads as plain click's, like ``autoui run --help`` and the README:
``Usage: autoui serve [OPTIONS] TARGET`` and ``--port INTEGER``, where Typer would write
``{TARGET}``, ``TARGET <str>`` and ``--port <int>``. An option's own ``metavar`` wins.
Typer carries its own copy of click, so parameters are told apart by what they say they
are (``param_type_name``), not by click's classes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import typer
from typer.core import TyperCommand

__all__ = ["PlainHelpCommand", "app"]


class PlainHelpCommand(TyperCommand):
    """A Typer command whose usage line and help name values the way click does."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                name = _argument_name(param)
                pieces.append(name if param.required else f"[{name}]")
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        arguments: list[tuple[str, str]] = []
        options: list[tuple[str, str]] = []
        for param in self.get_params(ctx):
            if _is_valued_option(param) and param.metavar is None:
                param.metavar = click_metavar(param, ctx)
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if param.param_type_name == "argument":  # "TARGET", not "TARGET <str>"
                arguments.append((_argument_name(param), record[1]))
            else:
                options.append(record)
        for title, records in (("Arguments", arguments), ("Options", options)):
            if records:
                with formatter.section(title):
                    formatter.write_dl(records)


def click_metavar(param: Any, ctx: Any) -> str | None:
    """What click shows for an option's value: ``TEXT``, ``INTEGER``, ``[a|b]``.

    Read from Typer's own ``<int>``, ``<list[str]>``, ``<float range>`` (None: leave it).
    """
    display_type = getattr(param, "display_type", None)
    if display_type is None:  # a Typer built on click renders click's metavars itself
        return None
    shown = str(display_type(ctx)).strip("<>")
    while shown.startswith("list[") and shown.endswith("]"):  # repeatable: one value
        shown = shown[5:-1]
    if "|" in shown:
        return f"[{shown}]"
    shown = shown.removesuffix(" range")
    return _CLICK_NAMES.get(shown.lower(), shown.upper())


_CLICK_NAMES = {"str": "TEXT", "int": "INTEGER", "float": "FLOAT", "bool": "BOOLEAN"}


def _is_valued_option(param: Any) -> bool:
    flag = getattr(param, "is_flag", False) or getattr(param, "count", False)
    return param.param_type_name == "option" and not flag


def _argument_name(param: Any) -> str:
    return str(param.metavar or param.name).upper()


class _App(typer.Typer):
    """Typer, with :class:`PlainHelpCommand` as every command's class unless one is given."""

    def command(self, *args: Any, **kwargs: Any) -> Callable[[Any], Any]:
        kwargs.setdefault("cls", PlainHelpCommand)
        return super().command(*args, **kwargs)


app = _App(
    name="autoui",
    help=(
        "Turn any type-hinted Python function into a web app, a terminal app and a typed "
        "HTTP API.\n\nTARGET is module:function, path/to/file.py:function, or a module or "
        "file alone (every public function defined there)."
    ),
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,  # plain help: Rich markup would import markdown-it + pygments (~90 ms)
    pretty_exceptions_enable=False,
)
