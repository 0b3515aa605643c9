"""Cancelling a running call: a token the runner and its callers share.

A front end (the server's queue, the terminal's Ctrl-C handler) triggers the token on
the event loop thread; the runner registers what must happen then (emit
``cancelled``, interrupt an ``await``, tell a worker thread to stop at the next
yield). :func:`first_of` waits for a future *or* a cancel without creating a task.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

__all__ = ["CancelToken", "first_of"]


class CancelToken:
    """A request to stop one call or batch. Use it from the event loop thread.

    ``cancel()`` runs the registered callbacks at once (the runner registers one that
    emits ``cancelled`` and one that interrupts whatever can be interrupted).
    """

    __slots__ = ("_callbacks", "_cancelled")

    def __init__(self) -> None:
        self._cancelled = False
        self._callbacks: list[Callable[[], Any]] = []

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def cancel(self) -> None:
        """Ask the call to stop; calling it again does nothing."""
        if self._cancelled:
            return
        self._cancelled = True
        callbacks, self._callbacks = self._callbacks, []
        for callback in callbacks:
            callback()

    def add_callback(self, callback: Callable[[], Any]) -> None:
        """Run ``callback`` on cancel (at once, if already cancelled)."""
        if self._cancelled:
            callback()
        else:
            self._callbacks.append(callback)

    def remove_callback(self, callback: Callable[[], Any]) -> None:
        try:
            self._callbacks.remove(callback)
        except ValueError:
            pass


async def first_of(
    loop: asyncio.AbstractEventLoop, future: asyncio.Future[Any], cancel: CancelToken
) -> None:
    """Wait until ``future`` is done or ``cancel`` fires, without creating a task."""
    waiter: asyncio.Future[None] = loop.create_future()

    def wake(*_: Any) -> None:
        if not waiter.done():
            waiter.set_result(None)

    future.add_done_callback(wake)
    cancel.add_callback(wake)
    try:
        await waiter
    finally:
        future.remove_done_callback(wake)
        cancel.remove_callback(wake)
