"""Functions whose annotations do not spell out what the page must know about their kinds."""

from __future__ import annotations


class Count(int):
    """A whole number under another name: only the ``integer`` prop says it is one."""


def tally(count: Count = Count(3), share: float = 0.5) -> str:
    """Repeat a share.

    Args:
        count: how many times.
        share: how much each time.
    """
    return f"{count * share:g}"
