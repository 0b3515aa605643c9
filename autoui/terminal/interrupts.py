"""What each Ctrl+C does while a call runs, the same for ``autoui run`` and ``autoui call``.

A call takes its steps in order, one per Ctrl+C, then quits at once (exit code 130):

- a plain call: cancel it (a generator stops at its next yield, its ``finally`` runs);
- a call fed live (``--audio -``, ``--realtime``): first *end the input* — the function
  answers with what it heard so far and the result is printed — then cancel.

The local backend presses from a signal handler on its event loop, the remote one from
``except KeyboardInterrupt``; both say what happens next on the status console.

Ctrl+C is the session's when SIGINT reaches it: :func:`claim_ctrl_c` (called as a session
starts) takes it back when the process inherited SIGINT *ignored* — what a shell without
job control gives a background command (``pytest ... &``, a CI script), so everything it
starts too — yet runs in the foreground of the terminal it reads from (a pty opened for
it, tmux). Python installs no ``KeyboardInterrupt`` handler for an ignored SIGINT, so
without this the key did nothing at all. A command whose input is not that terminal keeps
the ignore, as a background job should.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass

from rich.console import Console

from autoui.terminal.outcome import CANCELLED

__all__ = ["Interrupts", "Step", "call_steps", "claim_ctrl_c", "ctrl_c_ignored"]


@dataclass(frozen=True)
class Step:
    """One Ctrl+C: what it says, and what it does."""

    message: str
    action: Callable[[], None]


def call_steps(cancel: Callable[[], None], end_input: Callable[[], None] | None) -> list[Step]:
    """The steps of a call: end its live input first (if it has one), then cancel it."""
    steps = [Step("Cancelling… (Ctrl+C again to quit now)", cancel)]
    if end_input is not None:
        steps.insert(0, Step("Ending the input… (Ctrl+C again to cancel)", end_input))
    return steps


class Interrupts:
    """Counts Ctrl+C presses and takes the next step on each.

    Args:
        console: where the steps are announced (the live view's status console).
        steps: in order; once they are used up, a press quits at once.
        before_quit: called just before quitting (e.g. kill worker processes).
    """

    def __init__(
        self,
        console: Console,
        steps: list[Step],
        before_quit: Callable[[], None] | None = None,
    ) -> None:
        self.console = console
        self.steps = steps
        self.before_quit = before_quit
        self.presses = 0

    def press(self) -> None:
        """One Ctrl+C."""
        self.presses += 1
        if self.presses > len(self.steps):
            self.console.show_cursor(True)
            if self.before_quit is not None:
                self.before_quit()
            os._exit(CANCELLED)
        step = self.steps[self.presses - 1]
        self.console.print(f"[yellow]{step.message}[/]")
        step.action()


def claim_ctrl_c() -> None:
    """Let Ctrl+C raise ``KeyboardInterrupt`` if it is ours but arrived ignored (see above)."""
    if ctrl_c_ignored() and _foreground_of_own_terminal():
        signal.signal(signal.SIGINT, signal.default_int_handler)


def ctrl_c_ignored() -> bool:
    """Whether SIGINT is ignored in this process (it then belongs to someone else)."""
    try:
        return signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    except ValueError:  # pragma: no cover - not the main thread of the main interpreter
        return False


def _foreground_of_own_terminal() -> bool:
    """Standard input is a terminal, and this process runs in its foreground group."""
    try:
        stdin = sys.stdin.fileno() if sys.stdin is not None else -1
        return stdin >= 0 and os.isatty(stdin) and os.tcgetpgrp(stdin) == os.getpgrp()
    except (AttributeError, OSError, ValueError):  # no tcgetpgrp (Windows), closed stdin
        return False
