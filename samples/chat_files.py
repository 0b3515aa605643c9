"""A chat that takes attachments: the message is text plus files (pictures, documents).

A ``message`` parameter annotated ``autoui.Message`` is a multimodal box: the function
receives ``message.text`` and ``message.files`` (local paths)::

    autoui serve samples/chat_files.py
    autoui run samples/chat_files.py --message '{"text": "look", "files": ["cat.png"]}'
"""

from __future__ import annotations

import autoui


def reply(message: autoui.Message, history: list[dict[str, str]]) -> str:
    """Say what came with each message.

    Args:
        message: what you say, and the files you attach.
        history: the conversation so far.
    """
    if not message.files:
        return f"You said: {message.text!r} (message {len(history) // 2 + 1})."
    sizes = ", ".join(f"{path.name} ({path.stat().st_size} bytes)" for path in message.files)
    return f"You said {message.text!r} and sent {len(message.files)} file(s): {sizes}."
