"""Names, data: URLs and media types: one behaviour on the server, in the terminal and client."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from autoui.client._decode import local_path
from autoui.errors import ValidationError
from autoui.filecodec import MAX_NAME_BYTES, clean_name, decode_data_url, extension_for
from autoui.localfiles import LocalFiles
from autoui.server.files import FileStore


@pytest.mark.parametrize(
    ("name", "cleaned"),
    [
        ("report.pdf", "report.pdf"),
        ("a b?.txt", "a b.txt"),  # was "a_b_.txt" in the terminal, as given in the client
        (".bashrc", "bashrc"),  # was kept hidden by the client
        ("../../etc/passwd", "passwd"),
        ("..\\..\\win.ini", "win.ini"),
        ("C:\\Users\\ada\\photo.png", "photo.png"),
        ("a\x00b\x1b.txt", "ab.txt"),
        ("résumé 日本.pdf", "résumé 日本.pdf"),  # readable names stay readable
        ("trailing. ", "trailing"),
        ("", "file"),
        ("..", "file"),
    ],
)
def test_one_cleaner(name: str, cleaned: str) -> None:
    assert clean_name(name) == cleaned


def test_long_names_fit_any_file_system_and_keep_their_extension() -> None:
    for name in ("x" * 500 + ".png", "日本" * 200 + ".png", "é" * 300):
        cleaned = clean_name(name)
        assert len(cleaned.encode("utf-8")) <= MAX_NAME_BYTES
        assert cleaned.endswith(".png") or "." not in name


@given(st.text(max_size=300))
def test_cleaning_is_safe_and_idempotent(name: str) -> None:
    cleaned = clean_name(name)
    assert cleaned and "/" not in cleaned and "\\" not in cleaned and not cleaned.startswith(".")
    assert len(cleaned.encode("utf-8")) <= MAX_NAME_BYTES
    assert clean_name(cleaned) == cleaned


@pytest.mark.parametrize("name", ["a b?.txt", ".bashrc", "résumé.pdf", "x" * 300 + ".txt"])
def test_every_file_context_gives_a_file_the_same_name(name: str, tmp_path: Path) -> None:
    local = LocalFiles(tmp_path / "local").store_output(b"x", name)["name"]
    store = FileStore(tmp_path / "server")
    served = store.put_bytes(b"x", name, None, None).name
    downloaded = local_path(tmp_path / "client", {"id": "abc", "url": "/u", "name": name}).name
    assert local == served == downloaded == clean_name(name)
    store.close()


def test_data_urls_base64_or_percent_encoded() -> None:
    assert decode_data_url("data:image/gif;base64,R0lG") == (b"GIF", "image/gif")
    assert decode_data_url("data:,hello%20there") == (b"hello there", "text/plain")
    assert decode_data_url("data:text/plain,hello") == (b"hello", "text/plain")
    with pytest.raises(ValidationError, match="not valid base64"):
        decode_data_url("data:image/png;base64,!!!")
    with pytest.raises(ValidationError, match="expected a data: URL"):
        decode_data_url("data:nocomma")


def test_data_url_size_limit_is_checked_before_and_after_decoding() -> None:
    blob = "data:application/octet-stream;base64," + base64.b64encode(b"x" * 100).decode()
    assert len(decode_data_url(blob, max_size=100)[0]) == 100
    with pytest.raises(ValidationError, match="larger than the 99 byte limit"):
        decode_data_url(blob, max_size=99)
    with pytest.raises(ValidationError, match="larger than the 10 byte limit"):
        decode_data_url("data:," + "y" * 100, max_size=10)


def test_extensions_for_the_types_browsers_send() -> None:
    assert extension_for("audio/wav") == ".wav"  # missing from Python's own table
    assert extension_for("audio/webm") == ".webm"
    assert extension_for("image/png") == ".png"
    assert extension_for("application/x-nothing-known") == ""


def test_the_server_accepts_the_data_urls_the_terminal_does(tmp_path: Path) -> None:
    from autoui.server.files import JobFiles

    store = FileStore(tmp_path / "server")
    server = JobFiles(store, owner=None, base="", max_size=1000)
    terminal = LocalFiles(tmp_path / "local")
    for url in ("data:text/plain,hello", "data:audio/wav;base64,UklGRg=="):
        here, there = terminal.resolve_input(url), server.resolve_input(url)
        assert here.read_bytes() == there.read_bytes() and here.suffix == there.suffix
    store.close()
