"""A function that needs numpy: in a browser, numpy comes from the runtime's package index."""

from __future__ import annotations

import numpy as np


def mean(values: list[float]) -> float:
    """The mean of some numbers."""
    return float(np.mean(values))
