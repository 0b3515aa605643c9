"""Raw s16le PCM tones on standard output, as ``arecord -t raw`` or ``sox ... -t raw -`` give.

``python tone_source.py 660:1 440:1`` writes 1 s of 660 Hz then 1 s of 440 Hz (16 kHz
mono) at once; ``--realtime`` writes them 100 ms at a time in real time, ``--loop`` plays
the tones again and again (for at most ``--max-seconds``), ``--ignore-sigint`` keeps
playing through Ctrl+C (so only the reader's own handling of it can end the input).
"""

from __future__ import annotations

import argparse
import signal
import sys
import time

import numpy as np

RATE = 16000


def tones(spec: list[str], rate: int) -> np.ndarray:
    parts = []
    for item in spec:
        hz, seconds = (float(x) for x in item.split(":"))
        t = np.arange(int(rate * seconds)) / rate
        parts.append(np.sin(2 * np.pi * hz * t) * 9000 if hz else np.zeros(t.size))
    return np.concatenate(parts).astype("<i2")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("tones", nargs="+", help="HZ:SECONDS (0 Hz: silence)")
    parser.add_argument("--realtime", action="store_true")
    parser.add_argument("--loop", action="store_true")
    parser.add_argument("--max-seconds", type=float, default=120.0)
    parser.add_argument("--ignore-sigint", action="store_true")
    args = parser.parse_args()
    if args.ignore_sigint:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    pcm = tones(args.tones, RATE)
    step = RATE // 10
    start = time.monotonic()
    played = 0
    try:
        while played < args.max_seconds * RATE:
            for offset in range(0, len(pcm), step if args.realtime else len(pcm)):
                sys.stdout.buffer.write(pcm[offset : offset + step if args.realtime else None])
                sys.stdout.buffer.flush()
                played += min(step, len(pcm) - offset) if args.realtime else len(pcm)
                if args.realtime:
                    time.sleep(max(0.0, start + played / RATE - time.monotonic()))
            if not args.loop:
                break
    except BrokenPipeError:  # the reader is done
        sys.stderr.close()


if __name__ == "__main__":
    main()
