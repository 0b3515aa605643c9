"""Files every front-end and worker reaches, by the same opaque ids as in one process.

Each process keeps its own :class:`~autoui.server.files.FileStore` (the routes and the
components read files from it, as in one process); :class:`SharedFiles` makes it a
cache of a store shared through Redis:

- ``--file-store redis`` (the default under a broker): a file's bytes and metadata are
  one hash, ``file:<id>``, with the file TTL; each file at most ``redis:SIZE`` (16 MiB
  by default), and the oldest dropped beyond the broker's byte budget;
- ``--file-store dir:/shared/path``: every process keeps its files in a directory all
  of them mount (NFS, a shared volume); Redis holds only the metadata.

An upload is published as soon as it is stored; a job's output file is published
before the event that names it is written; a process that is asked for an id it does
not have fetches it (with the same owner check) on first use.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from autoui.broker.connection import down_errors
from autoui.broker.keys import Keys
from autoui.broker.scripts import Scripts
from autoui.broker.settings import BrokerSettings
from autoui.errors import QueueFullError
from autoui.files import FilePayload
from autoui.server.files import FileStore, JobFiles, StoredFile, clean_name

__all__ = ["SharedFiles", "SharedJobFiles", "file_ids"]


class SharedFiles:
    """A process's file store, shared with every other process of the app.

    Args:
        client: the asyncio Redis client.
        keys: the app's key names.
        broker: the broker settings (the file-store kind and budgets).
        local: this process's store (in ``dir:`` mode, rooted in the shared directory).
        ttl: seconds a file stays available.
    """

    def __init__(
        self, client: Any, keys: Keys, broker: BrokerSettings, local: FileStore, ttl: float
    ) -> None:
        self.client = client
        self.keys = keys
        self.spec = broker.file_store
        self.broker = broker
        self.local = local
        self.ttl = ttl
        self._scripts = Scripts(client)
        self._sync: Any = None
        self._sync_scripts: Scripts | None = None

    @property
    def inline(self) -> bool:
        return self.spec.kind == "redis"

    # -- publishing ---------------------------------------------------------------------
    def _put_args(self, stored: StoredFile, data: bytes) -> list[Any]:
        return [
            self.keys.prefix, stored.id, stored.name, stored.mime_type, stored.size,
            stored.owner or "", self.ttl, self.broker.max_store_bytes, data,
        ]

    async def publish(self, stored: StoredFile) -> None:
        """Make a file this process stored reachable from every other process.

        Raises:
            QueueFullError: Redis is unreachable (a 503 for the upload).
        """
        data = await asyncio.to_thread(stored.path.read_bytes) if self.inline else b""
        async with _reachable():
            await self._scripts.put_file(args=self._put_args(stored, data))

    def publish_sync(self, stored: StoredFile) -> None:
        """:meth:`publish` from a worker thread (a job's output file)."""
        if self._sync is None:
            from autoui.broker.connection import connect_sync

            self._sync = connect_sync(self.broker.url)
            self._sync_scripts = Scripts(self._sync)
        assert self._sync_scripts is not None
        data = stored.path.read_bytes() if self.inline else b""
        self._sync_scripts.put_file(args=self._put_args(stored, data))

    # -- fetching -----------------------------------------------------------------------
    async def fetch(self, file_id: str, owner: str | None) -> StoredFile | None:
        """The file, from this process's store or else from the shared one."""
        stored = self.local.get(file_id, owner)
        if stored is not None:
            return stored
        async with _reachable():
            fields = await self.client.hmget(
                self.keys.file(file_id), "name", "mime", "owner", "data", "created"
            )
        name, mime, file_owner, data, created = fields
        if name is None or (file_owner and file_owner.decode() != owner):
            return None
        if time.time() - float(created) >= self.ttl:
            return None
        safe = clean_name(name.decode())
        path = self.local.root / file_id / safe
        if self.inline:
            await asyncio.to_thread(_write, path, data)
        elif not path.is_file():
            return None
        return self.local.commit(file_id, path, mime.decode(), file_owner.decode() or None)

    async def fetch_all(self, data: Any, owner: str | None) -> None:
        """Fetch every file a job's wire inputs name by id (a job about to start)."""
        for file_id in file_ids(data):
            await self.fetch(file_id, owner)

    def close(self) -> None:
        if self._sync is not None:
            self._sync.close()


@asynccontextmanager
async def _reachable() -> AsyncIterator[None]:
    """Unreachable Redis as :class:`QueueFullError`: the route answers 503 + Retry-After."""
    try:
        yield
    except down_errors():
        raise QueueFullError(
            "the file store (Redis) is unreachable; try again shortly", retry_after=2
        ) from None


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.write_bytes(data)


def file_ids(value: Any, depth: int = 0) -> list[str]:
    """The ids of ``{"id": ...}`` file payloads anywhere in wire data."""
    if depth > 32:
        return []
    if isinstance(value, dict):
        found = [value["id"]] if isinstance(value.get("id"), str) else []
        for item in value.values():
            found.extend(file_ids(item, depth + 1))
        return found
    if isinstance(value, list):
        return [file_id for item in value for file_id in file_ids(item, depth + 1)]
    return []


class SharedJobFiles(JobFiles):
    """A job's file context on a worker: outputs are published before they are named."""

    def __init__(self, shared: SharedFiles, owner: str | None, base: str, max_size: int) -> None:
        super().__init__(shared.local, owner, base, max_size)
        self.shared = shared

    def store_output(
        self, data: bytes | Path, name: str, mime_type: str | None = None
    ) -> FilePayload:
        payload = super().store_output(data, name, mime_type)
        stored = self.store.get(payload["id"], self.owner)
        assert stored is not None, "a file just stored is in the store"
        self.shared.publish_sync(stored)
        return payload
