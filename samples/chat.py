"""Chat: a function of ``(message, history)`` is a chatbot.

The chat rule: parameters named ``message`` and ``history`` (a list, or no hint) make
a chat app. ``history`` is the conversation so far, as
``[{"role": "user" | "assistant", "content": str}, ...]``; the returned ``str`` is the
reply. Other parameters (``style`` here) are ordinary inputs.
"""

from __future__ import annotations

from typing import Literal


def reply(
    message: str,
    history: list[dict[str, str]],
    style: Literal["echo", "shout", "reverse"] = "echo",
) -> str:
    """A chatbot that repeats what you say, in a style, and remembers how often.

    Args:
        message: what you say.
        history: the conversation so far.
        style: how to repeat it.
    """
    said = sum(1 for turn in history if turn.get("role") == "user")
    if style == "shout":
        text = message.upper()
    elif style == "reverse":
        text = message[::-1]
    else:
        text = message
    return f"{text} (message {said + 1} of this chat)"
