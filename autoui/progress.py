"""``autoui.Progress``, ``autoui.Info`` and ``autoui.Warning``: how a function talks to its user.

They report into the *current job* through a context variable, so they work the same
under the server, the terminal and in tests, and are silent no-ops (or plain Python
warnings) when the function is called directly. The runner installs a :class:`Reporter`
for each job; asyncio and ``asyncio.to_thread`` copy context variables, so reports from
worker threads reach the right job.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import warnings
from collections.abc import Iterable, Iterator
from typing import Protocol, TypeVar

from autoui.events import Alert, ProgressUpdate

__all__ = ["Info", "Progress", "Reporter", "Warning", "current_reporter", "reporting"]

T = TypeVar("T")
log = logging.getLogger("autoui")


class Reporter(Protocol):
    """Receives what a running function reports. Must be safe to call from any thread."""

    def report(self, event: ProgressUpdate | Alert) -> None: ...


_reporter: contextvars.ContextVar[Reporter | None] = contextvars.ContextVar(
    "autoui_reporter", default=None
)


def current_reporter() -> Reporter | None:
    """The reporter of the job running in this context, if any."""
    return _reporter.get()


@contextlib.contextmanager
def reporting(reporter: Reporter | None) -> Iterator[None]:
    """Route Progress/Info/Warning calls made inside the block to ``reporter``."""
    token = _reporter.set(reporter)
    try:
        yield
    finally:
        _reporter.reset(token)


def _emit(event: ProgressUpdate | Alert) -> bool:
    reporter = _reporter.get()
    if reporter is None:
        return False
    reporter.report(event)
    return True


def Info(message: str) -> None:  # noqa: N802 - reads like the other alert helpers
    """Show ``message`` to the user as an informational toast; the function goes on."""
    if not _emit(Alert(level="info", message=str(message))):
        log.info("%s", message)


def Warning(message: str) -> None:  # noqa: A001,N802 - public name mirrors Info/Error
    """Show ``message`` to the user as a warning toast; the function goes on."""
    if not _emit(Alert(level="warning", message=str(message))):
        warnings.warn(str(message), UserWarning, stacklevel=2)


ProgressValue = float | tuple[int, int | None] | None


class Progress:
    """A progress tracker. Give a parameter this default and autoui fills it in.

    The parameter is not an input: the runner passes a tracker bound to the job::

        def train(epochs: int, progress=autoui.Progress()):
            for epoch in progress.tqdm(range(epochs), desc="training"):
                ...

    Args:
        track_tqdm: also report every ``tqdm`` bar the function (or a library it calls)
            creates, without changing that code.
    """

    def __init__(self, track_tqdm: bool = False) -> None:
        self.track_tqdm = track_tqdm

    def __repr__(self) -> str:
        return f"autoui.Progress(track_tqdm={self.track_tqdm})"

    def __call__(
        self,
        progress: ProgressValue,
        desc: str | None = None,
        total: int | None = None,
        unit: str = "steps",
    ) -> None:
        """Report progress: a fraction ``0.4``, a count ``(i, n)``, or None (busy, unknown).

        Args:
            progress: fraction done (0–1), ``(index, total)``, or None for "working".
            desc: a short description shown next to the bar.
            total: the total count, when ``progress`` is an index.
            unit: what is counted ("steps", "files", "it").
        """
        _emit(_make_update(progress, desc, total, unit))

    def tqdm(
        self,
        iterable: Iterable[T],
        desc: str | None = None,
        total: int | None = None,
        unit: str = "steps",
    ) -> Iterator[T]:
        """Iterate ``iterable`` and report ``(i, total)`` after each item."""
        if total is None:
            try:
                total = len(iterable)  # type: ignore[arg-type]
            except TypeError:
                total = None
        _emit(_make_update((0, total), desc, total, unit))
        for index, item in enumerate(iterable, start=1):
            yield item
            _emit(_make_update((index, total), desc, total, unit))


def _make_update(
    progress: ProgressValue, desc: str | None, total: int | None, unit: str
) -> ProgressUpdate:
    if isinstance(progress, tuple):
        index, count = progress[0], progress[1] if len(progress) > 1 else total
        fraction = None if not count else max(0.0, min(1.0, index / count))
        return ProgressUpdate(progress=fraction, desc=desc, index=index, total=count, unit=unit)
    fraction = None if progress is None else max(0.0, min(1.0, float(progress)))
    return ProgressUpdate(progress=fraction, desc=desc, index=None, total=total, unit=unit)


