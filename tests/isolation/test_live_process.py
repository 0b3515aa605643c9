"""Live inputs under ``--isolation process``: ``autoui serve`` and ``autoui run``, for real.

One server (``tests/streaming/fns_live.py``, ``--isolation process``) streamed to over
its WebSockets: each item the function takes crosses the slot's pipe from the parent,
where the chunks wait under the input's policy. The functions leave marker files
saying which process their ``finally`` ran in; the server's own process never runs them.
"""

from __future__ import annotations

import base64
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from live_harness import (
    dtmf_tones,
    events_until_end,
    heard,
    last_data,
    open_stream,
    read_marker,
    send_pcm,
    start_live,
    tone,
)
from serving import Server

pytestmark = pytest.mark.timeout(120)

LIVE = Path(__file__).resolve().parents[1] / "streaming" / "fns_live.py"
GRACE = 1.0


@pytest.fixture(scope="module")
def markers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("markers")


@pytest.fixture(scope="module")
def server(markers: Path) -> Iterator[Server]:
    args = ("--isolation", "process", "--cancel-grace", str(GRACE))
    with Server(LIVE, *args, env={"AUTOUI_TEST_MARKERS": str(markers)}) as running:
        yield running


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=30) as made:
        yield made


def server_pid(server: Server) -> int:
    assert server.process is not None
    return server.process.pid


def test_the_tuner_and_dtmf_answer_from_a_slot_process(
    server: Server, client: httpx.Client
) -> None:
    job = start_live(client, server.url, "tuner", {})
    with open_stream(client, server.url, job) as ws:
        send_pcm(ws, tone(1.0, hz=440), 1600)
        assert last_data(events_until_end(ws)) == ["A4 440 Hz"]
    job = start_live(client, server.url, "dtmf", {})
    with open_stream(client, server.url, job) as ws:
        send_pcm(ws, dtmf_tones("1234"), 160)
        assert last_data(events_until_end(ws)) == ["1 2 3 4"]
    assert client.get(f"{server.url}/health").json()["isolation"] == "process"


def test_closing_the_socket_cancels_and_the_finally_runs_in_the_slot(
    server: Server, client: httpx.Client, markers: Path
) -> None:
    job = start_live(client, server.url, "listen", {"tag": "dropped"})
    with open_stream(client, server.url, job) as ws:
        send_pcm(ws, tone(0.2), 1600, end=False)
        while not heard(json.loads(ws.recv(timeout=30))).startswith("3200 "):
            pass  # until the function has heard both chunks
    total, pid = read_marker(markers / "dropped")
    assert total == "3200" and int(pid) != server_pid(server)
    deadline = time.monotonic() + 15  # the finally runs just before the job is marked
    while (status := client.get(f"{server.url}/api/jobs/{job['job_id']}").json()["status"]) in (
        "queued", "running",
    ):  # fmt: skip
        assert time.monotonic() < deadline, f"the job is still {status}"
        time.sleep(0.02)
    assert status == "cancelled"
    job = start_live(client, server.url, "listen", {"tag": "after"})  # the slot lives on
    with open_stream(client, server.url, job) as ws:
        send_pcm(ws, tone(0.1), 1600)
        assert last_data(events_until_end(ws)) == ["1600 1"]
    assert read_marker(markers / "after")[1] == pid  # the same process, its imports kept


def test_coalesce_loses_no_audio_across_the_pipe_when_the_function_is_slower(
    server: Server, client: httpx.Client
) -> None:
    job = start_live(client, server.url, "listen", {"delay": 0.15})  # 150 ms per item
    with open_stream(client, server.url, job) as ws:
        sent = send_pcm(ws, tone(2.0), 1600, pace=0.1)  # 100 ms chunks, in real time
        events = events_until_end(ws)
    samples, items = (int(x) for x in last_data(events)[0].split())
    assert samples == 32000 and items < sent  # all of it, coalesced in the parent
    assert not [e for e in events if e["type"] == "alert"]


def test_a_live_job_past_its_time_limit_is_stopped_in_its_slot(
    server: Server, client: httpx.Client, markers: Path
) -> None:
    job = start_live(client, server.url, "linger", {"tag": "lingered"})
    with open_stream(client, server.url, job) as ws:
        send_pcm(ws, tone(0.1), 1600, end=False)
        began = time.monotonic()
        events = events_until_end(ws)
    assert events[-1]["type"] == "error" and events[-1]["data"]["type"] == "TimeLimit"
    assert time.monotonic() - began < 1.0 + GRACE + 5.0  # its limit, the grace, and slack
    assert int(read_marker(markers / "lingered")[1]) != server_pid(server)  # soft stop


def test_a_whole_wav_gives_what_streaming_gives_from_a_slot_process(
    server: Server, client: httpx.Client
) -> None:
    """S8 in a slot: the WAV travels as a ``data:`` URL (≈ 43 KB, so the slot's request for
    it crosses the pipe in parts) and is fed to the function in chunks there."""
    from autoui.components.wav import write_wav

    wav = write_wav(16000, tone(1.0, hz=440))
    url = "data:audio/wav;base64," + base64.b64encode(wav).decode()
    whole = client.post(f"{server.url}/api/tuner", json={"data": {"audio": url}})
    assert whole.status_code == 200, whole.text
    job = start_live(client, server.url, "tuner", {})
    with open_stream(client, server.url, job) as ws:
        send_pcm(ws, tone(1.0, hz=440), 1600)
        streamed = last_data(events_until_end(ws))
    assert whole.json()["data"] == streamed == ["A4 440 Hz"]


def test_autoui_run_feeds_standard_input_to_a_slot_process() -> None:
    pcm = tone(1.0, hz=440).astype("<i2").tobytes()
    result = subprocess.run(
        [sys.executable, "-m", "autoui", "run", f"{LIVE}:tuner", "--audio", "-",
         "--isolation", "process", "--json"],
        input=pcm, capture_output=True, timeout=90,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr.decode()
    assert json.loads(result.stdout)["data"] == ["A4 440 Hz"]
