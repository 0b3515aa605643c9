"""How a parameter name becomes a command-line option name, and back.

CLI habits: ``top_k`` → ``--top-k``; a form field ``order.unit_price`` →
``--order.unit-price``; booleans get ``--flag/--no-flag``. Error messages from every
layer name the *option* the user typed, so they all go through :func:`option_name`.
"""

from __future__ import annotations

__all__ = ["RESERVED", "option_name", "negative_flag"]

RESERVED = frozenset({"help"})
"""Parameter names whose natural option would clash with the command's own options."""


def _segment(name: str) -> str:
    text = name.strip("_").replace("_", "-").lower() or name
    return f"{text}-value" if text in RESERVED else text


def option_name(param: str) -> str:
    """The option for a parameter, or a dotted form field: ``order.top_k`` → ``--order.top-k``."""
    return "--" + ".".join(_segment(part) for part in param.split("."))


def negative_flag(param: str) -> str:
    """The "off" spelling of a boolean option: ``--loud`` → ``--no-loud``."""
    *outer, last = option_name(param)[2:].split(".")
    return "--" + ".".join([*outer, f"no-{last}"])
