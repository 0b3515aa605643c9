"""The per-client job limit and route-name clashes, in-process: who counts as a client,
what a refusal looks like, and what ``create_app`` says about a function named ``files``."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import httpx
import pytest
from server_harness import HERE, asgi_client

from autoui.introspect import load_app
from autoui.server import ServerSettings, create_app
from autoui.spec import AppSpec

USERS = (("ann", "secret"), ("ben", "hidden"))


@pytest.fixture(scope="module")
def spec() -> AppSpec:
    return load_app(str(HERE / "fns_limits.py"))


async def hold(client: httpx.AsyncClient, **options: Any) -> httpx.Response:
    return await client.post("/api/hold/jobs", json={"data": {"seconds": 5}}, **options)


async def test_signed_in_users_are_counted_apart_and_refused_before_the_body_is_read(
    spec: AppSpec,
) -> None:
    app = create_app(spec, ServerSettings(auth=USERS, max_jobs_per_client=2))
    async with asgi_client(app) as client:
        ann, ben = httpx.BasicAuth(*USERS[0]), httpx.BasicAuth(*USERS[1])
        assert [(await hold(client, auth=ann)).status_code for _ in range(2)] == [202, 202]
        refused = await hold(client, auth=ann)
        assert refused.status_code == 429
        assert int(refused.headers["retry-after"]) >= 1
        assert refused.json() == {
            "error": "too many jobs: this client already has 2 queued or running, the most one "
            "client may have (max_jobs_per_client = 2); wait for one to finish or cancel one, "
            "then retry",
            "type": "TooManyJobs",
            "limit": 2,
        }
        # Refused before anything is read or decoded: a broken body gets the same 429.
        broken = await client.post("/api/hold/jobs", content=b"{not json", auth=ann)
        assert broken.status_code == 429
        # The blocking route counts too.
        blocking = await client.post("/api/hold", json={"data": {"seconds": 0}}, auth=ann)
        assert blocking.status_code == 429
        # Same address, another user: its own allowance.
        assert (await hold(client, auth=ben)).status_code == 202


async def test_sessions_count_apart_from_the_cookie_less_clients_of_an_address(
    spec: AppSpec,
) -> None:
    app = create_app(spec, ServerSettings(max_jobs_per_client=1))
    async with asgi_client(app) as client:
        first = await hold(client)  # no cookie: counted by address (127.0.0.1)
        assert first.status_code == 202
        assert (await hold(client)).status_code == 429
        session = {"cookie": "autoui_session=" + "s" * 22}
        assert (await hold(client, headers=session)).status_code == 202
        assert (await hold(client, headers=session)).status_code == 429
        # Cancelling frees the place at once.
        await client.delete(f"/api/jobs/{first.json()['job_id']}")
        assert (await hold(client)).status_code == 202


async def test_no_limit_takes_any_number_of_jobs(spec: AppSpec) -> None:
    app = create_app(spec, ServerSettings(max_jobs_per_client=None))
    async with asgi_client(app) as client:
        answers = await asyncio.gather(*(hold(client) for _ in range(100)))
        assert {answer.status_code for answer in answers} == {202}


def test_settings_defaults_and_refusals() -> None:
    settings = ServerSettings()
    assert settings.max_jobs_per_client == 64 and settings.send_timeout == 30.0
    with pytest.raises(ValueError, match="max_jobs_per_client must be >= 1"):
        ServerSettings(max_jobs_per_client=0)
    with pytest.raises(ValueError, match="send_timeout must be > 0"):
        ServerSettings(send_timeout=0)


async def test_a_function_named_files_is_told_apart_from_the_upload_route(
    spec: AppSpec, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="autoui"):
        app = create_app(spec)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1, warnings  # spec and jobs are not shadowed
    assert warnings[0].startswith("function 'files' has no blocking route: POST /api/files is")
    assert "'upload_files'" in warnings[0] and "Call it with POST /api/files/jobs" in warnings[0]
    async with asgi_client(app) as client:
        job = await client.post("/api/files/jobs", json={"data": {"text": "a"}})
        assert job.status_code == 202
        status: dict[str, Any] = {}
        for _ in range(100):
            status = (await client.get(f"/api/jobs/{job.json()['job_id']}")).json()
            if status["status"] == "complete":
                break
            await asyncio.sleep(0.02)
        assert status["data"] == ["files:a"]
        paths = (await client.get("/openapi.json")).json()["paths"]
        assert paths["/api/files"]["post"]["operationId"] != "call_files"
        assert "call_files" not in str(paths)
        assert paths["/api/spec"]["get"]["operationId"] != paths["/api/spec"]["post"]["operationId"]


async def test_rotating_the_session_cookie_does_not_lift_the_cap_of_an_address(
    spec: AppSpec,
) -> None:
    app = create_app(spec, ServerSettings(max_jobs_per_client=64, max_jobs_per_address=3))
    async with asgi_client(app) as client:
        statuses = []
        for i in range(4):
            fresh = {"cookie": f"autoui_session={'r' * 20}{i:02d}"}
            statuses.append((await hold(client, headers=fresh)).status_code)
        assert statuses == [202, 202, 202, 429]
        refused = await hold(client, headers={"cookie": "autoui_session=" + "z" * 22})
        assert "max_jobs_per_address = 3" in refused.json()["error"]


async def test_waiting_request_bytes_are_capped_per_client(spec: AppSpec) -> None:
    app = create_app(spec, ServerSettings(max_queued_bytes_per_client=2500))
    async with asgi_client(app) as client:
        assert (await hold(client)).status_code == 202  # runs: its bytes no longer wait
        padded = {"data": {"seconds": 5}, "note": "x" * 1000}  # ~1 KB bodies that wait
        sent = [await client.post("/api/hold/jobs", json=padded) for _ in range(3)]
        assert [answer.status_code for answer in sent] == [202, 202, 429]
        assert "max_queued_bytes_per_client" in sent[2].json()["error"]


async def test_retry_after_reflects_how_long_the_running_job_takes(spec: AppSpec) -> None:
    app = create_app(spec, ServerSettings(max_jobs_per_client=1))
    async with asgi_client(app) as client:
        assert (await hold(client)).status_code == 202  # holds its slot 5 s
        await asyncio.sleep(0.2)
        refused = await hold(client)
        assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 5  # was 1
