"""ProgressTrack: job events → MCP progress notes, increasing, newest first, total kept."""

from __future__ import annotations

from autoui.events import Alert, Complete, Output, ProgressUpdate, Queued, Started
from autoui.protocols.mcp.progress import MESSAGE_CHARS, ProgressTrack


def test_a_counted_loop_ends_at_its_total_and_values_always_increase() -> None:
    track = ProgressTrack()
    events = [
        Queued(position=1, eta=2.2),
        Queued(position=0),
        Started(),
        ProgressUpdate(progress=0.0, desc="heating"),
        ProgressUpdate(index=0, total=3, desc="baking", unit="loaves"),
        Alert(level="warning", message="hot"),
        ProgressUpdate(index=3, total=3, desc="baking", unit="loaves"),
        Complete(data=["done"]),
    ]
    notes = [note for event in events if (note := track.note(event)) is not None]
    values = [note.progress for note in notes]
    assert values == sorted(set(values))
    assert [n.message for n in notes][:3] == [
        "queued: position 2 (about 3 s)",
        "queued: position 1",
        "running",
    ]
    assert (notes[-1].progress, notes[-1].total) == (3, 3)
    assert notes[-1].message == "baking 3/3 loaves"
    assert "warning: hot" in [n.message for n in notes]


def test_an_immediate_start_sends_nothing_and_outputs_count_up() -> None:
    track = ProgressTrack()
    assert track.note(Started()) is None
    notes = track.notes([Output(data=["1"]), Output(data=["1 2"])])
    assert [(n.progress, n.total, n.message) for n in notes] == [(1.0, None, "1 2")]
    long = track.notes([Output(data=["x" * 500 + " the newest words"])])[0]
    assert long.progress == 2.0 and len(long.message or "") == MESSAGE_CHARS
    assert (long.message or "").startswith("…") and long.message.endswith(" the newest words")
    table = track.notes([Output(data=[{"rows": ["y" * 500]}])])[0]  # not text: its start
    assert (table.message or "").startswith('{"rows"') and table.message.endswith("…")
    assert track.heartbeat().progress == 3.001  # just above the third output
