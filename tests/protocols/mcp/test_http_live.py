"""M2, M4–M8 and M10's sibling over real HTTP: ``autoui serve --mcp`` and the official client.

One server process for the module (and one more with ``--auth``). Every call goes
through the SDK's Streamable-HTTP client, as Claude Desktop or Cursor would make it.
"""

from __future__ import annotations

import asyncio
import base64
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from protocol_harness import FNS, wait_for
from serving import Server

mcp = pytest.importorskip("mcp")
httpx2 = pytest.importorskip("httpx2")
from mcp.client.streamable_http import streamable_http_client  # noqa: E402
from mcp.shared.exceptions import MCPError  # noqa: E402

pytestmark = pytest.mark.timeout(120)


@pytest.fixture(scope="module")
def markers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("markers")


@pytest.fixture(scope="module")
def server(markers: Path) -> Iterator[Server]:
    with Server(FNS, "--mcp", env={"AUTOUI_TEST_MARKERS": str(markers)}) as s:
        yield s


async def _call(url: str, name: str, arguments: dict[str, Any], **options: Any) -> Any:
    async with mcp.Client(url) as client:
        return await client.call_tool(name, arguments, **options)


def _png() -> str:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), (10, 200, 30)).save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


async def test_both_urls_answer_without_a_redirect(server: Server) -> None:
    for url in (f"{server.url}/mcp", f"{server.url}/mcp/"):
        async with mcp.Client(url) as client:
            names = {tool.name for tool in (await client.list_tools()).tools}
        assert {"echo", "count", "invert", "file_size"} <= names
        body = {"jsonrpc": "2.0", "id": 1, "method": "ping", "params": {}}
        reply = httpx.post(
            url, json=body, headers={"Accept": "application/json, text/event-stream"}
        )
        assert reply.status_code < 300, reply.text


async def test_progress_notifications_arrive_in_order(server: Server) -> None:
    seen: list[tuple[float, float | None, str | None]] = []

    async def on_progress(progress: float, total: float | None, message: str | None) -> None:
        seen.append((progress, total, message))

    result = await _call(
        f"{server.url}/mcp", "count", {"n": 5, "delay": 0.15}, progress_callback=on_progress
    )
    await asyncio.sleep(0.2)  # notifications may race the result (the SDK says so)
    values = [value for value, _, _ in seen]
    assert len(seen) >= 5 and values == sorted(set(values))
    outputs = [message for _, _, message in seen if message and message[0].isdigit()]
    assert outputs[-1] == "0 1 2 3 4"
    api = httpx.post(f"{server.url}/api/count", json={"data": {"n": 5, "delay": 0.15}}, timeout=30)
    assert result.content[0].text == api.json()["data"][0] == "0 1 2 3 4"

    seen.clear()
    await _call(f"{server.url}/mcp", "tracked", {"steps": 4}, progress_callback=on_progress)
    await asyncio.sleep(0.2)
    assert any(message == "info: starting" for _, _, message in seen)
    measured = [(value, total) for value, total, _ in seen if total is not None]
    assert measured[-1] == (4, 4)
    assert [v for v, _, _ in seen] == sorted({v for v, _, _ in seen})


async def test_errors_are_tool_errors_the_model_can_read(server: Server) -> None:
    url = f"{server.url}/mcp"
    wrong = await _call(url, "add", {"a": "seven"})
    assert wrong.is_error and wrong.content[0].text.startswith("a: ")
    unknown = await _call(url, "add", {"a": 1, "c": 2})
    assert unknown.is_error and unknown.content[0].text.startswith("c: unknown parameter")
    refused = await _call(url, "fail", {"kind": "error"})
    assert refused.is_error and refused.content[0].text == "the answer is no"
    crashed = await _call(url, "fail", {"kind": "crash"})
    assert crashed.is_error and crashed.content[0].text == "RuntimeError"
    assert "secret" not in crashed.content[0].text
    missing = await _call(url, "no_such_tool", {})
    assert missing.is_error and "echo" in missing.content[0].text


async def test_a_client_timeout_cancels_the_job(server: Server, markers: Path) -> None:
    url = f"{server.url}/mcp"
    async with mcp.Client(url) as client:
        with pytest.raises(MCPError, match="timed out"):
            await client.call_tool("guarded", {"tag": "mcp-timeout"}, read_timeout_seconds=0.6)
    assert wait_for(markers / "mcp-timeout.closed"), "the generator's finally did not run"
    # The function's one concurrency slot is free again: a new call runs at once.
    again = await _call(url, "guarded", {"tag": "after", "steps": 1})
    assert again.structured_content == {"output": 0}


async def test_calls_queue_and_batch_like_any_job(server: Server, markers: Path) -> None:
    url = f"{server.url}/mcp"
    await asyncio.gather(_call(url, "slow", {"tag": "a"}), _call(url, "slow", {"tag": "b"}))
    runs = sorted(
        tuple(map(float, line.split()[1:]))
        for line in (markers / "slow.log").read_text().split("\n")
        if line
    )
    assert runs[1][0] >= runs[0][1], "concurrency_limit=1: the second call waited"

    results = await asyncio.gather(*(_call(url, "shout", {"texts": f"t{i}"}) for i in range(16)))
    assert [r.content[0].text for r in results] == [f"T{i}" for i in range(16)]
    assert (markers / "batches.log").read_text().split() == ["16"]


async def test_images_decode_and_are_linked(server: Server) -> None:
    from PIL import Image

    result = await _call(f"{server.url}/mcp", "invert", {"image": _png()})
    image = next(block for block in result.content if block.type == "image")
    link = next(block for block in result.content if block.type == "resource_link")
    picture = Image.open(io.BytesIO(base64.b64decode(image.data))).convert("RGB")
    assert picture.getpixel((0, 0)) == (245, 55, 225)
    assert str(link.uri).startswith(f"{server.url}/api/files/")
    assert httpx.get(str(link.uri)).content == base64.b64decode(image.data)


async def test_file_arguments_are_data_urls_or_ids_never_paths_or_urls(server: Server) -> None:
    url = f"{server.url}/mcp"
    data_url = "data:text/plain;base64," + base64.b64encode(b"twelve bytes").decode()
    assert (await _call(url, "file_size", {"document": data_url})).structured_content == {
        "output": 12
    }
    upload = httpx.post(f"{server.url}/api/files", files={"file": ("a.txt", b"abc")}).json()
    by_id = await _call(url, "file_size", {"document": {"id": upload["id"]}})
    assert by_id.structured_content == {"output": 3}
    for bad in ({"path": "/etc/passwd"}, "/etc/passwd", "http://127.0.0.1:9/secret.txt"):
        refused = await _call(url, "file_size", {"document": bad})
        assert refused.is_error and refused.content[0].text.startswith("document: "), bad
        assert "root:" not in refused.content[0].text


def test_a_foreign_host_is_refused(server: Server) -> None:
    body = {"jsonrpc": "2.0", "id": 1, "method": "ping", "params": {}}
    headers = {"Host": "evil.example", "Accept": "application/json, text/event-stream"}
    reply = httpx.post(f"{server.url}/mcp", json=body, headers=headers)
    assert reply.status_code in (403, 421)


def test_a_browser_gets_a_page_saying_what_the_url_is_for(server: Server) -> None:
    page = httpx.get(f"{server.url}/mcp", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "MCP clients" in page.text
    assert f"{server.url}/mcp" in page.text


async def test_auth_covers_mcp() -> None:
    with Server(FNS, "--mcp", "--auth", "ada:lovelace") as s:
        body = {"jsonrpc": "2.0", "id": 1, "method": "ping", "params": {}}
        headers = {"Accept": "application/json, text/event-stream"}
        assert httpx.post(f"{s.url}/mcp", json=body, headers=headers).status_code == 401
        async with httpx2.AsyncClient(auth=("ada", "lovelace")) as http:
            async with mcp.Client(streamable_http_client(f"{s.url}/mcp", http_client=http)) as c:
                echoed = await c.call_tool("echo", {"text": "signed in"})
        assert echoed.content[0].text == "signed in"
