"""The live-input functions ``benchmarks/streaming.py`` serves (issue 11).

A frame carries its index as 8 black/white 16×16 blocks along its top edge, so each
output is matched to the frame it came from; the audio functions answer with the total
number of samples heard, so each answer is matched to the chunk that completed it.

    autoui serve benchmarks/stream_apps.py:flip     # frames in, frames out (JPEG)
    autoui serve benchmarks/stream_apps.py:hear     # audio in, a count out
    autoui serve benchmarks/stream_apps.py:slow_hear   # 150 ms of work per item
    autoui serve benchmarks/stream_apps.py:ahear    # hear, async: no thread per stream
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterator
from typing import Annotated

import numpy as np

import autoui

__all__ = ["ahear", "flip", "hear", "slow_hear"]


Jpeg = Annotated[np.ndarray, autoui.Image(format="jpeg")]


def flip(frames: Iterator[np.ndarray]) -> Iterator[Jpeg]:
    """Each frame upside down (its index blocks stay readable at the bottom).

    Args:
        frames: 320×240 camera frames.
    """
    for frame in frames:
        yield frame[::-1]


def hear(audio: Iterator[np.ndarray]) -> Iterator[str]:
    """The number of samples heard so far.

    Args:
        audio: 16 kHz int16 samples.
    """
    total = 0
    for pcm in audio:
        total += len(pcm)
        yield str(total)


def slow_hear(audio: Iterator[np.ndarray]) -> Iterator[str]:
    """The samples heard so far, after 150 ms of work per item (slower than real time).

    Args:
        audio: 16 kHz int16 samples in 100 ms chunks.
    """
    total = 0
    for pcm in audio:
        time.sleep(0.15)
        total += len(pcm)
        yield str(total)


async def ahear(audio: AsyncIterator[np.ndarray]) -> AsyncIterator[str]:
    """``hear`` as ``async def``: a stream holds no worker thread while it waits.

    Args:
        audio: 16 kHz int16 samples.
    """
    total = 0
    async for pcm in audio:
        total += len(pcm)
        yield str(total)
