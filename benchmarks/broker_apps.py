"""The functions ``broker_bench.py`` serves from front-ends and runs on workers."""

from __future__ import annotations

import time


def echo(text: str) -> str:
    """Return the text unchanged: the cost of the queue alone."""
    return text


def nap(x: str) -> str:
    """Return x after 100 ms asleep: throughput scales only with slots."""
    time.sleep(0.1)
    return x


def hold(seconds: float = 5.0) -> str:
    """Sleep ``seconds``: a job to kill its worker under."""
    time.sleep(seconds)
    return "held"
