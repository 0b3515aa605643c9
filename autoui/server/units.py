"""Reading sizes, counts and durations as people write them (``100MB``, ``none``, ``2.5``).

Used by ``autoui serve`` and ``autoui mcp`` for their flags; each parser raises
:class:`ValueError` with a message that says what was expected.
"""

from __future__ import annotations

import re

__all__ = ["parse_count", "parse_seconds", "parse_size"]

_SIZE_RE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([kmgt]?i?b?)?\s*", re.IGNORECASE)
_UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3, "t": 1024**4}
_NONE = ("none", "unlimited")


def parse_size(text: str) -> int:
    """``"100MB"``, ``"512k"``, ``"1.5GiB"``, ``"4096"`` → bytes (units are powers of 1024)."""
    match = _SIZE_RE.fullmatch(text)
    if match is None:
        raise ValueError(f"expected a size like 100MB or 512k, got {text!r}")
    unit = (match.group(2) or "").lower().rstrip("b").rstrip("i")
    size = int(float(match.group(1)) * _UNITS[unit])
    if size < 1:
        raise ValueError("must be at least 1 byte")
    return size


def parse_count(text: str, allow_none: bool = True) -> int | None:
    """A whole number of 1 or more, or None for ``"none"``."""
    value = text.strip().lower()
    if allow_none and value in _NONE:
        return None
    if value.isdigit() and int(value) >= 1:
        return int(value)
    expected = "a number (1 or more)" + (" or 'none'" if allow_none else "")
    raise ValueError(f"expected {expected}, got {text!r}")


def parse_seconds(text: str, allow_none: bool = True) -> float | None:
    """Seconds (more than 0), or None for ``"none"``."""
    if allow_none and text.strip().lower() in _NONE:
        return None
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds < float("inf"):
        expected = "seconds (more than 0)" + (" or 'none'" if allow_none else "")
        raise ValueError(f"expected {expected}, got {text!r}")
    return seconds
