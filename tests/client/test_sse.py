"""The SSE decoder follows the format's rules, so any proxy's re-chunking is harmless."""

from __future__ import annotations

from autoui.client._sse import SSEDecoder, SSEMessage
from autoui.events import Complete, ProgressUpdate


def feed_all(lines: list[str]) -> tuple[list[SSEMessage], SSEDecoder]:
    decoder = SSEDecoder()
    messages = [m for line in lines if (m := decoder.feed(line)) is not None]
    return messages, decoder


def test_messages_are_dispatched_on_blank_lines_with_their_ids() -> None:
    messages, decoder = feed_all(
        [
            "id: 1",
            "event: progress",
            'data: {"progress": 0.5, "desc": "half"}',
            "",
            ": a keep-alive comment",
            "",
            "id: 2",
            "event: complete",
            'data: {"data": [1],',
            'data:  "duration": 0.1}',
            "",
        ]
    )
    assert [m.event for m in messages] == ["progress", "complete"]
    assert messages[0].to_event() == ProgressUpdate(progress=0.5, desc="half")
    assert messages[1].to_event() == Complete(data=[1], duration=0.1)
    assert decoder.last_id == "2"


def test_unknown_event_names_and_bad_json_are_ignored_not_fatal() -> None:
    messages, _ = feed_all(["event: heartbeat", "data: {}", "", "event: output", "data: {", ""])
    assert [m.to_event() for m in messages] == [None, None]


def test_field_without_space_and_retry() -> None:
    messages, decoder = feed_all(["retry:1500", "event:started", "data:{}", ""])
    assert messages[0].event == "started" and decoder.retry_ms == 1500
