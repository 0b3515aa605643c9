"""The functions the benchmarks serve: the same as ``gradio_apps/``, as plain typed Python.

A like-for-like comparison needs the same work on both sides, so each function here does
exactly what its Gradio twin does and nothing autoui-specific beyond the batch marker::

    autoui serve benchmarks/apps.py:echo --concurrency none
    autoui serve benchmarks/apps.py:count --concurrency none
    autoui serve benchmarks/apps.py:upper          # batched by @autoui.batch
    autoui serve benchmarks/apps.py:slow           # concurrency 1 (the default)
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import autoui

BATCH_SIZES: list[int] = []


def echo(text: str) -> str:
    """Return the text unchanged: the cost of the server alone."""
    return text


def count(text: str) -> Iterator[str]:
    """Yield "0" to "19" with no pause: the cost of streaming alone."""
    for i in range(20):
        yield str(i)


@autoui.batch(max_batch_size=16)  # type: ignore[attr-defined]  # lazy export
def upper(texts: list[str]) -> list[str]:
    """Upper-case a batch of texts, 0.5 s per batch however large.

    Each batch size goes to the server log (``batch size=N``) so the benchmark can tell
    whether waiting calls were gathered into full batches.
    """
    BATCH_SIZES.append(len(texts))
    print(f"batch size={len(texts)}", flush=True)
    time.sleep(0.5)
    return [t.upper() for t in texts]


def batch_sizes() -> list[int]:
    """The sizes of every batch ``upper`` has run in this process, oldest first."""
    return list(BATCH_SIZES)


def slow(x: str) -> str:
    """Return x after 0.2 s: queue order and concurrency limits become visible."""
    time.sleep(0.2)
    return x
