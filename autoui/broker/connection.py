"""Redis clients built one way, so no blocking read can hang.

redis-py 8 gives every client ``socket_timeout=5`` and retries: a blocking
``XREADGROUP ... BLOCK 7000`` then times out client-side, is retried, and hangs for
about a minute before raising (research note §3.2; redis-py #3138, docket #425). So
every client here has ``socket_timeout`` above the longest ``BLOCK`` autoui uses
(:data:`~autoui.broker.settings.BLOCK_MS`) plus slack, no automatic retries (autoui
retries itself, knowing which commands are safe to repeat) and an explicit
``protocol`` so a future default cannot change the shape of replies.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from autoui.broker.settings import BLOCK_MS, BrokerSettings, app_id

if TYPE_CHECKING:  # pragma: no cover
    import redis.asyncio

    from autoui.spec import AppSpec

__all__ = [
    "PROTOCOL",
    "SOCKET_TIMEOUT",
    "BrokerDown",
    "connect",
    "connect_sync",
    "down_errors",
    "probe",
]

PROTOCOL = 2  # RESP2 replies: lists and bytes, the shapes the code below reads
SOCKET_TIMEOUT = BLOCK_MS / 1000 + 5
CONNECT_TIMEOUT = 3.0
MAX_CONNECTIONS = 64  # per process: blocking reads, pub/sub, and commands in flight
POOL_WAIT = 20.0  # seconds a command waits for a free connection of the pool


class BrokerDown(Exception):
    """Redis cannot be reached now; the caller answers 503 or waits and retries."""


def _options(asynchronous: bool = True) -> dict[str, Any]:
    from redis.backoff import NoBackoff

    if asynchronous:
        from redis.asyncio.retry import Retry
    else:
        from redis.retry import Retry  # type: ignore[assignment]

    return {
        "protocol": PROTOCOL,
        "socket_timeout": SOCKET_TIMEOUT,
        "socket_connect_timeout": CONNECT_TIMEOUT,
        "socket_keepalive": True,
        "retry": Retry(NoBackoff(), 0),
        "health_check_interval": 0,
        "decode_responses": False,
    }


def connect(url: str, *, max_connections: int = MAX_CONNECTIONS) -> redis.asyncio.Redis:
    """An asyncio client for ``url`` with autoui's timeouts.

    Its pool holds at most ``max_connections`` connections; a command that finds them
    all busy waits up to :data:`POOL_WAIT` seconds for one (a thousand clients at once
    must not become a thousand connections, or a thousand errors).
    """
    import redis.asyncio

    pool = redis.asyncio.BlockingConnectionPool.from_url(
        url, max_connections=max_connections, timeout=POOL_WAIT, **_options()
    )
    client: redis.asyncio.Redis = redis.asyncio.Redis(connection_pool=pool)
    return client


def connect_sync(url: str) -> Any:
    """A thread-safe blocking client (for file transfers made from worker threads)."""
    import redis

    return redis.Redis.from_url(url, **_options(asynchronous=False))


@functools.cache
def down_errors() -> tuple[type[BaseException], ...]:
    """The exceptions that mean "Redis is unreachable right now" (one tuple, built once:
    the job path asks on every command)."""
    import redis.exceptions

    return (
        redis.exceptions.ConnectionError,
        redis.exceptions.TimeoutError,
        redis.exceptions.BusyLoadingError,
        ConnectionError,
        OSError,
    )


def probe(broker: BrokerSettings, spec: AppSpec) -> str:
    """One line for the start-up banner: what this process is connected to."""
    client = connect_sync(broker.url)
    where = f"front-end of broker {broker.shown_url()} (app {app_id(spec)}; files: " \
        f"{broker.file_store.describe()})"
    try:
        version = client.info("server").get("redis_version", "?")
        return f"{where}: connected, Redis {version}"
    except down_errors() as exc:
        return f"{where}: not reachable yet ({exc}); submits get 503 until it is"
    finally:
        client.close()
