"""``autoui export --wasm`` bundles in headless Chromium: the function runs in the page.

One folder bundle of the samples (runtime vendored from the npm package) is served by
``python -m http.server`` on loopback; every request beyond loopback is aborted. The same
calls go to ``autoui serve`` of the same module through the same JS client interface,
and must give the same events and results. One page boots the runtime once for most
tests (module scope); the tests that need a fresh boot open their own page.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from serving import Server, StaticServer
from wasm_harness import OfflinePage

from autoui.wasm.bundle import export_wasm

pytestmark = pytest.mark.browser


@dataclass
class Site:
    root: Path
    static: StaticServer
    served: str


@pytest.fixture(scope="module")
def site(
    tmp_path_factory: pytest.TempPathFactory, samples_app: Path, runtime_dir: Path
) -> Iterator[Site]:
    root = tmp_path_factory.mktemp("wasm-site")
    server = Server(samples_app).spawn()
    try:
        export_wasm(str(samples_app), root / "app", vendor_runtime=runtime_dir)
        static = StaticServer(root)
        try:
            yield Site(root, static, server.wait_ready().url)
        finally:
            static.stop()
    finally:
        server.stop()


@pytest.fixture(scope="module")
def wasm_app(chromium: Any, site: Site) -> Iterator[OfflinePage]:
    """The folder bundle in one page, its runtime booted (shared by the module's tests)."""
    app = OfflinePage(chromium)
    app.open(site.static.url + "/app/")
    app.wait_runtime()
    yield app
    app.close()


@pytest.fixture(scope="module")
def served_app(chromium: Any, site: Site) -> Iterator[OfflinePage]:
    """The same module under ``autoui serve``, in the same web UI."""
    app = OfflinePage(chromium)
    app.open(site.served + "/")
    yield app
    app.close()


# Calls the page's own client (window.autoui.client): a LocalClient over the worker, or
# the HTTP client. Events without 'queued' (only a server queues) and without durations.
CALL_JS = """
async ([fn, data]) => {
  const events = [];
  const keep = (e) => {
    if (e.type === "queued") return;
    const body = { ...(e.data || {}) };
    delete body.duration;
    events.push([e.type, body]);
  };
  try {
    const result = await window.autoui.client.predict(fn, data, { onEvent: keep });
    return { result, events };
  } catch (err) {
    const error = { message: err.message, param: err.param, status: err.status, title: err.title };
    return { error, events };
  }
}
"""

CALLS = [
    ("greet", {"name": "Ada", "excited": True}),
    ("calculate", {"a": 6, "op": "×", "b": 7}),
    ("calculate", {"a": 1, "op": "÷", "b": 0}),  # autoui.Error
    ("calculate", {"a": "six", "op": "+", "b": 1}),  # a 422 naming a
    ("calculate", {"a": 1, "op": "^", "b": 1}),  # not one of the choices
    ("reply", {"message": "hi", "history": [{"role": "user", "content": "yo"},
                                            {"role": "assistant", "content": "yo"}],
               "style": "shout"}),  # fmt: skip
    ("place_order", {"order": {"size": "LARGE", "quantity": 2, "delivery": "2999-01-02",
                               "extra_cheese": True,
                               "address": {"street": "Dam 1", "city": "Amsterdam"}}}),  # fmt: skip
    ("place_order", {"order": {"size": "LARGE", "delivery": "not a date",
                               "address": {"street": "Dam 1"}}}),  # fmt: skip
    ("place_order", {"order": {"size": "SMALL", "address": {"street": " "}}}),
    ("bake", {"loaves": 3}),  # progress
    ("check_password", {"password": "abc"}),  # a warning and an info alert
    ("check_password", {"password": ""}),  # autoui.Error with a title
    ("count", {"up_to": 4, "delay": 0.01}),  # a streaming generator
    ("count", {"up_to": 0}),  # below its Ge(1)
    ("analyse", {"text": "The quick brown fox"}),  # a NamedTuple: three outputs
    ("nope", {}),  # no such function
]


@pytest.mark.parametrize(("fn", "data"), CALLS, ids=[f"{i}-{c[0]}" for i, c in enumerate(CALLS)])
def test_same_events_and_results_as_autoui_serve(
    wasm_app: OfflinePage, served_app: OfflinePage, fn: str, data: dict[str, Any]
) -> None:
    in_browser = wasm_app.page.evaluate(CALL_JS, [fn, data])
    on_server = served_app.page.evaluate(CALL_JS, [fn, data])
    assert in_browser == on_server
    assert in_browser["events"] or in_browser["error"]["status"] in (404, 422)


def test_nothing_left_loopback(wasm_app: OfflinePage) -> None:
    assert wasm_app.aborted == []
    assert wasm_app.page.evaluate("autouiBackend.status.stage") == "ready"


def test_form_examples_and_streaming_in_the_ui(wasm_app: OfflinePage) -> None:
    page = wasm_app.page
    page.get_by_role("tab", name="Greet").click()
    page.get_by_label("Name").fill("Grace")
    page.get_by_label("Name").press("Enter")
    greeting = page.locator("[data-fn=greet] [data-output] .text-out")
    greeting.filter(has_text="Hello, Grace.").wait_for()
    page.get_by_role("tab", name="Calculate").click()
    panel = page.locator("[data-fn=calculate]")
    panel.locator(".examples-table tbody tr").first.click()
    panel.get_by_role("button", name="Submit").click()
    panel.locator("[data-output]").filter(has_text="42").wait_for()
    page.get_by_role("tab", name="Count").click()
    panel = page.locator("[data-fn=count]")
    panel.get_by_label("Up to value").fill("3")
    panel.get_by_label("Delay").fill("0.01")
    panel.get_by_role("button", name="Submit").click()
    panel.locator("[data-output]").filter(has_text="1 2 3").wait_for()
    assert panel.locator(".job-status").get_attribute("data-state") == "complete"


def test_a_file_in_and_a_file_out(wasm_app: OfflinePage, tmp_path: Path) -> None:
    page = wasm_app.page
    page.get_by_role("tab", name="shout_file").click()
    panel = page.locator("[data-fn=shout_file]")
    source = tmp_path / "note.txt"
    source.write_text("quiet words")
    panel.get_by_label("Document").set_input_files(source)
    panel.get_by_role("button", name="Submit").click()
    link = panel.locator("[data-output] a.download")
    link.wait_for()
    href = link.get_attribute("href")
    assert href and href.startswith("data:text/plain")
    text = page.evaluate("(url) => fetch(url).then((r) => r.text())", href)
    assert text == "QUIET WORDS"


def test_files_over_the_browser_budget_are_refused_before_reading(
    wasm_app: OfflinePage, tmp_path: Path
) -> None:
    page = wasm_app.page
    page.get_by_role("tab", name="shout_file").click()
    panel = page.locator("[data-fn=shout_file]")
    big = tmp_path / "big.txt"
    with big.open("wb") as file:
        file.truncate(65 * 1024 * 1024)
    panel.get_by_label("Document").set_input_files(big)
    panel.get_by_text("files may be at most 64 MB").wait_for()


def test_a_time_limit_stops_the_call_as_process_isolation_does(wasm_app: OfflinePage) -> None:
    page = wasm_app.page
    boots = page.evaluate("autouiBackend.boots")
    result = page.evaluate(CALL_JS, ["spin", {"seconds": 60}])
    stopped = "spin ran longer than its time limit of 1 s; it was stopped"
    assert result["error"]["message"] == stopped
    assert [kind for kind, _ in result["events"]] == ["started", "error"]
    assert page.evaluate("autouiBackend.boots") == boots + 1
    wasm_app.wait_runtime()
    assert page.evaluate(CALL_JS, ["spin", {"seconds": 0}])["result"] == ["done"]


def test_stop_ends_a_running_generator_and_boots_a_fresh_worker(wasm_app: OfflinePage) -> None:
    """Last in this module: it restarts the shared page's worker."""
    page = wasm_app.page
    boots = page.evaluate("autouiBackend.boots")
    page.get_by_role("tab", name="Count").click()
    panel = page.locator("[data-fn=count]")
    panel.get_by_label("Up to value").fill("100")
    panel.get_by_label("Delay").fill("0.2")
    panel.get_by_role("button", name="Submit").click()
    output = panel.locator("[data-output] .text-out")
    output.filter(has_text="1 2 3").wait_for()
    panel.get_by_role("button", name="Stop").click()
    panel.locator(".job-status[data-state=cancelled]").wait_for()
    stopped_at = output.text_content()
    assert page.evaluate("autouiBackend.boots") == boots + 1  # the worker was terminated
    wasm_app.wait_runtime()
    assert output.text_content() == stopped_at  # nothing more came from the old worker
    assert "100" not in str(stopped_at)
    result = page.evaluate(CALL_JS, ["greet", {"name": "again"}])
    assert result["result"] == ["Hello, again."]
