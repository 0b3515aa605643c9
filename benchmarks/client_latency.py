#!/usr/bin/env python3
"""Per-call latency of autoui's Python client beside gradio_client's, in one run.

Each side calls its own server's echo function 200 times in sequence, after a warm-up,
and checks every answer: ``autoui.Client.predict("echo", ...)`` against ``autoui serve
benchmarks/apps.py:echo``, and ``gradio_client.Client.predict(..., api_name="/echo")``
against ``gradio_apps/echo.py`` (run by the Gradio venv's python, ``GRADIO_VENV``)::

    python benchmarks/client_latency.py --out /tmp/autoui-bench/client.jsonl [--n 200]

Servers are fresh, bound to 127.0.0.1, and stopped by PID. Without the Gradio venv only
the autoui side is measured, with a message.
"""

from __future__ import annotations

import argparse
import subprocess
import time
from pathlib import Path

from records import append_record, latency_summary
from servers import BENCH_DIR, autoui_command, free_port, gradio_command, gradio_python, running


def autoui_client(url: str, n: int, warmup: int) -> dict[str, object]:
    """Construction time and N sequential predict calls of ``autoui.Client``."""
    import autoui

    client_class = autoui.Client  # type: ignore[attr-defined]  # imported here, not timed
    t0 = time.perf_counter()
    client = client_class(url)
    init_s = time.perf_counter() - t0
    with client:
        for i in range(warmup):
            client.predict("echo", f"w{i}")
        lat: list[float] = []
        wrong = 0
        for i in range(n):
            t = time.perf_counter()
            out = client.predict("echo", f"hi{i}")
            lat.append(time.perf_counter() - t)
            wrong += out != f"hi{i}"
    return {
        "client": f"autoui.Client {autoui.__version__}",
        "n": n,
        "warmup": warmup,
        "wrong_results": wrong,
        "init_ms": round(init_s * 1000, 1),
        **latency_summary(lat),
    }


def gradio_client(out: Path, log_dir: Path, n: int, warmup: int) -> None:
    """Run gradio_client_latency.py in the Gradio venv against a fresh Gradio echo."""
    python = gradio_python()
    if python is None:
        print("Gradio venv not found (GRADIO_VENV): gradio_client side skipped.")
        return
    with running(gradio_command("echo.py", free_port()), log_dir, settle=2.0) as server:
        script = str(BENCH_DIR / "gradio_client_latency.py")
        argv = [
            str(python),
            script,
            "--url",
            server.base_url + "/",
            "--n",
            str(n),
            "--warmup",
            str(warmup),
            "--json-out",
            str(out),
        ]
        subprocess.run(argv, check=True, timeout=600)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--out", type=Path, default=Path("/tmp/autoui-bench/client.jsonl"))
    p.add_argument("--logs", type=Path, default=Path("/tmp/autoui-bench/logs"))
    p.add_argument("--n", type=int, default=200)
    p.add_argument("--warmup", type=int, default=5)
    args = p.parse_args()
    command = autoui_command("echo", free_port(), "--concurrency", "none")
    with running(command, args.logs) as server:
        result = autoui_client(server.base_url, args.n, args.warmup)
    append_record(args.out, "client", "autoui:client", result)
    print(f"autoui.Client: {result}")
    gradio_client(args.out, args.logs, args.n, args.warmup)
    print(f"records appended to {args.out}")


if __name__ == "__main__":
    main()
