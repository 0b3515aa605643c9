"""Tuner: name the note you play, live from the microphone.

``audio: Iterator[autoui.Audio]`` is a live input: the function receives
``(rate, samples)`` chunks (16 kHz, 100 ms, int16) as they arrive, and keeps its own
state in local variables. Each ``yield`` replaces the answer on the page, so it follows
the sound; a whole WAV file sent instead is read as if it were played.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

import numpy as np

import autoui

__all__ = ["tuner"]

NAMES = ("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B")
WINDOW_SECONDS = 0.2
QUIET = 200.0  # RMS of int16 samples below which nothing is playing


def note_of(hz: float) -> str:
    """``440.0`` → ``"A4 440 Hz"``: the nearest equal-tempered note, and the pitch."""
    midi = round(69 + 12 * math.log2(hz / 440.0))
    return f"{NAMES[midi % 12]}{midi // 12 - 1} {hz:.0f} Hz"


def pitch(samples: np.ndarray, rate: int) -> float | None:
    """The strongest frequency (Hz) of a stretch of audio; None when it is quiet."""
    signal = samples.astype(np.float64)
    if signal.size < 64 or np.sqrt(np.mean(signal**2)) < QUIET:
        return None
    spectrum = np.abs(np.fft.rfft(signal * np.hanning(signal.size), n=4 * signal.size))
    spectrum[: int(40 * 4 * signal.size / rate)] = 0  # below 40 Hz: hum, not a note
    peak = int(np.argmax(spectrum[1:-1])) + 1
    left, mid, right = spectrum[peak - 1 : peak + 2]
    shift = 0.5 * (left - right) / (left - 2 * mid + right) if left - 2 * mid + right else 0.0
    return (peak + shift) * rate / (4 * signal.size)


def tuner(audio: Iterator[autoui.Audio]) -> Iterator[str]:
    """Play or sing a note: its name and frequency follow what the microphone hears.

    Args:
        audio: the microphone (or a WAV file, heard as if it were played).

    Yields:
        Note
    """
    window = np.zeros(0, dtype=np.int16)
    for rate, pcm in audio:
        mono = pcm if pcm.ndim == 1 else pcm.mean(axis=1)
        window = np.concatenate([window, mono])[-int(rate * WINDOW_SECONDS) :]
        hz = pitch(window, rate)
        yield "…" if hz is None else note_of(hz)
