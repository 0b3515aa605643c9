from __future__ import annotations

import pytest

from autoui.components import HTML, Code, Color, Markdown, Textbox
from autoui.errors import ValidationError
from autoui.localfiles import LocalFiles


def test_textbox_passes_text_through(files: LocalFiles) -> None:
    assert Textbox().preprocess("héllo\nworld", files) == "héllo\nworld"


@pytest.mark.parametrize("payload", [3, None, ["a"], {"a": 1}, True])
def test_textbox_rejects_non_text(files: LocalFiles, payload: object) -> None:
    with pytest.raises(ValidationError, match="expected text"):
        Textbox().preprocess(payload, files)


def test_textbox_max_length_says_the_limit(files: LocalFiles) -> None:
    box = Textbox(max_length=5)
    assert box.preprocess("12345", files) == "12345"
    with pytest.raises(ValidationError, match="at most 5"):
        box.preprocess("123456", files)


def test_textbox_output_converts_to_str(files: LocalFiles) -> None:
    assert Textbox().postprocess(42, files) == "42"
    assert Textbox().postprocess("x", files) == "x"


def test_markdown_and_code_keep_strings(files: LocalFiles) -> None:
    assert Markdown().postprocess("# t <b>x</b>", files) == "# t <b>x</b>"
    assert Code(language="sql").postprocess("select 1", files) == "select 1"
    assert Code(language="sql").props() == {"language": "sql"}


def test_html_output_is_sanitised(files: LocalFiles) -> None:
    out = HTML().postprocess('<p onclick="x()">hi<script>alert(1)</script></p>', files)
    assert out == "<p>hi</p>"


@pytest.mark.parametrize(
    ("payload", "normalised"),
    [
        ("#FF8800", "#ff8800"),
        ("#f80", "#ff8800"),
        ("  #abcdef ", "#abcdef"),
        ("rgb(255, 136, 0)", "#ff8800"),
        ("rgba(0,0,0,0.5)", "#000000"),
    ],
)
def test_color_normalises(files: LocalFiles, payload: str, normalised: str) -> None:
    assert Color().preprocess(payload, files) == normalised


@pytest.mark.parametrize("payload", ["red", "#12345", "rgb(300,0,0)", 5, None, "#ggg"])
def test_color_rejects_other_forms(files: LocalFiles, payload: object) -> None:
    with pytest.raises(ValidationError, match="colour"):
        Color().preprocess(payload, files)


def test_color_output_accepts_channel_tuples(files: LocalFiles) -> None:
    assert Color().postprocess((1, 2, 255), files) == "#0102ff"
    assert Color().encode_default("#ABC") == "#aabbcc"
    assert Color().encode_default("not a colour") is None


def test_textbox_output_decodes_bytes(files: LocalFiles) -> None:
    assert Textbox().postprocess("café".encode(), files) == "café"
