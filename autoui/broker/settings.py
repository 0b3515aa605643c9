"""How a broker deployment behaves, as one value shared by front-ends and workers.

Nothing here imports redis: the CLI builds these settings before it knows whether the
``redis`` extra is installed, and ``autoui --help`` stays fast.

The defaults suit a production service: a worker that stops responding loses its jobs
to another worker after ``reclaim_idle`` (30 s) and a job that kills its worker
``max_deliveries`` (3) times is dead-lettered. Tests and benchmarks pass short values.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from autoui.spec import AppSpec

__all__ = ["BLOCK_MS", "BrokerSettings", "FileStoreSpec", "app_id", "parse_file_store"]

#: Every blocking Redis read waits at most this long (redis-py 8 socket-timeout trap:
#: the client's ``socket_timeout`` must exceed it, see :mod:`autoui.broker.connection`).
BLOCK_MS = 1000
MB = 1024 * 1024
_SIZE_RE = re.compile(r"(\d+(?:\.\d+)?)\s*([kmg]?)i?b?", re.IGNORECASE)


@dataclass(frozen=True)
class FileStoreSpec:
    """Where files live under a broker.

    Attributes:
        kind: ``"redis"`` (file bytes kept in Redis, each at most ``max_file``) or
            ``"dir"`` (a directory every front-end and worker mounts at ``path``).
        max_file: the largest file the Redis store keeps, in bytes.
        path: the shared directory (``kind == "dir"``).
    """

    kind: str = "redis"
    max_file: int = 16 * MB
    path: Path | None = None

    def describe(self) -> str:
        if self.kind == "dir":
            return f"directory {self.path}"
        return f"redis (files up to {self.max_file // MB} MiB)"


@dataclass(frozen=True)
class BrokerSettings:
    """Settings of one process attached to a Redis broker.

    Attributes:
        url: ``redis://[user:password@]host:port/db`` (``rediss://`` for TLS).
        reclaim_idle: seconds without a heartbeat after which a running job is taken
            over by another worker (and restarted there).
        heartbeat: seconds between a worker's heartbeats; at most a quarter of
            ``reclaim_idle`` so a healthy long job is never taken over.
        max_deliveries: times a job may be started before it is dead-lettered
            (a job that kills every worker that runs it stops there).
        file_store: where uploads and outputs live.
        event_maxlen: about this many events are kept per job (the newest).
        max_store_bytes: most bytes of files kept in Redis, oldest dropped first.
    """

    url: str
    reclaim_idle: float = 30.0
    heartbeat: float = 7.5
    max_deliveries: int = 3
    file_store: FileStoreSpec = FileStoreSpec()
    event_maxlen: int = 512
    max_store_bytes: int = 1024 * MB

    def __post_init__(self) -> None:
        if not self.url.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError(
                f"--broker expects redis://host:port/db (or rediss://, unix://), got {self.url!r}"
            )
        if not 0 < self.heartbeat <= self.reclaim_idle / 2:
            raise ValueError(
                f"heartbeat ({self.heartbeat} s) must be more than 0 and at most half of "
                f"reclaim_idle ({self.reclaim_idle} s), or healthy jobs would be taken over"
            )
        if self.max_deliveries < 1:
            raise ValueError(f"max_deliveries must be >= 1, got {self.max_deliveries}")

    def shown_url(self) -> str:
        """The URL without its password, for logs and banners."""
        return re.sub(r"//([^:@/]*):[^@/]*@", r"//\1:***@", self.url)


def parse_file_store(value: str) -> FileStoreSpec:
    """``redis``, ``redis:32MB`` or ``dir:/shared/path`` → a :class:`FileStoreSpec`.

    Raises:
        ValueError: anything else, with the accepted forms.
    """
    kind, _, rest = value.strip().partition(":")
    if kind == "redis":
        if not rest:
            return FileStoreSpec()
        match = _SIZE_RE.fullmatch(rest.strip())
        if match is None:
            raise ValueError(f"expected redis:SIZE like redis:32MB, got {value!r}")
        units = {"": 1, "k": 1024, "m": MB, "g": 1024 * MB}
        return FileStoreSpec(max_file=int(float(match.group(1)) * units[match.group(2).lower()]))
    if kind == "dir" and rest:
        return FileStoreSpec(kind="dir", path=Path(rest).expanduser().resolve())
    raise ValueError(
        f"--file-store expects 'redis', 'redis:SIZE' (e.g. redis:32MB) or "
        f"'dir:/shared/path', got {value!r}"
    )


def app_id(spec: AppSpec) -> str:
    """A short digest of the app's functions and their parameters.

    Front-ends and workers of one app agree on it wherever their code lives (a path in
    the target would differ between boxes), and two apps can share one Redis. Flags
    that only tune running (``--concurrency``) do not change it.
    """
    shape = [
        [
            fn.name,
            [[p.name, p.component.kind] for p in fn.inputs],
            [o.component.kind for o in fn.outputs],
        ]
        for fn in spec.functions
    ]
    digest = hashlib.sha256(json.dumps(shape, sort_keys=True).encode()).hexdigest()
    return digest[:12]
