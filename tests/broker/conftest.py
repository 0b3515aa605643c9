"""Fixtures of the broker tests: a real redis-server per module (see broker_harness)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from broker_harness import RedisServer, require_redis


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    require_redis()
    server = RedisServer(tmp_path_factory.mktemp("redis")).start()
    try:
        yield server
    finally:
        server.stop()
