"""The app in-process: the web page and its assets, the spec, the typed OpenAPI, SSE details."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from server_harness import HERE, asgi_client

from autoui.export.bundler import join_as_module
from autoui.introspect import load_app
from autoui.server import ServerSettings, create_app, routes_ui
from autoui.spec import AppSpec


@pytest.fixture(scope="module")
def spec() -> AppSpec:
    return load_app(str(HERE / "fns_jobs.py"))


@pytest.fixture
async def api(spec: AppSpec) -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(create_app(spec, ServerSettings(heartbeat=0.1))) as client:
        yield client


async def test_the_page_fills_its_placeholders(spec: AppSpec, tmp_path: Path) -> None:
    css, js = tmp_path / "brand.css", tmp_path / "brand.js"
    css.write_text("body { color: red }")
    js.write_text("console.log('hi')")
    titled = spec.replace(title="<Tools & co>", theme="soft")
    async with asgi_client(create_app(titled, ServerSettings(css=css, js=js, live=True))) as api:
        page = await api.get("/")
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert "&lt;Tools &amp; co&gt;" in page.text and "<Tools" not in page.text
        assert 'data-theme="soft"' in page.text and "__AUTOUI_" not in page.text
        assert '<link rel="stylesheet" href="custom.css">' in page.text
        assert '<script type="module" src="custom.js"></script>' in page.text
        assert "autoui_session=" in page.headers["set-cookie"]
        assert (await api.get("/custom.css")).text == "body { color: red }"
        custom_js = await api.get("/custom.js")
        assert custom_js.headers["content-type"].startswith("text/javascript")
        document = (await api.get("/api/spec")).json()
        assert document["live"] is True and document["max_file_size"] == 100 * 1024 * 1024
        assert document["title"] == "<Tools & co>" and document["theme"] == "soft"


async def test_assets_and_the_js_client(api: httpx.AsyncClient) -> None:
    client_js = await api.get("/api/client.js")
    assert client_js.status_code == 200
    assert client_js.headers["content-type"].startswith("text/javascript")
    assert client_js.text == join_as_module(
        routes_ui.WEB_DIR, "client.js", also=routes_ui.CLIENT_ALSO
    )  # one module with what stream() imports: a page elsewhere can load only this URL
    assert "export const { Client, ClientError, Job, connect, readSSE }" in client_js.text
    app_js = await api.get("/static/app.js")
    assert app_js.status_code == 200 and "javascript" in app_js.headers["content-type"]
    assert (await api.get("/static/../server/app.py")).status_code == 404
    assert (await api.get("/custom.css")).status_code == 404  # none was given
    page = await api.get("/")
    assert "<!--autoui:custom-->" not in page.text


async def test_a_placeholder_page_without_the_web_ui(
    spec: AppSpec, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(routes_ui, "WEB_DIR", tmp_path)
    async with asgi_client(create_app(spec)) as api:
        page = await api.get("/")
    assert page.status_code == 200 and "The web UI is not installed" in page.text


async def test_the_openapi_document_has_a_typed_model_per_function(api: httpx.AsyncClient) -> None:
    document = (await api.get("/openapi.json")).json()
    paths = document["paths"]
    for name in ("echo", "count", "upper"):
        assert f"/api/{name}/jobs" in paths and f"/api/{name}" in paths
    body = paths["/api/count/jobs"]["post"]["requestBody"]["content"]["application/json"]
    assert body["schema"] == {"$ref": "#/components/schemas/CountRequest"}
    schemas = document["components"]["schemas"]
    inputs = schemas["CountInputs"]
    n = inputs["properties"]["n"]  # a default: null (or no value) means the default
    assert n["anyOf"] == [{"type": "integer"}, {"type": "null"}] and n["default"] == 4
    assert inputs["additionalProperties"] is False  # unknown names are refused
    assert inputs["properties"]["delay"]["title"] == "Delay"
    assert schemas["EchoInputs"]["required"] == ["text"]
    assert schemas["EchoInputs"]["properties"]["text"]["type"] == "string"
    assert "422" in paths["/api/echo"]["post"]["responses"]
    assert "/api/jobs/{job_id}/events" in paths and "/api/{fn}/jobs" not in paths
    docs = await api.get("/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()


async def test_event_streams_have_heartbeats_and_proxy_headers(api: httpx.AsyncClient) -> None:
    job = (await api.post("/api/tracked/jobs", json={"data": {"steps": 2}})).json()["job_id"]
    stream = await api.get(f"/api/jobs/{job}/events")
    assert stream.headers["cache-control"] == "no-cache"
    assert stream.headers["x-accel-buffering"] == "no"
    assert ": heartbeat" in stream.text  # 0.5 s of work, a heartbeat every 0.1 s of silence
    last_event = stream.text.rstrip("\n").rsplit("\n\n", 1)[1]
    assert last_event.splitlines()[1] == "event: complete"  # the stream ends with the result


async def test_resume_with_a_query_parameter_and_job_status(api: httpx.AsyncClient) -> None:
    answer = await api.post("/api/count", json={"data": {"n": 2, "delay": 0.01}})
    assert answer.json()["data"] == [1]
    job = (await api.post("/api/count/jobs", json={"data": {"n": 2, "delay": 0.01}})).json()
    assert job["position"] == 0
    everything = (await api.get(f"/api/jobs/{job['job_id']}/events")).text
    rest = (await api.get(f"/api/jobs/{job['job_id']}/events?last_event_id=2")).text
    assert everything.count("id: ") == 4 and rest.count("id: ") == 2
    assert rest.startswith("id: 3\nevent: output")
    status = (await api.get(f"/api/jobs/{job['job_id']}")).json()
    assert status == {
        "job_id": job["job_id"],
        "function": "count",
        "status": "complete",
        "last_event_id": 4,
        "data": [1],
        "duration": status["duration"],
    }


async def test_health(api: httpx.AsyncClient) -> None:
    assert (await api.get("/health")).json() == {"status": "ok", "isolation": "thread"}


def test_importing_the_server_package_stays_light() -> None:
    import subprocess
    import sys

    code = "import sys, autoui.server; print('fastapi' in sys.modules, 'uvicorn' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


async def test_the_app_mounts_under_a_prefix(spec: AppSpec) -> None:
    from fastapi import FastAPI

    inner = create_app(spec)
    outer = FastAPI(lifespan=inner.router.lifespan_context)
    outer.mount("/tools", inner)
    async with asgi_client(outer) as api:
        assert (await api.post("/tools/api/echo", json={"data": ["hi"]})).json()["data"] == ["hi"]
        upload = (await api.post("/tools/api/files", files={"file": ("a.txt", b"abc")})).json()
        assert upload["url"].startswith("/tools/api/files/")
        assert (await api.get(upload["url"])).content == b"abc"
        assert f"<title>{spec.title}</title>" in (await api.get("/tools/")).text
