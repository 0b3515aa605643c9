"""Carry what a running function reports to its job's ``emit``, from any thread.

A function reports through ``autoui.Progress`` / ``Info`` / ``Warning`` (and, with
``Progress(track_tqdm=True)``, through every ``tqdm`` bar it creates). It may run in a
worker thread while ``emit`` must be called on the event loop thread, and it may report
progress a million times a second. :class:`JobReporter` marshals each report to the
loop with ``call_soon_threadsafe`` and throttles progress to about ten updates a second
(the first one and each bar's final 100 % always get through; the latest held-back
update *of each bar* — each description — is sent when its slot comes). Throttling
happens in the reporting thread, so a tight loop does not flood the event loop.

:func:`tracking_tqdm` patches ``tqdm``'s ``__init__``/``update``/``close`` while at
least one tracking job runs; the patched methods report only when the *current context*
belongs to such a job, so concurrent jobs and other threads are unaffected. A bar that
is tracked draws nowhere itself (its output goes to a null writer): the job's front end
draws it, and in the terminal tqdm's own writes would land inside the live view's
region, leaving a stale frame of autoui's bar and tqdm's bar behind. tqdm stays optional.
"""

from __future__ import annotations

import asyncio
import contextvars
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from autoui.events import Alert, Event, ProgressUpdate

__all__ = ["PROGRESS_INTERVAL", "JobReporter", "tracking_tqdm"]

PROGRESS_INTERVAL = 0.1  # seconds between two progress events of one job


class JobReporter:
    """A thread-safe :class:`autoui.progress.Reporter` for one job (or one batch).

    Args:
        loop: the event loop ``emit`` belongs to.
        emit: receives the events, on the loop thread.
        interval: the least time between two progress events.
    """

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        emit: Callable[[Event], None],
        interval: float = PROGRESS_INTERVAL,
    ) -> None:
        self._loop = loop
        self._emit = emit
        self._interval = interval
        self._loop_thread = threading.get_ident()
        self._lock = threading.Lock()
        self._last = float("-inf")
        self._pending: dict[str | None, ProgressUpdate] = {}  # the latest held, per bar
        self._timer: asyncio.TimerHandle | None = None
        self._timer_wanted = False
        self._closed = False

    def report(self, event: ProgressUpdate | Alert) -> None:
        """Deliver ``event`` to the job; progress may be held back or replaced."""
        if self._closed:
            return
        if isinstance(event, ProgressUpdate):
            delay = self._throttle(event)
            if delay is not None:
                if delay >= 0:
                    self._on_loop(self._arm_timer, delay)
                return
        self._on_loop(self._deliver, event)

    def close(self) -> None:
        """Drop held-back progress and ignore later reports (the job has ended)."""
        self._closed = True
        with self._lock:
            self._pending.clear()
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    # -- throttling ---------------------------------------------------------------------
    def _throttle(self, event: ProgressUpdate) -> float | None:
        """None: send now. Otherwise the event is held; a delay >= 0 asks for a timer.

        Sending a bar's update drops only that bar's held one: another bar's stays held
        (one finishing bar used to wipe out the held update of another, which then stood
        still until its own next report).
        """
        now = time.monotonic()
        with self._lock:
            if _is_final(event) or now - self._last >= self._interval:
                self._last = now
                self._pending.pop(event.desc, None)
                return None
            self._pending.pop(event.desc, None)  # re-added last: flushed in report order
            self._pending[event.desc] = event
            if self._timer_wanted:
                return -1.0
            self._timer_wanted = True
            return self._last + self._interval - now

    def _arm_timer(self, delay: float) -> None:
        if not self._closed:
            self._timer = self._loop.call_later(max(delay, 0.0), self._flush)

    def _flush(self) -> None:
        with self._lock:
            events = list(self._pending.values())
            self._pending.clear()
            self._timer_wanted = False
            if events:
                self._last = time.monotonic()
        self._timer = None
        for event in events:
            self._deliver(event)

    # -- delivery -----------------------------------------------------------------------
    def _on_loop(self, fn: Callable[..., None], *args: Any) -> None:
        if threading.get_ident() == self._loop_thread:
            fn(*args)
        else:
            try:
                self._loop.call_soon_threadsafe(fn, *args)
            except RuntimeError:  # the loop is closed: nobody is listening any more
                pass

    def _deliver(self, event: Event) -> None:
        if not self._closed:
            self._emit(event)


def _is_final(event: ProgressUpdate) -> bool:
    if event.progress is not None and event.progress >= 1.0:
        return True
    return event.total is not None and event.index is not None and event.index >= event.total


# -- tqdm -------------------------------------------------------------------------------
_tqdm_reporter: contextvars.ContextVar[JobReporter | None] = contextvars.ContextVar(
    "autoui_tqdm_reporter", default=None
)
_tqdm_lock = threading.Lock()
_tqdm_users = 0
_tqdm_saved: dict[str, Any] = {}


@contextmanager
def tracking_tqdm(reporter: JobReporter | None) -> Iterator[None]:
    """Report every tqdm bar created in this context to ``reporter`` (None: no-op)."""
    if reporter is None:
        yield
        return
    try:
        import tqdm.std as tqdm_std
    except ImportError:  # tqdm is optional: nothing to track
        yield
        return
    _install(tqdm_std.tqdm)
    token = _tqdm_reporter.set(reporter)
    try:
        yield
    finally:
        _tqdm_reporter.reset(token)
        _uninstall(tqdm_std.tqdm)


def _install(cls: Any) -> None:
    global _tqdm_users
    with _tqdm_lock:
        _tqdm_users += 1
        if _tqdm_users > 1:
            return
        init, update, close = cls.__init__, cls.update, cls.close
        _tqdm_saved.update(__init__=init, update=update, close=close)

        def patched_init(self: Any, *args: Any, **kwargs: Any) -> None:
            if _tqdm_reporter.get() is not None and _draws_on_a_terminal(args, kwargs):
                kwargs["file"] = _NOWHERE  # the job's front end draws this bar
            init(self, *args, **kwargs)
            _report_bar(self)

        def patched_update(self: Any, n: float | None = 1) -> bool | None:
            result = update(self, n)
            _report_bar(self)
            return result  # type: ignore[no-any-return]

        def patched_close(self: Any) -> None:
            if not getattr(self, "disable", True):
                _report_bar(self)
            close(self)

        cls.__init__, cls.update, cls.close = patched_init, patched_update, patched_close


class _Nowhere:
    """A file that drops what tqdm writes; no ``isatty``, so ``disable=None`` keeps it on."""

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        return None


_NOWHERE = _Nowhere()
_FILE_ARG = 4  # tqdm(iterable, desc, total, leave, file, ...)


def _draws_on_a_terminal(args: tuple[Any, ...], kwargs: dict[str, Any]) -> bool:
    """The bar writes to stdout/stderr (its default), not to a file of the function's own."""
    import sys

    if len(args) > _FILE_ARG:
        return args[_FILE_ARG] in (None, sys.stdout, sys.stderr)
    return kwargs.get("file") in (None, sys.stdout, sys.stderr)


def _uninstall(cls: Any) -> None:
    global _tqdm_users
    with _tqdm_lock:
        _tqdm_users -= 1
        if _tqdm_users == 0:
            for name, method in _tqdm_saved.items():
                setattr(cls, name, method)
            _tqdm_saved.clear()


def _report_bar(bar: Any) -> None:
    reporter = _tqdm_reporter.get()
    if reporter is None or getattr(bar, "disable", True):
        return
    total = bar.total
    index = int(bar.n)
    count = int(total) if total else None
    fraction = min(1.0, index / total) if total else None
    desc = str(bar.desc).rstrip(": ") or None if bar.desc else None
    reporter.report(
        ProgressUpdate(progress=fraction, desc=desc, index=index, total=count, unit=bar.unit)
    )
