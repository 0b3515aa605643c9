"""A function named ``files``: its blocking route ``POST /api/files`` is the upload."""

from __future__ import annotations


def files(count: int = 2) -> str:
    """Say how many files there are.

    Args:
        count: how many.
    """
    return f"{count} files"
