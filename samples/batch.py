"""Batch: one call serves many users at once.

``@autoui.batch`` marks a function that takes lists and returns lists. The queue
gathers up to ``max_batch_size`` waiting calls (waiting at most ``batch_wait`` seconds
for more) into one call, and hands each caller its own element of the result. Each
caller still sees one ``str`` in, one ``str`` out: the UI and the API show the element
type. This is how a model that is fast on a batch serves many users cheaply.
"""

from __future__ import annotations

import time

import autoui


@autoui.batch(max_batch_size=8, batch_wait=0.1)
def shout(texts: list[str]) -> list[str]:
    """Upper-case texts, as a whole batch at a time.

    Args:
        texts: the texts waiting in the queue (one per caller).

    Returns:
        Shouted
    """
    time.sleep(0.3)  # the fixed cost a model pays per batch, not per item
    return [text.upper() + "!" for text in texts]
