"""Loading a command's TARGET, and reading ``user:password``: said the same by every command.

A target that cannot be loaded ends every command (``inspect``, ``run``, ``serve``,
``export``, ...) the same way: ``error: <one line>`` on stderr (and, for an exception in
the user's own module, its traceback without autoui's frames), exit code 1.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    from autoui.spec import AppSpec

__all__ = ["LOAD_FAILED", "load_or_exit", "parse_user_password", "print_warnings"]

LOAD_FAILED = 1
"""The exit code of every command whose TARGET cannot be loaded."""


def load_or_exit(target: str, *, title: str | None = None) -> AppSpec:
    """The app TARGET names, or exit with the reason in one line (code :data:`LOAD_FAILED`)."""
    from autoui.errors import LoadError, SpecError
    from autoui.introspect import load_app

    try:
        return load_app(target, title=title)
    except (LoadError, SpecError) as exc:
        _exit_with(str(exc), getattr(exc, "details", None))


def print_warnings(spec: AppSpec) -> None:
    """What inference settled by a guess, on stderr: ``inspect`` shows it, and ``serve``
    and ``run`` print the same lines once, at start."""
    from autoui.introspect import warning_lines

    stderr = sys.stderr
    yellow = stderr.isatty() and "NO_COLOR" not in os.environ
    for line in warning_lines(spec):
        stderr.write(f"\x1b[33m{line}\x1b[0m\n" if yellow else f"{line}\n")
    stderr.flush()


def _exit_with(message: str, details: str | None) -> NoReturn:
    stderr = sys.stderr
    red = stderr.isatty() and "NO_COLOR" not in os.environ
    prefix = "\x1b[1;31merror:\x1b[0m " if red else "error: "
    stderr.write(f"{prefix}{message}\n")
    if details:
        stderr.write(details.rstrip("\n") + "\n")
    stderr.flush()
    raise SystemExit(LOAD_FAILED)


def parse_user_password(text: str) -> tuple[str, str]:
    """``"ada:s3cret"`` → ``("ada", "s3cret")``; the password may hold colons.

    Raises:
        ValueError: no colon, or an empty user or password (the message says so).
    """
    user, sep, password = text.partition(":")
    if not sep or not user or not password:
        raise ValueError(f"expected user:password, got {text!r}")
    return user, password
