"""Every error autoui raises on purpose, as one tree.

::

    AutoUIError                  root: catch this to catch anything autoui meant to raise
    ├── LoadError                a target ("module:func", "file.py") could not be loaded
    ├── SpecError                a function cannot be turned into an app (bad Annotated, ...)
    ├── ValidationError          a payload does not fit a parameter; names the parameter
    ├── QueueFullError           the queue is at --max-queue; retry later
    └── ClientError              raised by autoui.Client with the server's message

    Error                        raised by *user functions* to end a job with a message
                                 shown to the user (``raise autoui.Error("no face found")``)

Messages are written for the person who will read them: they name the parameter or
target concerned and, where there is one, the fix.
"""

from __future__ import annotations

__all__ = [
    "AutoUIError",
    "ClientError",
    "Error",
    "LoadError",
    "QueueFullError",
    "SpecError",
    "TooManyJobsError",
    "ValidationError",
]


class AutoUIError(Exception):
    """Root of every error autoui raises on purpose."""


class LoadError(AutoUIError):
    """A target could not be loaded; the message is one line a user can act on.

    ``details`` holds extra lines (a trimmed traceback of the user's module) that
    front ends may show under the message.
    """

    def __init__(self, message: str, details: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class SpecError(AutoUIError):
    """A function's signature cannot be turned into components."""


class ValidationError(AutoUIError):
    """A payload does not fit what a parameter expects.

    Components raise it without a parameter name; the pipeline fills ``param`` in,
    so ``str(err)`` reads ``"top_k: expected a whole number, got 'abc'"``.
    """

    def __init__(self, message: str, param: str | None = None) -> None:
        self.message = message
        self.param = param
        super().__init__(self._text())

    def _text(self) -> str:
        return f"{self.param}: {self.message}" if self.param else self.message

    def with_param(self, param: str) -> ValidationError:
        """The same error for ``param`` (nested form fields give ``outer.inner``)."""
        name = f"{param}.{self.param}" if self.param else param
        return ValidationError(self.message, param=name)

    def __str__(self) -> str:
        return self._text()


class QueueFullError(AutoUIError):
    """The queue holds --max-queue jobs already; ``retry_after`` is a hint in seconds."""

    def __init__(self, message: str, retry_after: int = 1) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class TooManyJobsError(QueueFullError):
    """One client already has ``limit`` jobs queued or running (``--max-jobs-per-client``).

    A subclass of :class:`QueueFullError` so a caller that only knows "try again later"
    still handles it; the server answers 429 instead of 503, since the client can fix it.
    """

    def __init__(self, message: str, limit: int, retry_after: int = 1) -> None:
        super().__init__(message, retry_after)
        self.limit = limit


class ClientError(AutoUIError):
    """An autoui server answered a client call with an error.

    Attributes:
        message: the server's message, ready to show.
        param: the parameter concerned, when the server named one.
        status: the HTTP status, when there was one.
        type: the error type the server reported (e.g. ``"Error"``, ``"ValueError"``).
    """

    def __init__(
        self,
        message: str,
        *,
        param: str | None = None,
        status: int | None = None,
        type: str | None = None,
    ) -> None:
        super().__init__(f"{param}: {message}" if param else message)
        self.message = message
        self.param = param
        self.status = status
        self.type = type


class Error(Exception):
    """Raise this in your function to end the job with a message meant for the user.

    Unlike any other exception, its message is always shown (other exceptions only
    show their type unless the server runs with ``--show-errors``).

    Args:
        message: what went wrong, in words for the person using the app.
        title: an optional short heading for the error modal.
    """

    def __init__(self, message: str, title: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.title = title
