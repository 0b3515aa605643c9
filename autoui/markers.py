"""Decorators that mark a function for the queue, without changing how it is called."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, overload

__all__ = ["BatchConfig", "batch", "batch_config", "time_limit", "time_limit_of"]

F = TypeVar("F", bound=Callable[..., Any])
_ATTR = "__autoui_batch__"
_TIME_LIMIT_ATTR = "__autoui_time_limit__"


@dataclass(frozen=True)
class BatchConfig:
    """How the queue gathers calls of a batch function.

    Attributes:
        max_batch_size: most jobs gathered into one call.
        batch_wait: seconds the queue waits for more jobs once the first one is ready.
    """

    max_batch_size: int = 16
    batch_wait: float = 0.05

    def __post_init__(self) -> None:
        if self.max_batch_size < 1:
            raise ValueError(f"max_batch_size must be at least 1, got {self.max_batch_size}")
        if self.batch_wait < 0:
            raise ValueError(f"batch_wait must be >= 0 seconds, got {self.batch_wait}")


@overload
def batch(fn: F, /) -> F: ...
@overload
def batch(*, max_batch_size: int = 16, batch_wait: float = 0.05) -> Callable[[F], F]: ...
def batch(
    fn: F | None = None, /, *, max_batch_size: int = 16, batch_wait: float = 0.05
) -> F | Callable[[F], F]:
    """Mark a function that takes lists and returns lists, one element per call.

    The queue gathers up to ``max_batch_size`` waiting calls (waiting at most
    ``batch_wait`` seconds) into one call and hands each caller its own element::

        @autoui.batch(max_batch_size=16)
        def upper(texts: list[str]) -> list[str]:
            return [t.upper() for t in texts]

    Usable bare (``@autoui.batch``) or with arguments. The function is returned
    unchanged, so it can still be called directly.
    """
    config = BatchConfig(max_batch_size=max_batch_size, batch_wait=batch_wait)

    def mark(func: F) -> F:
        setattr(func, _ATTR, config)
        return func

    return mark(fn) if fn is not None else mark


def batch_config(fn: Callable[..., Any]) -> BatchConfig | None:
    """The batch settings a function was marked with, if any."""
    config = getattr(fn, _ATTR, None)
    return config if isinstance(config, BatchConfig) else None


def time_limit(seconds: float) -> Callable[[F], F]:
    """Limit how long one call of a function may run; wins over the server's ``--time-limit``::

        @autoui.time_limit(30)
        def render(scene: str) -> Image.Image: ...

    A call still running after ``seconds`` (counted from its start, not its wait in the
    queue) ends with an ``error`` event of type ``TimeLimit``. Under ``--isolation
    process`` its worker process is stopped (a soft interrupt, then SIGKILL after
    ``--cancel-grace``); under ``thread`` a generator stops at its next yield and an
    ``async`` function at its current ``await``, while a plain sync function cannot be
    stopped: it runs on and its result is discarded. The function is returned unchanged.
    """
    limit = float(seconds)
    if not 0 < limit < float("inf"):
        raise ValueError(f"a time limit is a number of seconds above 0, got {seconds!r}")

    def mark(func: F) -> F:
        setattr(func, _TIME_LIMIT_ATTR, limit)
        return func

    return mark


def time_limit_of(fn: Callable[..., Any]) -> float | None:
    """The seconds a function was limited to with :func:`time_limit` (None: unmarked)."""
    limit = getattr(fn, _TIME_LIMIT_ATTR, None)
    return limit if isinstance(limit, float) else None
