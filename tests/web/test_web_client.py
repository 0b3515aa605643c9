"""The JS client (``/api/client.js``) in headless Chromium against real servers."""

from __future__ import annotations

import io
import socket
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def servers(launch: Any) -> Any:
    return launch.many(
        {
            "hello": (ROOT / "samples" / "hello.py",),
            "counter": (ROOT / "samples" / "counter.py",),
            "media": (ROOT / "tests" / "web" / "apps" / "media_app.py",),
            "calculator": (ROOT / "samples" / "calculator.py",),
            "files_fn": (ROOT / "tests" / "web" / "apps" / "files_fn.py",),
        }
    )


def run(page: Any, server: Any, body: str, arg: Any = None) -> Any:
    """Evaluate `body` (an async function of (client, arg, mod)) in a page of `server`."""
    page.goto(server.url + "/api/spec")
    script = f"""async arg => {{
        const mod = await import("{server.url}/api/client.js");
        const client = mod.connect("{server.url}");
        return await ({body})(client, arg, mod);
    }}"""
    return page.evaluate(script, arg)


def test_predict(page: Any, servers: Any) -> None:
    result = run(page, servers["hello"], "c => c.predict('greet', {name: 'Ada', excited: true})")
    assert result == ["Hello, Ada!"]


def api_requests(page: Any, server: Any) -> list[str]:
    """The page's script's requests to `server`'s API from now on, as "METHOD /path"."""
    seen: list[str] = []

    def note(request: Any) -> None:
        script = not request.is_navigation_request() and not request.url.endswith("client.js")
        if script and request.url.startswith(server.url + "/api/"):
            seen.append(f"{request.method} {request.url[len(server.url) :]}")

    page.on("request", note)
    return seen


def test_predict_is_one_blocking_request(page: Any, servers: Any) -> None:
    seen = api_requests(page, servers["hello"])
    result = run(page, servers["hello"], "c => c.predict('greet', {name: 'Ada'})")
    assert result == ["Hello, Ada."]
    assert seen == ["POST /api/greet"], "no job, no event stream"


def test_predict_a_function_named_files_goes_through_a_job(page: Any, servers: Any) -> None:
    seen = api_requests(page, servers["files_fn"])
    result = run(page, servers["files_fn"], "c => c.predict('files', {count: 3})")
    assert result == ["3 files"]
    assert seen == ["POST /api/files/jobs", seen[1]] and seen[1].endswith("/events")


def test_predict_reports_the_functions_error(page: Any, servers: Any) -> None:
    error = run(
        page,
        servers["calculator"],
        """async (c, _, mod) => {
            try { await c.predict("calculate", {a: 1, op: "÷", b: 0}); return null; }
            catch (e) { return {cls: e instanceof mod.ClientError, status: e.status,
                                type: e.type, message: e.message}; }
        }""",
    )
    assert error == {
        "cls": True,
        "status": 400,
        "type": "Error",
        "message": "cannot divide by zero: pick another b",
    }


def test_predict_with_on_event_follows_the_job(page: Any, servers: Any) -> None:
    seen = api_requests(page, servers["counter"])
    outcome = run(
        page,
        servers["counter"],
        """async c => {
            const kinds = [];
            const result = await c.predict("count", {up_to: 2, delay: 0.02},
                                           {onEvent: e => kinds.push(e.type)});
            return {kinds, result};
        }""",
    )
    assert outcome["result"] == ["1 2"]
    assert outcome["kinds"][-1] == "complete" and outcome["kinds"].count("output") == 2
    assert [line.split("/")[-1] for line in seen] == ["jobs", "events"]


def test_result_before_during_and_after_iterating(page: Any, servers: Any) -> None:
    seen = api_requests(page, servers["counter"])
    outcome = run(
        page,
        servers["counter"],
        """async c => {
            const job = await c.submit("count", {up_to: 3, delay: 0.05});
            const before = job.result();
            let during = null;
            const first = [];
            for await (const e of job) {
                first.push(e.type);
                if (e.type === "output" && !during) during = job.result();
            }
            const after = await job.result();
            const again = [];
            for await (const e of job) again.push(e.type);
            return {before: await before, during: await during, after, first, again};
        }""",
    )
    assert outcome["before"] == outcome["during"] == outcome["after"] == ["1 2 3"]
    assert outcome["first"][-1] == "complete" and outcome["first"].count("output") == 3
    assert outcome["again"] == outcome["first"], "a finished job replays its events"
    assert [line.split("/")[-1] for line in seen] == ["jobs", "events"], "one event stream"


def test_result_after_iterating_a_failed_job(page: Any, servers: Any) -> None:
    outcome = run(
        page,
        servers["calculator"],
        """async c => {
            const job = await c.submit("calculate", {a: 1, op: "÷", b: 0});
            const kinds = [];
            for await (const e of job) kinds.push(e.type);
            try { await job.result(); return {kinds}; }
            catch (e) { return {kinds, error: [e.name, e.type, e.message]}; }
        }""",
    )
    assert outcome["kinds"][-1] == "error"
    assert outcome["error"] == ["ClientError", "Error", "cannot divide by zero: pick another b"]


def test_result_of_a_closed_job_says_so(page: Any, servers: Any) -> None:
    outcome = run(
        page,
        servers["counter"],
        """async c => {
            const job = await c.submit("count", {up_to: 100, delay: 0.05});
            const kinds = [];
            for await (const e of job) {
                kinds.push(e.type);
                if (e.type === "output") job.close();
            }
            await job.cancel();
            try { await job.result(); return {kinds}; }
            catch (e) { return {kinds, error: e.message}; }
        }""",
    )
    assert outcome["kinds"][-1] == "output"
    assert "closed" in outcome["error"]


def test_spec(page: Any, servers: Any) -> None:
    spec = run(page, servers["counter"], "c => c.spec()")
    assert [fn["name"] for fn in spec["functions"]] == ["count"]


def test_submit_iterates_events(page: Any, servers: Any) -> None:
    events = run(
        page,
        servers["counter"],
        """async c => {
            const seen = [];
            for await (const e of await c.submit("count", {up_to: 3, delay: 0.02})) seen.push(e);
            return seen;
        }""",
    )
    kinds = [e["type"] for e in events]
    assert kinds[-1] == "complete" and "started" in kinds
    assert [e["data"]["data"][0] for e in events if e["type"] == "output"] == ["1", "1 2", "1 2 3"]
    ids = [int(e["id"]) for e in events]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)


def test_validation_error_names_the_parameter(page: Any, servers: Any) -> None:
    error = run(
        page,
        servers["counter"],
        """async (c, _, mod) => {
            try { await c.predict("count", {up_to: 1000}); return null; }
            catch (e) { return {cls: e instanceof mod.ClientError, status: e.status,
                                param: e.param, message: e.message, text: String(e)}; }
        }""",
    )
    assert error["cls"] and error["status"] == 422 and error["param"] == "up_to"
    assert error["text"] == f"up_to: {error['message']}"
    assert "1000" in error["message"]


def test_upload_with_progress_then_use_the_file(page: Any, servers: Any) -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (12, 7), (0, 0, 0)).save(buffer, "PNG")
    result = run(
        page,
        servers["media"],
        """async (c, bytes) => {
            const fractions = [];
            const blob = new Blob([new Uint8Array(bytes)], {type: "image/png"});
            const onProgress = f => fractions.push(f);
            const file = await c.upload(blob, {name: "dot.png", onProgress});
            const [size] = await c.predict("measure", {image: {id: file.id}});
            return {file, size, fractions};
        }""",
        list(buffer.getvalue()),
    )
    assert result["size"] == "12x7"
    assert result["file"]["name"] == "dot.png" and result["file"]["mime_type"] == "image/png"
    assert result["file"]["size"] == len(buffer.getvalue())
    assert result["fractions"] and result["fractions"][-1] == 1


def test_cancel_a_running_job(page: Any, servers: Any) -> None:
    outcome = run(
        page,
        servers["counter"],
        """async (c, _, mod) => {
            const job = await c.submit("count", {up_to: 100, delay: 0.05});
            const kinds = [];
            for await (const e of job) {
                kinds.push(e.type);
                if (e.type === "output") await job.cancel();
            }
            let error = null;
            try { await (await c.submit("count", {up_to: 100, delay: 0.05})).cancel(); }
            catch (e) { error = String(e); }
            return {kinds, error};
        }""",
    )
    assert outcome["kinds"][-1] == "cancelled"
    assert outcome["kinds"].count("output") < 10
    assert outcome["error"] is None


def test_result_of_a_cancelled_job_throws(page: Any, servers: Any) -> None:
    outcome = run(
        page,
        servers["counter"],
        """async (c, _, mod) => {
            const job = await c.submit("count", {up_to: 100, delay: 0.05});
            await job.cancel();
            try { await job.result(); return null; } catch (e) { return [e.name, e.type]; }
        }""",
    )
    assert outcome == ["ClientError", "Cancelled"]


def test_dropped_stream_resumes_with_last_event_id(page: Any, servers: Any) -> None:
    calls: list[dict[str, str]] = []

    def drop_first(route: Any) -> None:
        calls.append(route.request.headers)
        if len(calls) == 1:  # the connection breaks after the server's first event
            body = "id: 1\nevent: started\ndata: {}\n\n"
            route.fulfill(status=200, headers={"content-type": "text/event-stream"}, body=body)
        else:
            route.continue_()

    page.route("**/events", drop_first)
    events = run(
        page,
        servers["counter"],
        """async c => {
            const seen = [];
            for await (const e of await c.submit("count", {up_to: 3, delay: 0.05})) seen.push(e);
            return seen;
        }""",
    )
    assert len(calls) == 2
    assert calls[1].get("last-event-id") == "1"
    assert [e["id"] for e in events][:2] == ["1", "2"], "nothing missed, nothing repeated"
    assert events[-1]["type"] == "complete" and events[-1]["data"]["data"] == ["1 2 3"]


def test_unreachable_server_is_a_clear_error(page: Any, servers: Any) -> None:
    with socket.socket() as sock:  # a port nobody listens on once this socket is closed
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    message = run(
        page,
        servers["hello"],
        f"""async (_, __, mod) => {{
            try {{ await mod.connect("http://127.0.0.1:{port}/").spec(); return null; }}
            catch (e) {{ return [e.name, e.type, e.message]; }}
        }}""",
    )
    assert message[:2] == ["ClientError", "NetworkError"]
    assert f"127.0.0.1:{port}" in message[2] and "--cors-origin" in message[2]
