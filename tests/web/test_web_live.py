"""``--live``: a change of an input reruns the function (debounced), cancelling superseded jobs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
OUTPUT = "document.querySelector('[data-output] .text-out')"


@pytest.fixture(scope="module")
def servers(launch: Any) -> Any:
    return launch.many(
        {"hello": (SAMPLES / "hello.py", "--live"), "counter": (SAMPLES / "counter.py", "--live")}
    )


@pytest.fixture(scope="module")
def hello(servers: Any) -> Any:
    return servers["hello"]


@pytest.fixture(scope="module")
def counter(servers: Any) -> Any:
    return servers["counter"]


def job_requests(page: Any) -> list[str]:
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.method) if "/jobs" in r.url else None)
    return seen


def test_typing_reruns_once_it_settles(open_app: Any, hello: Any) -> None:
    page = open_app(hello)
    requests = job_requests(page)
    page.get_by_label("Name").press_sequentially("Grace", delay=40)
    output = page.locator("[data-output] .text-out")
    output.filter(has_text="Hello, Grace.").wait_for()
    assert requests.count("POST") == 1, "keystrokes closer than the debounce make one run"
    page.get_by_label("Excited").check()
    output.filter(has_text="Hello, Grace!").wait_for()
    assert requests.count("POST") == 2
    assert page.get_by_role("button", name="Run").count() == 1, "a manual run stays possible"


def test_a_change_cancels_the_superseded_job(open_app: Any, counter: Any) -> None:
    page = open_app(counter)
    requests = job_requests(page)
    page.get_by_label("Delay").fill("0.1")
    output = page.locator("[data-output] .text-out")
    page.wait_for_function(f"{OUTPUT}.textContent.startsWith('1 2')")
    page.locator(".slider-number").fill("3")
    page.locator(".job-status[data-state='complete']").wait_for()
    assert output.text_content() == "1 2 3"
    assert "DELETE" in requests, "the running job was cancelled on the server"
    page.wait_for_timeout(400)
    assert output.text_content() == "1 2 3", "the old job's late outputs are ignored"
