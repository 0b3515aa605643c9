#!/usr/bin/env python3
"""The protocols of issue 14, side by side with Gradio 6.31 in one run.

* **MCP ``tools/call`` echo**, p50/p99, without and with a progress token: ``autoui serve
  benchmarks/apps.py:echo --mcp`` (``/mcp``) vs ``gradio_apps/echo_mcp.py``
  (``launch(mcp_server=True)``, ``/gradio_api/mcp/``), one official ``mcp`` client
  connection each, calls alternating between the servers in blocks; beside them autoui's
  own ``POST /api/echo`` on the same run.
* **``gradio_client.predict`` echo**, per call: the same client (the pinned one) against
  ``autoui serve benchmarks/apps.py:echo`` and against ``gradio_apps/echo.py``.
* **Start-up with MCP off**: ``import autoui`` (fresh interpreter) and ``autoui serve`` to
  its first answer, default (Gradio routes on, MCP off) vs ``--no-gradio-api`` vs
  ``--mcp``; runs alternate, medians; beside the wall time, the server's CPU time from
  start to stop, which the machine's other load does not inflate.
* **The server's share of a ``gradio_client`` call**: the queue protocol alone (join, then
  the stream to its end) over one ``httpx`` connection, against both servers.

::

    GRADIO_VENV=/tmp/anchor/venv python benchmarks/protocols.py [--n 200] [--out R.jsonl]
        [--steps mcp,client,startup]

Loopback only; every server is started here and stopped by its PID; every loop is bounded.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from records import append_record, latency_summary
from servers import (
    GRADIO_APPS,
    QUIET_GRADIO,
    REPO_DIR,
    Server,
    ServerCommand,
    autoui_command,
    free_port,
    gradio_python,
)

os.environ.update({"HF_HUB_DISABLE_TELEMETRY": "1", **QUIET_GRADIO})
BLOCK = 25  # calls per server before switching to the other


def gradio_app(app: str, port: int) -> ServerCommand:
    python = gradio_python()
    if python is None:
        raise SystemExit("no Gradio venv: set GRADIO_VENV to a venv with gradio[mcp]==6.31.0")
    env = {"PORT": str(port), **QUIET_GRADIO}
    return ServerCommand(
        "gradio", [str(python), str(GRADIO_APPS / app)], port, "/", GRADIO_APPS, env
    )


# -- MCP ------------------------------------------------------------------------------
async def _mcp_calls(urls: dict[str, str], n: int, token: bool) -> dict[str, list[float]]:
    from contextlib import AsyncExitStack

    from mcp import Client

    async def on_progress(progress: float, total: float | None, message: str | None) -> None:
        return None

    options: dict[str, Any] = {"progress_callback": on_progress} if token else {}
    times: dict[str, list[float]] = {name: [] for name in urls}
    async with AsyncExitStack() as stack:
        clients = {name: await stack.enter_async_context(Client(url)) for name, url in urls.items()}
        for name, client in clients.items():  # warm-up, and check the answer
            result = await client.call_tool("echo", {"text": "warm"}, **options)
            assert "warm" in result.content[0].text, (name, result)
        for start in range(0, n, BLOCK):
            for name, client in clients.items():
                for i in range(start, min(n, start + BLOCK)):
                    t0 = time.perf_counter()
                    result = await client.call_tool("echo", {"text": f"hi{i}"}, **options)
                    times[name].append(time.perf_counter() - t0)
                    assert result.content[0].text == f"hi{i}", (name, result)
    return times


def _api_echo(url: str, n: int) -> list[float]:
    times = []
    with httpx.Client(trust_env=False) as client:
        client.post(url + "/api/echo", json={"data": {"text": "warm"}})
        for i in range(n):
            t0 = time.perf_counter()
            reply = client.post(url + "/api/echo", json={"data": {"text": f"hi{i}"}})
            times.append(time.perf_counter() - t0)
            assert reply.json()["data"] == [f"hi{i}"]
    return times


def bench_mcp(n: int, n_token: int, logs: Path, out: Path | None) -> list[str]:
    autoui = Server(autoui_command("echo", free_port(), "--mcp"), logs / "autoui-mcp.log")
    gradio = Server(gradio_app("echo_mcp.py", free_port()), logs / "gradio-mcp.log")
    lines = []
    try:
        autoui.start(), gradio.start()
        time.sleep(1.0)
        urls = {"autoui": autoui.base_url + "/mcp", "gradio": gradio.base_url + "/gradio_api/mcp/"}
        plain = asyncio.run(_mcp_calls(urls, n, token=False))
        tokened = asyncio.run(_mcp_calls(urls, n_token, token=True))
        api = _api_echo(autoui.base_url, n)
    finally:
        autoui.stop(), gradio.stop()
    for name in ("autoui", "gradio"):
        for label, times in (("no token", plain[name]), ("progress token", tokened[name])):
            summary = {"n": len(times), **latency_summary(times)}
            lines.append(_line(f"MCP tools/call echo, {name}, {label}", summary))
            _record(out, "mcp", f"{name}:mcp-{label.replace(' ', '-')}", summary)
    summary = {"n": len(api), **latency_summary(api)}
    lines.append(_line("POST /api/echo, autoui (same run)", summary))
    _record(out, "mcp", "autoui:api-echo", summary)
    return lines


# -- gradio_client -------------------------------------------------------------------
def _queue_round_trip(client: httpx.Client, url: str, i: int) -> float:
    """One call by the Gradio queue protocol alone (join, then read the stream to its end):
    the server's share of a ``gradio_client.predict``."""
    session = f"bench-{i}-{time.monotonic_ns()}"
    t0 = time.perf_counter()
    joined = client.post(
        url + "/gradio_api/queue/join",
        json={"data": [f"hi{i}"], "fn_index": 0, "session_hash": session},
    )
    assert joined.status_code == 200, joined.text
    with client.stream(
        "GET", url + "/gradio_api/queue/data", params={"session_hash": session}
    ) as s:
        body = b"".join(s.iter_bytes())
    assert b"process_completed" in body and f'"hi{i}"'.encode() in body
    return time.perf_counter() - t0


def bench_gradio_client(n: int, logs: Path, out: Path | None) -> list[str]:
    from gradio_client import Client

    autoui = Server(autoui_command("echo", free_port()), logs / "autoui-gc.log")
    gradio = Server(gradio_app("echo.py", free_port()), logs / "gradio-gc.log")
    times: dict[str, list[float]] = {"autoui": [], "gradio": []}
    raw: dict[str, list[float]] = {"autoui": [], "gradio": []}
    try:
        autoui.start(), gradio.start()
        time.sleep(1.0)
        clients = {
            "autoui": Client(autoui.base_url + "/", verbose=False),
            "gradio": Client(gradio.base_url + "/", verbose=False),
        }
        for client in clients.values():
            assert client.predict("warm", api_name="/echo") == "warm"
        for start in range(0, n, BLOCK):
            for name, client in clients.items():
                for i in range(start, min(n, start + BLOCK)):
                    t0 = time.perf_counter()
                    answer = client.predict(f"hi{i}", api_name="/echo")
                    times[name].append(time.perf_counter() - t0)
                    assert answer == f"hi{i}", (name, answer)
        for client in clients.values():
            client.close()
        with httpx.Client(trust_env=False, timeout=30) as http:
            for start in range(0, n, BLOCK):
                for name, server in (("autoui", autoui), ("gradio", gradio)):
                    for i in range(start, min(n, start + BLOCK)):
                        raw[name].append(_queue_round_trip(http, server.base_url, i))
    finally:
        autoui.stop(), gradio.stop()
    lines = []
    for name, durations in times.items():
        summary = {"n": len(durations), **latency_summary(durations)}
        lines.append(_line(f"gradio_client.predict echo, {name}", summary))
        _record(out, "gradio-client", f"{name}:gradio-client", summary)
    for name, durations in raw.items():
        summary = {"n": len(durations), **latency_summary(durations)}
        lines.append(_line(f"queue protocol alone (join + stream), {name}", summary))
        _record(out, "gradio-client", f"{name}:gradio-queue-protocol", summary)
    return lines


# -- start-up --------------------------------------------------------------------------
def _import_seconds() -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import autoui"], check=True, timeout=60)
    return time.perf_counter() - t0


def _serve_seconds(logs: Path, *options: str) -> tuple[float, float]:
    """Seconds to the first answer, and the CPU seconds the server used from start to stop
    (read from the children's rusage, so other processes' load does not count)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    server = Server(autoui_command("echo", free_port(), *options), logs / "autoui-start.log")
    try:
        wall = server.start(timeout=60)
    finally:
        server.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def bench_startup(runs: int, logs: Path, out: Path | None) -> list[str]:
    variants = {
        "default (MCP off)": (),
        "--no-gradio-api": ("--no-gradio-api",),
        "--mcp": ("--mcp",),
    }
    serve: dict[str, list[tuple[float, float]]] = {name: [] for name in variants}
    imports: list[float] = []
    _import_seconds()  # warm the .pyc files
    for _ in range(runs):
        imports.append(_import_seconds())
        for name, options in variants.items():
            serve[name].append(_serve_seconds(logs, *options))
    median_import = statistics.median(imports)
    lines = [f"import autoui (fresh interpreter): median {median_import * 1000:.0f} ms"]
    _record(out, "startup", "autoui:import", {"median_s": median_import, "runs": runs})
    for name, results in serve.items():
        wall = statistics.median(w for w, _ in results)
        cpu = statistics.median(c for _, c in results)
        lines.append(
            f"autoui serve, {name}: first answer after {wall * 1000:.0f} ms (median), "
            f"server CPU start to stop {cpu * 1000:.0f} ms (median)"
        )
        _record(
            out, "startup", f"autoui:serve {name}", {"wall_s": wall, "cpu_s": cpu, "runs": runs}
        )
    return lines


def _line(what: str, summary: dict[str, Any]) -> str:
    return f"{what}: p50 {summary['p50_ms']} ms, p99 {summary['p99_ms']} ms (n={summary['n']})"


def _record(out: Path | None, scenario: str, label: str, result: dict[str, Any]) -> None:
    if out is not None:
        append_record(out, scenario, label, result)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=200, help="calls per server and figure")
    parser.add_argument("--n-token", type=int, default=100, help="MCP calls with a progress token")
    parser.add_argument("--runs", type=int, default=7, help="start-up runs per variant")
    parser.add_argument("--out", type=Path, default=None, help="append JSON records here")
    parser.add_argument(
        "--steps", default="mcp,client,startup", help="a subset of: mcp, client, startup"
    )
    args = parser.parse_args()
    steps = set(args.steps.split(","))
    command = " ".join([Path(sys.executable).name, *sys.argv])
    with tempfile.TemporaryDirectory(prefix="autoui-bench-") as folder:
        logs = Path(folder)
        lines = bench_mcp(args.n, args.n_token, logs, args.out) if "mcp" in steps else []
        if "client" in steps:
            lines += bench_gradio_client(args.n, logs, args.out)
        if "startup" in steps:
            lines += bench_startup(args.runs, logs, args.out)
    print(f"$ GRADIO_VENV={os.environ.get('GRADIO_VENV', '/tmp/anchor/venv')} {command}")
    print(f"(repo {REPO_DIR}, load average {os.getloadavg()[0]:.1f})")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
