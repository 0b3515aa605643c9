#!/usr/bin/env python3
"""Scale-out on Redis: overhead, scaling, fan-out and dead-worker detection, in one run.

Everything runs here on loopback, started and stopped by PID: a ``redis-server`` (AOF
on, in a temporary folder), ``autoui serve --broker`` front-ends and ``autoui worker``
processes serving ``benchmarks/broker_apps.py``.

* **overhead** — sequential blocking ``POST /api/echo`` calls to a single-process
  ``autoui serve`` and to a broker deployment (1 front-end, 1 worker), interleaved in
  10 rounds: p50 latency of each, the added p50, and CPU per call (server, or
  front-end + worker, each shown; Redis's own CPU apart): the ratio of the totals and
  the median of the rounds' ratios (a round's two halves see the same load);
* **scaling** — calls/s of a 100 ms sleeping function behind 2 front-ends with 1, 2 and
  4 workers of ``--concurrency 2``, against the linear 20 calls/s per worker;
* **fan-out** — 1000 clients at once (one blocking call each) across 2 front-ends;
* **detect** — a worker SIGKILLed while it runs a job: seconds until the job's
  ``restart`` event (with ``--reclaim-idle 2 --heartbeat 0.5``, the test settings);
* **live** — a live job over its WebSocket (``benchmarks/stream_apps.py``), single-process
  and through the broker, interleaved: audio chunk → answer and frame → processed frame,
  p50/p99 (R13: chunk → output through Redis). ::

    python benchmarks/broker_bench.py [--calls 300] [--seconds 8] [--clients 1000]
                                      [--trials 5] [--rounds 3] [--chunks 50] [--frames 60]
                                      [--only overhead,scaling,fanout,detect,live]
                                      [--out R.jsonl]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shlex
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from records import append_record  # noqa: E402
from servers import free_port  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "benchmarks" / "broker_apps.py")
STREAM_APP = str(ROOT / "benchmarks" / "stream_apps.py")
FAST = ("--reclaim-idle", "2", "--heartbeat", "0.5")


def cpu_seconds(pid: int) -> float:
    """CPU seconds of process ``pid``'s threads so far, to the nanosecond.

    ``/proc/<pid>/task/*/schedstat`` (time on a CPU); ``/proc/<pid>/stat`` counts in
    ticks of 10 ms, too coarse for a round of a few dozen calls. A thread that ended
    takes its time with it: the processes measured keep theirs (pools).
    """
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            total += int((task / "schedstat").read_text().split()[0])
        except (FileNotFoundError, ProcessLookupError):
            continue  # the thread ended meanwhile
    return total / 1e9


class Proc:
    """One process of ours, logging to a file; stopped by its PID."""

    def __init__(self, argv: list[str], log: Path, ready: str) -> None:
        self.argv, self.log, self.ready = argv, log, ready
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
        with log.open("wb") as out:
            self.process = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, env=env)

    @property
    def pid(self) -> int:
        return self.process.pid

    def wait_ready(self, timeout: float = 90.0) -> Proc:
        deadline = time.monotonic() + timeout
        while self.ready not in self.log.read_text(errors="replace"):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"not ready: {shlex.join(self.argv)}\n{self.log.read_text()}")
            time.sleep(0.05)
        return self

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(15)


class Deployment:
    """A redis-server, front-ends and workers in one temporary folder."""

    def __init__(self, folder: Path, stack: ExitStack) -> None:
        self.folder, self.stack = folder, stack
        self.redis_port = free_port()
        self.url = f"redis://127.0.0.1:{self.redis_port}/0"
        argv = ["redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "yes", "--dir", str(folder)]
        self.redis = self._add(argv, "redis.log", "Ready to accept connections")
        self.front_ends: list[str] = []
        self.servers: list[Proc] = []
        self.workers: list[Proc] = []

    def store(self) -> Any:
        """A plain client of this deployment's Redis (to read its statistics)."""
        import redis

        return redis.Redis.from_url(self.url, socket_timeout=10, protocol=2)

    def _add(self, argv: list[str], log: str, ready: str) -> Proc:
        proc = Proc(argv, self.folder / log, ready)
        self.stack.callback(proc.stop)
        return proc.wait_ready()

    def front_end(self, *options: str, app: str = APP) -> str:
        port = free_port()
        argv = [sys.executable, "-m", "autoui", "serve", app, "--port", str(port),
                "--broker", self.url, "--max-jobs-per-client", "none", *options]
        self.servers.append(self._add(argv, f"fe-{port}.log", "connected, Redis"))
        self.front_ends.append(f"http://127.0.0.1:{port}")
        return self.front_ends[-1]

    def worker(self, *options: str, app: str = APP) -> Proc:
        argv = [sys.executable, "-m", "autoui", "worker", app, "--broker", self.url, *options]
        worker = self._add(argv, f"worker-{len(self.workers)}-{time.time_ns()}.log", "connected to")
        self.workers.append(worker)
        return worker


@contextmanager
def deployment() -> Iterator[Deployment]:
    with tempfile.TemporaryDirectory(prefix="autoui-broker-bench-") as tmp, ExitStack() as stack:
        yield Deployment(Path(tmp), stack)


def single_server(folder: Path, stack: ExitStack, app: str = APP) -> tuple[str, Proc]:
    port = free_port()
    argv = [sys.executable, "-m", "autoui", "serve", app, "--port", str(port),
            "--max-jobs-per-client", "none"]
    proc = Proc(argv, folder / f"single-{port}.log", "API docs at")
    stack.callback(proc.stop)
    return f"http://127.0.0.1:{port}", proc.wait_ready()


# -- overhead ----------------------------------------------------------------------------
def timed_calls(client: httpx.Client, base: str, count: int) -> list[float]:
    latencies = []
    for i in range(count):
        start = time.perf_counter()
        response = client.post(f"{base}/api/echo", json={"data": {"text": f"x{i}"}})
        latencies.append(time.perf_counter() - start)
        if response.status_code != 200 or response.json()["data"] != [f"x{i}"]:
            raise SystemExit(f"bad answer from {base}: {response.status_code} {response.text}")
    return latencies


def overhead(calls: int, rounds: int = 10) -> dict[str, Any]:
    per_round = max(1, calls // rounds)
    with deployment() as d:
        base_broker = d.front_end()
        worker = d.worker()
        base_single, single = single_server(d.folder, d.stack)
        lat: dict[str, list[float]] = {"single": [], "broker": []}
        cpu: dict[str, list[float]] = {"single": [], "frontend": [], "worker": [], "redis": []}
        pids = {"single": single.pid, "frontend": d.servers[0].pid, "worker": worker.pid,
                "redis": d.redis.pid}
        with httpx.Client(timeout=30) as client:
            timed_calls(client, base_single, 20)  # warm-up
            timed_calls(client, base_broker, 20)
            store = d.store()
            store.config_resetstat()
            for _ in range(rounds):  # interleaved: both see the same load
                for setup, base, measured in (("single", base_single, ("single",)),
                                              ("broker", base_broker,
                                               ("frontend", "worker", "redis"))):
                    before = {name: cpu_seconds(pids[name]) for name in measured}
                    lat[setup] += timed_calls(client, base, per_round)
                    for name in measured:
                        cpu[name].append(cpu_seconds(pids[name]) - before[name])
        commands = {name.removeprefix("cmdstat_"): stat["calls"]
                    for name, stat in store.info("commandstats").items()}
    n = rounds * per_round
    p50 = {k: statistics.median(v) * 1000 for k, v in lat.items()}
    per_call = {k: round(sum(v) / n * 1000, 3) for k, v in cpu.items()}
    broker = [f + w for f, w in zip(cpu["frontend"], cpu["worker"], strict=True)]
    ratios = [b / s for b, s in zip(broker, cpu["single"], strict=True)]
    return {
        "calls_each": n,
        "p50_ms_single": round(p50["single"], 2),
        "p50_ms_broker": round(p50["broker"], 2),
        "added_p50_ms": round(p50["broker"] - p50["single"], 2),
        "cpu_ms_per_call_single": per_call["single"],
        "cpu_ms_per_call_broker": round(per_call["frontend"] + per_call["worker"], 3),
        "cpu_ms_per_call_frontend": per_call["frontend"],
        "cpu_ms_per_call_worker": per_call["worker"],
        "cpu_ratio": round(sum(broker) / sum(cpu["single"]), 2),
        "cpu_ratio_median_of_rounds": round(statistics.median(ratios), 2),
        "redis_cpu_ms_per_call": per_call["redis"],
        # exchanges with Redis per call (front-end and worker), and relay messages
        "scripts_per_call": round(commands.get("evalsha", 0) / n, 2),
        "blocking_reads_per_call": round(commands.get("xreadgroup", 0) / n, 2),
        "messages_per_call": round(commands.get("publish", 0) / n, 2),
    }


# -- load --------------------------------------------------------------------------------
async def load(bases: list[str], fn: str, clients: int, seconds: float) -> tuple[int, int, float]:
    """``clients`` loops of blocking calls for ``seconds``: (completed, errors, wall)."""
    done, errors = 0, 0
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:
        deadline = time.monotonic() + seconds

        async def loop(i: int) -> None:
            nonlocal done, errors
            base = bases[i % len(bases)]
            while time.monotonic() < deadline:
                response = await client.post(f"{base}/api/{fn}", json={"data": {"x": "y"}})
                if response.status_code == 200:
                    done += 1
                else:
                    errors += 1

        start = time.monotonic()
        await asyncio.gather(*(loop(i) for i in range(clients)))
        return done, errors, time.monotonic() - start


def scaling(seconds: float) -> dict[str, Any]:
    result: dict[str, Any] = {}
    with deployment() as d:
        bases = [d.front_end(), d.front_end()]
        for count in (1, 2, 4):
            while len(d.workers) < count:
                d.worker("--concurrency", "2")
            time.sleep(1.0)  # every worker's heartbeat seen
            asyncio.run(load(bases, "nap", count * 2, 1.0))  # warm-up
            done, errors, wall = asyncio.run(load(bases, "nap", count * 4, seconds))
            rate = done / wall
            linear = count * 2 / 0.1
            result[f"workers_{count}"] = {
                "calls_per_s": round(rate, 1), "linear": linear,
                "efficiency": round(rate / linear, 3), "errors": errors,
            }
    return result


async def fan_out_calls(bases: list[str], clients: int) -> tuple[int, int, float]:
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=0)
    async with httpx.AsyncClient(timeout=120, limits=limits) as client:
        async def one(i: int) -> bool:
            base = bases[i % len(bases)]
            try:
                response = await client.post(f"{base}/api/echo", json={"data": {"text": str(i)}})
                return response.status_code == 200 and response.json()["data"] == [str(i)]
            except httpx.HTTPError:
                return False

        start = time.monotonic()
        outcomes = await asyncio.gather(*(one(i) for i in range(clients)))
        return sum(outcomes), clients - sum(outcomes), time.monotonic() - start


def fan_out(clients: int) -> dict[str, Any]:
    with deployment() as d:
        bases = [d.front_end(), d.front_end()]
        d.worker("--concurrency", "8")
        d.worker("--concurrency", "8")
        ok, errors, wall = asyncio.run(fan_out_calls(bases, clients))
    return {"clients": clients, "ok": ok, "errors": errors, "wall_s": round(wall, 2)}


# -- live inputs -------------------------------------------------------------------------
def live(rounds: int, chunks: int, frames: int) -> dict[str, Any]:
    """A live job over its WebSocket, single-process vs through the broker (1 front-end,
    1 worker: chunk → front-end → Redis → worker → function → events → Redis → front-end),
    interleaved in ``rounds``: audio chunk → the answer that counts it, frame → the
    processed frame, p50/p99 (``benchmarks/streaming.py``'s clients and functions)."""
    import stream_clients
    from streaming import autoui_socket

    figures: dict[str, dict[str, list[dict[str, Any]]]] = {}
    with deployment() as d:
        setups = {"single": single_server(d.folder, d.stack, STREAM_APP)[0],
                  "broker": d.front_end(app=STREAM_APP)}
        d.worker(app=STREAM_APP)
        for _ in range(rounds):
            for setup, base in setups.items():
                got = figures.setdefault(setup, {"audio": [], "frames": []})
                url = asyncio.run(autoui_socket(base, "hear"))
                got["audio"].append(asyncio.run(stream_clients.socket_audio(url, chunks)))
                url = asyncio.run(autoui_socket(base, "flip"))
                got["frames"].append(asyncio.run(stream_clients.socket_frames(url, frames)))
    result: dict[str, Any] = {"rounds": rounds, "chunks": chunks, "frames": frames}
    for setup, runs in figures.items():
        for kind, results in runs.items():
            for key in ("p50_ms", "p99_ms"):
                result[f"{kind}_{key}_{setup}"] = round(
                    statistics.median(r[key] for r in results), 2
                )
        result[f"audio_chunks_lost_{setup}"] = sum(r["chunks_lost"] for r in runs["audio"])
        result[f"frames_answered_{setup}"] = sum(r["answered"] for r in runs["frames"])
    for kind in ("audio", "frames"):
        result[f"{kind}_added_p50_ms"] = round(
            result[f"{kind}_p50_ms_broker"] - result[f"{kind}_p50_ms_single"], 2
        )
    return result


# -- dead-worker detection ---------------------------------------------------------------
def restart_after_kill(d: Deployment, base: str, client: httpx.Client) -> float:

    job = client.post(f"{base}/api/hold/jobs", json={"data": {"seconds": 4}}).json()["job_id"]
    app = client.get(f"{base}/health").json()["broker"]["app"]
    with client.stream("GET", f"{base}/api/jobs/{job}/events", timeout=60) as response:
        killed = 0.0
        for line in response.iter_lines():
            if line == "event: started" and not killed:
                worker_id = d.store().hget(f"aui:{app}:job:{job}", "worker").decode()
                os.kill(int(worker_id.rsplit("-", 2)[1]), signal.SIGKILL)
                killed = time.monotonic()
            elif line == "event: restart":
                return time.monotonic() - killed
    raise SystemExit("no restart event")


def detect(trials: int) -> dict[str, Any]:
    seconds = []
    with deployment() as d, httpx.Client(timeout=60) as client:
        base = d.front_end()
        for _ in range(2):
            d.worker(*FAST)
        for _ in range(trials):
            seconds.append(restart_after_kill(d, base, client))
            d.worker(*FAST)  # a fresh worker for the next trial
            time.sleep(1.0)
    return {
        "reclaim_idle_s": 2.0, "heartbeat_s": 0.5, "trials": trials,
        "median_s": round(statistics.median(seconds), 2), "max_s": round(max(seconds), 2),
        "all_s": [round(s, 2) for s in seconds],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=300, help="overhead: calls per setup")
    parser.add_argument("--seconds", type=float, default=8.0, help="scaling: seconds per step")
    parser.add_argument("--clients", type=int, default=1000, help="fan-out: clients at once")
    parser.add_argument("--trials", type=int, default=5, help="detect: workers killed")
    parser.add_argument("--rounds", type=int, default=3, help="live: interleaved rounds")
    parser.add_argument("--chunks", type=int, default=50, help="live: 100 ms audio chunks")
    parser.add_argument("--frames", type=int, default=60, help="live: 30 fps frames")
    parser.add_argument("--only", default="overhead,scaling,fanout,detect,live")
    parser.add_argument("--out", type=Path, default=None, help="append a record here")
    args = parser.parse_args()
    parts = {
        "overhead": lambda: overhead(args.calls),
        "scaling": lambda: scaling(args.seconds),
        "fanout": lambda: fan_out(args.clients),
        "detect": lambda: detect(args.trials),
        "live": lambda: live(args.rounds, args.chunks, args.frames),
    }
    print("command:", shlex.join([sys.executable, *sys.argv]), flush=True)
    print(f"load average: {os.getloadavg()[0]:.1f}", flush=True)
    results: dict[str, Any] = {}
    for name in args.only.split(","):
        results[name] = parts[name]()
        print(f"{name}: {results[name]}", flush=True)
    if args.out is not None:
        for name, result in results.items():
            append_record(args.out, f"broker-{name}", "autoui --broker", result)


if __name__ == "__main__":
    main()
