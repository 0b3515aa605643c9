"""Guards in front of every route, in-process: hosts, framing, malformed bodies, budgets."""

from __future__ import annotations

from typing import Any

import pytest
from server_harness import HERE, asgi_client

from autoui.introspect import load_app
from autoui.limits import InputLimits
from autoui.server import ServerSettings, create_app
from autoui.spec import AppSpec


@pytest.fixture(scope="module")
def spec() -> AppSpec:
    return load_app(str(HERE / "fns_budgets.py"))


def nested(depth: int) -> Any:
    value: Any = {"a": 1}
    for _ in range(depth):
        value = {"a": value}
    return value


async def test_every_response_says_who_may_frame_it(spec: AppSpec) -> None:
    async with asgi_client(create_app(spec)) as api:
        for path in ("/", "/api/spec", "/health"):
            answer = await api.get(path)
            assert answer.headers["x-frame-options"] == "SAMEORIGIN"
            assert answer.headers["content-security-policy"] == "frame-ancestors 'self'"
    embedded = create_app(spec, ServerSettings(allow_embed=("https://wiki.example",)))
    async with asgi_client(embedded) as api:
        answer = await api.get("/")
        assert "x-frame-options" not in answer.headers
        policy = answer.headers["content-security-policy"]
        assert policy == "frame-ancestors 'self' https://wiki.example"


@pytest.mark.parametrize(
    ("host", "status"),
    [
        ("app.example", 200),
        ("app.example:7860", 200),
        ("team.corp.example", 200),
        ("localhost:7860", 200),
        ("192.168.1.5:7860", 200),  # an address: nothing to rebind
        ("evil.example", 403),
        ("corp.example.evil.example", 403),
    ],
)
async def test_allowed_hosts_on_a_bind_to_every_address(
    spec: AppSpec, host: str, status: int
) -> None:
    settings = ServerSettings(
        host="0.0.0.0", check_host=True, allowed_hosts=("app.example", "*.corp.example")
    )
    async with asgi_client(create_app(spec, settings)) as api:
        answer = await api.get("/api/spec", headers={"host": host})
        assert answer.status_code == status
        if status == 403:
            assert "--allowed-hosts" in answer.json()["error"]


async def test_malformed_and_oversized_inputs_are_4xx(spec: AppSpec) -> None:
    settings = ServerSettings(max_body_size=64 * 1024)
    async with asgi_client(create_app(spec, settings)) as api:
        deep = await api.post("/api/config/jobs", json={"data": {"settings": nested(200)}})
        assert deep.status_code == 422 and "nested too deeply" in deep.json()["error"]
        assert deep.json()["param"] == "settings"
        lists = b'{"data": {"settings": {"x": [' + b"[]," * 30_000 + b"[]]}}}"
        too_big = await api.post("/api/config/jobs", content=lists)
        assert too_big.status_code == 413
        many = b'{"data": {"settings": {"x": [' + b"[]," * 15_000 + b"[]]}}}"
        few = ServerSettings(input_limits=InputLimits(max_items=10_000))
        async with asgi_client(create_app(spec, few)) as small:
            answer = await small.post("/api/config/jobs", content=many)
            assert answer.status_code == 422 and "too many values" in answer.json()["error"]
        boundary = "b" * 300
        upload = await api.post(
            "/api/files",
            content=f"--{boundary}\r\n".encode(),
            headers={"content-type": f"multipart/form-data; boundary={boundary}"},
        )
        assert upload.status_code == 400 and "boundary" in upload.json()["error"]


async def test_an_unknown_job_says_whether_the_server_restarted(spec: AppSpec) -> None:
    async with asgi_client(create_app(spec)) as api:
        job = (await api.post("/api/echo/jobs", json={"data": ["x"]})).json()["job_id"]
    async with asgi_client(create_app(spec)) as restarted:
        answer = await restarted.get(f"/api/jobs/{job}")
        assert answer.status_code == 404 and "the server restarted" in answer.json()["error"]
        mine = (await restarted.post("/api/echo/jobs", json={"data": ["y"]})).json()["job_id"]
        unknown = mine[:4] + "x" * (len(mine) - 4)
        answer = await restarted.get(f"/api/jobs/{unknown}/events")
        assert answer.status_code == 404 and "expired" in answer.json()["error"]
