"""For the wasm browser tests: a page that never reaches past loopback.

Every request that is not to 127.0.0.1, ``file:``, ``data:`` or ``blob:`` is aborted (the
Pyodide CDN included), as a visitor's browser on an air-gapped network would see it.
Importable as ``wasm_harness`` (pytest puts this folder on ``sys.path``).
"""

from __future__ import annotations

from typing import Any

LOCAL = ("http://127.0.0.1", "file:", "data:", "blob:")


class OfflinePage:
    """A page whose requests beyond loopback are aborted (and recorded)."""

    def __init__(self, browser: Any) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.aborted: list[str] = []
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.set_default_timeout(30_000)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("request", lambda request: self.requests.append(request.url))

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(LOCAL):
            route.continue_()
        else:
            self.aborted.append(url)
            route.abort()

    def open(self, url: str) -> Any:
        """Load the app and wait until its UI is drawn (the runtime may still boot)."""
        self.page.goto(url)
        self.page.wait_for_function("document.documentElement.dataset.ready === 'true'")
        return self.page

    def wait_runtime(self, timeout_ms: int = 60_000) -> None:
        """Wait until the worker's runtime is up (or failed: then the test fails here)."""
        self.page.wait_for_function(
            "['ready', 'failed'].includes(autouiBackend.status.stage)", timeout=timeout_ms
        )
        status = self.page.evaluate("autouiBackend.status")
        assert status["stage"] == "ready", status

    def close(self) -> None:
        self.context.close()
        assert not self.errors, f"uncaught errors in the page: {self.errors}"
