"""``autoui serve --isolation process`` over real HTTP: Stop stops, crashes stay contained.

One server process for the module (``--concurrency 2``, so two slots can run at once),
serving ``tests/isolation/fns_isolated.py``; every job runs in one of its worker
processes. What a client sees is checked: the SSE events, the blocking answers, the
files by id, ``/health``. The time bound is the issue's: ``cancelled`` within
``--cancel-grace`` + 0.5 s of the DELETE.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from server_harness import Server, kinds, read_events, submit

pytestmark = pytest.mark.timeout(120)

ISOLATED = Path(__file__).parents[1] / "isolation" / "fns_isolated.py"
GRACE = 1.5


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    args = ("--isolation", "process", "--concurrency", "2", "--cancel-grace", str(GRACE))
    with Server(str(ISOLATED), *args) as s:
        yield s


def _wait_running(client: httpx.Client, server: Server, job: str, seconds: float = 60.0) -> None:
    """Until the job's code runs in its worker (``started``)."""
    deadline = time.monotonic() + seconds
    while client.get(f"{server.url}/api/jobs/{job}").json()["status"] != "running":
        assert time.monotonic() < deadline, f"job {job} never started"
        time.sleep(0.02)


def _call(client: httpx.Client, server: Server, fn: str, data: dict[str, object]) -> httpx.Response:
    """The blocking call: its answer once the job has ended."""
    return client.post(f"{server.url}/api/{fn}", json={"data": data})


@pytest.mark.parametrize(("fn", "soft"), [("busy", True), ("stuck", False)])
def test_stop_ends_a_running_sync_function_and_the_next_job_runs(
    server: Server, client: httpx.Client, tmp_path: Path, fn: str, soft: bool
) -> None:
    note = tmp_path / "note.txt"
    data: dict[str, object] = {"note": str(note)} if fn == "busy" else {"size": 40}
    job = submit(client, server.url, fn, data)
    _wait_running(client, server, job)
    asked = time.monotonic()
    answer = client.delete(f"{server.url}/api/jobs/{job}").json()
    events = read_events(client, f"{server.url}/api/jobs/{job}/events")
    took = events[-1].at - asked
    assert answer["cancelled"] is True
    assert kinds(events)[-1] == "cancelled" and took < GRACE + 0.5
    if soft:  # interrupted inside its code: its finally ran, no kill was needed
        assert note.read_text().splitlines()[-1] == "finally" and took < GRACE
    else:  # deaf to the interrupt: killed when the grace ran out
        assert took >= GRACE - 0.1
    after = _call(client, server, "pid", {})
    assert after.status_code == 200 and isinstance(after.json()["data"][0], int)


def test_a_segfault_fails_its_job_while_the_other_slot_and_the_server_go_on(
    server: Server, client: httpx.Client, tmp_path: Path
) -> None:
    flag = tmp_path / "flag"
    other = submit(client, server.url, "waits", {"flag": str(flag)})
    _wait_running(client, server, other)
    crashed = _call(client, server, "segfault", {})
    assert crashed.status_code == 500
    body = crashed.json()
    assert body["type"] == "WorkerCrashed" and "SIGSEGV" in body["error"]
    health = client.get(f"{server.url}/health")
    assert health.status_code == 200 and health.json()["isolation"] == "process"
    assert client.get(f"{server.url}/api/jobs/{other}").json()["status"] == "running"
    flag.write_text("go")
    events = read_events(client, f"{server.url}/api/jobs/{other}/events")
    assert kinds(events)[-1] == "complete" and events[-1].data["data"] == ["flag seen"]


def test_a_function_over_its_time_limit_gets_a_TimeLimit_error(
    server: Server, client: httpx.Client
) -> None:
    answer = _call(client, server, "slow", {})
    assert answer.status_code == 500 and answer.json()["type"] == "TimeLimit"
    assert "time limit of 0.5 s" in answer.json()["error"]


def test_a_generator_streams_its_yields_from_the_worker(
    server: Server, client: httpx.Client
) -> None:
    job = submit(client, server.url, "ticks", {"count": 3, "delay": 0.3})
    events = read_events(client, f"{server.url}/api/jobs/{job}/events")
    outputs = [e for e in events if e.kind == "output"]
    assert [e.data["data"] for e in outputs] == [["tick 0"], ["tick 1"], ["tick 2"]]
    assert outputs[2].at - outputs[0].at > 0.4  # as they were yielded, not all at the end


def test_progress_alerts_and_tqdm_cross_from_the_worker(
    server: Server, client: httpx.Client
) -> None:
    job = submit(client, server.url, "chatty", {"steps": 3})
    events = read_events(client, f"{server.url}/api/jobs/{job}/events")
    assert {"level": "info", "message": "warming up"} in [e.data for e in events]
    progress = [e.data for e in events if e.kind == "progress"]
    assert progress[-1]["desc"] == "crunching" and progress[-1]["progress"] == 1.0
    assert events[-1].data["data"] == ["3 steps"]


def test_batch_members_each_get_their_own_result(server: Server, client: httpx.Client) -> None:
    jobs = [submit(client, server.url, "shout", {"texts": text}) for text in ("a", "b", "c")]
    results = [
        read_events(client, f"{server.url}/api/jobs/{job}/events")[-1].data["data"][0]
        for job in jobs
    ]
    assert [result.split()[0] for result in results] == ["A", "B", "C"]


def test_files_cross_by_id_both_ways(server: Server, client: httpx.Client) -> None:
    upload = client.post(f"{server.url}/api/files", files={"file": ("a.txt", b"hello world")})
    answer = _call(client, server, "size_of", {"document": {"id": upload.json()["id"]}})
    assert answer.json()["data"] == ["11 bytes of hello"]
    image = _call(client, server, "swatch", {"width": 8}).json()["data"][0]
    assert set(image) == {"id", "url", "name", "mime_type", "size"} and "/" not in image["id"]
    fetched = client.get(server.url + image["url"])
    assert fetched.status_code == 200 and fetched.content[:4] == b"\x89PNG"


def test_a_function_that_keeps_crashing_shows_in_health(
    server: Server, client: httpx.Client
) -> None:
    for _ in range(3):
        answer = _call(client, server, "exits", {"code": 3})
        assert answer.json()["type"] == "WorkerCrashed" and "exit code 3" in answer.json()["error"]
    health = client.get(f"{server.url}/health").json()
    assert health["status"] == "degraded"
    assert health["crashing"]["exits"] == {"crashes_in_a_row": 3, "last": "exit code 3"}
    assert server.wait_output("exits crashed its worker process 3 times in a row")
    assert _call(client, server, "pid", {}).status_code == 200
