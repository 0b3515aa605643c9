#!/usr/bin/env python3
"""``autoui export --wasm``: bundle size, boot, calls and page freeze, folder and single file.

For ``samples/hello.py`` exported four ways (folder or single file; runtime vendored
from the npm package, or referenced on the Pyodide CDN) this prints the bundle sizes
(raw, and gzip -9 as a host would send them), then, for the two vendored bundles, per
fresh page (empty cache, headless Chromium, requests beyond loopback aborted):

* **cold boot to ready** — navigation start to the worker's runtime being up
  (``autouiBackend.status.stage === "ready"``), ms;
* **UI ready** — navigation start to the form being usable (``data-ready``), ms;
* **first call** / **median call** — ``autoui.client.predict("greet", ...)`` from the page,
  through the worker and autoui's pipeline and runner, ms;
* **page freeze** — the longest gap of a 10 ms ``setInterval`` on the page (over 10 ms)
  between navigation and ready: how long the page could not respond while booting.

The folder is served by ``python -m http.server`` on loopback, the single file opened
from ``file://``. Medians over ``--loads`` pages (the machine is shared: quote medians)::

    python benchmarks/wasm.py [--loads 5] [--calls 30] [--runtime DIR]

``--runtime`` defaults to the cache ``tests/wasm/pyodide_cache.py`` fills.
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from environment import busy_share, wait_for_quiet  # noqa: E402

from autoui.wasm.bundle import export_wasm  # noqa: E402
from autoui.wasm.runtime import PYODIDE_VERSION  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]  # fmt: skip
LOCAL = ("http://127.0.0.1", "file:", "data:", "blob:")
HELLO = f"{ROOT / 'samples' / 'hello.py'}:greet"
CACHE = Path(os.environ.get("AUTOUI_CACHE") or Path.home() / ".cache" / "autoui-ci")
FREEZE_PROBE = """
window.__gaps = [];
let __last = performance.now();
setInterval(() => {
  const now = performance.now();
  window.__gaps.push([now, now - __last]);
  __last = now;
}, 10);
"""
CALL = """async ([calls]) => {
  const times = [];
  for (let i = 0; i < calls; i++) {
    const start = performance.now();
    const [out] = await window.autoui.client.predict("greet", { name: "Ada" + i });
    if (out !== `Hello, Ada${i}.`) throw new Error(`unexpected output ${out}`);
    times.push(performance.now() - start);
  }
  return times;
}"""


def size_of(path: Path) -> tuple[int, int]:
    """(raw bytes, gzip -9 bytes) of a file or of every file under a folder."""
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    raw = sum(p.stat().st_size for p in files)
    packed = sum(len(gzip.compress(p.read_bytes(), 9)) for p in files)
    return raw, packed


def one_load(browser: Any, url: str, calls: int) -> dict[str, float]:
    context = browser.new_context()
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(LOCAL) else r.abort())
    context.add_init_script(FREEZE_PROBE)
    page = context.new_page()
    page.goto(url)
    ui = page.wait_for_function(
        "document.documentElement.dataset.ready === 'true' && performance.now()", timeout=60_000
    ).json_value()
    ready = page.wait_for_function(
        "autouiBackend.status.stage === 'ready' && performance.now()", polling=10, timeout=120_000
    ).json_value()
    gaps = page.evaluate("window.__gaps")
    times = page.evaluate(CALL, [calls + 1])
    context.close()
    freeze = max((gap for at, gap in gaps if at <= ready), default=0.0)
    return {"ui": ui, "ready": ready, "first": times[0], "median": statistics.median(times[1:]),
            "freeze": freeze}  # fmt: skip


def serve(folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "-d", str(folder)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    time.sleep(1.0)
    return process, f"http://127.0.0.1:{port}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=5)
    parser.add_argument("--calls", type=int, default=30)
    parser.add_argument("--runtime", type=Path,
                        default=CACHE / f"pyodide-{PYODIDE_VERSION}" / "package")  # fmt: skip
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="autoui-wasm-bench-") as scratch:
        root = Path(scratch)
        export_wasm(HELLO, root / "folder", vendor_runtime=args.runtime)
        export_wasm(HELLO, root / "single.html", single_file=True, vendor_runtime=args.runtime)
        export_wasm(HELLO, root / "folder-cdn")
        export_wasm(HELLO, root / "single-cdn.html", single_file=True)
        print(f"Bundle size of samples/hello.py (Pyodide {PYODIDE_VERSION}):")
        for name, label in [("folder-cdn", "folder, runtime on the CDN"),
                            ("single-cdn.html", "single file, runtime on the CDN"),
                            ("folder", "folder, runtime vendored"),
                            ("single.html", "single file, runtime vendored")]:  # fmt: skip
            raw, packed = size_of(root / name)
            print(f"  {label:34} {raw / 1e6:7.2f} MB   gzip -9 {packed / 1e6:6.2f} MB")
        process, url = serve(root)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                report(browser, {"folder (http, loopback)": f"{url}/folder/",
                                 "single file (file://)": (root / "single.html").as_uri()},
                       args.loads, args.calls)  # fmt: skip
                browser.close()
        finally:
            process.terminate()
            process.wait(timeout=10)
    print(f"\nCommand: python benchmarks/wasm.py --loads {args.loads} --calls {args.calls}")


def report(browser: Any, urls: dict[str, str], loads: int, calls: int) -> None:
    results: dict[str, list[dict[str, float]]] = {name: [] for name in urls}
    waited = wait_for_quiet(max_wait=120)
    busy = [busy_share(0.5)]
    for _ in range(loads):  # interleaved, so both kinds see the same machine
        for name, url in urls.items():
            results[name].append(one_load(browser, url, calls))
        busy.append(busy_share(0.5))
    print(f"\nMedians over {loads} fresh pages ({calls} calls each after the first), ms "
          f"(waited {waited:.0f} s for a quiet machine; CPU busy between loads, median: "
          f"{statistics.median(busy):.0%} of 2 cores, other sessions included):")  # fmt: skip
    print(f"  {'':26} {'UI ready':>9} {'boot→ready':>11} {'first call':>11} "
          f"{'median call':>12} {'page freeze':>12}")  # fmt: skip
    for name, runs in results.items():
        med = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
        print(f"  {name:26} {med['ui']:9.0f} {med['ready']:11.0f} {med['first']:11.1f} "
              f"{med['median']:12.1f} {med['freeze']:12.0f}")  # fmt: skip
        spread = [f"{run['ready']:.0f}" for run in runs]
        print(f"  {'':26} boot→ready per load: {', '.join(spread)}")


if __name__ == "__main__":
    main()
