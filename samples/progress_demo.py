"""Progress: report how far a long function has got.

Give a parameter the default ``autoui.Progress()`` and autoui fills it in with a
tracker bound to the running job; it is not an input. Call it with a fraction or wrap
an iterable with ``progress.tqdm(...)``. With ``autoui.Progress(track_tqdm=True)``,
the ``tqdm`` bars the function (or a library it calls) creates are reported too,
without changing that code.
"""

from __future__ import annotations

import time

import autoui


def bake(loaves: int = 5, progress: autoui.Progress = autoui.Progress()) -> str:
    """Bake bread, one loaf at a time, reporting each one.

    Args:
        loaves: how many loaves to bake.

    Returns:
        What came out of the oven
    """
    progress(0.0, desc="heating the oven")
    time.sleep(0.2)
    for _ in progress.tqdm(range(loaves), desc="baking", unit="loaves"):
        time.sleep(0.2)
    return f"{loaves} loaves, golden brown"


def crunch(numbers: int = 30, progress: autoui.Progress = autoui.Progress(track_tqdm=True)) -> int:
    """Add up squares in a loop that only knows about ``tqdm``.

    Args:
        numbers: how many squares to add up.

    Returns:
        Sum of squares
    """
    try:
        from tqdm import tqdm
    except ImportError:
        raise autoui.Error("this sample needs tqdm: pip install tqdm") from None
    total = 0
    for n in tqdm(range(1, numbers + 1), desc="crunching"):
        time.sleep(0.05)
        total += n * n
    return total
