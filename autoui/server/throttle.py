"""Failed sign-ins, counted per address and per user, to stop password guessing.

The same book is kept for HTTP Basic and the login form, so neither is a way around the
other. Within ``window`` seconds an address (or a user name) may fail ``attempts``
times; after that each try is refused before the password is even looked at, with a
``Retry-After`` that doubles with every further failure (1, 2, 4 ... seconds, at most
``window``). A success clears the user's and the address's count. Entries older than
the window are dropped as the book is used, so it holds only recent failures.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable

__all__ = ["LoginThrottle"]

_MAX_KEYS = 100_000  # a flood of distinct names cannot grow the book without bound


class LoginThrottle:
    """Counts failed sign-ins per key and says how long a key must wait.

    Args:
        attempts: failures allowed per key within ``window``.
        window: seconds a failure is remembered, and the longest wait.
        clock: seconds; injectable for tests.
    """

    def __init__(
        self, attempts: int, window: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.attempts = attempts
        self.window = window
        self._clock = clock
        self._failures: dict[str, deque[float]] = {}

    def wait(self, *keys: str) -> int:
        """Seconds the caller must wait before trying again (0: it may try now)."""
        now = self._clock()
        longest = 0.0
        for key in keys:
            failures = self._recent(key, now)
            excess = len(failures) - self.attempts
            if excess >= 0:
                delay = min(self.window, 2.0**excess)
                longest = max(longest, failures[-1] + delay - now)
        return math.ceil(longest) if longest > 0 else 0

    def failed(self, *keys: str) -> None:
        now = self._clock()
        if len(self._failures) > _MAX_KEYS:
            self._failures.clear()  # under a flood of names: start afresh, never grow
        for key in keys:
            self._failures.setdefault(key, deque()).append(now)

    def succeeded(self, *keys: str) -> None:
        for key in keys:
            self._failures.pop(key, None)

    def _recent(self, key: str, now: float) -> deque[float]:
        failures = self._failures.get(key)
        if failures is None:
            return deque()
        while failures and now - failures[0] >= self.window:
            failures.popleft()
        if not failures:
            del self._failures[key]
        return failures
