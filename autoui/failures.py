"""What a client is told when a function raises: the message, or only the exception's type.

An exception's message can carry what a server should not hand out (paths, addresses, a
library's internals), so by default a client sees only the type (``"KeyError"``). But a
function that rejects bad input *on purpose* means its message for the user, and hiding
it made every such error opaque. The rule:

- ``autoui.Error("...")``: its message, always (it exists for that);
- ``ValueError``, ``TypeError`` (and their subclasses) and ``AssertionError`` raised by the
  function's *own code*: ``"ValueError: <message>"``. Own code means the innermost
  traceback frame belongs to the function's package (``tomllib`` for
  ``tomllib.loads``, ``myapp`` for ``myapp.tools.f``, the file itself for ``app.py``):
  a ``raise ValueError(...)``, an ``assert``, or a builtin such as ``int("x")`` called
  there;
- anything else (raised deeper, in a library the function uses, or of another type):
  the type only, unless the server runs with ``--show-errors`` (the terminal always
  shows messages: the user there is the function's owner).
"""

from __future__ import annotations

import logging
from types import TracebackType
from typing import Any

from autoui.errors import Error, SpecError, ValidationError
from autoui.events import Failed
from autoui.spec import FunctionSpec

__all__ = ["failure_event", "is_deliberate"]

log = logging.getLogger("autoui")

DELIBERATE_TYPES: tuple[type[BaseException], ...] = (ValueError, TypeError, AssertionError)
"""Exception types whose message is shown when the function's own code raised them."""


def failure_event(exc: Exception, fn_spec: FunctionSpec, show_errors: bool) -> Failed:
    """The ``error`` event for an exception raised while running ``fn_spec``."""
    if isinstance(exc, Error):
        return Failed(message=exc.message, type="Error", title=exc.title)
    if isinstance(exc, ValidationError):
        return Failed(message=str(exc), type="ValidationError", param=exc.param)
    if isinstance(exc, SpecError):  # the function broke its own declared outputs
        log.error("%s", exc)
        return Failed(message=str(exc), type="SpecError")
    name = type(exc).__name__
    text = str(exc)
    deliberate = is_deliberate(exc, fn_spec.fn)
    if not deliberate:
        log.error("%s raised %s", fn_spec.name, name, exc_info=exc)
    message = f"{name}: {text}" if (show_errors or deliberate) and text else name
    return Failed(message=message, type=name)


def is_deliberate(exc: BaseException, fn: Any) -> bool:
    """Whether ``exc`` is a bad-input error raised by ``fn``'s own code (see the module doc)."""
    if not isinstance(exc, DELIBERATE_TYPES):
        return False
    innermost = _innermost(exc.__traceback__)
    if innermost is None:
        return False
    where = str(innermost.tb_frame.f_globals.get("__name__", ""))
    return _package(where) == _package(_module_of(fn))


def _innermost(tb: TracebackType | None) -> TracebackType | None:
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    return tb


def _module_of(fn: Any) -> str:
    while hasattr(fn, "func"):  # functools.partial
        fn = fn.func
    module = getattr(fn, "__module__", None) or getattr(type(fn), "__module__", "")
    return str(module)


def _package(module: str) -> str:
    return module.partition(".")[0]
