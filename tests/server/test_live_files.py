"""Files over real HTTP, with raw sockets: traversal attempts, lying and chunked bodies."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from server_harness import HERE, Server

pytestmark = pytest.mark.timeout(120)
LIMIT = 64 * 1024


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    markers = tmp_path_factory.mktemp("markers")
    env = {"AUTOUI_TEST_MARKERS": str(markers)}
    with Server(str(HERE / "fns_files.py"), "--max-file-size", "64k", env=env) as s:
        yield s


def raw(server: Server, head: bytes, body: bytes = b"", timeout: float = 10.0) -> tuple[int, bytes]:
    """Send bytes exactly as given (no client normalises the path); return status and body."""
    host, port = server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=timeout) as sock:
        try:
            sock.sendall(head + body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed before the body was all sent
        data = b""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                chunk = sock.recv(65536)
            except (ConnectionResetError, TimeoutError):
                break
            if not chunk:
                break
            data += chunk
            if b"\r\n\r\n" in data and _complete(data):
                break
    status = int(data.split(b" ", 2)[1]) if data else 0
    return status, data.partition(b"\r\n\r\n")[2]


def _complete(data: bytes) -> bool:
    head, _, body = data.partition(b"\r\n\r\n")
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return len(body) >= int(line.split(b":")[1])
    return False


def get(server: Server, path: str) -> tuple[int, bytes]:
    return raw(
        server, f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode()
    )


TRAVERSALS = [
    "/api/files/../../{t}",
    "/api/files/..%2f..%2f..%2f..%2f{te}/x",
    "/api/files/%2e%2e%2f%2e%2e%2f%2e%2e%2f{te}/x",
    "/api/files/%252e%252e%252f%252e%252e%252f{te}/x",
    "/api/files//{t}",
    "/api/files/%2F{te}/x",
    "/api/files/%2F{te}",
    "/api/files/..%5c..%5c..%5c{te}/x",
    "/api/files/..\\..\\..\\{t}/x",
    "/api/files/{t}%00/x",
    "/api/files/%00/{te}",
    "/api/files/{{id}}/..%2f..%2f..%2f{te}",
    "/api/files/{{id}}/../../../{t}",
    "/static/../../../../../../{t}",
    "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/{t}",
    "/static/..%2f..%2f..%2f..%2f..%2f{te}",
    "/static/%2fetc%2fpasswd",
    "/custom.css/../../../{t}",
]


def test_traversal_attempts_get_the_same_404_whether_the_target_exists(
    server: Server, client: httpx.Client
) -> None:
    upload = client.post(f"{server.url}/api/files", files={"file": ("a.txt", b"abc")}).json()
    for pattern in TRAVERSALS:
        answers = []
        for target in ("etc/passwd", "etc/no-such-file-here"):
            path = pattern.format(t=target, te=target.replace("/", "%2f")).replace(
                "{id}", upload["id"]
            )
            status, body = get(server, path)
            assert status in (400, 404), (path, status, body[:200])
            assert b"root:" not in body
            answers.append((status, body))
        assert answers[0] == answers[1], pattern
    assert client.get(f"{server.url}/health").status_code == 200


def test_an_announced_body_over_the_limit_is_refused_before_it_is_sent(server: Server) -> None:
    head = (
        "POST /api/files HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        "Content-Type: multipart/form-data; boundary=b\r\n"
        f"Content-Length: {50 * 1024 * 1024}\r\n\r\n"
    ).encode()
    start = time.monotonic()
    status, body = raw(server, head, b"--b\r\n")  # the 50 MB never come
    assert status == 413 and b"limit" in body
    assert time.monotonic() - start < 5


def test_a_chunked_body_over_the_limit_is_cut_off(server: Server) -> None:
    head = (
        b"POST /api/files HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        b"Content-Type: multipart/form-data; boundary=b\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    part = b'--b\r\nContent-Disposition: form-data; name="file"; filename="c.bin"\r\n\r\n'
    chunks = [part] + [b"z" * 8192] * (LIMIT // 8192 + 4)
    body = b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in chunks) + b"0\r\n\r\n"
    status, answer = raw(server, head, body)
    assert status == 413


def test_a_lying_content_length_does_not_smuggle_a_file(
    server: Server, client: httpx.Client
) -> None:
    part = b'--b\r\nContent-Disposition: form-data; name="file"; filename="l.bin"\r\n\r\n'
    payload = part + b"q" * (LIMIT * 2) + b"\r\n--b--\r\n"
    head = (
        b"POST /api/files HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        b"Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 200\r\n\r\n"
    )
    status, _ = raw(server, head, payload)
    assert status == 400  # the server read 200 bytes: an unfinished part, not a file
    assert client.get(f"{server.url}/health").status_code == 200


def test_uploaded_html_comes_back_as_an_attachment(server: Server, client: httpx.Client) -> None:
    page = b"<html><body><script>alert(document.cookie)</script></body></html>"
    payload = client.post(f"{server.url}/api/files", files={"file": ("x.html", page)}).json()
    served = client.get(server.url + payload["url"])
    assert served.headers["content-type"] == "application/octet-stream"
    assert served.headers["content-disposition"].startswith("attachment")
    assert served.headers["x-content-type-options"] == "nosniff"
    assert "sandbox" in served.headers["content-security-policy"]


def test_path_payloads_never_reach_the_function(server: Server, client: httpx.Client) -> None:
    answer = client.post(
        f"{server.url}/api/measure", json={"data": {"document": {"path": "/etc/passwd"}}}
    )
    assert answer.status_code == 422 and answer.json()["param"] == "document"
    markers = Path(server.env["AUTOUI_TEST_MARKERS"])
    assert not (markers / "measure.called").exists()


def test_url_inputs_are_never_fetched(server: Server, client: httpx.Client) -> None:
    canary = socket.create_server(("127.0.0.1", 0))
    canary.settimeout(0.5)
    port = canary.getsockname()[1]
    targets = [
        f"http://127.0.0.1:{port}/x",
        "http://169.254.169.254/latest/meta-data/",
        f"http://2130706433:{port}/",
        "file:///etc/passwd",
        "gopher://127.0.0.1:22/",
    ]
    try:
        for url in targets:
            for payload in (url, {"url": url}, {"path": url, "url": url}, {"id": "x", "url": url}):
                answer = client.post(f"{server.url}/api/measure", json={"data": [payload]})
                assert answer.status_code == 422, (payload, answer.text)
        with pytest.raises(TimeoutError):
            canary.accept()  # nobody ever connected
    finally:
        canary.close()
