"""Fixtures of the broker tests: a real redis-server per module, and one cluster (two
front-ends, two workers on their own redis-server) shared by the whole session, since
starting its four processes is most of what the suite costs (see broker_harness)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from broker_harness import Cluster, RedisServer, require_redis


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    require_redis()
    server = RedisServer(tmp_path_factory.mktemp("redis")).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    require_redis()
    redis = RedisServer(tmp_path_factory.mktemp("cluster-redis")).start()
    running = Cluster(redis, tmp_path_factory.mktemp("markers"))
    try:
        yield running.start()
    finally:
        running.stop()
        redis.stop()


@pytest.fixture(autouse=True)
def _workers_alive(request: pytest.FixtureRequest) -> None:
    if "cluster" in request.fixturenames:
        request.getfixturevalue("cluster").revive()
