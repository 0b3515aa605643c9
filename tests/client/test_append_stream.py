"""Append mode served for real (``samples/tokens.py``): ``yield token`` reaches every reader as
the text so far, and the result is the whole reply.

Over HTTP each SSE ``output`` event carries the joined text (so a stream resumed with
``Last-Event-ID`` starts from the text at that point, not from a lone token); the Python
client's events and result; ``autoui call --json`` and ``autoui run --json`` as processes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from serving import Server, sse_events

from autoui import Client

TOKENS = Path(__file__).parents[2] / "samples" / "tokens.py"
WORDS = "one two three four five"
PIECES = [" ".join(WORDS.split()[: n + 1]) for n in range(5)]  # the text after each yield


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    with Server(TOKENS) as server:
        yield server.url


def _events(url: str, job_id: str, last: int = 0) -> list[dict[str, Any]]:
    return [
        {"id": e["id"], "kind": e["type"], "data": e["data"].get("data")}
        for e in sse_events(url, job_id, last)
    ]


def test_sse_carries_the_text_so_far_and_a_resumed_stream_too(url: str) -> None:
    spec = httpx.get(f"{url}/api/spec", timeout=10).json()
    assert spec["functions"][0]["outputs"][0]["stream"] == "append"
    body = {"data": {"prompt": WORDS, "delay": 0}}
    job = httpx.post(f"{url}/api/reply/jobs", json=body, timeout=30).json()["job_id"]
    events = _events(url, job)
    outputs = [e for e in events if e["kind"] == "output"]
    assert [e["data"][0] for e in outputs] == PIECES
    assert events[-1]["kind"] == "complete" and events[-1]["data"] == [WORDS]
    resumed = _events(url, job, last=outputs[1]["id"])  # after "one two"
    assert resumed[0]["kind"] == "output" and resumed[0]["data"] == ["one two three"]
    assert resumed[-1]["data"] == [WORDS]


def test_the_python_client_gets_the_text_so_far_and_the_whole_reply(url: str) -> None:
    with Client(url) as client:
        job = client.submit("reply", prompt=WORDS, delay=0)
        streamed = [event.data[0] for event in job if event.kind == "output"]
        assert streamed == PIECES
        assert job.result() == WORDS
        assert job.outputs() == PIECES
        assert client.predict("reply", prompt="just this", delay=0) == "just this"


@pytest.mark.parametrize("how", ["run", "call"])
def test_json_gives_the_whole_reply(how: str, url: str, tmp_path: Path) -> None:
    target = [str(TOKENS)] if how == "run" else [url, "reply"]
    done = subprocess.run(
        [sys.executable, "-m", "autoui", how, *target, "--prompt", WORDS, "--delay", "0", "--json"],
        capture_output=True, text=True, timeout=120, cwd=tmp_path, env={**os.environ},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"data": [WORDS]}


JS_CLIENT = """
async ([base, words]) => {
  const { connect } = await import(base + "/api/client.js");
  const client = connect(base);
  const job = await client.submit("reply", { prompt: words, delay: 0 });
  const seen = [];
  for await (const event of job) if (event.type === "output") seen.push(event.data.data[0]);
  return [seen, await job.result()];
}
"""


@pytest.mark.browser
def test_the_js_client_gets_the_text_so_far_and_the_whole_reply(page: Any, url: str) -> None:
    page.goto(url + "/health")  # any page of the server's origin
    seen, result = page.evaluate(JS_CLIENT, [url, WORDS])
    assert seen == PIECES and result == [WORDS]
