from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from autoui.components import File, Files
from autoui.errors import ValidationError
from autoui.localfiles import LocalFiles

Upload = Callable[..., dict[str, Any]]


def test_file_gives_a_path_with_the_content(files: LocalFiles, upload: Upload) -> None:
    path = File().preprocess(upload(b"hello", "notes.txt"), files)
    assert isinstance(path, Path) and path.read_bytes() == b"hello"


def test_file_bytes_type_and_data_urls(files: LocalFiles) -> None:
    data = File(type="bytes").preprocess("data:text/plain;base64,aGVsbG8=", files)
    assert data == b"hello"


def test_file_types_are_enforced(files: LocalFiles, upload: Upload) -> None:
    component = File(file_types=(".pdf", "image"))
    with pytest.raises(ValidationError, match=r"expected a file of type \.pdf, image"):
        component.preprocess(upload(b"x", "notes.txt"), files)
    assert component.preprocess(upload(b"x", "photo.PNG"), files).name == "photo.PNG"
    assert component.preprocess(upload(b"%PDF-", "a.pdf"), files).suffix == ".pdf"


@pytest.mark.parametrize("payload", [5, None, ["x"]])
def test_file_rejects_non_file_payloads(files: LocalFiles, payload: object) -> None:
    with pytest.raises(ValidationError, match="expected a file"):
        File().preprocess(payload, files)


def test_unknown_id_is_a_validation_error(files: LocalFiles) -> None:
    with pytest.raises(ValidationError, match="unknown file id"):
        File().preprocess({"id": "nope"}, files)


def test_file_output_from_bytes_sniffs_the_type(files: LocalFiles) -> None:
    payload = File().postprocess(b"%PDF-1.4 ...", files)
    assert payload["name"] == "file.pdf" and payload["mime_type"] == "application/pdf"
    assert Path(payload["path"]).read_bytes() == b"%PDF-1.4 ..."


def test_file_output_from_a_path_copies_it(files: LocalFiles, tmp_path: Path) -> None:
    source = tmp_path / "report.csv"
    source.write_text("a,b\n1,2\n")
    payload = File().postprocess(source, files)
    assert payload["name"] == "report.csv" and payload["mime_type"] == "text/csv"
    assert payload["size"] == source.stat().st_size
    assert Path(payload["path"]) != source


def test_file_output_of_a_missing_path_is_clear(files: LocalFiles, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="expected an existing file"):
        File().postprocess(tmp_path / "missing.txt", files)


def test_files_reads_each_and_numbers_errors(files: LocalFiles, upload: Upload) -> None:
    paths = Files().preprocess([upload(b"1", "a.txt"), upload(b"2", "b.txt")], files)
    assert [p.read_bytes() for p in paths] == [b"1", b"2"]
    with pytest.raises(ValidationError, match="file 2: unknown file id"):
        Files().preprocess([upload(b"1", "a.txt"), {"id": "nope"}], files)
    with pytest.raises(ValidationError, match="expected a list of files"):
        Files().preprocess({"id": "x"}, files)


def test_files_output(files: LocalFiles, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("a")
    payloads = Files().postprocess([tmp_path / "a.txt", b"raw"], files)
    assert [p["name"] for p in payloads] == ["a.txt", "file.bin"]


def test_file_output_from_open_files(files: LocalFiles, tmp_path: Path) -> None:
    import io

    source = tmp_path / "notes.txt"
    source.write_text("hello")
    with open(source, "rb") as handle:
        payload = File().postprocess(handle, files)
    assert payload["name"] == "notes.txt" and Path(payload["path"]).read_text() == "hello"
    assert Path(File().postprocess(io.BytesIO(b"%PDF-x"), files)["path"]).read_bytes() == b"%PDF-x"


def test_file_output_from_a_data_url(files: LocalFiles) -> None:
    payload = File().postprocess("data:application/pdf;base64,JVBERi0=", files)
    assert (
        payload["mime_type"] == "application/pdf" and Path(payload["path"]).read_bytes() == b"%PDF-"
    )


def test_download_offers_one_or_several_files(files: LocalFiles, tmp_path: Path) -> None:
    from autoui.components import Download

    report = tmp_path / "report.csv"
    report.write_text("a,b")
    one = Download().postprocess(report, files)
    assert [p["name"] for p in one] == ["report.csv"]
    several = Download(button="Get it").postprocess([report, b"%PDF-1.4 x"], files)
    assert [p["mime_type"] for p in several] == ["text/csv", "application/pdf"]
    assert Download().read_output(several, files)[0].read_text() == "a,b"
    with pytest.raises(ValidationError, match="output only"):
        Download().preprocess([{"id": "x"}], files)
