#!/usr/bin/env python3
"""Page weight and time to interactive of the echo app: autoui's page beside Gradio's.

Both servers run at once and loads alternate between them, each in a fresh browser
context (empty cache), so both pages see the same machine. Per load we record every
response by kind (js, css, font, html, json, image, other: files, raw bytes and bytes
after ``gzip -9``) and two times, measured inside the page with ``performance.now()``
(milliseconds since navigation start):

* **time to interactive** — autoui: ``document.documentElement.dataset.ready === "true"``
  (set by the UI once the spec is rendered and inputs are live); Gradio: its first text
  input (``textarea`` or ``input[type=text]``) is laid out (non-zero size) and not disabled.
* **last response** — when the last response of the load arrived (Python side).

::

    python benchmarks/pageweight.py --out /tmp/autoui-bench/page.jsonl [--loads 5]

Headless Debian chromium (/usr/bin/chromium) through Playwright; loopback only; servers
stopped by PID.
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from records import append_record
from servers import Server, autoui_command, free_port, gradio_command, gradio_python, running

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
READY = {
    "autoui": "() => document.documentElement.dataset.ready === 'true' && performance.now()",
    "gradio": """() => {
        const el = document.querySelector('textarea, input[type="text"]');
        if (!el || el.disabled) return false;
        const box = el.getBoundingClientRect();
        return box.width > 0 && box.height > 0 && performance.now();
    }""",
}
STREAMING = ("text/event-stream",)


def kind_of(url: str, content_type: str) -> str:
    """Resource kind from the content type, falling back on the file extension."""
    ct, path = content_type.lower(), urlparse(url).path.lower()
    rules = [
        ("js", "javascript" in ct or path.endswith((".js", ".mjs"))),
        ("css", "text/css" in ct or path.endswith(".css")),
        ("font", "font" in ct or path.endswith((".woff2", ".woff", ".ttf", ".otf"))),
        ("html", "text/html" in ct),
        ("json", "json" in ct),
        ("image", ct.startswith("image/")),
    ]
    return next((name for name, hit in rules if hit), "other")


@dataclass
class Load:
    """What one page load fetched, and its times in milliseconds."""

    tti_ms: float
    last_response_ms: float
    files: list[dict[str, Any]] = field(default_factory=list)

    def kinds(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for f in self.files:
            agg = out.setdefault(f["kind"], {"files": 0, "raw": 0, "gz": 0})
            agg["files"] += 1
            agg["raw"] += f["raw"]
            agg["gz"] += f["gz"]
        return out


def load_once(browser: Any, url: str, ready_js: str, timeout_ms: float = 60_000) -> Load:
    """One load in a fresh context: wait until interactive, then until the network is quiet."""
    context = browser.new_context()
    try:
        page = context.new_page()
        responses: list[tuple[Any, float]] = []
        t0 = time.perf_counter()
        page.on("response", lambda r: responses.append((r, time.perf_counter())))
        page.goto(url, wait_until="commit", timeout=timeout_ms)
        handle = page.wait_for_function(ready_js, polling=5, timeout=timeout_ms)
        tti_ms = float(handle.json_value())
        try:
            page.wait_for_load_state("networkidle", timeout=15_000)
        except Exception:  # a page that keeps a connection busy: weigh what arrived
            pass
        files = [_weigh(r) for r, _ in responses]
        last = max((t for _, t in responses), default=t0)
        return Load(tti_ms, (last - t0) * 1000, [f for f in files if f is not None])
    finally:
        context.close()


def _weigh(response: Any) -> dict[str, Any] | None:
    content_type = response.headers.get("content-type", "")
    if any(s in content_type for s in STREAMING):
        return None  # an open event stream has no size to weigh
    try:
        body = response.body()
    except Exception:
        return None
    return {
        "path": urlparse(response.url).path,
        "kind": kind_of(response.url, content_type),
        "raw": len(body),
        "gz": len(gzip.compress(body, compresslevel=9, mtime=0)),
    }


def summarise(loads: list[Load], url: str) -> dict[str, object]:
    """Median times over the loads; sizes from the first load (every load fetches all)."""
    return {
        "url": url,
        "loads": len(loads),
        "tti_ms": [round(x.tti_ms, 1) for x in loads],
        "tti_median_ms": round(statistics.median(x.tti_ms for x in loads), 1),
        "last_response_ms": [round(x.last_response_ms, 1) for x in loads],
        "last_response_median_ms": round(statistics.median(x.last_response_ms for x in loads), 1),
        "kinds": loads[0].kinds(),
        "files": loads[0].files,
        "bytes_vary_between_loads": len({str(sorted(x.kinds().items())) for x in loads}) > 1,
    }


@contextmanager
def servers(log_dir: Path, kinds: list[str]) -> Iterator[dict[str, Server]]:
    """The echo app served by each of ``kinds`` (autoui, gradio), side by side."""
    if "gradio" in kinds and gradio_python() is None:
        print("Gradio venv not found (GRADIO_VENV): Gradio's page is skipped.")
        kinds = [k for k in kinds if k != "gradio"]
    commands = {
        "autoui": lambda: autoui_command("echo", free_port(), "--concurrency", "none"),
        "gradio": lambda: gradio_command("echo.py", free_port()),
    }
    with ExitStack() as stack:
        yield {kind: stack.enter_context(running(commands[kind](), log_dir, 2.0)) for kind in kinds}


def measure(started: dict[str, Server], loads: int) -> dict[str, list[Load]]:
    from playwright.sync_api import sync_playwright

    results: dict[str, list[Load]] = {kind: [] for kind in started}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for kind, server in started.items():  # one unmeasured load each: disk caches
                load_once(browser, server.base_url + "/", READY[kind])
            for _ in range(loads):
                for kind, server in started.items():
                    results[kind].append(load_once(browser, server.base_url + "/", READY[kind]))
        finally:
            browser.close()
    return results


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--out", type=Path, default=Path("/tmp/autoui-bench/page.jsonl"))
    p.add_argument("--logs", type=Path, default=Path("/tmp/autoui-bench/logs"))
    p.add_argument("--loads", type=int, default=5)
    p.add_argument("--servers", default="autoui,gradio", help="subset of autoui,gradio")
    args = p.parse_args()
    with servers(args.logs, args.servers.split(",")) as started:
        results = measure(started, args.loads)
        urls = {kind: server.base_url + "/" for kind, server in started.items()}
    for kind, loads in results.items():
        summary = summarise(loads, urls[kind])
        append_record(args.out, "pageweight", f"{kind}:pageweight", summary)
        kinds = summary["kinds"]
        print(f"{kind}: TTI median {summary['tti_median_ms']} ms; {kinds}")


if __name__ == "__main__":
    main()
