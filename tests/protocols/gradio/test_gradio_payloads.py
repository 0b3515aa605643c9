"""Gradio payloads ⇄ autoui's, streamed diffs, and the session table's budget (no server)."""

from __future__ import annotations

import pytest
from protocol_harness import FNS

from autoui.errors import ValidationError
from autoui.introspect import load_app
from autoui.protocols.gradio.payloads import diff, inputs_from_gradio, outputs_to_gradio
from autoui.protocols.gradio.stream import Sessions

SPEC = load_app(str(FNS))
FILE_SIZE = SPEC.function("file_size")
INVERT = SPEC.function("invert")
FILEDATA = {"_type": "gradio.FileData"}


def test_an_uploaded_reference_becomes_a_file_id_and_data_urls_pass() -> None:
    reference = {"path": "AbCdEfGhIjKlMnOpQrStUv/notes.txt", "meta": FILEDATA}
    assert inputs_from_gradio(FILE_SIZE, [reference]) == [{"id": "AbCdEfGhIjKlMnOpQrStUv"}]
    data_url = "data:text/plain;base64,YWJj"
    assert inputs_from_gradio(FILE_SIZE, [{"url": data_url, "meta": FILEDATA}]) == [data_url]
    assert inputs_from_gradio(FILE_SIZE, [None]) == [None]


@pytest.mark.parametrize(
    "value",
    [
        {"path": "/etc/passwd", "meta": FILEDATA},
        {"path": "../AbCdEfGhIjKlMnOpQrStUv/x", "meta": FILEDATA},
        {"path": "https://example.com/x.png", "url": "https://example.com/x.png"},
        {"url": "file:///etc/passwd"},
        "/etc/passwd",
        42,
    ],
)
def test_anything_but_this_servers_references_is_refused(value: object) -> None:
    with pytest.raises(ValidationError) as caught:
        inputs_from_gradio(FILE_SIZE, [value])
    assert caught.value.param == "document"


def test_file_outputs_become_filedata_with_absolute_quoted_urls() -> None:
    payload = {"id": "ID1234567890abcdef", "url": "/api/files/ID1234567890abcdef/a%20b.png",
               "name": "a b.png", "mime_type": "image/png", "size": 7}  # fmt: skip
    (value,) = outputs_to_gradio(INVERT, [payload], "http://127.0.0.1:9/app")
    assert value["path"] == "ID1234567890abcdef/a b.png"
    assert value["url"] == "http://127.0.0.1:9/app/gradio_api/file=ID1234567890abcdef/a%20b.png"
    assert value["meta"] == FILEDATA and value["orig_name"] == "a b.png"


def test_diffs_append_growing_text_and_replace_the_rest() -> None:
    assert diff("1 2", "1 2 3") == [["append", [], " 3"]]
    assert diff("abc", "xyz") == [["replace", [], "xyz"]]
    assert diff(3, 4) == [["replace", [], 4]]
    assert diff([1], [1]) == []


def test_sessions_are_bounded_in_count_and_idle_time(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [100.0]
    monkeypatch.setattr("autoui.protocols.gradio.stream.time.monotonic", lambda: clock[0])
    sessions = Sessions(limit=3, ttl=10.0)
    for name in ("a", "b", "c"):
        sessions.join(name)
    sessions.get("a").reading = True  # type: ignore[union-attr]
    sessions.join("d")  # over the limit: the oldest idle one ("b") goes, never one being read
    assert [n for n in "abcd" if sessions.get(n)] == ["a", "c", "d"]
    clock[0] += 11
    sessions.join("e")  # "c" and "d" expired; "a" is being read
    assert [n for n in "abcde" if sessions.get(n)] == ["a", "e"]
