"""One ``autoui serve`` process of the demo app for all client tests (stopped by PID)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from client_harness import HERE, serve


@pytest.fixture(scope="session")
def demo_url() -> Iterator[str]:
    """The demo app (``tests/client/client_demo.py``) on a free loopback port."""
    with serve(str(HERE / "client_demo.py")) as url:
        yield url
