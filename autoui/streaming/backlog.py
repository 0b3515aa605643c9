"""What waits for a streaming function, and what it gets next: the drop policies.

Chunks arrive at the pace of a microphone or a camera; the function takes them at its
own. A :class:`Backlog` holds what arrived since the function last asked, bounded, and
decides what its next item is:

- ``coalesce`` (audio): every waiting chunk, joined into one. Nothing is lost while the
  function keeps up within ``max_lag`` seconds; past that the *oldest* audio is cut
  (never the newest: a live transcript should follow the speaker) and counted.
- ``latest`` (frames): only the newest chunk; older ones are stale and skipped, counted.
- ``all``: one chunk per item, oldest first; when the bound is reached the caller must
  wait (:attr:`Backlog.full`), which over a WebSocket is TCP back-pressure on the sender.

Pure bookkeeping (bytes in, bytes out, counts), no I/O and no clock: the in-process
channel (:mod:`autoui.streaming.channel`) uses it where chunks arrive, and a channel
that crosses processes (a Redis stream, an isolated slot) uses it where they are taken.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Literal

__all__ = ["Backlog", "Drops", "Policy"]

Policy = Literal["coalesce", "latest", "all"]


@dataclass
class Drops:
    """What a backlog has thrown away so far (reported to the user as an alert)."""

    chunks: int = 0  # whole chunks skipped (latest)
    bytes: int = 0  # bytes cut (coalesce past its bound)

    def __bool__(self) -> bool:
        return bool(self.chunks or self.bytes)


class Backlog:
    """Chunks waiting for the function, bounded by ``limit`` bytes, under one policy.

    Args:
        policy: ``coalesce``, ``latest`` or ``all`` (see the module docstring).
        limit: most bytes kept waiting (``coalesce``: the bytes of ``max_lag`` seconds;
            ``all``: where :attr:`full` turns true).
        frame: ``coalesce`` cuts on multiples of this (one sample of every channel).
    """

    def __init__(self, policy: Policy, limit: int, frame: int = 1) -> None:
        if policy not in ("coalesce", "latest", "all"):
            raise ValueError(f"policy must be coalesce, latest or all, got {policy!r}")
        self.policy: Policy = policy
        self.limit = max(limit, frame)
        self.frame = max(frame, 1)
        self.size = 0
        self.drops = Drops()
        self._chunks: deque[bytes] = deque()

    def __len__(self) -> int:
        return len(self._chunks)

    @property
    def full(self) -> bool:
        """``all`` only: the bound is reached; wait before adding more."""
        return self.policy == "all" and self.size >= self.limit

    def add(self, chunk: bytes) -> None:
        """Keep ``chunk``, dropping what the policy says is no longer wanted."""
        if not chunk:
            return
        if self.policy == "latest":
            if self._chunks:
                self.drops.chunks += len(self._chunks)
                self._chunks.clear()
                self.size = 0
        self._chunks.append(chunk)
        self.size += len(chunk)
        if self.policy == "coalesce" and self.size > self.limit:
            self._cut_oldest(self.size - self.limit)

    def take(self) -> bytes | None:
        """The function's next item, or None when nothing waits."""
        if not self._chunks:
            return None
        if self.policy == "all":
            chunk = self._chunks.popleft()
            self.size -= len(chunk)
            return chunk
        joined = self._chunks[0] if len(self._chunks) == 1 else b"".join(self._chunks)
        self._chunks.clear()
        self.size = 0
        return joined

    def take_drops(self) -> Drops:
        """What was dropped since the last call (and forget it)."""
        drops, self.drops = self.drops, Drops()
        return drops

    def _cut_oldest(self, excess: int) -> None:
        excess += -excess % self.frame  # whole samples of every channel
        self.drops.bytes += excess
        self.size -= excess
        while excess:
            head = self._chunks[0]
            if len(head) <= excess:
                self._chunks.popleft()
                excess -= len(head)
            else:
                self._chunks[0] = head[excess:]
                excess = 0
