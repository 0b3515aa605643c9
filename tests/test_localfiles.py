"""LocalFiles: the terminal's and tests' FileContext, on a real temporary directory."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from autoui.errors import ValidationError
from autoui.localfiles import LocalFiles


def test_paths_are_accepted_when_allowed(files: LocalFiles, tmp_path: Path) -> None:
    source = tmp_path / "in.txt"
    source.write_text("x")
    assert files.resolve_input({"path": str(source)}) == source
    with pytest.raises(ValidationError, match="no such file"):
        files.resolve_input({"path": str(tmp_path / "missing.txt")})
    with pytest.raises(ValidationError, match="no such file"):
        files.resolve_input({"path": str(tmp_path)})  # a directory is not a file


def test_paths_are_refused_when_not_allowed(tmp_path: Path) -> None:
    source = tmp_path / "in.txt"
    source.write_text("x")
    with pytest.raises(ValidationError, match="file paths are not accepted"):
        LocalFiles(tmp_path / "out", allow_paths=False).resolve_input({"path": str(source)})


def test_ids_are_only_those_issued_here(files: LocalFiles, tmp_path: Path) -> None:
    payload = files.store_output(b"data", "a.bin")
    assert files.resolve_input({"id": payload["id"]}).read_bytes() == b"data"
    other = LocalFiles(tmp_path / "other")
    with pytest.raises(ValidationError, match="unknown file id"):
        other.resolve_input({"id": payload["id"]})
    with pytest.raises(ValidationError, match="unknown file id"):
        files.resolve_input({"id": ["not", "a", "string"]})


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("data:text/plain;base64," + base64.b64encode(b"hello").decode(), b"hello"),
        ("data:,hello%20world", b"hello world"),
        ("data:text/plain;charset=utf-8,caf%C3%A9", "café".encode()),
        ("data:image/png;base64,aGVs\nbG8=", b"hello"),
    ],
)
def test_data_urls_become_files(files: LocalFiles, url: str, data: bytes) -> None:
    path = files.resolve_input(url)
    assert path.read_bytes() == data
    assert path.parent == files.out_dir / "inputs"


def test_data_url_extension_follows_the_media_type(files: LocalFiles) -> None:
    assert files.resolve_input("data:audio/wav;base64,UklGRg==").suffix == ".wav"
    assert files.resolve_input("data:image/png;base64,iVBORw==").suffix == ".png"


@pytest.mark.parametrize(
    "payload", ["data:image/png;base64,!!!", "data:nocomma", "/etc/passwd", 5, {"name": "x"}]
)
def test_bad_inputs_are_validation_errors(files: LocalFiles, payload: object) -> None:
    with pytest.raises(ValidationError):
        files.resolve_input(payload)


def test_outputs_get_unique_safe_names_and_file_urls(files: LocalFiles, tmp_path: Path) -> None:
    first = files.store_output(b"1", "../../escape.txt", "text/plain")
    second = files.store_output(b"2", "../../escape.txt")
    assert first["name"] == "escape.txt" and second["name"] == "escape-1.txt"
    for payload in (first, second):
        path = Path(payload["path"])
        assert path.parent == (files.out_dir).resolve()
        assert payload["url"] == path.as_uri() and payload["url"].startswith("file://")
    assert first["mime_type"] == "text/plain" and second["mime_type"] == "text/plain"
    assert (first["size"], Path(second["path"]).read_bytes()) == (1, b"2")
    assert set(first) == {"id", "url", "name", "mime_type", "size", "path"}
    assert not (tmp_path / "escape.txt").exists()


def test_outputs_from_paths_are_copied(files: LocalFiles, tmp_path: Path) -> None:
    source = tmp_path / "result.csv"
    source.write_text("a,b")
    payload = files.store_output(source, source.name)
    assert Path(payload["path"]) != source and Path(payload["path"]).read_text() == "a,b"
    source.unlink()
    assert files.resolve_input({"id": payload["id"]}).read_text() == "a,b"


def test_add_issues_ids_for_local_files(files: LocalFiles, tmp_path: Path) -> None:
    source = tmp_path / "cat.png"
    source.write_bytes(b"png")
    payload = files.add(source)
    assert payload["name"] == "cat.png" and payload["mime_type"] == "image/png"
    assert files.resolve_input({"id": payload["id"]}) == source
