"""The functions ``isolation.py`` runs in slot processes (importable by a child: top level).

autoui serve benchmarks/isolation_apps.py:echo --isolation process
"""

from __future__ import annotations

import re


def echo(text: str) -> str:
    """Return the text unchanged: the cost of the execution alone."""
    return text


def spin(seconds: float = 3600.0) -> int:
    """A pure-Python loop: what only a process (or this interrupt) can stop."""
    count = 0
    while True:
        count += 1


def stuck(size: int = 40) -> bool:
    """Held in C with the interpreter locked (an exponential regex): only SIGKILL stops it."""
    return re.fullmatch(r"(x+x+)+y", "x" * size) is not None
