"""A chat function as a conversation in the terminal, over either session backend.

A function that follows the chat rule (a ``message`` text and a ``history`` chat
input) run with no ``--message`` on an interactive terminal becomes a read-reply loop:
each line typed is sent with the conversation so far, the reply is drawn as it
streams, and both join the history for the next turn. Other options given on the
command line (``--style shout``) apply to every turn. An empty line, Ctrl+D or Ctrl+C
at the prompt ends the chat; an error ends only its turn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Console

from autoui.events import Cancelled, Complete
from autoui.terminal.outcome import CANCELLED, OK, RunSettings
from autoui.wire import WireFunction, WireParam

if TYPE_CHECKING:
    from autoui.terminal.session import Backend

__all__ = ["chat_inputs", "chat_loop"]

def chat_inputs(fn: WireFunction) -> tuple[str, str] | None:
    """``(message input, history input)`` names when the function is a chat, else None."""
    history = next((param.name for param in fn.inputs if param.kind == "chat"), None)
    texts = [param.name for param in fn.inputs if _is_message(param)]
    message = "message" if "message" in texts else (texts[0] if texts else None)
    return (message, history) if message and history else None


def _is_message(param: WireParam) -> bool:
    """A text box, or a message with attachments (its typed turns: text, no files)."""
    return param.kind == "textbox" or param.traits.attachments


def chat_loop(
    backend: Backend,
    fn: WireFunction,
    payloads: dict[str, Any],
    settings: RunSettings,
    *,
    console: Console,
) -> int:
    """Chat until the user stops; returns the exit code (130 if a reply was cancelled)."""
    from rich.prompt import Prompt

    from autoui.terminal.session import call_with_view

    names = chat_inputs(fn)
    assert names is not None
    message_name, history_name = names
    history: list[dict[str, Any]] = list(payloads.get(history_name) or [])
    console.print(f"[dim]Chatting with {fn.name}: an empty line or Ctrl+D ends.[/]")
    while True:
        try:
            message = Prompt.ask(
                "[bold cyan]you[/]", console=console, default="", show_default=False
            )
        except (EOFError, KeyboardInterrupt):
            console.print()
            return OK
        if not message.strip():
            return OK
        said: Any = message
        if fn.input(message_name).traits.attachments:
            said = {"text": message, "files": []}  # typed turns carry no attachments
        turn = {**payloads, message_name: said, history_name: history}
        event, _ = call_with_view(backend, fn, turn, settings, console=console)
        if isinstance(event, Cancelled):
            return CANCELLED
        if isinstance(event, Complete):
            history = _next_history(history, message, event.data[0] if event.data else None)


def _next_history(history: list[dict[str, Any]], message: str, reply: Any) -> list[dict[str, Any]]:
    """The conversation after one turn: the reply may be the answer or the whole history."""
    if isinstance(reply, list):
        return reply
    return [
        *history,
        {"role": "user", "content": message},
        {"role": "assistant", "content": str(reply)},
    ]
