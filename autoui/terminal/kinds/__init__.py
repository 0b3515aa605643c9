"""The terminal side of kinds beyond the built-in ones: one module per kind, found by name.

A module named after its kind (``highlighted_text.py`` for ``"highlighted_text"``) may
define any of:

- ``render(output, payload, open_file) -> RenderableType``: how an output is drawn
  (as the renderers of :mod:`autoui.terminal.render`);
- ``convert(param, raw) -> payload``: how a typed value becomes its payload (as the
  converters of :mod:`autoui.terminal.convert`);
- ``METAVAR``: what the option's value looks like in ``--help``.

A module is imported the first time its kind is met, so the terminal carries the code
of the kinds a function uses and nothing else; a kind with no module here is shown as
the files it saved (file kinds) or as JSON, and read as JSON or text.
"""

from __future__ import annotations

import functools
import importlib
import re
from types import ModuleType
from typing import Any

__all__ = ["kind_hook"]

_KIND = re.compile(r"[a-z][a-z0-9_]*")


@functools.cache
def _module(kind: str) -> ModuleType | None:
    if not _KIND.fullmatch(kind):
        return None
    name = f"{__name__}.{kind}"
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name == name:
            return None
        raise


def kind_hook(kind: str, name: str) -> Any:
    """The ``render``/``convert``/``METAVAR`` a kind's module defines (None if none)."""
    module = _module(kind)
    return getattr(module, name, None) if module is not None else None
