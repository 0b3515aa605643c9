"""Connections are budgeted in time and size, on a real server, over raw sockets.

One ``autoui serve`` with one-second timeouts and small caps; ``--trusted-proxies``
names a proxy that never connects (192.0.2.1, a documentation address), so loopback
is not exempt from the per-address cap and no forwarded header is believed.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import httpx
import pytest
from server_harness import HERE, Server, kinds, read_events

pytestmark = pytest.mark.timeout(60)
ARGS = [
    "--header-timeout", "1",
    "--idle-timeout", "1",
    "--keep-alive-timeout", "1",
    "--max-header-size", "8KB",
    "--max-connections-per-address", "4",
    "--trusted-proxies", "192.0.2.1",
    "--max-jobs-per-client", "2",
]  # fmt: skip


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with Server(str(HERE / "fns_budgets.py"), *ARGS) as running:
        yield running


def connect(server: Server) -> socket.socket:
    host, port = server.url.removeprefix("http://").split(":")
    sock = socket.create_connection((host, int(port)), timeout=10)
    return sock


def read_all(sock: socket.socket) -> tuple[bytes, float]:
    """Everything the server sends until it closes, and how long that took."""
    start = time.monotonic()
    data = b""
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            return data, time.monotonic() - start
        data += chunk


def test_a_silent_connection_is_closed_at_the_header_timeout(server: Server) -> None:
    with connect(server) as sock:
        data, waited = read_all(sock)
    assert data == b"" and waited < 4  # was: open for ever


def test_a_half_sent_request_gets_408_and_is_closed(server: Server) -> None:
    with connect(server) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\nhost: 127.0.0.1\r\nx-slow: ")
        data, waited = read_all(sock)
    assert data.startswith(b"HTTP/1.1 408 ") and waited < 4


def test_a_huge_request_head_gets_431(server: Server) -> None:
    with connect(server) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\nhost: 127.0.0.1\r\n")
        try:
            sock.sendall(b"x-big: " + b"a" * (1024 * 1024) + b"\r\n\r\n")
        except OSError:
            pass  # refused before it was all sent
        data, _ = read_all(sock)
    assert data.startswith(b"HTTP/1.1 431 ") and b"max_header_size" in data


def test_a_stalled_body_is_cut_at_the_idle_timeout(server: Server) -> None:
    with connect(server) as sock:
        head = b"POST /api/echo/jobs HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-length: 100\r\n\r\n"
        sock.sendall(head + b'{"data"')
        data, waited = read_all(sock)
    assert b" 202 " not in data and waited < 4


def test_an_idle_keep_alive_connection_is_closed(server: Server) -> None:
    with connect(server) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n")
        data, waited = read_all(sock)
    assert data.startswith(b"HTTP/1.1 200 ") and waited < 4


def test_connections_per_address_are_capped(server: Server) -> None:
    held = [connect(server) for _ in range(4)]
    try:
        with connect(server) as fifth:
            data, _ = read_all(fifth)
        assert data.startswith(b"HTTP/1.1 503 ") and b"too many open connections" in data
    finally:
        for sock in held:
            sock.close()
    time.sleep(0.2)
    assert httpx.get(f"{server.url}/health").status_code == 200  # room again


def test_a_long_event_stream_is_not_cut_by_the_timeouts(server: Server) -> None:
    with httpx.Client(timeout=30) as client:
        job = client.post(f"{server.url}/api/hold/jobs", json={"data": {"seconds": 2.5}})
        events = read_events(client, f"{server.url}/api/jobs/{job.json()['job_id']}/events")
    assert kinds(events)[-1] == "complete"


def test_forwarded_addresses_are_believed_only_from_trusted_proxies(server: Server) -> None:
    with httpx.Client(timeout=30) as client:
        answers = [
            client.post(
                f"{server.url}/api/hold/jobs",
                json={"data": {"seconds": 1}},
                headers={"x-forwarded-for": f"10.1.2.{i}"},
            )
            for i in range(3)
        ]
    # Three "clients" by their header, one by the truth: the third is over its cap of 2.
    assert [a.status_code for a in answers] == [202, 202, 429]
