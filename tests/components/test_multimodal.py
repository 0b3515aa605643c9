"""A multimodal message: text and attachments in, a Message for the function."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import autoui
from autoui.components import Multimodal
from autoui.errors import ValidationError
from autoui.localfiles import LocalFiles


def test_text_and_files_become_a_message(
    files: LocalFiles, upload: Callable[[bytes, str], dict[str, Any]]
) -> None:
    payload = {"text": "look", "files": [upload(b"hello", "a.txt"), "data:text/plain,hi"]}
    message = Multimodal().preprocess(payload, files)
    assert isinstance(message, autoui.Message) and message.text == "look"
    assert [path.read_bytes() for path in message.files] == [b"hello", b"hi"]
    assert Multimodal().preprocess("just text", files) == autoui.Message("just text")


def test_attachments_are_checked(
    files: LocalFiles, upload: Callable[[bytes, str], dict[str, Any]]
) -> None:
    with pytest.raises(ValidationError, match="at most 1 files per message, got 2"):
        Multimodal(max_files=1).preprocess({"text": "", "files": ["data:,a", "data:,b"]}, files)
    with pytest.raises(ValidationError, match="file 1: expected a file of type .png"):
        Multimodal(file_types=(".png",)).preprocess({"files": [upload(b"x", "a.txt")]}, files)
    with pytest.raises(ValidationError, match="file 1: "):
        Multimodal().preprocess({"text": "", "files": [{"path": "/etc/passwd"}]}, LocalFiles(
            files.out_dir, allow_paths=False
        ))


def test_a_message_goes_out_with_its_files_and_comes_back(
    files: LocalFiles, tmp_path: Path
) -> None:
    note = tmp_path / "note.txt"
    note.write_text("hi")
    payload = Multimodal().postprocess(autoui.Message("see", [note]), files)
    assert payload["text"] == "see" and payload["files"][0]["name"] == "note.txt"
    back = Multimodal().read_output(payload, files)
    assert back.text == "see" and back.files[0].read_text() == "hi"
