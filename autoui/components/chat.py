"""A chat: the conversation so far, as the message list of the wire form.

Wire: ``[{"role": "user" | "assistant" | "system", "content": str}, ...]``. The function
receives it as messages (the same dicts) or as ``(user, assistant)`` pairs, per
``format``; it may return a reply (a ``str``), or a whole history in either form.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from autoui.components.base import Component, internal
from autoui.components.checks import expected
from autoui.errors import ValidationError
from autoui.files import FileContext

__all__ = ["Chat"]

ROLES = ("user", "assistant", "system")
Message = dict[str, str]


def _messages(payload: Any) -> list[Message]:
    if not isinstance(payload, list):
        raise expected('a chat history [{"role": ..., "content": ...}, ...]', payload)
    messages: list[Message] = []
    for index, item in enumerate(payload):
        if isinstance(item, list | tuple) and len(item) == 2:  # a (user, assistant) pair
            messages.extend(_pair_messages(item, index))
            continue
        if not isinstance(item, dict) or item.get("role") not in ROLES:
            raise ValidationError(
                f'message {index + 1}: expected {{"role": "user" | "assistant", "content": text}}'
            )
        content = item.get("content")
        if not isinstance(content, str):
            raise ValidationError(f"message {index + 1}: expected its content as text")
        messages.append({"role": item["role"], "content": content})
    return messages


def _pair_messages(pair: Any, index: int) -> list[Message]:
    out = []
    for role, content in zip(("user", "assistant"), pair, strict=True):
        if content is None:
            continue
        if not isinstance(content, str):
            raise ValidationError(f"message {index + 1}: expected its content as text")
        out.append({"role": role, "content": content})
    return out


def _pairs(messages: list[Message]) -> list[tuple[str | None, str | None]]:
    pairs: list[tuple[str | None, str | None]] = []
    for message in messages:
        if message["role"] == "user":
            pairs.append((message["content"], None))
        elif message["role"] == "assistant":
            if pairs and pairs[-1][1] is None:
                pairs[-1] = (pairs[-1][0], message["content"])
            else:
                pairs.append((None, message["content"]))
    return pairs


@dataclass(frozen=True)
class Chat(Component):
    """A conversation."""

    kind: ClassVar[str] = "chat"

    format: Literal["messages", "tuples"] = internal("messages")

    def preprocess(self, payload: Any, files: FileContext) -> Any:
        messages = _messages(payload)
        return _pairs(messages) if self.format == "tuples" else messages

    def postprocess(self, value: Any, files: FileContext) -> Any:
        if value is None or isinstance(value, str):
            return value
        return _messages(list(value) if isinstance(value, tuple) else value)

    def encode_default(self, value: Any) -> Any:
        return self.default_as_output(value)

    def json_schema(self) -> dict[str, Any]:
        message = {
            "type": "object",
            "properties": {"role": {"enum": list(ROLES)}, "content": {"type": "string"}},
            "required": ["role", "content"],
        }
        return {"type": "array", "items": message}

    def example_payload(self) -> Any:
        return [{"role": "user", "content": "Hello!"}, {"role": "assistant", "content": "Hi!"}]
