#!/usr/bin/env python3
"""Live inputs (issue 11): autoui, the bare limit and Gradio 6.31 side by side, in rounds.

Three servers run the same three functions (``stream_apps.py`` for autoui,
``bare_stream_app.py`` for the bare limit, ``gradio_apps/live.py`` for Gradio's
``.stream()``), driven as a camera or a microphone page would (``stream_clients.py``):

* **frames**: 320×240 JPEG at 30 fps (``--frames`` of them): frame sent → processed frame
  in hand, p50/p99, frames answered of those sent, and the server process's CPU time
  (user + system, ``/proc/<pid>/stat``) per answered frame;
* **audio**: 100 ms chunks of 16 kHz int16 in real time (``--chunks``): chunk sent → the
  answer that counts it (the function is trivial: all of it is server-added); for autoui
  also with the ``async def`` twin, which wakes no worker thread per chunk (on a loaded
  machine, the thread's wake-up is what the sync function's p99 is made of);
* **slower than real time**: 150 ms of work per item, 50 chunks: samples the function saw
  of those sent (autoui's ``coalesce`` is meant to lose none; Gradio's latest-wins does);
* **50 concurrent streams** with ``--concurrency none`` (autoui only, ``--streams 0``
  skips it): p50/p99 and server CPU per chunk, for a sync generator (which holds one of
  the ``--max-threads`` worker threads per stream) and an ``async def`` one.

The machine is shared and noisy: ``--rounds`` rounds run interleaved (the servers' order
rotates each round), and the summary gives each figure's median over the rounds with
autoui's ratio to Gradio and to the bare limit (a p99 the bare limit misses too is the
machine, not autoui).

::

    GRADIO_VENV=/tmp/anchor/venv python benchmarks/streaming.py [--rounds 3] [--frames 60]
        [--chunks 100] [--streams 50] [--seconds 5]

Loopback only; each server is started here and stopped by its PID; every loop is bounded.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import statistics
import sys
import tempfile
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import stream_clients as clients
from servers import (
    BENCH_DIR,
    ServerCommand,
    free_port,
    gradio_command,
    gradio_python,
    running,
)

Run = Callable[[str], Coroutine[Any, Any, dict[str, Any]]]


def autoui_command(*options: str) -> ServerCommand:
    port = free_port()
    argv = [sys.executable, "-m", "autoui", "serve", str(BENCH_DIR / "stream_apps.py"),
            "--port", str(port), *options]  # fmt: skip
    return ServerCommand("autoui", argv, port, "/api/spec")


def bare_command() -> ServerCommand:
    port = free_port()
    argv = [sys.executable, str(BENCH_DIR / "bare_stream_app.py")]
    return ServerCommand("bare", argv, port, "/api/spec", env={"PORT": str(port)})


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / 100.0  # utime + stime, clock ticks


async def autoui_socket(base: str, fn: str) -> str:
    """Start a live job of ``fn``; the URL of its socket."""
    async with clients.gradio_http() as http:
        reply = await http.post(f"{base}/api/{fn}/jobs", json={"data": {}})
        return "ws" + base[4:] + reply.json()["stream_url"]


def workloads(kind: str, args: argparse.Namespace) -> dict[str, Run]:
    """What each server runs per round: frames, audio in real time, slower than real time."""
    if kind == "gradio":
        return {
            "frames": lambda base: clients.gradio_frames(base, args.frames),
            "audio": lambda base: clients.gradio_audio(base, "hear", args.chunks),
            "slow": lambda base: clients.gradio_audio(base, "slow_hear", 50),
        }
    if kind == "bare":
        ws = lambda base, fn: "ws" + base[4:] + f"/ws/{fn}"  # noqa: E731
        return {
            "frames": lambda base: clients.socket_frames(ws(base, "flip"), args.frames),
            "audio": lambda base: clients.socket_audio(ws(base, "hear"), args.chunks),
        }

    async def frames(base: str) -> dict[str, Any]:
        return await clients.socket_frames(await autoui_socket(base, "flip"), args.frames)

    async def audio(base: str) -> dict[str, Any]:
        return await clients.socket_audio(await autoui_socket(base, "hear"), args.chunks)

    async def audio_async(base: str) -> dict[str, Any]:  # no worker thread to wake
        return await clients.socket_audio(await autoui_socket(base, "ahear"), args.chunks)

    async def slow(base: str) -> dict[str, Any]:
        return await clients.socket_audio(await autoui_socket(base, "slow_hear"), 50)

    return {"frames": frames, "audio": audio, "audio_async": audio_async, "slow": slow}


def one_round(servers: dict[str, Any], order: list[str], args: argparse.Namespace) -> dict:
    """Every workload on every server, in ``order``; frames with the server's CPU time."""
    figures: dict[str, dict[str, Any]] = {}
    for kind in order:
        server = servers[kind]
        for name, run in workloads(kind, args).items():
            before = cpu_seconds(server.pid)
            result = asyncio.run(run(server.base_url))
            if name == "frames":
                used = cpu_seconds(server.pid) - before
                result["cpu_ms_per_frame"] = round(1000 * used / max(1, result["answered"]), 2)
            figures.setdefault(kind, {})[name] = result
            print(f"  {kind:6} {name:6} {json.dumps(result)}", flush=True)
    return figures


FIGURES = [  # (label, workload, key, target for autoui)
    ("frame → output p50 (ms)", "frames", "p50_ms", "≤ 10"),
    ("frame → output p99 (ms)", "frames", "p99_ms", "≤ 40"),
    ("frames answered of sent", "frames", "answered", "all"),
    ("server CPU per frame (ms)", "frames", "cpu_ms_per_frame", "≤ 5"),
    ("audio chunk → answer p50 (ms)", "audio", "p50_ms", "≤ 5"),
    ("audio chunk → answer p99 (ms)", "audio", "p99_ms", "≤ 20"),
    ("audio chunks lost, real time", "audio", "chunks_lost", "0"),
    ("audio, async def function: p50 (ms)", "audio_async", "p50_ms", ""),
    ("audio, async def function: p99 (ms)", "audio_async", "p99_ms", ""),
    ("chunks lost, 1.5× slower than real time (of 50)", "slow", "chunks_lost", "0"),
]


def median_of(rounds: list[dict], kind: str, workload: str, key: str) -> float | None:
    values = [r[kind][workload][key] for r in rounds if workload in r.get(kind, {})]
    return round(statistics.median(values), 2) if values else None


def report(rounds: list[dict], kinds: list[str]) -> None:
    print(f"\nMedians over {len(rounds)} rounds (each round: every server, order rotating)")
    head = ["figure", *kinds, "autoui vs Gradio", "autoui vs bare", "target"]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for label, workload, key, target in FIGURES:
        values = {kind: median_of(rounds, kind, workload, key) for kind in kinds}
        cells = ["—" if values[k] is None else f"{values[k]:g}" for k in kinds]
        ours = values.get("autoui")
        ratios = [_ratio(ours, values.get(other), key) for other in ("gradio", "bare")]
        print("| " + " | ".join([label, *cells, *ratios, target]) + " |")
    rows = {f"{k}.{w}": [r[k][w] for r in rounds if w in r.get(k, {})] for k in kinds
            for w in ("frames", "audio", "audio_async", "slow")}  # fmt: skip
    print("\nPer round: " + json.dumps({k: v for k, v in rows.items() if v}))


def _ratio(ours: float | None, theirs: float | None, key: str) -> str:
    if ours is None or theirs is None or key in ("answered", "chunks_lost"):
        return "—"
    if ours == 0:
        return "—"
    return f"{theirs / ours:.1f}× {'lower' if theirs >= ours else 'higher'}"


def many_streams(args: argparse.Namespace, logs: Path) -> None:
    """50 concurrent audio streams on one autoui server: a sync generator (one worker
    thread per stream: 40 by default, then ``--max-threads`` above the stream count) and
    an ``async def`` one (no thread)."""
    threads = str(args.streams + 8)
    for fn, extra in (("hear", ()), ("hear", ("--max-threads", threads)), ("ahear", ())):
        options = ("--concurrency", "none", "--max-jobs-per-client", "none", *extra)
        with running(autoui_command(*options), logs) as server:
            before = cpu_seconds(server.pid)
            runs = asyncio.run(_streams(server.base_url, fn, args.streams, args.seconds))
            used = cpu_seconds(server.pid) - before
        chunks = args.streams * int(args.seconds * 10)
        figures = {
            "p50_ms_median": round(statistics.median(r["p50_ms"] for r in runs), 2),
            "p99_ms_worst": round(max(r["p99_ms"] for r in runs), 2),
            "chunks_lost": sum(r["chunks_lost"] for r in runs),
            "server_cpu_ms_per_chunk": round(1000 * used / chunks, 3),
        }
        label = f"{fn} {' '.join(extra)}".strip()
        print(f"{args.streams} streams, concurrency none, {label}: {json.dumps(figures)}")


async def _streams(base: str, fn: str, streams: int, seconds: float) -> list[dict[str, Any]]:
    urls = [await autoui_socket(base, fn) for _ in range(streams)]
    chunks = int(seconds * 10)
    return await asyncio.gather(*(clients.socket_audio(url, chunks) for url in urls))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--frames", type=int, default=60)
    parser.add_argument("--chunks", type=int, default=100)
    parser.add_argument("--streams", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--servers", default="autoui,gradio,bare", help="which to run")
    parser.add_argument(
        "--nice", type=int, default=0,
        help="run every server and this client at this niceness (below 0 needs root): a "
        "diagnostic of how much of a p99 is the scheduler of a shared machine",
    )  # fmt: skip
    args = parser.parse_args()
    if args.nice:
        os.nice(args.nice)  # the servers started from here inherit it
    logs = Path(tempfile.mkdtemp(prefix="autoui-stream-bench-"))
    wanted = set(args.servers.split(","))
    commands = {"bare": bare_command(), "autoui": autoui_command()}
    if "gradio" in wanted and gradio_python() is None:
        print("no Gradio venv (GRADIO_VENV): Gradio is left out of this run")
    elif "gradio" in wanted:
        commands["gradio"] = gradio_command("live.py", free_port())
    commands = {kind: command for kind, command in commands.items() if kind in wanted}
    kinds = [k for k in ("autoui", "gradio", "bare") if k in commands]
    with contextlib.ExitStack() as stack:
        servers = {kind: stack.enter_context(running(c, logs)) for kind, c in commands.items()}
        for kind in kinds:  # warm: imports, the first JPEG, Gradio's first event
            asyncio.run(workloads(kind, args)["frames"](servers[kind].base_url))
        rounds = []
        for number in range(args.rounds):
            order = kinds[number % len(kinds) :] + kinds[: number % len(kinds)]
            print(f"round {number + 1}: {' → '.join(order)}", flush=True)
            rounds.append(one_round(servers, order, args))
    report(rounds, kinds)
    if args.streams:
        many_streams(args, logs)
    options = " ".join(f"--{k} {v}" for k, v in vars(args).items())
    print(f"command: python benchmarks/streaming.py {options}")


if __name__ == "__main__":
    main()
