"""The chat rule: which parameters make a function a chatbot, and what its history is.

A function with a parameter named ``message`` and one named ``history`` (or Gradio's
``chat_history``) whose hints fit a conversation — a list of messages (dicts,
TypedDicts, models) or of ``(user, assistant)`` pairs, or no hint; not ``list[str]`` —
is a chatbot: ``message`` a textbox (or a message with attachments), the history a
chat input that starts empty, and its one output (``str``, or streamed ``Iterator[str]``)
a chat. :mod:`autoui.introspect` applies the rule while it reads the whole function.
"""

from __future__ import annotations

import inspect
import typing
from typing import Any

from autoui.spec import ParamSpec
from autoui.typehints import is_list_of, list_item, type_repr

__all__ = ["CHAT_HISTORY_NAMES", "chat_history_param", "history_input"]

_EMPTY = inspect.Parameter.empty

CHAT_HISTORY_NAMES = ("history", "chat_history")
"""Parameter names that hold the conversation so far, next to one named ``message``."""


def chat_history_param(signature: inspect.Signature, hints: dict[str, Any]) -> str | None:
    """The chat rule: ``message`` and a history whose hints fit a conversation.

    A history is ``history`` or ``chat_history`` (Gradio's name), unannotated or a list
    of messages (dicts, TypedDicts, models) or of ``(user, assistant)`` pairs; ``message``
    is text (or an ``autoui.Message``) or unannotated. ``history: list[str]`` is a list
    of strings, not a chat.
    """
    params = signature.parameters
    if "message" not in params or not _is_text_hint(hints.get("message", _EMPTY)):
        return None
    for name in CHAT_HISTORY_NAMES:
        if name in params and _fits_a_conversation(hints.get(name, _EMPTY)):
            return name
    return None


def history_input(param: inspect.Parameter, annotation: Any, info: str | None) -> ParamSpec:
    """The history's input: a chat of messages, or of pairs when the hint says so."""
    from autoui.components import Chat

    item = list_item(annotation) if is_list_of(annotation) else None
    pairs = typing.get_origin(item) in (tuple, list) or item in (tuple, list)
    return ParamSpec(
        name=param.name,
        component=Chat(format="tuples" if pairs else "messages", info=info),
        annotation=type_repr(annotation) if annotation is not _EMPTY else "",
        # A new chat has no history: absent or null, the function gets [] (not None).
        default=[] if param.default is _EMPTY or param.default is None else param.default,
    )


def _is_text_hint(hint: Any) -> bool:
    """Text, unannotated, or an ``autoui.Message`` (text with attachments)."""
    from autoui.components.multimodal import Message
    from autoui.registry.annotations import unwrap

    return hint is _EMPTY or unwrap(hint)[0] in (str, Any, Message)


def _fits_a_conversation(hint: Any) -> bool:
    from autoui.registry.annotations import unwrap
    from autoui.registry.builtins import is_message_type

    if hint is _EMPTY:
        return True
    bare = unwrap(hint)[0]
    if bare is list:
        return True
    if not is_list_of(bare):
        return False
    item = unwrap(list_item(bare))[0]
    if item is Any or is_message_type(item):
        return True
    if item in (tuple, list) or typing.get_origin(item) is list:  # [user, assistant]
        return True
    parts = typing.get_args(item)
    return typing.get_origin(item) is tuple and (len(parts) == 2 or parts[-1:] == (Ellipsis,))
