"""Browser tests: real ``autoui serve`` processes and one headless Chromium per session.

Chromium runs with fake media devices (a test pattern camera and a beeping microphone,
permission granted), so the webcam and microphone paths run for real. A failing test
leaves a full-page screenshot in ``test-artifacts/``.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from serving import CHROMIUM, CHROMIUM_ARGS, MEDIA_ARGS, Server

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
APPS = Path(__file__).resolve().parent / "apps"
ARTIFACTS = ROOT / "test-artifacts"
STARTUP_SECONDS = 30.0
TIMEOUT_MS = 15_000


class Launcher:
    """Starts servers, shares them between test modules, stops them all at the end.

    A server is shared by every test asking for the same target and options (the
    samples are stateless apps), unless asked for as ``private`` (a test that stops it).
    """

    def __init__(self) -> None:
        self.shared: dict[tuple[str, ...], Server] = {}
        self.servers: list[Server] = []

    def __call__(self, target: str | Path, *args: str) -> Server:
        return self.many({"one": (target, *args)})["one"]

    def many(
        self, targets: dict[str, tuple[Any, ...]], private: tuple[str, ...] = ()
    ) -> dict[str, Server]:
        """Start what is not running yet, all at once (start-ups overlap), then wait."""
        chosen: dict[str, Server] = {}
        for name, spec in targets.items():
            key = tuple(str(part) for part in spec)
            known = self.shared.get(key)
            if name in private or known is None or not known.running:
                server = Server(*spec, cwd=ROOT).spawn()
                self.servers.append(server)
                if name not in private:
                    self.shared[key] = server
                chosen[name] = server
            else:
                chosen[name] = known
        return {name: server.wait_ready(STARTUP_SECONDS) for name, server in chosen.items()}

    def close(self) -> None:
        for server in self.servers:
            server.stop()


@pytest.fixture(scope="session")
def launch() -> Iterator[Launcher]:
    """Start ``autoui serve`` processes, shared by the test modules, stopped at the end."""
    launcher = Launcher()
    try:
        yield launcher
    finally:
        launcher.close()


class BrowserHolder:
    """One Chromium for a whole run of browser tests, closed as soon as the run moves on.

    Playwright's sync API keeps an event loop marked as running on this thread while it
    is open, which breaks asyncio tests; so the browser is closed when the next test is
    not a browser test (see ``pytest_runtest_teardown``) and reopened if one comes again.
    """

    def __init__(self) -> None:
        self.playwright: Any = None
        self.browser: Any = None

    def get(self) -> Any:
        if self.browser is None:
            self.browser = self.launch(MEDIA_ARGS)
        return self.browser

    def launch(self, args: list[str]) -> Any:
        """A Chromium with ``args`` beside the common ones (e.g. other fake devices) on the
        run's one Playwright.

        Playwright's sync API cannot be started twice on one thread, so a test that
        needs a browser of its own launches it here; it closes that browser itself.
        """
        if self.playwright is None:
            if not Path(CHROMIUM).exists():
                pytest.fail(f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)")
            from playwright.sync_api import sync_playwright

            self.playwright = sync_playwright().start()
        return self.playwright.chromium.launch(
            executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, *args]
        )

    def close(self) -> None:
        if self.browser is not None:
            self.browser.close()
        if self.playwright is not None:
            self.playwright.stop()
        self.browser = self.playwright = None


HOLDER = BrowserHolder()
HERE = Path(__file__).resolve().parent


@pytest.fixture
def browser() -> Any:
    return HOLDER.get()


@pytest.fixture
def launch_browser() -> Callable[[list[str]], Any]:
    """Launch a Chromium with other arguments (the caller closes it): ``HOLDER.launch``."""
    return HOLDER.launch


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """After the last browser test of a run (fixtures torn down), close the browser."""
    yield
    if nextitem is None or HERE not in Path(nextitem.path).resolve().parents:
        HOLDER.close()


@dataclass
class PageWatch:
    """What a page did that no user should see: uncaught errors and JavaScript dialogs."""

    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@pytest.fixture
def watch() -> PageWatch:
    return PageWatch()


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest, watch: PageWatch) -> Iterator[Any]:
    """A fresh page (own cookies and storage); fails the test on uncaught page errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["camera", "microphone", "clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.on("pageerror", lambda error: watch.errors.append(str(error)))
    page.on("dialog", lambda dialog: (watch.dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)[-120:]
        with contextlib.suppress(Exception):
            page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    context.close()
    assert not watch.errors, f"uncaught errors in the page: {watch.errors}"


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """Keep each phase's report on the item, so the page fixture knows the test failed."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture
def open_app(page: Any) -> Callable[..., Any]:
    """Load an app and wait until it says it is ready (``<html data-ready="true">``)."""

    def go(server: Server, fragment: str = "") -> Any:
        page.goto(server.url + "/" + fragment)
        page.wait_for_function("document.documentElement.dataset.ready === 'true'")
        return page

    return go
