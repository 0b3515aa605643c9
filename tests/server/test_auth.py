"""``--auth``: every route but /login and /health asks for credentials; Basic and the login page."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from server_harness import HERE, asgi_client

from autoui.introspect import load_app
from autoui.server import ServerSettings, create_app
from autoui.server.auth import Credentials
from autoui.server.passwords import PasswordBook
from autoui.server.throttle import LoginThrottle
from autoui.spec import AppSpec

USERS = (("alice", "wonderland"), ("bob", "builder"))
ALICE = httpx.BasicAuth("alice", "wonderland")
BOB = httpx.BasicAuth("bob", "builder")


@pytest.fixture(scope="module")
def spec() -> AppSpec:
    return load_app(str(HERE / "fns_jobs.py"))


@pytest.fixture
def app(spec: AppSpec, tmp_path: Any) -> Any:
    css = tmp_path / "x.css"
    css.write_text("body{}")
    return create_app(spec, ServerSettings(auth=USERS, css=css, js=css))


@pytest.fixture
async def api(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(app, follow_redirects=False) as client:
        yield client


def concrete_requests(app: Any) -> list[tuple[str, str]]:
    """(method, path) for every route of the app, path parameters filled in."""
    requests = []
    for route in app.routes:
        path = re.sub(r"\{[^}]+\}", "x", route.path)
        methods = getattr(route, "methods", None) or {"GET"}
        if not hasattr(route, "methods"):  # a mount: ask for something inside it
            path += "/app.js"
        requests += [(method, path) for method in sorted(methods) if method != "HEAD"]
    return requests


async def test_every_route_but_login_and_health_answers_401(
    app: Any, api: httpx.AsyncClient
) -> None:
    requests = concrete_requests(app)
    assert len(requests) > 15
    assert ("GET", "/api/jobs/x/events") in requests and ("POST", "/api/files") in requests
    for method, path in requests:
        answer = await api.request(method, path)
        if path in ("/login", "/health"):  # reached the route itself
            assert "authentication required" not in answer.text, (method, path)
        else:
            assert answer.status_code == 401, (method, path, answer.status_code)
            assert "data" not in answer.text and "functions" not in answer.text


async def test_basic_auth_opens_every_route(api: httpx.AsyncClient) -> None:
    assert (await api.get("/api/spec", auth=ALICE)).status_code == 200
    assert (await api.get("/openapi.json", auth=BOB)).status_code == 200
    assert (await api.get("/docs", auth=BOB)).status_code == 200
    answer = await api.post("/api/echo", json={"data": ["hi"]}, auth=ALICE)
    assert answer.json()["data"] == ["hi"]
    wrong = await api.get("/api/spec", auth=httpx.BasicAuth("alice", "builder"))
    assert wrong.status_code == 401
    assert wrong.headers["www-authenticate"].startswith("Basic")


async def test_a_browser_gets_the_login_page_without_a_password_dialog(
    api: httpx.AsyncClient,
) -> None:
    page = await api.get("/", headers={"accept": "text/html"})
    assert page.status_code == 401 and "<form" in page.text
    assert 'name="next" value="/"' in page.text and 'action="/login"' in page.text
    fetch = await api.get("/api/spec", headers={"sec-fetch-mode": "cors"})
    assert fetch.status_code == 401 and "www-authenticate" not in fetch.headers


async def test_login_sets_a_signed_cookie_that_opens_the_app(api: httpx.AsyncClient) -> None:
    wrong = await api.post("/login", data={"username": "alice", "password": "x", "next": "/"})
    assert wrong.status_code == 401 and "Wrong user name or password" in wrong.text
    assert "autoui_auth" not in wrong.headers.get("set-cookie", "")

    answer = await api.post(
        "/login", data={"username": "alice", "password": "wonderland", "next": "/docs"}
    )
    assert answer.status_code == 303 and answer.headers["location"] == "/docs"
    cookie = answer.cookies["autoui_auth"]
    api.cookies.clear()
    assert "httponly" in answer.headers["set-cookie"].lower()
    assert (
        await api.get("/api/spec", headers={"cookie": f"autoui_auth={cookie}"})
    ).status_code == 200
    forged = cookie[:-3] + ("AAA" if not cookie.endswith("AAA") else "BBB")
    assert (
        await api.get("/api/spec", headers={"cookie": f"autoui_auth={forged}"})
    ).status_code == 401

    out = await api.get("/logout", headers={"cookie": f"autoui_auth={cookie}"})
    assert out.status_code == 303 and 'autoui_auth=""' in out.headers["set-cookie"]


@pytest.mark.parametrize(
    "target",
    ["//evil.example", "/\\evil.example", "https://evil.example", "%2F%2Fevil", "/ok\r\nX: y"],
)
async def test_login_never_redirects_off_site(api: httpx.AsyncClient, target: str) -> None:
    answer = await api.post(
        "/login", data={"username": "bob", "password": "builder", "next": target}
    )
    assert answer.status_code == 303 and answer.headers["location"] == "/"


async def test_one_users_job_is_invisible_to_another(api: httpx.AsyncClient) -> None:
    job = (await api.post("/api/echo/jobs", json={"data": ["mine"]}, auth=ALICE)).json()["job_id"]
    assert (await api.get(f"/api/jobs/{job}", auth=ALICE)).status_code == 200
    assert (await api.get(f"/api/jobs/{job}", auth=BOB)).status_code == 404
    assert (await api.get(f"/api/jobs/{job}/events", auth=BOB)).status_code == 404
    assert (await api.delete(f"/api/jobs/{job}", auth=BOB)).status_code == 404


def credentials_of(users: Any, secret: bytes) -> Credentials:
    return Credentials(PasswordBook(users, {}, secret), secret, LoginThrottle(5, 300))


def test_credentials_compare_and_expire() -> None:
    credentials = credentials_of(USERS, b"k" * 32)
    assert credentials.check("alice", "wonderland") and not credentials.check("alice", "")
    assert not credentials.check("carol", "wonderland")
    cookie = credentials.cookie_for("bob", now=1000.0)
    assert credentials.user_from_cookie(cookie, now=1001.0) == "bob"
    assert credentials.user_from_cookie(cookie, now=1000.0 + 8 * 24 * 3600) is None  # expired
    assert credentials_of(USERS, b"other key" * 4).user_from_cookie(cookie, now=1001.0) is None
    assert credentials_of([("alice", "x")], b"k" * 32).user_from_cookie(cookie, now=1001.0) is None
    credentials.revoke(cookie, now=1002.0)
    assert credentials.user_from_cookie(cookie, now=1003.0) is None  # logged out
    assert credentials.user_from_cookie(credentials.cookie_for("bob"), None) == "bob"
