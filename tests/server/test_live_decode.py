"""Inputs are decoded when a job starts: what a client of a real server sees.

The payload is checked at submit time (a 422 before anything is queued), but an input
that only fails when decoded — an upload that is not the image it claims to be — ends
its own job with an ``error`` event naming the parameter; the blocking call still
answers 422 in the usual shape, and a batch runs without the bad member.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from PIL import Image
from server_harness import HERE, Server, kinds, read_events, submit

pytestmark = pytest.mark.timeout(60)


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with Server(str(HERE / "fns_decode.py")) as running:
        yield running


def upload(client: httpx.Client, url: str, name: str, content: bytes) -> dict[str, Any]:
    answer = client.post(f"{url}/api/files", files={"file": (name, content)})
    assert answer.status_code == 200, answer.text
    payload: dict[str, Any] = answer.json()
    return payload


def png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("L", (width, height), 9).save(buffer, format="PNG")
    return buffer.getvalue()


def test_an_input_that_does_not_decode_fails_its_job_at_start(
    server: Server, client: httpx.Client
) -> None:
    fake = upload(client, server.url, "photo.png", b"these bytes are no image")
    answer = client.post(f"{server.url}/api/shape", json={"data": {"image": fake}})
    assert answer.status_code == 422, answer.text
    body = answer.json()
    assert body["param"] == "image" and body["error"].startswith("image: expected an image file")
    assert body["detail"][0]["loc"] == ["body", "data", "image"]
    assert body["detail"][0]["msg"].startswith("expected an image file")

    job = submit(client, server.url, "shape", {"image": fake})  # accepted: it is an upload
    events = read_events(client, f"{server.url}/api/jobs/{job}/events")
    assert "started" not in kinds(events) and kinds(events)[-1] == "error"
    error = events[-1].data
    assert error["type"] == "ValidationError" and error["param"] == "image"

    good = upload(client, server.url, "grey.png", png(30, 20))
    answer = client.post(f"{server.url}/api/shape", json={"data": {"image": good}})
    assert answer.json()["data"] == ["(20, 30, 3) uint8"]


def test_in_a_batch_only_the_member_that_does_not_decode_fails(
    server: Server, client: httpx.Client
) -> None:
    good = upload(client, server.url, "a.png", png(4, 3))
    bad = upload(client, server.url, "b.png", b"\x89PNG but cut short")
    payloads = [good, bad, good]

    def call(image: dict[str, Any]) -> httpx.Response:
        return client.post(f"{server.url}/api/sizes", json={"data": [image]})

    with ThreadPoolExecutor(3) as pool:  # one batch: it starts when its three members are in
        answers = list(pool.map(call, payloads))
    assert [a.status_code for a in answers] == [200, 422, 200]
    assert answers[1].json()["param"] == "images"
    assert [a.json()["data"] for a in (answers[0], answers[2])] == [["2:4x3"], ["2:4x3"]]
