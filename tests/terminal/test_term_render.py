"""Renderers per component kind, drawn into a string console and compared as text."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from rich.text import Text
from term_specs import field_json

from autoui.errors import ValidationError
from autoui.terminal.halfblock import HalfBlockImage
from autoui.terminal.render import render_outputs
from autoui.wire import WireFunction


def console(*, color: bool = False, width: int = 80) -> Console:
    return Console(
        file=io.StringIO(),
        width=width,
        force_terminal=color,
        color_system="truecolor" if color else None,
    )


def text_of(con: Console) -> str:
    assert isinstance(con.file, io.StringIO)
    return con.file.getvalue()


def no_file(payload: dict[str, Any]) -> Path:
    raise AssertionError("no file expected")


def show(kind: str, payload: Any, *, props: dict[str, Any] | None = None, **kw: Any) -> str:
    con = kw.pop("con", None) or console()
    fn = WireFunction.from_json(
        {"name": "f", "outputs": [field_json("out", kind, label="Out", props=props or {})]}
    )
    render_outputs(con, fn, [payload], open_file=kw.pop("open_file", no_file))
    return text_of(con)


def test_text_and_numbers_print_as_they_are() -> None:
    assert show("textbox", "Hello, Ada!") == "Hello, Ada!\n"
    assert show("number", 42) == "42\n"
    assert show("checkbox", True) == "✓ yes\n"
    assert show("textbox", None) == "(empty)\n"


def test_markdown_is_rendered_not_shown_raw() -> None:
    out = show("markdown", "# Title\n\nSome **bold** text\n\n- one\n- two")
    assert "Title" in out and "Some bold text" in out
    assert "**" not in out and "# Title" not in out
    assert "• one" in out


def test_code_keeps_its_text() -> None:
    out = show("code", "def f():\n    return 1\n", props={"language": "python"})
    assert "def f():" in out and "    return 1" in out


def test_json_is_pretty_printed() -> None:
    out = show("json", {"name": "Ada", "langs": ["en", "fr"]})
    assert out.splitlines() == [
        "{",
        '  "name": "Ada",',
        '  "langs": [',
        '    "en",',
        '    "fr"',
        "  ]",
        "}",
    ]


def test_label_is_a_bar_chart_sorted_as_given() -> None:
    payload = {
        "label": "cat",
        "confidences": [{"label": "cat", "confidence": 0.8}, {"label": "dog", "confidence": 0.2}],
    }
    lines = show("label", payload).splitlines()
    assert lines[0] == "cat"
    assert lines[1].split() == ["cat", "█" * 24, "80%"]
    assert lines[2].split() == ["dog", "█" * 6, "20%"]


def test_dataframe_is_a_table_and_long_ones_are_cut() -> None:
    out = show("dataframe", {"headers": ["name", "age"], "rows": [["Ada", 36], ["Alan", 41]]})
    assert "┃ name ┃ age ┃" in out
    assert "│ Ada  │  36 │" in out  # numbers to the right
    many = {"headers": ["n"], "rows": [[i] for i in range(100)]}
    out = show("dataframe", many)
    assert "30 of 100 rows shown" in out and "│ 29 │" in out and "│ 30 │" not in out


def test_numbers_in_tables_are_never_cut_and_read_well() -> None:
    """The new user's table: populations cut to ``546885…``, ``null`` for NaN, float noise."""
    headers = ["city", "population", "area", "density", "note"]
    rows = [
        ["Utrecht", 546885123, 99.21, None, "a long remark that has to wrap somewhere"],
        ["Zürich", 443037, 87.88, 5041.3, "short"],
        ["Sum", 546885123 + 443037, 200.66000000000003, float("nan"), ""],
    ]
    for width in (120, 50, 30):
        con = console(width=width)
        render_outputs(con, _table_fn(), [{"headers": headers, "rows": rows}], open_file=no_file)
        out = text_of(con)
        for number in ("546885123", "547328160", "99.21", "5041.3", "200.66"):
            assert number in out, (width, out)
        assert "…" not in out and "null" not in out and "200.66000000000003" not in out
        assert out.count("NaN") == 2  # None and NaN: a missing number either way
        assert max(len(line) for line in out.splitlines()) <= width  # folded, not cut
    assert "│  546885123 │" in out and "│     443037 │" in out  # right-aligned


def _table_fn() -> WireFunction:
    return WireFunction.from_json({"name": "f", "outputs": [field_json("out", "dataframe")]})


def test_html_shows_its_text_without_tags() -> None:
    assert show("html", "<p>Hello <b>world</b></p>") == "Hello world\n"


def test_several_outputs_each_under_its_label() -> None:
    con = console()
    fn = WireFunction.from_json(
        {
            "name": "f",
            "outputs": [
                {"name": "a", "component": "textbox", "label": "Summary", "props": {}},
                {"name": "b", "component": "number", "label": "Word count", "props": {}},
            ],
        }
    )
    render_outputs(con, fn, ["short", 2], open_file=no_file)
    lines = [line.strip("─ ") for line in text_of(con).splitlines()]
    assert lines == ["Summary", "short", "Word count", "2"]


def red_square(path: Path, size: tuple[int, int] = (40, 20)) -> Path:
    from PIL import Image

    Image.new("RGB", size, (255, 0, 0)).save(path)
    return path


def test_file_outputs_print_where_they_were_saved(tmp_path: Path) -> None:
    saved = tmp_path / "report.pdf"
    payload = {
        "id": "x",
        "url": "/x",
        "name": "report.pdf",
        "mime_type": "application/pdf",
        "size": 2048,
    }
    out = show("file", payload, open_file=lambda p: saved)
    assert out == f"saved file: {saved} (application/pdf, 2.0 KB)\n"


def test_image_preview_in_colour_on_a_terminal(tmp_path: Path) -> None:
    path = red_square(tmp_path / "red.png")
    payload = {"id": "x", "url": "/x", "name": "red.png", "mime_type": "image/png", "size": 10}
    con = console(color=True, width=30)
    out = show("image", payload, open_file=lambda p: path, con=con)
    assert "\x1b[38;2;255;0;0;48;2;255;0;0m▀" in out  # red over red, true colour
    assert f"saved image: {path}" in Text.from_ansi(out).plain


def test_image_without_colours_prints_only_the_path(tmp_path: Path) -> None:
    path = red_square(tmp_path / "red.png")
    payload = {"id": "x", "url": "/x", "name": "red.png", "mime_type": "image/png", "size": 10}
    out = show("image", payload, open_file=lambda p: path)
    assert "▀" not in out and out.startswith("saved image:")


@pytest.mark.parametrize(
    ("size", "width", "expected"),
    [((40, 20), 30, (30, 8)), ((40, 20), 80, (40, 10)), ((10, 100), 80, (4, 20))],
)
def test_half_block_size_keeps_aspect_ratio(
    size: tuple[int, int], width: int, expected: tuple[int, int]
) -> None:
    image = HalfBlockImage("unused")
    assert image.size_for(size[0], size[1], width, 20) == expected


def test_half_block_fills_the_width_given(tmp_path: Path) -> None:
    path = red_square(tmp_path / "red.png", (100, 50))
    con = console(color=True, width=24)
    con.print(HalfBlockImage(path))
    lines = text_of(con).splitlines()
    plain = [Text.from_ansi(line).plain for line in lines]
    assert len(lines) == 6 and all(line == "▀" * 24 for line in plain)


def test_an_unreadable_image_still_prints_where_it_was_saved(tmp_path: Path) -> None:
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"not a png")
    payload = {"id": "x", "url": "/x", "name": "broken.png", "mime_type": "image/png", "size": 9}
    out = Text.from_ansi(
        show("image", payload, open_file=lambda p: broken, con=console(color=True))
    )
    assert "(no preview:" in out.plain and f"saved image: {broken}" in out.plain


# -- kinds with a module of their own (autoui/terminal/kinds/) ------------------------------
def test_highlighted_text_marks_each_labelled_span() -> None:
    spans = [
        {"text": "Ada", "label": "PER"},
        {"text": " met ", "label": None},
        {"text": "Grace", "label": "PER"},
        {"text": " in ", "label": None},
        {"text": "1843", "label": "DATE"},
    ]
    plain = show("highlighted_text", spans).splitlines()
    assert plain == ["Ada[PER] met Grace[PER] in 1843[DATE]", "■ PER  ■ DATE"]
    colour = show("highlighted_text", spans, props={"color_map": {"PER": "#ff0000"}},
                  con=console(color=True))  # fmt: skip
    assert "\x1b[1;38;2;255;0;0mAda" in colour  # the app's colour for PER


def test_image_slider_shows_both_sides_and_saves_them(tmp_path: Path) -> None:
    before, after = red_square(tmp_path / "a.png"), red_square(tmp_path / "b.png")
    by_name = {"a.png": before, "b.png": after}
    payload = [
        {"id": "1", "url": "/1", "name": "a.png", "mime_type": "image/png", "size": 10},
        {"id": "2", "url": "/2", "name": "b.png", "mime_type": "image/png", "size": 10},
    ]
    out = show(
        "image_slider", payload, props={"labels": ["Original", "Sharpened"]},
        open_file=lambda p: by_name[p["name"]], con=console(color=True, width=100),
    )  # fmt: skip
    plain = Text.from_ansi(out).plain
    assert "Original" in plain and "Sharpened" in plain and plain.count("▀") > 20
    assert f"saved original: {before}" in plain and f"saved sharpened: {after}" in plain


def test_download_lists_the_saved_files(tmp_path: Path) -> None:
    target = tmp_path / "report.tsv"
    payload = [{"id": "x", "url": "/x", "name": "report.tsv", "mime_type": "text/plain", "size": 9}]
    out = show("download", payload, open_file=lambda p: target)
    assert out == f"⬇ saved download: {target} (text/plain, 9 B)\n"


def test_a_multimodal_message_is_typed_as_text_or_json(tmp_path: Path) -> None:
    from term_specs import field

    from autoui.terminal.convert import to_payload

    message = field("message", "multimodal")
    assert to_payload(message, "hello") == {"text": "hello", "files": []}
    cat = tmp_path / "cat.png"
    cat.write_bytes(b"png")
    typed = json.dumps({"text": "look", "files": [str(cat)]})
    assert to_payload(message, typed) == {"text": "look", "files": [{"path": str(cat)}]}
    with pytest.raises(ValidationError, match="does not exist"):
        to_payload(message, json.dumps({"text": "x", "files": [str(tmp_path / "no.png")]}))
