#!/usr/bin/env python3
"""Is a live input's p99 the code or the machine? Watch autoui's event loop while it runs.

Serves ``stream_apps.py`` in this process (uvicorn, as ``autoui serve`` does; the
client runs on the same loop, so its own work counts too) with a watchdog thread: a
task on the event loop beats every 5 ms, and whenever the beat is more than
``--stall-ms`` late the watchdog notes what the loop thread was doing. Then it drives
``--runs`` real-time audio streams (``hear``, a sync generator, and ``ahear``, ``async
def``) over the job socket and prints each run's p50/p99 beside the stalls.

A stall whose stack ends in ``select`` is the loop waiting for the OS to run it (the
machine: other processes had the CPU); one that ends in autoui's code is autoui holding
the loop, which is what to fix.

::

    python benchmarks/loop_stalls.py [--runs 3] [--chunks 100] [--stall-ms 30]
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import os
import sys
import threading
import time
import traceback

import httpx
import stream_clients as clients
import uvicorn
from servers import BENCH_DIR, free_port

from autoui.introspect import load_app
from autoui.server import ServerSettings, create_app


class Watchdog:
    """Notes what the loop thread does whenever its 5 ms beat comes late."""

    def __init__(self, stall: float) -> None:
        self.stall = stall
        self.beat = time.monotonic()
        self.loop_thread = 0
        self.stalls: list[tuple[float, str]] = []

    async def heart(self) -> None:
        self.loop_thread = threading.get_ident()
        while True:
            self.beat = time.monotonic()
            await asyncio.sleep(0.005)

    def watch(self) -> None:
        while True:
            time.sleep(0.005)
            late = time.monotonic() - self.beat
            if late > self.stall and self.loop_thread:
                frame = sys._current_frames().get(self.loop_thread)
                where = traceback.extract_stack(frame)[-1] if frame is not None else None
                place = f"{os.path.basename(where.filename)}:{where.name}" if where else "?"
                self.stalls.append((late * 1000, place))
                self.beat = time.monotonic()


async def serve_and_drive(args: argparse.Namespace, dog: Watchdog) -> None:
    port = free_port()
    app = create_app(load_app(str(BENCH_DIR / "stream_apps.py")), ServerSettings())
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="warning",
        ws="websockets-sansio", ws_per_message_deflate=False,
    )  # fmt: skip
    server = uvicorn.Server(config)
    asyncio.ensure_future(dog.heart())
    serving = asyncio.ensure_future(server.serve())
    while not server.started:
        await asyncio.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    async with httpx.AsyncClient(trust_env=False) as http:
        for run in range(args.runs):
            for fn in ("hear", "ahear"):
                reply = await http.post(f"{base}/api/{fn}/jobs", json={"data": {}})
                url = "ws" + base[4:] + reply.json()["stream_url"]
                before = len(dog.stalls)
                result = await clients.socket_audio(url, args.chunks)
                stalls = dog.stalls[before:]
                places = collections.Counter(place for _, place in stalls)
                worst = max((ms for ms, _ in stalls), default=0.0)
                figures = f"p50 {result['p50_ms']} ms, p99 {result['p99_ms']} ms"
                seen = f"{len(stalls)} (worst {worst:.0f} ms) at {dict(places)}"
                print(f"run {run + 1} {fn:5}: {figures}; loop stalls: {seen}", flush=True)
    server.should_exit = True
    await serving


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--chunks", type=int, default=100)
    parser.add_argument("--stall-ms", type=float, default=30.0)
    args = parser.parse_args()
    dog = Watchdog(args.stall_ms / 1000)
    threading.Thread(target=dog.watch, daemon=True).start()
    asyncio.run(serve_and_drive(args, dog))
    print("command: python benchmarks/loop_stalls.py " + " ".join(
        f"--{k.replace('_', '-')} {v}" for k, v in vars(args).items()))  # fmt: skip


if __name__ == "__main__":
    main()
