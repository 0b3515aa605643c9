"""Ask for missing required inputs with Rich prompts, from the spec (:mod:`autoui.wire`).

When standard input is a terminal, ``autoui run`` (and ``autoui call``) ask for each
required input that was not given on the command line, instead of failing: choices are
listed (and checked), defaults offered, booleans asked as yes/no, and a bad answer gets
the same message an option would (``expected a whole number, got 'abc'``) and the
question again. Forms are asked field by field. Choices are a numbered menu, as the
function picker is: the number is enough (the value itself, in any case, works too), so
nobody has to type ``÷`` or ``Zürich``; a checkbox group takes ``1,3``.

Public API:

- :func:`prompt_missing` ``(console, fn, payloads, *, validate=None)`` fills
  ``payloads`` in place for every missing required input.
- :func:`prompt_input` ``(console, param, *, validate=None) -> payload`` for one.

``validate(name, payload)`` is an optional deeper check (``autoui run`` passes the
component's own ``preprocess``); a :class:`~autoui.errors.ValidationError` it raises is
shown and the question asked again.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.prompt import Confirm, Prompt

from autoui.errors import ValidationError
from autoui.terminal.convert import choices_of, missing_required, to_payload
from autoui.terminal.options import metavar
from autoui.wire import WireFunction, WireParam

__all__ = ["Validate", "prompt_input", "prompt_missing"]

Validate = Callable[[str, Any], None]
MAX_TRIES = 20
"""Questions asked for one input before giving up (keeps a runaway script bounded)."""


def prompt_missing(
    console: Console,
    fn: WireFunction,
    payloads: dict[str, Any],
    *,
    validate: Validate | None = None,
) -> dict[str, Any]:
    """Ask for every required input missing from ``payloads``; returns ``payloads``."""
    for param in missing_required(fn, payloads):
        payloads[param.name] = prompt_input(console, param, validate=validate)
    return payloads


def prompt_input(
    console: Console,
    param: WireParam,
    *,
    validate: Validate | None = None,
    prefix: str = "",
) -> Any:
    """Ask for one input until the answer converts (and validates); returns its payload.

    Raises:
        ValidationError: no valid answer after :data:`MAX_TRIES` questions.
        EOFError, KeyboardInterrupt: the user closed input or pressed Ctrl+C.
    """
    name = param.name
    if param.kind == "form" and param.fields:
        return _prompt_form(console, param, validate=validate, prefix=f"{prefix}{name}.")
    menu = _menu(param)
    if menu:
        _print_menu(console, menu)
    for _ in range(MAX_TRIES):
        raw = _ask(console, param, prefix, menu)
        try:
            payload = to_payload(param, _from_menu(menu, raw, param.traits.multiple))
            if validate is not None and not prefix:
                validate(name, payload)
            return payload
        except ValidationError as exc:
            console.print(f"[prompt.invalid]{escape(exc.message)}", highlight=False)
    raise ValidationError(f"no valid value after {MAX_TRIES} tries", param=prefix + name)


def _prompt_form(
    console: Console, form: WireParam, *, validate: Validate | None, prefix: str
) -> dict[str, Any]:
    console.print(f"[bold]{escape(form.label or form.name)}[/]")
    payload: dict[str, Any] = {}
    for field in form.fields:
        asked = dataclasses.replace(field, required=True)
        payload[field.name] = prompt_input(console, asked, prefix=prefix)
    if validate is not None:
        try:
            validate(form.name, payload)
        except ValidationError as exc:
            console.print(f"[prompt.invalid]{escape(str(exc))}", highlight=False)
            return _prompt_form(console, form, validate=validate, prefix=prefix)
    return payload


def _question(param: WireParam, prefix: str, menu: list[str]) -> str:
    label = param.label or param.name
    text = f"[bold]{escape(prefix + label if prefix else label)}[/]"
    if param.info:
        text += f" [dim]({escape(param.info.rstrip('.'))})[/]"
    if menu:
        numbers = f"1-{len(menu)}" if len(menu) > 1 else "1"
        several = ", comma-separated" if param.traits.multiple else ""
        text += f" [prompt.choices]\\[{numbers}{several}][/]"
    elif param.traits.multiple:
        text += " [dim]comma-separated[/]"
    else:
        text += f" [dim]{escape(metavar(param))}[/]"
    return text


def _ask(console: Console, param: WireParam, prefix: str, menu: list[str]) -> Any:
    question = _question(param, prefix, menu)
    default = param.default
    if param.kind == "checkbox":
        return Confirm.ask(question, console=console, default=bool(default))
    hidden = param.props.get("type") == "password"
    if default is None:
        return Prompt.ask(question, console=console, password=hidden)
    shown = _menu_default(menu, default) if menu else _default_text(default)
    return Prompt.ask(question, console=console, default=shown, password=hidden)


def _menu(param: WireParam) -> list[str]:
    """The choices to number, for a dropdown, radio or checkbox group ([] for others)."""
    return choices_of(param) if param.kind in ("dropdown", "radio", "checkbox_group") else []


def _print_menu(console: Console, menu: list[str]) -> None:
    lines = [f"  [bold]{number}[/]  {escape(choice)}" for number, choice in enumerate(menu, 1)]
    console.print("\n".join(lines), highlight=False, soft_wrap=True)


def _from_menu(menu: list[str], raw: Any, multiple: bool) -> Any:
    """An answer's numbers → the choices they stand for; anything else as typed."""
    if not menu or not isinstance(raw, str):
        return raw
    parts = [part.strip() for part in raw.split(",")] if multiple else [raw.strip()]
    if not all(_menu_number(menu, part) for part in parts):
        return raw  # a value (or a mistake): conversion says which
    picked = [menu[int(part) - 1] for part in parts]
    return picked if multiple else picked[0]


def _menu_number(menu: list[str], text: str) -> bool:
    return text.isdigit() and 1 <= int(text) <= len(menu) and text not in menu


def _menu_default(menu: list[str], default: Any) -> str:
    """The default as the numbers of its choices (``2``, or ``1,3`` for a group)."""
    values = default if isinstance(default, list) else [default]
    numbers = [str(menu.index(str(value)) + 1) for value in values if str(value) in menu]
    return ",".join(numbers) if numbers else _default_text(default)


def _default_text(default: Any) -> str:
    if isinstance(default, str):
        return default
    if isinstance(default, list) and all(isinstance(item, str) for item in default):
        return ",".join(default)
    return json.dumps(default)
