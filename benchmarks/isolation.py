#!/usr/bin/env python3
"""``--isolation process``: what a stop takes, what a fresh slot takes, what a call costs.

Three figures, each measured here with real slot processes:

* **cancel → cancelled**: a job runs a pure-Python busy loop (``isolation_apps.spin``) in
  a slot; its token is cancelled once it has started, and the time until its
  ``cancelled`` event arrives is recorded (the soft stage: an interrupt inside the loop,
  its ``finally`` runs, the slot lives on). The same for code held in C with the
  interpreter locked (``stuck``), which only the hard stage ends: ``--cancel-grace``
  seconds, then ``SIGKILL``.
* **respawn**: after each such kill, the time from ``cancelled`` until the replacement
  slot has imported the functions and is idle (``health()`` polled every millisecond).
* **per-call overhead**: sequential calls of ``echo`` through ``ThreadExecution`` and
  ``ProcessExecution``, and the same through two real ``autoui serve`` processes (``--isolation
  thread`` / ``process``) over HTTP. Calls alternate one by one between the two, so
  the machine's ups and downs hit both alike; the figure is the difference of the
  medians.

::

    python benchmarks/isolation.py [--calls 2000] [--cancels 30] [--kills 8] [--grace 1.0]
                                   [--http-calls 2000] [--out R.jsonl]

Every loop is bounded in count; every server binds 127.0.0.1 and is stopped by its PID.
"""

from __future__ import annotations

import argparse
import asyncio
import shlex
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))

import isolation_apps  # noqa: E402
from records import append_record, latency_summary  # noqa: E402

from autoui.cancel import CancelToken  # noqa: E402
from autoui.events import Event  # noqa: E402
from autoui.introspect import introspect  # noqa: E402
from autoui.isolation import Execution, ExecutionSettings, make_execution  # noqa: E402
from autoui.localfiles import LocalFiles  # noqa: E402
from autoui.spec import FunctionSpec  # noqa: E402

SPECS = {name: introspect(getattr(isolation_apps, name)) for name in ("echo", "spin", "stuck")}
FILES = LocalFiles(Path("/tmp/autoui-isolation-bench"))


def _nothing(_: Event) -> None:
    pass


async def _call(execution: Execution, fn: FunctionSpec, data: dict[str, Any]) -> Event:
    return await execution.call(fn, data, FILES, emit=_nothing, cancel=CancelToken())


# -- per-call overhead ----------------------------------------------------------------------
async def overhead(calls: int) -> dict[str, Any]:
    """Sequential echo calls, thread and process alternating call by call; seconds each."""
    thread = make_execution(ExecutionSettings(isolation="thread"), list(SPECS.values()))
    process = make_execution(ExecutionSettings(isolation="process"), list(SPECS.values()))
    times: dict[str, list[float]] = {"thread": [], "process": []}
    try:
        for execution in (thread, process):  # warm: slot started, threads made
            for _ in range(50):
                await _call(execution, SPECS["echo"], {"text": "warm"})
        for _ in range(calls):
            for name, execution in (("thread", thread), ("process", process)):
                start = time.perf_counter()
                await _call(execution, SPECS["echo"], {"text": "hello"})
                times[name].append(time.perf_counter() - start)
    finally:
        await thread.aclose()
        await process.aclose()
    return _compare(times)


def _compare(times: dict[str, list[float]]) -> dict[str, Any]:
    thread, process = latency_summary(times["thread"]), latency_summary(times["process"])
    added = round(process["p50_ms"] - thread["p50_ms"], 3)
    return {"calls_each": len(times["thread"]), "thread": thread, "process": process,
            "added_p50_ms": added}  # fmt: skip


# -- stopping and respawning -----------------------------------------------------------------
async def _stop_once(execution: Execution, fn: FunctionSpec, data: dict[str, Any]) -> float:
    """Start ``fn``, cancel it once started; seconds from cancel to its ``cancelled``."""
    started, ended = asyncio.Event(), asyncio.Event()
    arrived: list[float] = []

    def emit(event: Event) -> None:
        if event.kind == "started":
            started.set()
        if event.kind == "cancelled":
            arrived.append(time.perf_counter())
            ended.set()

    token = CancelToken()
    task = asyncio.create_task(execution.call(fn, data, FILES, emit=emit, cancel=token))
    await asyncio.wait_for(started.wait(), 120)
    await asyncio.sleep(0.05)  # well inside the code, not at its first line
    asked = time.perf_counter()
    token.cancel()
    await asyncio.wait_for(ended.wait(), 120)
    await task
    return arrived[0] - asked


async def _idle_again(execution: Execution, timeout: float = 120.0) -> float:
    """Seconds until the pool has an idle slot again (the replacement is ready)."""
    start = time.perf_counter()
    while execution.health()["slots"]["idle"] < 1:
        if time.perf_counter() - start > timeout:
            raise TimeoutError("no slot came back")
        await asyncio.sleep(0.001)
    return time.perf_counter() - start


async def stopping(cancels: int, kills: int, grace: float) -> dict[str, Any]:
    settings = ExecutionSettings(isolation="process", cancel_grace=grace, slots=1)
    execution = make_execution(settings, list(SPECS.values()))
    soft: list[float] = []
    hard: list[float] = []
    respawn: list[float] = []
    try:
        await _call(execution, SPECS["echo"], {"text": "warm"})
        for _ in range(cancels):
            soft.append(await _stop_once(execution, SPECS["spin"], {}))
        for _ in range(kills):
            hard.append(await _stop_once(execution, SPECS["stuck"], {"size": 40}))
            respawn.append(await _idle_again(execution))
    finally:
        await execution.aclose()
    return {
        "grace_s": grace,
        "cancel_busy_loop": latency_summary(soft),
        "cancel_c_block": latency_summary(hard),
        "kill_after_grace": latency_summary([t - grace for t in hard]),
        "respawn": latency_summary(respawn),
    }


# -- over HTTP --------------------------------------------------------------------------------
def http_overhead(calls: int) -> dict[str, Any]:
    """Sequential ``POST /api/echo`` against two servers, alternating call by call."""
    import httpx
    from servers import ServerCommand, free_port, running

    target = str(BENCH / "isolation_apps.py") + ":echo"
    commands = {
        mode: ServerCommand(
            "autoui",
            [
                sys.executable,
                "-m",
                "autoui",
                "serve",
                target,
                "--port",
                str(port := free_port()),
                "--isolation",
                mode,
                "--max-jobs-per-client",
                "none",
            ],
            port,
            "/health",
        )  # fmt: skip
        for mode in ("thread", "process")
    }
    times: dict[str, list[float]] = {"thread": [], "process": []}
    logs = Path(tempfile.mkdtemp(prefix="autoui-isolation-bench-"))
    with (
        running(commands["thread"], logs),
        running(commands["process"], logs),
        httpx.Client() as client,
    ):
        body = {"data": {"text": "hello"}}
        for command in commands.values():
            for _ in range(50):
                client.post(command.base_url + "/api/echo", json=body, timeout=30)
        for _ in range(calls):
            for mode, command in commands.items():
                start = time.perf_counter()
                answer = client.post(command.base_url + "/api/echo", json=body, timeout=30)
                times[mode].append(time.perf_counter() - start)
                assert answer.json()["data"] == ["hello"], answer.text
    return _compare(times)


# -- the report -------------------------------------------------------------------------------
def _line(label: str, summary: dict[str, float]) -> str:
    return f"  {label:<44} p50 {summary['p50_ms']:8.2f} ms   max {summary['max_ms']:8.2f} ms"


def report(results: dict[str, dict[str, Any]], command: str, say: Callable[[str], None]) -> None:
    say(f"$ {command}")
    stop = results["stop"]
    say(f"stopping a job under --isolation process (cancel grace {stop['grace_s']:g} s):")
    say(_line("cancel -> cancelled, busy Python loop", stop["cancel_busy_loop"]))
    say(_line("cancel -> cancelled, C call holding the GIL", stop["cancel_c_block"]))
    say(_line("  of which after the grace (SIGKILL, exit)", stop["kill_after_grace"]))
    say(_line("respawn: cancelled -> new slot ready", stop["respawn"]))
    for key, title in (("execution", "execution only"), ("http", "autoui serve over HTTP")):
        if key in results:
            o = results[key]
            say(f"per-call overhead, echo, {title} ({o['calls_each']} calls each):")
            say(_line("thread", o["thread"]))
            say(_line("process", o["process"]))
            say(f"  added by process (p50): {o['added_p50_ms']:.3f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--http-calls", type=int, default=2000, help="0: skip the HTTP part")
    parser.add_argument("--cancels", type=int, default=30)
    parser.add_argument("--kills", type=int, default=8)
    parser.add_argument("--grace", type=float, default=1.0)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    results: dict[str, dict[str, Any]] = {
        "stop": asyncio.run(stopping(args.cancels, args.kills, args.grace)),
        "execution": asyncio.run(overhead(args.calls)),
    }
    if args.http_calls:
        results["http"] = http_overhead(args.http_calls)
    command = shlex.join(["python", "benchmarks/isolation.py", *sys.argv[1:]])
    report(results, command, print)
    if args.out:
        for step, result in results.items():
            append_record(args.out, "isolation", f"autoui:isolation-{step}", result)


if __name__ == "__main__":
    main()
