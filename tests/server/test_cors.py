"""CORS and Host: an exact allowlist that refuses (403) what it does not allow."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from server_harness import HERE, asgi_client

from autoui.introspect import load_app
from autoui.server import ServerSettings, create_app
from autoui.server.cors import is_loopback

ALLOWED = "https://allowed.example"
SELF = "127.0.0.1:7860"
EVIL_ORIGINS = [
    "https://evil.example",
    "null",
    "http://localhost.evil.example",
    "http://127.0.0.1:9999",
]


@pytest.fixture(scope="module")
def app() -> Any:
    spec = load_app(str(HERE / "fns_jobs.py"))
    settings = ServerSettings(host="127.0.0.1", check_host=True, cors_origins=(ALLOWED,))
    return create_app(spec, settings)


@pytest.fixture
async def api(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(app) as client:
        yield client


async def post_job(api: httpx.AsyncClient, headers: dict[str, str]) -> httpx.Response:
    return await api.post("/api/echo/jobs", json={"data": ["x"]}, headers=headers)


async def post_upload(api: httpx.AsyncClient, headers: dict[str, str]) -> httpx.Response:
    return await api.post("/api/files", files={"file": ("a.txt", b"a")}, headers=headers)


@pytest.mark.parametrize("send", [post_job, post_upload])
@pytest.mark.parametrize("cookie", [None, "autoui_session=AAAAAAAAAAAAAAAAAAAAAA"])
async def test_the_origin_matrix(api: httpx.AsyncClient, send: Any, cookie: str | None) -> None:
    extra = {"cookie": cookie} if cookie else {}
    no_origin = await send(api, {"host": SELF, **extra})
    assert no_origin.status_code in (200, 202)
    assert "access-control-allow-origin" not in no_origin.headers

    same = await send(api, {"host": SELF, "origin": f"http://{SELF}", **extra})
    assert same.status_code in (200, 202)

    allowed = await send(api, {"host": SELF, "origin": ALLOWED, **extra})
    assert allowed.status_code in (200, 202)
    assert allowed.headers["access-control-allow-origin"] == ALLOWED
    assert allowed.headers["access-control-allow-credentials"] == "true"
    exposed = allowed.headers["access-control-expose-headers"]  # a 429's wait is readable
    assert {"retry-after", "mcp-session-id"} <= set(exposed.replace(" ", "").split(","))

    for origin in EVIL_ORIGINS:
        refused = await send(api, {"host": SELF, "origin": origin, **extra})
        assert refused.status_code == 403, origin
        assert "--cors-origin" in refused.json()["error"]
        assert "access-control-allow-origin" not in refused.headers

    for host in ("evil.example", "evil.example:7860", "127.0.0.1.evil.example"):  # DNS rebinding
        rebound = await send(api, {"host": host, "origin": f"http://{host}", **extra})
        assert rebound.status_code == 403, host


async def test_reads_from_other_origins_get_no_cors_headers(api: httpx.AsyncClient) -> None:
    answer = await api.get("/api/spec", headers={"origin": "https://evil.example"})
    assert answer.status_code == 200
    assert "access-control-allow-origin" not in answer.headers
    rebound = await api.get("/api/spec", headers={"host": "evil.example"})
    assert rebound.status_code == 403
    answer = await api.get("/api/spec", headers={"origin": ALLOWED})
    assert answer.headers["access-control-allow-origin"] == ALLOWED
    assert answer.headers["access-control-allow-origin"] != "*"


@pytest.mark.parametrize("path", ["/api/files", "/api/echo/jobs", "/api/jobs/x"])
async def test_preflights(api: httpx.AsyncClient, path: str) -> None:
    asks = {
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type, mcp-session-id",
    }
    ok = await api.options(path, headers={"origin": ALLOWED, **asks})
    assert ok.status_code == 204
    assert ok.headers["access-control-allow-origin"] == ALLOWED
    assert "POST" in ok.headers["access-control-allow-methods"]
    allowed = set(ok.headers["access-control-allow-headers"].replace(" ", "").split(","))
    assert {"content-type", "mcp-session-id", "mcp-protocol-version"} <= allowed
    for origin in EVIL_ORIGINS:
        refused = await api.options(path, headers={"origin": origin, **asks})
        assert refused.status_code == 403
        assert "access-control-allow-origin" not in refused.headers


@pytest.mark.parametrize(
    ("host", "expected"),
    [("localhost", True), ("127.0.0.2", True), ("[::1]", True), ("app.localhost", True),
     ("localhost.evil.example", False), ("10.0.0.1", False), ("example.com", False)],
)  # fmt: skip
def test_is_loopback(host: str, expected: bool) -> None:
    assert is_loopback(host) is expected


def test_origins_must_be_exact() -> None:
    with pytest.raises(ValueError, match="scheme and host"):
        ServerSettings(cors_origins=("https://example.com/",))
    with pytest.raises(ValueError, match="scheme and host"):
        ServerSettings(cors_origins=("example.com",))
