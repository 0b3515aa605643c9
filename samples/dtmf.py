"""DTMF decoder: the digits of telephone key tones, decoded live.

A keypad tone is two sine waves, one from a row and one from a column of the keypad.
The Goertzel algorithm measures those eight frequencies in each 20 ms block of the
live audio (8 kHz, set with ``autoui.Microphone``); a digit counts once it has sounded
for two blocks in a row, and again only after a pause. State lives in local variables
of the generator, across chunks.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

import numpy as np

import autoui

__all__ = ["dtmf"]

RATE = 8000
BLOCK = 160  # 20 ms
ROWS = (697, 770, 852, 941)
COLUMNS = (1209, 1336, 1477, 1633)
KEYS = ("123A", "456B", "789C", "*0#D")


def goertzel(block: np.ndarray, hz: float, rate: int = RATE) -> float:
    """The power of one frequency in a block of samples."""
    coeff = 2 * np.cos(2 * np.pi * hz / rate)
    s1 = s2 = 0.0
    for sample in block:
        s1, s2 = sample + coeff * s1 - s2, s1
    return float(s1 * s1 + s2 * s2 - coeff * s1 * s2)


def key_of(block: np.ndarray) -> str | None:
    """The key whose two tones clearly dominate this block, if any."""
    signal = block.astype(np.float64) / 32768
    if np.sqrt(np.mean(signal**2)) < 0.02:
        return None
    rows = [goertzel(signal, hz) for hz in ROWS]
    columns = [goertzel(signal, hz) for hz in COLUMNS]
    row, column = int(np.argmax(rows)), int(np.argmax(columns))
    if rows[row] < 4 * sorted(rows)[-2] or columns[column] < 4 * sorted(columns)[-2]:
        return None
    return KEYS[row][column]


def dtmf(
    audio: Annotated[Iterator[np.ndarray], autoui.Microphone(rate=RATE, chunk_ms=20)],
) -> Iterator[str]:
    """Press keys on a phone near the microphone: the digits appear as they are heard.

    Args:
        audio: 8 kHz audio from the microphone (or a WAV file).

    Yields:
        Digits
    """
    digits: list[str] = []
    pending = np.zeros(0, dtype=np.int16)
    heard, run = None, 0
    for chunk in audio:
        pending = np.concatenate([pending, chunk])
        while pending.size >= BLOCK:
            key, pending = key_of(pending[:BLOCK]), pending[BLOCK:]
            run = run + 1 if key == heard else 1
            heard = key
            if key is not None and run == 2:
                digits.append(key)
        yield " ".join(digits)
