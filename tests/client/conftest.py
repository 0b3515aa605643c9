"""Shared by the client tests: one demo server per session, and one headless Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from client_harness import HERE
from serving import Server


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
