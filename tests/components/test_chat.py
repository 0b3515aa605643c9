from __future__ import annotations

import pytest

from autoui.components import Chat
from autoui.errors import ValidationError
from autoui.localfiles import LocalFiles

HISTORY = [
    {"role": "user", "content": "hi"},
    {"role": "assistant", "content": "hello"},
    {"role": "user", "content": "bye"},
]


def test_messages_format_passes_messages(files: LocalFiles) -> None:
    assert Chat().preprocess(HISTORY, files) == HISTORY


def test_tuples_format_pairs_turns(files: LocalFiles) -> None:
    assert Chat(format="tuples").preprocess(HISTORY, files) == [("hi", "hello"), ("bye", None)]


def test_outputs_reply_or_history(files: LocalFiles) -> None:
    assert Chat().postprocess("a reply", files) == "a reply"
    assert Chat().postprocess([("hi", "hello"), ("bye", None)], files) == HISTORY


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ("hi", "expected a chat history"),
        ([{"role": "robot", "content": "x"}], "message 1"),
        ([{"role": "user", "content": 5}], "content as text"),
        ([{"role": "user"}], "content as text"),
    ],
)
def test_bad_histories(files: LocalFiles, payload: object, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Chat().preprocess(payload, files)
