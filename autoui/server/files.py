"""The server's files: a store on disk addressed by opaque ids, and each job's FileContext.

Every file the server holds (an upload, a ``data:`` URL input, a function's output)
lives at ``<root>/<id>/<name>``, where ``id`` is ``secrets.token_urlsafe(16)`` and
``name`` a cleaned file name. Clients only ever name a file by its id; no path from a
client is ever opened, and a payload carrying ``"path"`` is refused.

Ownership: a file belongs to the session (or authenticated user) that created it. An
owned file is invisible to anyone else (404 on GET, 422 as an input); a file created by
an anonymous client (no session cookie, e.g. curl) is reachable by its unguessable id.

The store forgets files after ``ttl`` seconds and drops the oldest beyond ``max_bytes``,
checked whenever a file is added, so a long-running server's disk does not fill. A store
in a temporary folder holds a lock on it for as long as its process lives; a new store
removes the temporary folders whose lock nobody holds any more (a server killed with
``kill -9`` cleans up after itself at its next start).
"""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from autoui.errors import ValidationError
from autoui.filecodec import OCTET_STREAM, clean_name, decode_data_url, extension_for, guess_mime
from autoui.files import FilePayload

__all__ = [
    "FileStore",
    "JobFiles",
    "StoredFile",
    "clean_name",
    "guess_type",
    "remove_abandoned_roots",
]

_TEMP_PREFIX = "autoui-files-"
_LOCK_NAME = ".owner.lock"


@dataclass(frozen=True, slots=True)
class StoredFile:
    """One file in the store."""

    id: str
    name: str
    mime_type: str
    size: int
    path: Path
    owner: str | None
    created: float

    def payload(self, base: str = "") -> FilePayload:
        """The wire form: ``{"id", "url", "name", "mime_type", "size"}``."""
        return {
            "id": self.id,
            "url": f"{base}/api/files/{self.id}/{quote(self.name, safe='')}",
            "name": self.name,
            "mime_type": self.mime_type,
            "size": self.size,
        }


def guess_type(name: str) -> str:
    return guess_mime(name) or OCTET_STREAM


class FileStore:
    """Files by opaque id under one root directory; thread-safe.

    Args:
        root: where files go; a fresh temporary directory (removed by :meth:`close`)
            when None.
        ttl: seconds a file is kept.
        max_bytes: most bytes kept; the oldest files go first.
        clock: monotonic seconds; injectable for tests.
    """

    def __init__(
        self,
        root: Path | None = None,
        *,
        ttl: float = 3600.0,
        max_bytes: int = 2 << 30,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._own_root = root is None
        self._owner_lock: Any = None
        if root is None:
            remove_abandoned_roots()
            self.root = Path(tempfile.mkdtemp(prefix=_TEMP_PREFIX))
            self._owner_lock = _hold_lock(self.root / _LOCK_NAME)
        else:
            self.root = root
        self.root.mkdir(parents=True, exist_ok=True)
        self._ttl = ttl
        self._max_bytes = max_bytes
        self._clock = clock
        self._files: OrderedDict[str, StoredFile] = OrderedDict()
        self._total = 0
        self._lock = threading.Lock()

    @property
    def total_bytes(self) -> int:
        return self._total

    def __len__(self) -> int:
        return len(self._files)

    # -- adding -------------------------------------------------------------------------
    def reserve(self, name: str) -> tuple[str, Path]:
        """A fresh id and the path its file must be written to."""
        file_id = secrets.token_urlsafe(16)
        folder = self.root / file_id
        folder.mkdir(mode=0o700, parents=True)  # the root again, after a close()
        return file_id, folder / name

    def commit(
        self, file_id: str, path: Path, mime_type: str | None, owner: str | None
    ) -> StoredFile:
        """Register a file written at ``path`` (from :meth:`reserve`)."""
        stored = StoredFile(
            id=file_id,
            name=path.name,
            mime_type=mime_type or guess_type(path.name),
            size=path.stat().st_size,
            path=path,
            owner=owner,
            created=self._clock(),
        )
        with self._lock:
            self._files[file_id] = stored
            self._total += stored.size
        self.sweep()
        return stored

    def discard(self, file_id: str) -> None:
        """Remove a reserved or stored file."""
        with self._lock:
            stored = self._files.pop(file_id, None)
            if stored is not None:
                self._total -= stored.size
        shutil.rmtree(self.root / file_id, ignore_errors=True)

    def put_bytes(
        self, data: bytes, name: str, mime_type: str | None, owner: str | None
    ) -> StoredFile:
        file_id, path = self.reserve(clean_name(name))
        path.write_bytes(data)
        return self.commit(file_id, path, mime_type, owner)

    def put_path(
        self, source: Path, name: str, mime_type: str | None, owner: str | None
    ) -> StoredFile:
        """Keep a copy of a file a *function* returned (a hard link when possible)."""
        file_id, path = self.reserve(clean_name(name))
        try:
            os.link(source, path)
        except OSError:
            shutil.copyfile(source, path)
        return self.commit(file_id, path, mime_type, owner)

    # -- reading ------------------------------------------------------------------------
    def get(self, file_id: str, owner: str | None) -> StoredFile | None:
        """The file, if it exists, has not expired and ``owner`` may see it."""
        stored = self._files.get(file_id)
        if stored is None or (stored.owner is not None and stored.owner != owner):
            return None
        if self._clock() - stored.created >= self._ttl:
            self.discard(file_id)
            return None
        return stored

    # -- forgetting ---------------------------------------------------------------------
    def sweep(self) -> None:
        """Drop expired files, then the oldest while over ``max_bytes``."""
        now = self._clock()
        doomed: list[str] = []
        with self._lock:
            for file_id, stored in self._files.items():
                over = self._total > self._max_bytes
                if not over and now - stored.created < self._ttl:
                    break
                doomed.append(file_id)
                self._total -= stored.size
            for file_id in doomed:
                del self._files[file_id]
        for file_id in doomed:
            shutil.rmtree(self.root / file_id, ignore_errors=True)

    def close(self) -> None:
        """Forget everything; remove the root if the store created it."""
        with self._lock:
            self._files.clear()
            self._total = 0
        if self._own_root:
            shutil.rmtree(self.root, ignore_errors=True)
        if self._owner_lock is not None:
            self._owner_lock.close()
            self._owner_lock = None


def remove_abandoned_roots(parent: Path | None = None) -> list[Path]:
    """Remove the temporary store folders whose process has died (their lock is free).

    Returns:
        The folders removed.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: folders are left to the OS
        return []
    removed: list[Path] = []
    for folder in Path(parent or tempfile.gettempdir()).glob(_TEMP_PREFIX + "*"):
        lock = folder / _LOCK_NAME
        try:
            with lock.open("rb") as handle:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # held by a live server, gone, or not ours to open
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


def _hold_lock(path: Path) -> Any:
    """Open and lock ``path`` for the life of this process (or until closed)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        return None
    handle = path.open("wb")
    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return handle


class JobFiles:
    """The :class:`~autoui.files.FileContext` of one request's job, bound to its owner.

    Accepts ``{"id": ...}`` of a file this owner may use and ``data:`` URLs; refuses
    ``{"path": ...}`` and everything else with a :class:`ValidationError` that never says
    whether a server path or another client's file exists.

    Args:
        store: where files live.
        owner: the session or user of the request.
        base: the app's mount prefix, put in front of file URLs.
        max_size: the largest ``data:`` URL file accepted.
    """

    def __init__(self, store: FileStore, owner: str | None, base: str, max_size: int) -> None:
        self.store = store
        self.owner = owner
        self.base = base
        self.max_size = max_size

    def resolve_input(self, payload: Any) -> Path:
        if isinstance(payload, str):
            if payload.startswith("data:"):
                return self._from_data_url(payload)
            raise ValidationError(
                'expected a file: {"id": ...} from POST /api/files, or a data: URL'
            )
        if not isinstance(payload, dict):
            raise ValidationError('expected a file: {"id": ...} from POST /api/files')
        if "path" in payload:
            raise ValidationError(
                "file paths are not accepted; upload the file (POST /api/files) and pass "
                'its {"id": ...}'
            )
        file_id = payload.get("id")
        stored = self.store.get(file_id, self.owner) if isinstance(file_id, str) else None
        if stored is None:
            raise ValidationError(
                "unknown file id: upload the file with POST /api/files in this session "
                "(uploads expire after a while)"
            )
        return stored.path

    def store_output(
        self, data: bytes | Path, name: str, mime_type: str | None = None
    ) -> FilePayload:
        if isinstance(data, Path):
            stored = self.store.put_path(data, name, mime_type, self.owner)
        else:
            stored = self.store.put_bytes(bytes(data), name, mime_type, self.owner)
        return stored.payload(self.base)

    def _from_data_url(self, url: str) -> Path:
        data, mime = decode_data_url(url, max_size=self.max_size)
        extension = extension_for(mime)
        stored = self.store.put_bytes(data, "upload" + extension, mime, self.owner)
        return stored.path
