"""Shared by the client tests: one demo server per session, and one headless Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from client_harness import HERE
from serving import Server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def demo_url() -> Iterator[str]:
    """The demo app (``tests/client/client_demo.py``) on a free loopback port."""
    with Server(HERE / "client_demo.py") as server:
        yield server.url


@pytest.fixture(scope="session")
def auth_url() -> Iterator[str]:
    """The demo's ``echo`` behind ``--auth ada:lovelace``."""
    with Server(f"{HERE / 'client_demo.py'}:echo", "--auth", "ada:lovelace") as server:
        yield server.url


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """Headless Chromium for one module: Playwright's sync API keeps an event loop marked
    running on this thread while it is open, which would break asyncio in later tests."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"the browser tests need Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium: Any) -> Iterator[Any]:
    """A fresh page with its own cookies; uncaught page errors fail the test."""
    context = chromium.new_context()
    page = context.new_page()
    page.set_default_timeout(20_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"uncaught errors in the page: {errors}"
