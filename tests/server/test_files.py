"""Files in-process: uploads, limits, ownership, served headers, and paths that never open."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from server_harness import HERE, asgi_client

from autoui.introspect import load_app
from autoui.server import ServerSettings, create_app
from autoui.server.files import FileStore, clean_name
from autoui.spec import AppSpec

LIMIT = 64 * 1024


@pytest.fixture(scope="module")
def spec() -> AppSpec:
    return load_app(str(HERE / "fns_files.py"))


@pytest.fixture
def markers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("AUTOUI_TEST_MARKERS", str(tmp_path))
    return tmp_path


@pytest.fixture
async def app_and_client(
    spec: AppSpec, markers: Path
) -> AsyncIterator[tuple[Any, httpx.AsyncClient]]:
    app = create_app(spec, ServerSettings(max_file_size=LIMIT))
    async with asgi_client(app) as client:
        yield app, client


@pytest.fixture
def api(app_and_client: tuple[Any, httpx.AsyncClient]) -> httpx.AsyncClient:
    return app_and_client[1]


@pytest.fixture
async def other(app_and_client: tuple[Any, httpx.AsyncClient]) -> AsyncIterator[httpx.AsyncClient]:
    """A second browser: its own session cookie, same app."""
    transport = httpx.ASGITransport(app=app_and_client[0])
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:7860") as client:
        await client.get("/")
        yield client


async def upload(
    client: httpx.AsyncClient, name: str, data: bytes, mime: str = "text/plain"
) -> Any:
    answer = await client.post("/api/files", files={"file": (name, data, mime)})
    assert answer.status_code == 200, answer.text
    return answer.json()


async def test_upload_use_and_fetch_back(api: httpx.AsyncClient) -> None:
    await api.get("/")  # a browser session
    payload = await upload(api, "notes.txt", b"hello world")
    assert set(payload) == {"id", "url", "name", "mime_type", "size"}
    assert payload["name"] == "notes.txt" and payload["size"] == 11
    assert payload["url"] == f"/api/files/{payload['id']}/notes.txt"

    answer = await api.post("/api/measure", json={"data": {"document": {"id": payload["id"]}}})
    assert answer.json()["data"] == ["notes.txt:11:b'hello world'"]

    got = await api.get(payload["url"])
    assert got.status_code == 200 and got.content == b"hello world"
    assert got.headers["content-type"].startswith("text/plain")
    assert got.headers["x-content-type-options"] == "nosniff"
    assert got.headers["content-security-policy"] == "sandbox; frame-ancestors 'self'"


async def test_several_files_in_one_upload(api: httpx.AsyncClient) -> None:
    files = [("file", ("a.txt", b"a", "text/plain")), ("file", ("b.csv", b"x,y", "text/csv"))]
    answer = await api.post("/api/files", files=files)
    assert [p["name"] for p in answer.json()] == ["a.txt", "b.csv"]


@pytest.mark.parametrize(
    ("name", "mime"),
    [
        ("evil.html", "text/html"),
        ("evil.svg", "image/svg+xml"),
        ("evil.xml", "text/xml"),
        ("evil.png", "text/html"),  # a lying client type changes nothing: the name decides
        ("noext", "text/html"),
    ],
)
async def test_active_content_is_served_as_an_inert_download(
    api: httpx.AsyncClient, name: str, mime: str
) -> None:
    body = b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/><script>alert(1)</script>"
    payload = await upload(api, name, body, mime)
    got = await api.get(payload["url"])
    assert got.headers["x-content-type-options"] == "nosniff"
    assert got.headers["content-security-policy"] == "sandbox; frame-ancestors 'self'"
    if name.endswith(".png"):
        assert got.headers["content-type"] == "image/png"  # never text/html
    else:
        assert got.headers["content-type"] == "application/octet-stream"
        assert got.headers["content-disposition"].startswith("attachment")


async def test_uploads_over_the_limit_are_413(api: httpx.AsyncClient) -> None:
    big = b"x" * (LIMIT + 1)
    answer = await api.post("/api/files", files={"file": ("big.bin", big)})
    assert answer.status_code == 413 and "limit" in answer.json()["error"]

    async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: chunked
        yield b'--b\r\nContent-Disposition: form-data; name="file"; filename="c.bin"\r\n\r\n'
        for _ in range(LIMIT // 1024 + 100):
            yield b"y" * 1024
        yield b"\r\n--b--\r\n"

    answer = await api.post(
        "/api/files", content=chunks(), headers={"content-type": "multipart/form-data; boundary=b"}
    )
    assert answer.status_code == 413


async def test_malformed_and_empty_uploads(api: httpx.AsyncClient) -> None:
    answer = await api.post("/api/files", content=b"abc", headers={"content-type": "text/plain"})
    assert answer.status_code == 400
    answer = await api.post("/api/files", data={"note": "no file here"}, files={"x": ("n", b"")})
    assert answer.status_code == 422 and "field 'file'" in answer.json()["error"]
    many = [("file", (f"{i}.txt", b"x")) for i in range(40)]
    assert (await api.post("/api/files", files=many)).status_code == 413
    payload = await upload(api, "a" * 9000 + ".txt", b"long name")
    assert len(payload["name"]) <= 160 and payload["name"].endswith(".txt")
    huge_name = {"file": ("n" * 100_000, b"x", "text/plain")}
    assert (await api.post("/api/files", files=huge_name)).status_code == 413


@pytest.mark.parametrize(
    ("fn", "data", "param"),
    [
        ("measure", {"document": {"path": "/etc/passwd"}}, "document"),
        ("measure", {"document": {"path": "/etc/passwd", "meta": {"_type": "x"}}}, "document"),
        ("measure", ["/etc/passwd"], "document"),
        ("settings", {"config": {"files": [{"path": "/etc/passwd"}]}}, "config"),
        ("settings", {"config": {"d": {"x": {"path": "/etc/passwd", "orig_name": "p"}}}}, "config"),
        ("settings", [{"path": "../../etc/passwd"}], "config"),
    ],
)  # fmt: skip
async def test_a_payload_naming_a_server_path_is_refused(
    api: httpx.AsyncClient, markers: Path, fn: str, data: Any, param: str
) -> None:
    for route in (f"/api/{fn}/jobs", f"/api/{fn}"):
        answer = await api.post(route, json={"data": data})
        assert answer.status_code == 422, answer.text
        assert answer.json()["param"] == param
        assert "passwd" not in answer.text.replace("/etc/passwd", "")  # nothing read
    assert not (markers / f"{fn}.called").exists()


async def test_json_with_an_innocent_path_key_is_data(api: httpx.AsyncClient) -> None:
    answer = await api.post("/api/settings", json={"data": {"config": {"path": "/x", "mode": 1}}})
    assert answer.status_code == 200 and answer.json()["data"] == ["['mode', 'path']"]


async def test_another_sessions_files_are_out_of_reach(
    api: httpx.AsyncClient, other: httpx.AsyncClient, markers: Path
) -> None:
    await api.get("/")
    mine = await upload(api, "secret.txt", b"mine only")

    answer = await other.post("/api/measure", json={"data": {"document": {"id": mine["id"]}}})
    assert answer.status_code == 422 and answer.json()["param"] == "document"
    assert not (markers / "measure.called").exists()
    stolen = await other.get(mine["url"])
    missing = await other.get(f"/api/files/{'A' * 22}/secret.txt")
    assert stolen.status_code == missing.status_code == 404
    assert stolen.content == missing.content  # nothing tells the id exists
    assert (await api.get(mine["url"])).content == b"mine only"
    wrong_name = await api.get(f"/api/files/{mine['id']}/other.txt")
    assert wrong_name.status_code == 404


async def test_output_files_belong_to_the_jobs_client(
    api: httpx.AsyncClient, other: httpx.AsyncClient
) -> None:
    await api.get("/")
    report = (await api.post("/api/write_report", json={"data": ["hi"]})).json()["data"][0]
    assert report["name"].endswith(".txt") and report["size"] == len("report: hi")
    assert (await api.get(report["url"])).text == "report: hi"
    assert (await other.get(report["url"])).status_code == 404

    page = (await api.post("/api/make_page", json={"data": ["x"]})).json()["data"][0]
    served = await api.get(page["url"])
    assert served.headers["content-disposition"].startswith("attachment")

    square = (await api.post("/api/red_square", json={"data": [3]})).json()["data"][0]
    image = await api.get(square["url"])
    assert image.headers["content-type"] == "image/png" and image.content[:4] == b"\x89PNG"


async def test_data_url_inputs(api: httpx.AsyncClient) -> None:
    data_url = "data:text/plain;base64,aGVsbG8="
    answer = await api.post("/api/measure", json={"data": [data_url]})
    assert answer.status_code == 200 and answer.json()["data"][0].endswith(":5:b'hello'")
    answer = await api.post("/api/measure", json={"data": ["data:text/plain;base64,@@"]})
    assert answer.status_code == 422 and answer.json()["param"] == "document"


def test_store_forgets_files_after_their_ttl_and_beyond_its_size(tmp_path: Path) -> None:
    now = [0.0]
    store = FileStore(tmp_path / "store", ttl=10, max_bytes=250, clock=lambda: now[0])
    first = store.put_bytes(b"a" * 100, "a.txt", None, None)
    second = store.put_bytes(b"b" * 100, "b.txt", None, None)
    assert store.get(first.id, None) is not None and store.total_bytes == 200

    third = store.put_bytes(b"c" * 100, "c.txt", None, None)  # over 250: the oldest goes
    assert store.get(first.id, None) is None and not first.path.exists()
    assert store.total_bytes == 200

    now[0] = 11.0  # past the TTL
    assert store.get(second.id, None) is None and not second.path.exists()
    store.sweep()
    assert store.get(third.id, None) is None and len(store) == 0 and store.total_bytes == 0
    store.close()


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\boot.ini", "boot.ini"),
        (".bashrc", "bashrc"),
        ("a\x00b.txt", "ab.txt"),
        ("", "file"),
        ("..", "file"),
        ("ok name (1).png", "ok name (1).png"),
    ],
)
def test_clean_name(given: str, expected: str) -> None:
    assert clean_name(given) == expected
