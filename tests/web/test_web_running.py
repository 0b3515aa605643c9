"""A job's life in the page: streaming, progress, queue position, Stop, toasts, error modal."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.browser

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
OUTPUT = "document.querySelector('[data-output] .text-out')"

RECORD_TEXT = """sel => {
  window.__seen = [];
  const el = document.querySelector(sel);
  new MutationObserver(() => window.__seen.push(el.textContent))
    .observe(el, {childList: true, characterData: true, subtree: true});
}"""


@pytest.fixture(scope="module")
def servers(launch: Any) -> Any:
    return launch.many(
        {
            "counter": (SAMPLES / "counter.py",),
            "progress": (SAMPLES / "progress_demo.py",),
            "alerts": (SAMPLES / "alerts.py",),
            "busy": (SAMPLES / "counter.py", "--max-queue", "1"),
        }
    )


@pytest.fixture(scope="module")
def counter(servers: Any) -> Any:
    return servers["counter"]


@pytest.fixture(scope="module")
def progress(servers: Any) -> Any:
    return servers["progress"]


@pytest.fixture(scope="module")
def alerts(servers: Any) -> Any:
    return servers["alerts"]


def test_streaming_output_grows(open_app: Any, counter: Any) -> None:
    page = open_app(counter)
    page.locator(".slider-number").fill("12")
    page.get_by_label("Delay").fill("0.05")
    page.evaluate(RECORD_TEXT, "[data-output] .text-out")
    page.get_by_role("button", name="Submit").click()
    page.locator(".job-status[data-state='complete']").wait_for()
    final = " ".join(str(n) for n in range(1, 13))
    assert page.locator("[data-output] .text-out").text_content() == final
    seen = [s for s in page.evaluate("window.__seen") if s]
    assert len(set(seen)) >= 4, f"each yield should show as it arrives, saw {seen}"
    assert all(final.startswith(s) for s in seen), "every partial output is a prefix of the last"
    assert seen[0] == "1"


def test_stop_cancels_a_running_generator(open_app: Any, counter: Any) -> None:
    page = open_app(counter)
    page.locator(".slider-number").fill("100")
    page.get_by_label("Delay").fill("0.1")
    page.get_by_role("button", name="Submit").click()
    output = page.locator("[data-output] .text-out")
    page.wait_for_function(f"{OUTPUT}.textContent.startsWith('1 2 3')")
    assert page.get_by_role("button", name="Submit").is_disabled()
    page.get_by_role("button", name="Stop").click()
    page.locator(".job-status[data-state='cancelled']").wait_for()
    assert page.locator(".status-text").text_content() == "Stopped"
    assert page.get_by_role("button", name="Stop").is_hidden()
    assert page.get_by_role("button", name="Submit").is_enabled()
    stopped_at = output.text_content()
    page.wait_for_timeout(400)
    assert output.text_content() == stopped_at, "no output arrives after Stop"
    assert not stopped_at.endswith(" 100")


def test_queue_position_while_waiting(open_app: Any, counter: Any) -> None:
    slow = {"data": {"up_to": 30, "delay": 0.1}}
    ahead = [httpx.post(counter.url + "/api/count/jobs", json=slow).json()["job_id"] for _ in "ab"]
    try:
        page = open_app(counter)
        page.get_by_role("button", name="Submit").click()
        queued = page.locator(".job-status[data-state='queued']")
        queued.wait_for()
        assert "ahead of you" in queued.text_content() or "next in line" in queued.text_content()
    finally:
        for job in ahead:
            httpx.delete(counter.url + f"/api/jobs/{job}")
    page.locator(".job-status[data-state='complete']").wait_for()
    assert page.locator("[data-output] .text-out").text_content().endswith("10")


def test_progress_bar_advances_with_counts(open_app: Any, progress: Any) -> None:
    page = open_app(progress, "#bake")
    panel = page.locator("#panel-bake")
    panel.get_by_label("Loaves").fill("6")
    page.evaluate(RECORD_TEXT, "#panel-bake .progress-detail")
    panel.get_by_role("button", name="Submit").click()
    panel.locator(".job-status[data-state='complete']").wait_for()
    assert panel.locator("[data-output] .text-out").text_content() == "6 loaves, golden brown"
    seen = [s for s in page.evaluate("window.__seen") if s]
    counts = [int(s.split(" · ")[1].split("/")[0]) for s in seen if s.startswith("baking")]
    assert len(set(counts)) >= 3, f"the bar should move step by step, saw {seen}"
    assert counts == sorted(counts)
    assert any("/6 loaves" in s for s in seen)
    assert any(s.startswith("heating the oven") for s in seen)


def test_tqdm_progress_in_second_tab(open_app: Any, progress: Any) -> None:
    page = open_app(progress)
    page.get_by_role("tab", name="crunch").click()
    panel = page.locator("#panel-crunch")
    page.evaluate(RECORD_TEXT, "#panel-crunch .progress-detail")
    panel.get_by_role("button", name="Submit").click()
    panel.locator(".job-status[data-state='complete']").wait_for()
    total = panel.locator("[data-output] .scalar-out").text_content()
    assert total == str(sum(n * n for n in range(1, 31)))
    assert any(s.startswith("crunching") for s in page.evaluate("window.__seen"))


def test_info_and_warning_toasts(open_app: Any, alerts: Any) -> None:
    page = open_app(alerts)
    page.get_by_label("Password").fill("abc")
    page.get_by_role("button", name="Submit").click()
    region = page.locator(".toasts[aria-live]")
    warning = region.locator(".toast-warning")
    info = region.locator(".toast-info")
    warning.wait_for()
    info.wait_for()
    assert (
        warning.locator(".toast-text").text_content() == "shorter than 8 characters: easy to guess"
    )
    assert "mixing upper and lower case" in info.locator(".toast-text").text_content()
    page.locator(".job-status[data-state='complete']").wait_for()
    assert page.locator("[data-output] .text-out").text_content() == "weak"
    warning.get_by_role("button", name="Dismiss").click()
    assert warning.count() == 0


def test_error_modal_with_title(open_app: Any, alerts: Any) -> None:
    page = open_app(alerts)
    page.get_by_role("button", name="Submit").click()
    dialog = page.get_by_role("alertdialog")
    dialog.wait_for()
    assert dialog.locator("h2").text_content() == "Nothing to check"
    assert dialog.locator(".error-message").text_content() == "type a password first"
    assert page.evaluate("document.activeElement.textContent") == "Close"
    page.keyboard.press("Escape")
    assert page.locator("dialog[open]").count() == 0
    assert page.locator(".job-status").get_attribute("data-state") == "error"


def test_full_queue_is_a_warning_not_a_crash(open_app: Any, servers: Any) -> None:
    busy = servers["busy"]
    slow = {"data": {"up_to": 50, "delay": 0.1}}
    jobs = [httpx.post(busy.url + "/api/count/jobs", json=slow) for _ in "ab"]
    try:
        assert [r.status_code for r in jobs] == [202, 202], "one runs, one waits"
        page = open_app(busy)
        page.get_by_role("button", name="Submit").click()
        toast = page.locator(".toast-warning .toast-text")
        toast.wait_for()
        assert toast.text_content()
        assert page.locator(".job-status").get_attribute("data-state") == "error"
        assert page.locator(".status-text").text_content() == "Queue full"
        assert page.locator("dialog[open]").count() == 0
        assert page.get_by_role("button", name="Submit").is_enabled()
    finally:
        for response in jobs:
            if response.status_code == 202:
                httpx.delete(busy.url + f"/api/jobs/{response.json()['job_id']}")
