"""The results file: one JSON record per line, ``{"scenario", "label", "result"}``.

``label`` is ``kind:step`` (e.g. ``autoui:latency``), the key ``report.py`` looks figures
up by; loadgen writes the same shape, so one file holds a whole run.
"""

from __future__ import annotations

import json
import math
import statistics
from collections.abc import Sequence
from pathlib import Path

__all__ = ["append_record", "latency_summary"]


def append_record(path: Path, scenario: str, label: str, result: dict[str, object]) -> None:
    """Append one record; the file and its folder are created when missing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as f:
        f.write(json.dumps({"scenario": scenario, "label": label, "result": result}) + "\n")


def _pct(ordered: Sequence[float], p: float) -> float:
    """Nearest-rank percentile, as loadgen computes it."""
    k = max(0, min(len(ordered) - 1, math.ceil(p / 100.0 * len(ordered)) - 1))
    return ordered[k]


def latency_summary(seconds: Sequence[float]) -> dict[str, float]:
    """p50/p90/p99/mean/max in milliseconds of a list of durations in seconds."""
    ordered = sorted(seconds)
    return {
        "p50_ms": round(_pct(ordered, 50) * 1000, 2),
        "p90_ms": round(_pct(ordered, 90) * 1000, 2),
        "p99_ms": round(_pct(ordered, 99) * 1000, 2),
        "mean_ms": round(statistics.fmean(ordered) * 1000, 2),
        "max_ms": round(ordered[-1] * 1000, 2),
    }
