from __future__ import annotations

import json

import pytest

from autoui.events import (
    EVENT_TYPES,
    Alert,
    Cancelled,
    Complete,
    Failed,
    Output,
    ProgressUpdate,
    Queued,
    Started,
    event_from_dict,
)


def test_kinds_are_the_sse_names_of_the_http_contract() -> None:
    assert set(EVENT_TYPES) == {
        "queued", "started", "progress", "alert", "output", "complete", "error", "cancelled",
        "restart",
    }


@pytest.mark.parametrize(
    "event",
    [
        Queued(position=3, eta=1.5),
        Started(),
        ProgressUpdate(progress=0.5, desc="loading", index=5, total=10, unit="files"),
        Alert(level="warning", message="low memory"),
        Output(data=["partial"]),
        Complete(data=["done", 2], duration=0.25),
        Failed(message="no face found", type="Error", param=None, title="Oops"),
        Cancelled(),
    ],
)
def test_every_event_survives_a_json_round_trip(event: object) -> None:
    body = json.loads(json.dumps(event.to_dict()))  # type: ignore[attr-defined]
    assert event_from_dict(event.kind, body) == event  # type: ignore[attr-defined]


def test_only_complete_error_and_cancelled_end_a_job() -> None:
    assert Complete().terminal and Failed(message="x").terminal and Cancelled().terminal
    assert not any(e.terminal for e in (Queued(position=0), Started(), Output(data=[1])))


def test_unknown_keys_from_a_newer_server_are_ignored() -> None:
    assert event_from_dict("queued", {"position": 1, "eta": None, "rank": 9}) == Queued(1, None)


def test_unknown_kind_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown event kind 'bogus'"):
        event_from_dict("bogus", {})
