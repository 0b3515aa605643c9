"""R13, its second half: live inputs through the broker, on the session's cluster.

Each job is submitted through one front-end and streamed over a WebSocket opened on the
*other* one: the chunks reach the worker through Redis (``in:<id>``), the events come
back from the job's mirror, processed frames from the shared file store. What a client
sees is checked (answers, events, the SSE log), plus marker files the functions leave
on the worker (where their ``finally`` ran).
"""

from __future__ import annotations

import json
import signal
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pytest
from broker_harness import Cluster, session, wait_for
from live_harness import (
    dtmf_tones,
    events_until_end,
    heard,
    jpeg,
    last_data,
    media_of,
    open_stream,
    send_pcm,
    start_live,
    tone,
)
from serving import sse_events

from autoui.loader import load

pytestmark = pytest.mark.timeout(120)
SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def sse(client: httpx.Client, base: str, job_id: str, last: int = 0) -> list[dict[str, Any]]:
    return sse_events(base, job_id, last, client)


def test_the_tuner_streamed_on_the_other_front_end_answers_as_in_one_process(
    cluster: Cluster,
) -> None:
    [tuner] = load(str(SAMPLES / "tuner.py:tuner"))  # run here too, for the reference
    pcm = tone(1.0, hz=440)
    chunks = [pcm[i : i + 1600] for i in range(0, len(pcm), 1600)]
    here = list(tuner((16000, chunk) for chunk in chunks))[-1]
    with session() as client:
        job = start_live(client, cluster.a, "tuner", {})
        with open_stream(client, cluster.b, job) as ws:
            send_pcm(ws, pcm, 1600)
            streamed = events_until_end(ws)
        logged = sse(client, cluster.a, job["job_id"])
        replay = sse(client, cluster.b, job["job_id"], last=streamed[0]["id"])
    assert last_data(streamed) == [here] == ["A4 440 Hz"]
    # The socket's events are the job's log, ids and bodies, on either front-end.
    assert [(e["type"], e["id"], e["data"]) for e in logged if e["type"] != "output"] == [
        (e["type"], e["id"], e["data"]) for e in streamed if e["type"] != "output"
    ]
    assert replay == [e for e in logged if e["id"] > streamed[0]["id"]]


def test_dtmf_digits_are_decoded_live_through_the_broker(cluster: Cluster) -> None:
    with session() as client:
        job = start_live(client, cluster.a, "dtmf", {})
        with open_stream(client, cluster.b, job) as ws:
            send_pcm(ws, dtmf_tones("1234"), 160)  # 20 ms chunks, as the input asks
            assert last_data(events_until_end(ws)) == ["1 2 3 4"]


def test_frames_come_back_as_bytes_from_the_shared_file_store(cluster: Cluster) -> None:
    with session() as client:
        job = start_live(client, cluster.a, "invert", {})
        with open_stream(client, cluster.b, job) as ws:
            ws.send(jpeg((250, 10, 10)))
            message = ws.recv(timeout=30)
            while isinstance(message, str):  # queued/started come first
                message = ws.recv(timeout=30)
            header, frame = media_of(message)
            r, g, b = frame.getpixel((32, 24))
            assert r < 30 and g > 220 and b > 220  # red inverted on the worker: cyan
            output = json.loads(ws.recv(timeout=30))
            assert output["type"] == "output" and output["id"] == header["id"]
            assert output["data"]["data"][0]["id"] == header["file"]
            ws.send(json.dumps({"type": "end"}))
            assert events_until_end(ws)[-1]["type"] == "complete"


def test_closing_the_socket_cancels_and_the_generator_closes_on_the_worker(
    cluster: Cluster,
) -> None:
    with session() as client:
        job = start_live(client, cluster.a, "listen", {"tag": "live-dropped"})
        with open_stream(client, cluster.b, job) as ws:
            send_pcm(ws, tone(0.2), 1600, end=False)
            while not heard(json.loads(ws.recv(timeout=30))).startswith("3200 "):
                pass  # until the function has heard both chunks
        marker = wait_for(lambda: cluster.marks("live-dropped"), 15, "the generator's finally")
        status = wait_for(
            lambda: client.get(f"{cluster.a}/api/jobs/{job['job_id']}").json()["status"]
            == "cancelled", 10, "the job to be cancelled",
        )  # fmt: skip
    assert status and marker[0] == "3200"
    assert int(marker[1]) in {worker.pid for worker in cluster.workers}  # it ran there


def test_a_stream_whose_worker_dies_restarts_on_the_other_from_what_redis_holds(
    cluster: Cluster,
) -> None:
    with session() as client:
        job = start_live(client, cluster.a, "listen", {})
        with open_stream(client, cluster.b, job) as ws:
            send_pcm(ws, tone(1.0), 1600, end=False)
            while not heard(json.loads(ws.recv(timeout=30))).startswith("16000 "):
                pass  # the whole second was heard
            cluster.worker_of(job["job_id"]).signal(signal.SIGKILL)
            while json.loads(ws.recv(timeout=30))["type"] != "restart":
                pass  # taken over by the other worker
            send_pcm(ws, tone(0.5), 1600)
            events = events_until_end(ws)
    # The new run heard the second still held in Redis (within max_lag), then the rest.
    assert heard(events[-2]).startswith("24000 ") and events[-1]["type"] == "complete"


def test_coalesce_loses_no_audio_through_the_broker_when_the_function_is_slower(
    cluster: Cluster,
) -> None:
    with session() as client:
        job = start_live(client, cluster.a, "listen", {"delay": 0.15})  # 150 ms per item
        with open_stream(client, cluster.b, job) as ws:
            sent = send_pcm(ws, tone(2.0), 1600, pace=0.1)  # 100 ms chunks, in real time
            events = events_until_end(ws)
    heard, items = (int(x) for x in last_data(events)[0].split())
    assert heard == 32000  # every sample reached the function
    assert items < sent  # in fewer items than chunks: coalesced on the worker
    assert not [e for e in events if e["type"] == "alert"]  # nothing was dropped


def test_all_gives_every_chunk_and_holds_the_sender_back_through_redis(
    cluster: Cluster,
) -> None:
    with session() as client:
        job = start_live(client, cluster.a, "every", {"delay": 0.05})  # 0.5 s may wait
        with open_stream(client, cluster.b, job) as ws:
            sent = send_pcm(ws, tone(2.0), 1600)  # 2 s of audio, as fast as it goes
            # One item per chunk, none lost, though only 0.5 s (5 chunks) may wait on
            # the worker and in Redis: the front-end held the socket back meanwhile.
            assert last_data(events_until_end(ws)) == [f"32000 {sent}"]


def test_audio_sent_while_the_job_waits_is_cut_to_max_lag_and_said(cluster: Cluster) -> None:
    with session() as client, ExitStack() as stack:
        busy = [start_live(client, cluster.a, "listen", {}) for _ in cluster.workers]
        sockets = [stack.enter_context(open_stream(client, cluster.b, job)) for job in busy]
        for ws in sockets:  # every worker's listen slot is taken
            send_pcm(ws, tone(0.1), 1600, end=False)
            while not heard(json.loads(ws.recv(timeout=30))):
                pass
        job = start_live(client, cluster.a, "listen", {})
        assert job["position"] == 0  # it waits
        with open_stream(client, cluster.b, job) as ws:
            send_pcm(ws, tone(6.0), 1600)  # 6 s: more than the 5 s max_lag
            redis, key = cluster.redis.client(), cluster.key(f"job:{job['job_id']}")
            wait_for(lambda: redis.hget(key, "input") == b"ended", 15,
                     "every chunk and the end to reach Redis")  # fmt: skip
            for busy_ws in sockets:
                busy_ws.send(json.dumps({"type": "end"}))
            events = events_until_end(ws)
    assert heard(events[-2]).startswith("80000 ")  # the newest 5 s were kept
    alerts = [e["data"]["message"] for e in events if e["type"] == "alert"]
    assert alerts == ["the function fell more than 5 s behind the live audio: the oldest "
                      "1.00 s were dropped"]


def test_the_http_fallback_and_the_idle_timeout_of_the_submitting_front_end(
    cluster: Cluster,
) -> None:
    chunk = tone(0.1).astype("<i2").tobytes()
    with session() as client:
        job = start_live(client, cluster.b, "listen", {})  # b: a 2 s idle timeout
        assert job["time_limit"] == 300
        url = f"{cluster.a}{job['input_url']}"  # the input through the other front-end
        for seq in (1, 2):
            reply = client.post(url, content=chunk, headers={"X-Chunk-Seq": str(seq)})
            assert reply.status_code == 202 and reply.json()["accepted"] is True
        again = client.post(url, content=chunk, headers={"X-Chunk-Seq": "2"})
        assert again.json()["duplicate"] is True  # a retried chunk is not heard twice
        began = time.monotonic()
        events = sse(client, cluster.a, job["job_id"])
    assert events[-1]["type"] == "complete" and events[-1]["data"]["data"][0].startswith("3200")
    alerts = [e["data"]["message"] for e in events if e["type"] == "alert"]
    assert any(f"no input came for {Cluster.IDLE_B:g} s" in alert for alert in alerts)
    assert time.monotonic() - began < 30


def test_a_stream_through_the_broker_is_refused_to_another_owner(cluster: Cluster) -> None:
    with session() as client, session() as stranger:
        job = start_live(client, cluster.a, "listen", {})
        reply = stranger.post(f"{cluster.b}{job['input_url']}", content=np.zeros(4).tobytes())
        assert reply.status_code == 404
        assert client.delete(f"{cluster.b}/api/jobs/{job['job_id']}").json()["cancelled"]
