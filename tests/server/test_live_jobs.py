"""Jobs over real HTTP: one `autoui serve` process; every event kind, streaming, cancel, resume."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from server_harness import HERE, Server, kinds, read_events, submit

pytestmark = pytest.mark.timeout(120)



@pytest.fixture(scope="module")
def server(marker_dir: Path) -> Iterator[Server]:
    with Server(str(HERE / "fns_jobs.py"), env={"AUTOUI_TEST_MARKERS": str(marker_dir)}) as s:
        yield s


def events_of(client: httpx.Client, server: Server, job_id: str, **kw: object) -> list:
    return read_events(client, f"{server.url}/api/jobs/{job_id}/events", **kw)  # type: ignore[arg-type]


def wait_for(path: Path, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path.exists():
            return True
        time.sleep(0.05)
    return False


def test_a_queued_job_reports_every_kind_in_order(server: Server, client: httpx.Client) -> None:
    first = submit(client, server.url, "tracked", {"steps": 3})
    second = submit(client, server.url, "tracked", {"steps": 3})  # waits: concurrency is 1

    events = events_of(client, server, second)

    names = kinds(events)
    assert names[0] == "queued" and events[0].data["position"] == 0
    assert names[names.index("started") + 1] == "alert"
    assert events[names.index("started") + 1].data == {"level": "info", "message": "starting"}
    assert names[-2:] == ["alert", "complete"]
    assert events[-2].data == {"level": "warning", "message": "almost done"}
    progress = [e.data for e in events if e.kind == "progress"]
    assert progress[0]["index"] == 0 and progress[-1]["progress"] == 1.0
    assert progress[-1]["desc"] == "working" and progress[-1]["total"] == 3
    assert events[-1].data["data"] == ["done"]
    ids = [e.id for e in events]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    assert kinds(events_of(client, server, first))[-1] == "complete"


def test_progress_and_alerts_arrive_while_the_job_runs(
    server: Server, client: httpx.Client
) -> None:
    job = submit(client, server.url, "tracked", {"steps": 4})
    events = events_of(client, server, job)
    done = events[-1].at
    first_alert = next(e for e in events if e.kind == "alert")
    progress = [e for e in events if e.kind == "progress"]
    assert done - first_alert.at > 0.5  # four 0.25 s steps remained after it
    assert done - progress[1].at > 0.3


def test_a_generator_streams_each_yield_before_it_ends(
    server: Server, client: httpx.Client
) -> None:
    job = submit(client, server.url, "count", {"n": 4, "delay": 0.3})
    events = events_of(client, server, job)

    outputs = [e for e in events if e.kind == "output"]
    assert [e.data["data"] for e in outputs] == [[0], [1], [2], [3]]
    assert events[-1].kind == "complete" and events[-1].data["data"] == [3]
    gaps = [b.at - a.at for a, b in zip(outputs, outputs[1:], strict=False)]
    assert all(gap > 0.1 for gap in gaps), gaps  # each arrived on its own, as it was yielded
    assert events[-1].at - outputs[0].at > 0.5


def test_errors_end_the_job_and_the_server_goes_on(server: Server, client: httpx.Client) -> None:
    events = events_of(client, server, submit(client, server.url, "boom", ["x"]))
    assert kinds(events) == ["started", "error"]
    assert events[-1].data["type"] == "RuntimeError"
    assert "secret detail" not in events[-1].data["message"]  # no --show-errors

    refused = events_of(client, server, submit(client, server.url, "refuse", ["x"]))
    assert refused[-1].data["message"] == "no face found"
    assert refused[-1].data["title"] == "Sorry"

    answer = client.post(f"{server.url}/api/boom", json={"data": ["x"]})
    assert answer.status_code == 500 and answer.json()["type"] == "RuntimeError"
    answer = client.post(f"{server.url}/api/refuse", json={"data": ["x"]})
    assert answer.status_code == 400 and answer.json()["error"] == "no face found"
    answer = client.post(f"{server.url}/api/echo", json={"data": {"text": "still here"}})
    assert answer.json()["data"] == ["still here"]
    assert server.wait_output("RuntimeError: secret detail")  # logged with its traceback


def test_cancel_a_queued_job_and_a_running_generator(
    server: Server, client: httpx.Client, marker_dir: Path
) -> None:
    running = submit(client, server.url, "guarded", {"tag": "first"})
    queued = submit(client, server.url, "guarded", {"tag": "second"})
    assert client.get(f"{server.url}/api/jobs/{queued}").json()["status"] == "queued"

    answer = client.delete(f"{server.url}/api/jobs/{queued}")
    assert answer.json() == {"job_id": queued, "cancelled": True, "status": "cancelled"}
    assert kinds(events_of(client, server, queued)) == ["queued", "cancelled"]

    events_of(client, server, running, stop_after=3)  # it is running and yielding
    client.delete(f"{server.url}/api/jobs/{running}")
    events = events_of(client, server, running)
    assert events[-1].kind == "cancelled"
    assert wait_for(marker_dir / "first.closed")  # the generator's finally ran
    time.sleep(0.3)
    assert not (marker_dir / "second.closed").exists()  # the queued one never started
    again = client.delete(f"{server.url}/api/jobs/{running}").json()
    assert again["cancelled"] is False


def test_disconnect_then_resume_with_last_event_id(server: Server, client: httpx.Client) -> None:
    job = submit(client, server.url, "count", {"n": 4, "delay": 0.25})
    seen = events_of(client, server, job, stop_after=2)  # started, output 0; then hang up
    assert kinds(seen) == ["started", "output"]

    rest = events_of(client, server, job, headers={"Last-Event-ID": str(seen[-1].id)})

    assert [e.data["data"] for e in rest if e.kind == "output"] == [[1], [2], [3]]
    assert rest[-1].kind == "complete"
    assert rest[0].id == seen[-1].id + 1
    late = events_of(client, server, job)  # a late subscriber gets everything
    assert [e.id for e in late] == [e.id for e in seen + rest]
    status = client.get(f"{server.url}/api/jobs/{job}").json()
    assert status["status"] == "complete" and status["data"] == [3]


def test_async_function_and_blocking_call(server: Server, client: httpx.Client) -> None:
    answer = client.post(f"{server.url}/api/nap", json={"data": {"seconds": 0.05}})
    assert answer.status_code == 200 and answer.json()["data"] == ["rested"]


def test_unknown_function_and_job(server: Server, client: httpx.Client) -> None:
    answer = client.post(f"{server.url}/api/nope/jobs", json={"data": {}})
    assert answer.status_code == 404
    assert "echo" in answer.json()["functions"] and "nope" in answer.json()["error"]
    assert client.get(f"{server.url}/api/jobs/not-a-job/events").status_code == 404
    assert client.delete(f"{server.url}/api/jobs/not-a-job").status_code == 404
