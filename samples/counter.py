"""Counter: a generator streams its results.

A generator function (annotated ``Iterator[X]``) streams: every value it
yields reaches the page, the terminal or the client as soon as it is produced, and the
last one is the result. Cancelling the job stops the generator at its next ``yield``.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Annotated

from annotated_types import Ge, Le


def count(
    up_to: Annotated[int, Ge(1), Le(100)] = 10, delay: float = 0.1
) -> Iterator[str]:
    """Count from 1, one number at a time.

    Args:
        up_to: the last number.
        delay: seconds to wait between numbers.

    Yields:
        The count so far
    """
    seen: list[str] = []
    for number in range(1, up_to + 1):
        time.sleep(max(0.0, delay))
        seen.append(str(number))
        yield " ".join(seen)
