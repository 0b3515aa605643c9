"""The in-browser host under CPython: the same checks and events as the server's path."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from autoui.wasm.host import BrowserFiles, Host

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def run(
    host: Host, fn: str, data: object, uploads: dict[str, str] | None = None
) -> list[tuple[str, dict]]:
    import asyncio

    events: list[tuple[str, dict]] = []
    request = json.dumps({"data": data})
    uploads_json = json.dumps(uploads or {})
    emit = lambda kind, body: events.append((kind, json.loads(body)))  # noqa: E731
    asyncio.run(host.run(fn, request, uploads_json, emit))
    return events


def test_check_names_the_parameter_like_a_422() -> None:
    host = Host(f"{SAMPLES / 'calculator.py'}")
    assert host.check("calculate", json.dumps({"data": {"a": 1, "op": "+", "b": 2}})) == ""
    error = json.loads(host.check("calculate", json.dumps({"data": {"a": "x", "op": "+", "b": 2}})))
    assert error["param"] == "a" and error["status"] == 422 and "number" in error["message"]
    missing = json.loads(host.check("nope", "{}"))
    assert missing["status"] == 404 and "this app has: calculate" in missing["message"]


def test_run_emits_the_servers_events() -> None:
    host = Host(f"{SAMPLES / 'calculator.py'}:calculate")
    events = run(host, "calculate", {"a": 6, "op": "×", "b": 7})
    assert [kind for kind, _ in events] == ["started", "complete"]
    assert events[-1][1]["data"] == [42]
    failed = run(host, "calculate", {"a": 1, "op": "÷", "b": 0})[-1]
    assert failed == ("error", {"message": "cannot divide by zero: pick another b",
                                "type": "Error", "param": None, "title": None})  # fmt: skip


def test_a_generator_streams_each_yield_before_it_ends() -> None:
    host = Host(f"{SAMPLES / 'counter.py'}")
    events = run(host, "count", {"up_to": 3, "delay": 0})
    assert events[1:] == [
        ("output", {"data": ["1"]}),
        ("output", {"data": ["1 2"]}),
        ("output", {"data": ["1 2 3"]}),
        ("complete", {"data": ["1 2 3"], "duration": pytest.approx(events[-1][1]["duration"])}),
    ]


def test_an_append_stream_sends_the_text_so_far_as_the_server_does() -> None:
    events = run(Host(f"{SAMPLES / 'tokens.py'}"), "reply", {"prompt": "a b c", "delay": 0})
    outputs = [body["data"] for kind, body in events if kind == "output"]
    assert outputs == [["a"], ["a b"], ["a b c"]]
    assert events[-1][0] == "complete" and events[-1][1]["data"] == ["a b c"]


def test_uploads_by_the_pages_ids_and_outputs_as_data_urls(tmp_path: Path) -> None:
    upload = tmp_path / "note.txt"
    upload.write_text("hi")
    files = BrowserFiles({"local-1": str(upload)}, tmp_path / "scratch")
    assert files.resolve_input({"id": "local-1"}) == upload
    decoded = files.resolve_input("data:text/plain;base64," + base64.b64encode(b"yo").decode())
    assert decoded.read_bytes() == b"yo"
    with pytest.raises(Exception, match="unknown file id"):
        files.resolve_input({"id": "local-2"})
    with pytest.raises(Exception, match="expected a file"):
        files.resolve_input({"path": "/etc/passwd"})
    out = files.store_output(b"\x89PNG\r\n\x1a\n", "../picture.png", "image/png")
    assert out["name"] == "picture.png" and out["size"] == 8
    assert base64.b64decode(out["url"].split(",", 1)[1]) == b"\x89PNG\r\n\x1a\n"


def test_a_batch_function_is_called_with_a_batch_of_one() -> None:
    host = Host(f"{SAMPLES / 'batch.py'}")
    events = run(host, "shout", {"texts": "hi"})
    assert events[-1][0] == "complete" and events[-1][1]["data"] == ["HI!"]


def test_no_return_hint_carries_the_kind_as_on_the_server() -> None:
    """The page's auto renderer gets the same payload in the browser: an image as data: URL."""
    host = Host(str(Path(__file__).resolve().parents[1] / "fixtures" / "no_hints.py"))
    [payload] = run(host, "show", {"what": "picture"})[-1][1]["data"]
    assert payload["component"] == "image" and payload["traits"]["file"] is True
    assert payload["value"]["url"].startswith("data:image/png;base64,")
    [text] = run(host, "show", {"what": "text"})[-1][1]["data"]
    assert (text["component"], text["value"]) == ("textbox", "hello")
