"""The drop policies, as bookkeeping: what waits, what the function gets next, what is lost."""

from __future__ import annotations

import pytest

from autoui.streaming.backlog import Backlog


def test_coalesce_joins_everything_waiting_in_order() -> None:
    backlog = Backlog("coalesce", limit=100, frame=2)
    for chunk in (b"ab", b"cd", b"ef"):
        backlog.add(chunk)
    assert backlog.take() == b"abcdef"
    assert backlog.take() is None
    assert not backlog.take_drops()


def test_coalesce_past_its_bound_cuts_the_oldest_whole_samples() -> None:
    backlog = Backlog("coalesce", limit=6, frame=2)
    for chunk in (b"aabb", b"ccdd"):
        backlog.add(chunk)
    assert backlog.take() == b"bbccdd"
    drops = backlog.take_drops()
    assert drops.bytes == 2 and drops.chunks == 0
    assert not backlog.take_drops()  # reported once


def test_latest_keeps_the_newest_and_counts_the_stale() -> None:
    backlog = Backlog("latest", limit=0)
    for chunk in (b"1", b"2", b"3"):
        backlog.add(chunk)
    assert backlog.take() == b"3"
    assert backlog.take_drops().chunks == 2


def test_all_gives_one_chunk_at_a_time_and_says_when_it_is_full() -> None:
    backlog = Backlog("all", limit=4)
    backlog.add(b"ab")
    assert not backlog.full
    backlog.add(b"cd")
    assert backlog.full
    assert [backlog.take(), backlog.take(), backlog.take()] == [b"ab", b"cd", None]
    assert not backlog.full and not backlog.take_drops()


def test_an_unknown_policy_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="coalesce, latest or all"):
        Backlog("newest", limit=1)  # type: ignore[arg-type]
