#!/usr/bin/env python3
"""Bounded load generator for "function -> web app" servers (Gradio now, autoui later).

Copied from the project's shared bench kit (``../shared/bench/loadgen.py``, written for the
Gradio anchor measurements) and built on here: reformatted for the repository's linters, no
change to what a scenario measures, so figures stay comparable with that kit's README.

Only dependency: httpx (plus the standard library; ``--transport lean`` uses h11, which
httpx is built on). Python >= 3.11 (asyncio.timeout).

Design
------
An *adapter* knows one server's API. It has a single job: submit one call of function
``fn`` with positional ``inputs`` and yield the resulting events as they arrive::

    async for ev in adapter.call(client, "echo", ["hi"]):
        ev.kind  # "submitted" | "partial" | "progress" | "complete" | "error"
        ev.data  # job id / streamed outputs / progress payload / final outputs / message

The stream must end with exactly one terminal event ("complete" or "error"); raising
counts as an error. Everything else (timing, concurrency, percentiles, CPU and RSS
sampling, correctness checks) lives in the scenarios and is adapter-agnostic, so the
same numbers can be taken for another server by adding one adapter class.

Safety: every scenario is bounded in call count and/or seconds, every call has a
timeout, and targets are restricted to loopback (127.0.0.0/8, localhost, ::1).

Scenarios (sub-commands)
------------------------
  latency     N sequential calls (after a warm-up); p50/p90/p99 ms
  throughput  C concurrent clients, each calling in a loop for D seconds, per C in a list
              (run one level per fresh server process for clean numbers)
  stream      time to first streamed event and total time of a generator, R runs
  batch       K simultaneous calls to a batched fn; wall time + every output checked
  fanout      N clients released at once, one call each; completed/errors/time/server RSS
  fairness    K calls submitted in a known order to a concurrency-1 slow fn; FIFO check
  coldstart   spawn the server command, time to first HTTP 200 on the ready path, idle RSS
  importtime  wall time of `python -c "import MODULE"` (median of R)
  soak        R rounds of N sequential calls on one server: per-call cost drift

Example:
  python loadgen.py --adapter gradio --base-url http://127.0.0.1:7861 --server-pid 1234 \
      --json-out results.jsonl latency --n 500
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import json
import math
import os
import secrets
import ssl
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urlparse

import httpx
from fleet import Fleet, FleetResults, Gate
from leanhttp import LeanClient

Callback = Callable[[], None] | None
S = TypeVar("S")
T = TypeVar("T")
# What an adapter sends requests with: an httpx client, or the lean one that speaks the
# part of httpx's interface the adapters use (--transport lean).
HttpClient = httpx.AsyncClient | LeanClient


# --------------------------------------------------------------------------- adapters
@dataclass
class Event:
    kind: str  # "submitted" | "partial" | "progress" | "complete" | "error"
    data: Any = None


class Adapter:
    """Base class: one server's call protocol. Subclasses implement `call`."""

    name = "abstract"
    ready_path = "/"  # GET this until HTTP 200 to decide the server is up (coldstart)

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")

    async def call(self, client: HttpClient, fn: str, inputs: list[Any]) -> AsyncIterator[Event]:
        """Submit one call of `fn` with positional `inputs`; yield Events; end with a
        terminal "complete" (data = list of outputs) or "error" event."""
        raise NotImplementedError
        yield  # pragma: no cover  (makes this an async generator)


class GradioAdapter(Adapter):
    """Gradio's plain-HTTP API (gradio >= 4):
    POST /gradio_api/call/<api_name> {"data": [...]} -> {"event_id": id}
    GET  /gradio_api/call/<api_name>/<id> -> SSE: `event: generating|complete|error|heartbeat`
    with `data: <json>` lines (data is the list of outputs)."""

    name = "gradio"
    ready_path = "/"

    async def call(self, client: HttpClient, fn: str, inputs: list[Any]) -> AsyncIterator[Event]:
        r = await client.post(f"{self.base_url}/gradio_api/call/{fn}", json={"data": inputs})
        if r.status_code != 200:
            yield Event("error", f"submit HTTP {r.status_code}: {r.text[:200]}")
            return
        event_id = r.json()["event_id"]
        yield Event("submitted", event_id)
        url = f"{self.base_url}/gradio_api/call/{fn}/{event_id}"
        async with client.stream("GET", url) as resp:
            if resp.status_code != 200:
                yield Event("error", f"stream HTTP {resp.status_code}")
                return
            sse_event = None
            async for line in resp.aiter_lines():
                if line.startswith("event:"):
                    sse_event = line[6:].strip()
                elif line.startswith("data:"):
                    payload = line[5:].strip()
                    data = json.loads(payload) if payload else None
                    if sse_event == "generating":
                        yield Event("partial", data)
                    elif sse_event == "complete":
                        yield Event("complete", data)
                        return
                    elif sse_event == "error":
                        yield Event("error", f"server error event: {data!r}"[:300])
                        return
                    # heartbeat and unknown events are ignored
            yield Event("error", "stream closed without a complete event")


class AutouiAdapter(Adapter):
    """autoui's job API (the contract in DESIGN.md), also spoken by bench/bare_app.py:
    POST /api/<fn>/jobs {"data": [...]} -> 202 {"job_id", "position"}
    GET  /api/jobs/<job_id>/events -> SSE `event: queued|started|progress|alert|output|
    complete|error|cancelled` with JSON `data:`; `output` carries {"data": ...} per generator
    yield, `complete` {"data": [...]}."""

    name = "autoui"
    ready_path = "/api/spec"

    async def call(self, client: HttpClient, fn: str, inputs: list[Any]) -> AsyncIterator[Event]:
        r = await client.post(f"{self.base_url}/api/{fn}/jobs", json={"data": inputs})
        if r.status_code >= 300:
            yield Event("error", f"submit HTTP {r.status_code}: {r.text[:200]}")
            return
        job_id = r.json()["job_id"]
        yield Event("submitted", job_id)
        url = f"{self.base_url}/api/jobs/{job_id}/events"
        async with client.stream("GET", url) as resp:
            if resp.status_code != 200:
                yield Event("error", f"stream HTTP {resp.status_code}")
                return
            async for sse_event, data in sse_events(resp.aiter_lines()):
                body = data.get("data") if isinstance(data, dict) else data
                if sse_event == "output":
                    yield Event("partial", body)
                elif sse_event == "progress":
                    yield Event("progress", data)
                elif sse_event == "complete":
                    yield Event("complete", body if isinstance(body, list) else [body])
                    return
                elif sse_event in ("error", "cancelled"):
                    yield Event("error", f"server {sse_event} event: {data!r}"[:300])
                    return
            yield Event("error", "stream closed without a complete event")


async def sse_events(lines: AsyncIterator[str]) -> AsyncIterator[tuple[str, Any]]:
    """``(event name, JSON data)`` of each server-sent event read from ``lines``."""
    sse_event, data = None, []
    async for line in lines:
        if line.startswith("event:"):
            sse_event = line[6:].strip()
        elif line.startswith("data:"):
            data.append(line[5:].lstrip())
        elif line == "" and sse_event:
            payload = "\n".join(data)
            yield sse_event, json.loads(payload) if payload else None
            sse_event, data = None, []


ADAPTERS: dict[str, type[Adapter]] = {"gradio": GradioAdapter, "autoui": AutouiAdapter}


# --------------------------------------------------------------------------- helpers
@dataclass
class CallResult:
    ok: bool
    latency: float  # s, from just before submit to the terminal event
    submit: float | None = None  # s, until "submitted"
    first_partial: float | None = None  # s, until the first "partial" event
    n_partial: int = 0
    outputs: Any = None
    partials: list[Any] = field(default_factory=list)
    error: str | None = None
    t_end: float = 0.0  # perf_counter at the terminal event


def _record(
    res: CallResult, ev: Event, now: float, keep_partials: bool, on_submitted: Callback
) -> bool:
    """Fold one adapter event into `res`; True when the event was terminal."""
    if ev.kind == "submitted":
        res.submit = now
        if on_submitted is not None:
            on_submitted()
    elif ev.kind == "partial":
        res.n_partial += 1
        if res.first_partial is None:
            res.first_partial = now
        if keep_partials:
            res.partials.append(ev.data)
    elif ev.kind == "complete":
        res.ok, res.outputs = True, ev.data
        return True
    elif ev.kind == "error":
        res.error = str(ev.data)
        return True
    return False


async def run_call(
    adapter: Adapter,
    client: HttpClient,
    fn: str,
    inputs: list[Any],
    timeout: float,
    keep_partials: bool = False,
    on_submitted: Callback = None,
) -> CallResult:
    t0 = time.perf_counter()
    res = CallResult(ok=False, latency=0.0)
    try:
        async with asyncio.timeout(timeout):
            async for ev in adapter.call(client, fn, inputs):
                now = time.perf_counter() - t0
                if _record(res, ev, now, keep_partials, on_submitted):
                    break
            else:
                res.error = "adapter ended without a terminal event"
    except TimeoutError:
        res.error = f"timeout>{timeout}s"
    except NotImplementedError:
        raise
    except Exception as e:  # connection errors, protocol errors ...
        phase = "submit" if res.submit is None else "stream"
        res.error = f"{type(e).__name__}: ({phase}) {e!r}"[:300]
    res.t_end = time.perf_counter()
    res.latency = res.t_end - t0
    if on_submitted is not None and res.submit is None:
        on_submitted()  # never block the launcher on a failed submit
    return res


def pct(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile (p in 0..100); None for no values."""
    if not values:
        return None
    s = sorted(values)
    k = max(0, min(len(s) - 1, math.ceil(p / 100.0 * len(s)) - 1))
    return s[k]


def ms(x: float | None) -> float | None:
    return None if x is None else round(x * 1000.0, 2)


def error_summary(results: list[CallResult]) -> dict[str, int]:
    c: Counter[str] = Counter()
    for r in results:
        if not r.ok:
            msg = r.error or "?"
            c[msg.split(":")[0] if not msg.startswith("submit HTTP") else msg[:16]] += 1
    return dict(c)


def error_samples(results: list[CallResult], k: int = 5) -> list[str | None]:
    """Up to k distinct full error messages, for diagnosis."""
    seen = []
    for r in results:
        if not r.ok and r.error not in seen:
            seen.append(r.error)
            if len(seen) >= k:
                break
    return seen


def read_status(pid: int, keys: tuple[str, ...] = ("VmRSS", "VmHWM")) -> dict[str, int]:
    out = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                k = line.split(":")[0]
                if k in keys:
                    out[k] = int(line.split()[1])  # kB
                if k == "Threads":
                    out["Threads"] = int(line.split()[1])
    except OSError:
        pass
    return out


def proc_cpu_s(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/stat") as f:
            parts = f.read().rsplit(")", 1)[1].split()
        return (int(parts[11]) + int(parts[12])) / os.sysconf("SC_CLK_TCK")
    except OSError:
        return None


def machine_cpu() -> tuple[float, float]:
    """(busy, total) CPU-seconds of the whole machine since boot, from /proc/stat."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    hz = os.sysconf("SC_CLK_TCK")
    idle = v[3] + (v[4] if len(v) > 4 else 0)
    total = sum(v[:8])
    return (total - idle) / hz, total / hz


def loadavg() -> list[str]:
    with open("/proc/loadavg") as f:
        return f.read().split()[:3]


class Meter:
    """Client CPU, server CPU, server RSS peak (sampled) and load average for a scenario."""

    def __init__(self, server_pid: int | None, sample_s: float = 0.1) -> None:
        self.pid, self.sample_s = server_pid, sample_s
        self.rss_peak_kb = 0
        self.threads_peak = 0
        self._task: asyncio.Task[None] | None = None
        self.server_cpu: float | None = None
        self.st1: dict[str, int] = {}

    async def _sample(self) -> None:
        assert self.pid is not None
        while True:
            st = read_status(self.pid)
            self.rss_peak_kb = max(self.rss_peak_kb, st.get("VmRSS", 0))
            self.threads_peak = max(self.threads_peak, st.get("Threads", 0))
            await asyncio.sleep(self.sample_s)

    async def __aenter__(self) -> Meter:
        self.t0 = time.perf_counter()
        self.cpu0 = time.process_time()
        self.mcpu0 = machine_cpu()
        self.la0 = loadavg()
        if self.pid:
            self.scpu0 = proc_cpu_s(self.pid)
            self.st0 = read_status(self.pid)
            self._task = asyncio.create_task(self._sample())
        return self

    async def __aexit__(self, *exc: object) -> bool:
        self.wall = time.perf_counter() - self.t0
        self.client_cpu = time.process_time() - self.cpu0
        m1 = machine_cpu()
        self.machine_busy = m1[0] - self.mcpu0[0]
        self.machine_total = m1[1] - self.mcpu0[1]
        self.la1 = loadavg()
        if self._task and self.pid:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
            self.st1 = read_status(self.pid)
            s1 = proc_cpu_s(self.pid)
            self.server_cpu = None if (s1 is None or self.scpu0 is None) else s1 - self.scpu0
        return False

    def summary(self) -> dict[str, Any]:
        d = {
            "client_cpu_s": round(self.client_cpu, 2),
            "machine_busy_cpu_s": round(self.machine_busy, 2),
            "machine_cpu_capacity_s": round(self.machine_total, 2),
            "loadavg_before": self.la0,
            "loadavg_after": self.la1,
        }
        if self.pid:
            d.update(
                server_cpu_s=None if self.server_cpu is None else round(self.server_cpu, 2),
                server_rss_start_kb=self.st0.get("VmRSS"),
                server_rss_end_kb=self.st1.get("VmRSS"),
                server_rss_peak_sampled_kb=max(self.rss_peak_kb, self.st1.get("VmRSS", 0)),
                server_vmhwm_kb=self.st1.get("VmHWM"),
                server_threads_peak=self.threads_peak,
            )
            if self.server_cpu is not None:
                # CPU used by anything other than this load generator and the server
                d["other_cpu_s"] = round(self.machine_busy - self.client_cpu - self.server_cpu, 2)
        return d


_SSL_CTX: ssl.SSLContext | None = None


# --session-cookie NAME: each HTTP client (one per virtual user) sends its own random
# session cookie, as separate browsers would, so a server that limits jobs per client
# sees many users rather than one address. Servers that ignore the cookie are unaffected.
SESSION_COOKIE: str | None = None
# --transport: "httpx" (an httpx.AsyncClient per virtual user, as the published figures up
# to 2026-11 were taken) or "lean" (leanhttp.LeanClient: one h11 keep-alive connection per
# user, several times less load-generator CPU per call).
TRANSPORT = "httpx"


def make_client(max_conns: int, base_url: str) -> HttpClient:
    global _SSL_CTX
    headers = {"Cookie": f"{SESSION_COOKIE}={secrets.token_urlsafe(16)}"} if SESSION_COOKIE else {}
    if TRANSPORT == "lean":
        return LeanClient(base_url, headers)
    if _SSL_CTX is None:  # build once: httpx would build (slowly) one per client
        _SSL_CTX = ssl.create_default_context()
    limits = httpx.Limits(max_connections=max_conns, max_keepalive_connections=max_conns)
    # generous transport timeouts; each call is bounded by run_call(timeout=...)
    return httpx.AsyncClient(
        limits=limits,
        timeout=httpx.Timeout(300.0),
        trust_env=False,
        verify=_SSL_CTX,
        headers=headers,
    )


class Users:
    """HTTP clients for n virtual users. mode "per-user" (default): one small AsyncClient
    (own keep-alive pool) per user, like separate browsers/scripts; mode "shared": one
    AsyncClient with a pool of 2n+8 connections. (httpx's pool does per-request work that
    grows with its size, so "shared" costs the load generator much more CPU at high n.)
    The lean transport is always per-user: one connection per user."""

    def __init__(self, n: int, mode: str, base_url: str) -> None:
        self.n, self.mode, self.base_url = n, mode, base_url

    async def __aenter__(self) -> Users:
        if self.mode == "shared":
            self.clients = [make_client(self.n * 2 + 8, self.base_url)]
        else:
            self.clients = [make_client(2, self.base_url) for _ in range(self.n)]
        return self

    def __getitem__(self, i: int) -> HttpClient:
        return self.clients[i % len(self.clients)]

    async def __aexit__(self, *exc: object) -> None:
        for c in self.clients:
            await c.aclose()


def check_loopback(url: str) -> None:
    host = urlparse(url).hostname or ""
    if host == "localhost":
        return
    try:
        if ipaddress.ip_address(host).is_loopback:
            return
    except ValueError:
        pass
    sys.exit(f"refusing non-loopback target {url!r}")


# --------------------------------------------------------------------------- processes
# --procs N: throughput and fanout played by N load generator processes (fleet.py), each
# with its own event loop and share of the virtual users, released at one instant; their
# results are merged here and their CPU is billed to the load generator.
@dataclass(frozen=True)
class Share:
    """One process's part of a scenario (it crosses a pipe: plain values only)."""

    adapter: str
    base_url: str
    fn: str
    users: list[int]  # the numbers of the virtual users this process plays
    transport: str
    session_cookie: str | None
    client_mode: str
    timeout: float
    duration: float = 0.0
    max_calls: int = 0
    warmup: int = 0


def shares_of(a: Adapter, args: argparse.Namespace, fn: str, n: int, **extra: Any) -> list[Share]:
    """``n`` virtual users dealt round-robin over ``args.procs`` processes."""
    procs = max(1, min(args.procs, n))
    return [
        Share(
            args.adapter,
            a.base_url,
            fn,
            list(range(p, n, procs)),
            TRANSPORT,
            SESSION_COOKIE,
            args.client_mode,
            args.timeout,
            **extra,
        )
        for p in range(procs)
    ]


def _configure(share: Share) -> tuple[Adapter, Users]:
    """In a fresh process: the options the parent was given, then the share's clients."""
    global SESSION_COOKIE, TRANSPORT
    SESSION_COOKIE, TRANSPORT = share.session_cookie, share.transport
    adapter = ADAPTERS[share.adapter](share.base_url)
    return adapter, Users(len(share.users), share.client_mode, share.base_url)


async def _throughput_share(share: Share, gate: Gate) -> list[CallResult]:
    """This process's clients, each calling in a loop from the release for the duration."""
    a, users = _configure(share)
    results: list[CallResult] = []
    async with users:
        for slot in range(min(share.warmup, len(share.users))):
            await run_call(a, users[slot], share.fn, [f"w{share.users[slot]}"], share.timeout)

        async def worker(slot: int, wid: int) -> None:
            await gate.opened.wait()
            deadline, k = gate.release_at + share.duration, 0
            while time.perf_counter() < deadline and k < share.max_calls:
                inputs = [f"c{wid}-{k}"]
                results.append(await run_call(a, users[slot], share.fn, inputs, share.timeout))
                k += 1

        tasks = [asyncio.create_task(worker(slot, wid)) for slot, wid in enumerate(share.users)]
        await gate.open()
        await asyncio.gather(*tasks)
    return results


async def _fanout_share(share: Share, gate: Gate) -> list[tuple[int, CallResult]]:
    """This process's clients, released at the fleet's instant, one call each."""
    a, users = _configure(share)
    async with users:

        async def one(slot: int, i: int) -> tuple[int, CallResult]:
            await gate.opened.wait()
            return i, await run_call(a, users[slot], share.fn, [f"fan{i}"], share.timeout)

        tasks = [asyncio.create_task(one(slot, i)) for slot, i in enumerate(share.users)]
        await gate.open()
        return list(await asyncio.gather(*tasks))


async def in_processes(
    work: Callable[[S, Gate], Coroutine[Any, Any, T]],
    shares: list[S],
    meter: Meter,
    timeout: float,
) -> FleetResults[T]:
    """``work`` in one process per share; ``meter`` spans the release to the last result
    and counts the processes' CPU as the load generator's."""
    with Fleet(work, shares) as fleet:
        await asyncio.to_thread(fleet.start, 120.0)
        async with meter:
            fleet.release()
            out = await asyncio.to_thread(fleet.results, timeout)
        meter.client_cpu += out.cpu_s
    return out


# --------------------------------------------------------------------------- scenarios
async def sc_latency(a: Adapter, args: argparse.Namespace) -> dict[str, Any]:
    fn = args.fn or "echo"
    async with make_client(4, a.base_url) as client:
        for i in range(args.warmup):
            await run_call(a, client, fn, [f"warm{i}"], args.timeout)
        res = []
        async with Meter(args.server_pid) as m:
            for i in range(args.n):
                res.append(await run_call(a, client, fn, [f"msg{i}"], args.timeout))
    lat = [r.latency for r in res if r.ok]
    return {
        "fn": fn,
        "n": args.n,
        "warmup": args.warmup,
        "ok": len(lat),
        "errors": error_summary(res),
        "error_samples": error_samples(res),
        "p50_ms": ms(pct(lat, 50)),
        "p90_ms": ms(pct(lat, 90)),
        "p99_ms": ms(pct(lat, 99)),
        "mean_ms": ms(statistics.fmean(lat)) if lat else None,
        "max_ms": ms(max(lat, default=None)),
        "submit_p50_ms": ms(pct([r.submit for r in res if r.submit is not None], 50)),
        **m.summary(),
    }


async def sc_soak(a: Adapter, args: argparse.Namespace) -> dict[str, Any]:
    """R rounds of N sequential calls on one server: does per-call cost drift with the
    number of calls served (state kept per call)?"""
    fn = args.fn or "echo"
    rounds = []
    async with make_client(4, a.base_url) as client:
        for i in range(args.warmup):  # lazy imports and caches: not per-call cost
            await run_call(a, client, fn, [f"warm{i}"], args.timeout)
        for r in range(args.rounds):
            res = []
            async with Meter(args.server_pid) as m:
                for i in range(args.n):
                    res.append(await run_call(a, client, fn, [f"r{r}-{i}"], args.timeout))
            lat = [x.latency for x in res if x.ok]
            sm = m.summary()
            row = {
                "round": r,
                "calls_before": r * args.n,
                "ok": len(lat),
                "errors": error_summary(res),
                "p50_ms": ms(pct(lat, 50)),
                "p99_ms": ms(pct(lat, 99)),
                "calls_per_s": round(len(lat) / m.wall, 1),
                "server_cpu_ms_per_call": None
                if sm.get("server_cpu_s") is None
                else round(1000 * sm["server_cpu_s"] / max(1, len(res)), 2),
                "client_cpu_ms_per_call": round(1000 * sm["client_cpu_s"] / max(1, len(res)), 2),
                "server_rss_end_kb": sm.get("server_rss_end_kb"),
            }
            print(json.dumps(row), flush=True)
            rounds.append(row)
    return {"fn": fn, "n_per_round": args.n, "rounds": rounds}


async def sc_throughput(a: Adapter, args: argparse.Namespace) -> dict[str, Any]:
    fn = args.fn or "echo"
    levels = [int(x) for x in args.concurrency.split(",")]
    out = []
    for c in levels:
        if args.procs > 1:
            results, wall, deadline, m = await _throughput_in_processes(a, args, fn, c)
        else:
            results, wall, deadline, m = await _throughput_here(a, args, fn, c)
        lat = [r.latency for r in results if r.ok]
        in_window = [r for r in results if r.ok and r.t_end <= deadline]
        row = {
            "fn": fn,
            "concurrency": c,
            "procs": args.procs,
            "transport": TRANSPORT,
            "duration_s": args.duration,
            "wall_s": round(wall, 2),
            "completed": len(lat),
            "errors_total": len(results) - len(lat),
            "errors": error_summary(results),
            "error_samples": error_samples(results),
            "calls_per_s": round(len(lat) / wall, 1),
            "calls_per_s_in_window": round(len(in_window) / args.duration, 1),
            "p50_ms": ms(pct(lat, 50)),
            "p90_ms": ms(pct(lat, 90)),
            "p99_ms": ms(pct(lat, 99)),
            "max_ms": ms(max(lat, default=None)),
            **m.summary(),
        }
        print(json.dumps(row), flush=True)
        out.append(row)
    return {"levels": out}


ThroughputLevel = tuple[list[CallResult], float, float, Meter]  # results, wall, deadline, meter


async def _throughput_here(
    a: Adapter, args: argparse.Namespace, fn: str, c: int
) -> ThroughputLevel:
    """One level in this process: ``c`` clients calling in a loop for ``args.duration``."""
    async with Users(c, args.client_mode, a.base_url) as users:
        for i in range(min(c, 16)):  # brief warm-up
            await run_call(a, users[i], fn, [f"w{i}"], args.timeout)
        results: list[CallResult] = []
        deadline = time.perf_counter() + args.duration

        async def worker(wid: int) -> None:
            k = 0
            while time.perf_counter() < deadline and k < args.max_calls_per_client:
                results.append(await run_call(a, users[wid], fn, [f"c{wid}-{k}"], args.timeout))
                k += 1

        async with Meter(args.server_pid) as m:
            await asyncio.gather(*(worker(w) for w in range(c)))
    return results, m.wall, deadline, m


async def _throughput_in_processes(
    a: Adapter, args: argparse.Namespace, fn: str, c: int
) -> ThroughputLevel:
    """One level played by ``args.procs`` processes, each with its share of the clients."""
    warmup = -(-min(c, 16) // min(args.procs, c))
    shares = shares_of(
        a, args, fn, c, duration=args.duration, warmup=warmup, max_calls=args.max_calls_per_client
    )
    m = Meter(args.server_pid)
    out = await in_processes(_throughput_share, shares, m, args.duration + args.timeout + 60)
    results = [r for share_results in out.results for r in share_results]
    wall = max((r.t_end for r in results), default=out.release_at) - out.release_at
    return results, max(wall, 1e-9), out.release_at + args.duration, m


async def sc_stream(a: Adapter, args: argparse.Namespace) -> dict[str, Any]:
    fn = args.fn or "count"
    async with make_client(4, a.base_url) as client:
        for _ in range(args.warmup):
            await run_call(a, client, fn, ["w"], args.timeout)
        res = []
        async with Meter(args.server_pid) as m:
            for i in range(args.runs):
                res.append(
                    await run_call(a, client, fn, [f"s{i}"], args.timeout, keep_partials=True)
                )
    ok = [r for r in res if r.ok]
    expected = [[str(i)] for i in range(args.items)]
    correct = sum(1 for r in ok if r.partials == expected)
    ttfe = [r.first_partial for r in ok if r.first_partial is not None]
    tot = [r.latency for r in ok]
    return {
        "fn": fn,
        "runs": args.runs,
        "ok": len(ok),
        "errors": error_summary(res),
        "error_samples": error_samples(res),
        "partials_per_run": sorted(Counter(r.n_partial for r in ok).items()),
        "all_items_in_order": f"{correct}/{len(ok)}",
        "ttfe_p50_ms": ms(pct(ttfe, 50)),
        "ttfe_p90_ms": ms(pct(ttfe, 90)),
        "total_p50_ms": ms(pct(tot, 50)),
        "total_p90_ms": ms(pct(tot, 90)),
        "submit_p50_ms": ms(pct([r.submit for r in ok if r.submit is not None], 50)),
        **m.summary(),
    }


async def fire_at_once(
    a: Adapter, users: Users, fn: str, inputs_list: list[list[Any]], timeout: float
) -> tuple[list[CallResult], float]:
    """One task per input (user i sends input i), released together; (results, wall_s)."""
    go = asyncio.Event()

    async def one(i: int, inp: list[Any]) -> CallResult:
        await go.wait()
        return await run_call(a, users[i], fn, inp, timeout)

    tasks = [asyncio.create_task(one(i, inp)) for i, inp in enumerate(inputs_list)]
    await asyncio.sleep(0.05)  # let every task reach the barrier
    t0 = time.perf_counter()
    go.set()
    res = await asyncio.gather(*tasks)
    return res, time.perf_counter() - t0


async def sc_batch(a: Adapter, args: argparse.Namespace) -> dict[str, Any]:
    fn = args.fn or "upper"
    out = []
    for k in [int(x) for x in args.calls.split(",")]:
        inputs = [[f"item-{k}-{i}-abc"] for i in range(k)]
        async with Users(k, args.client_mode, a.base_url) as users:
            async with Meter(args.server_pid) as m:
                res, wall = await fire_at_once(a, users, fn, inputs, args.timeout)
        correct = sum(
            1 for r, inp in zip(res, inputs, strict=True) if r.ok and r.outputs == [inp[0].upper()]
        )
        lat = [r.latency for r in res if r.ok]
        row = {
            "fn": fn,
            "calls": k,
            "wall_s": round(wall, 3),
            "ok": sum(r.ok for r in res),
            "correct": correct,
            "errors": error_summary(res),
            "error_samples": error_samples(res),
            "latency_min_ms": ms(min(lat, default=None)),
            "latency_max_ms": ms(max(lat, default=None)),
            "ideal_wall_s_if_perfect_batching": round(
                -(-k // args.max_batch) * args.batch_sleep, 2
            ),
            **m.summary(),
        }
        print(json.dumps(row), flush=True)
        out.append(row)
    return {"rounds": out}


async def sc_fanout(a: Adapter, args: argparse.Namespace) -> dict[str, Any]:
    fn = args.fn or "echo"
    n = args.clients
    inputs = [[f"fan{i}"] for i in range(n)]
    try:
        if args.procs > 1:
            res, wall, m = await _fanout_in_processes(a, args, fn, n)
        else:
            res, wall, m = await _fanout_here(a, args, fn, inputs)
    except TimeoutError:
        return {"fn": fn, "clients": n, "error": f"overall timeout {args.overall_timeout}s"}
    ok = [r for r in res if r.ok]
    correct = sum(1 for r, inp in zip(res, inputs, strict=True) if r.ok and r.outputs == inp)
    lat = [r.latency for r in ok]
    sub = [r.submit for r in res if r.submit is not None]
    return {
        "fn": fn,
        "clients": n,
        "procs": args.procs,
        "transport": TRANSPORT,
        "wall_s": round(wall, 3),
        "completed": len(ok),
        "correct": correct,
        "errors_total": n - len(ok),
        "errors": error_summary(res),
        "error_samples": error_samples(res),
        "p50_ms": ms(pct(lat, 50)),
        "p99_ms": ms(pct(lat, 99)),
        "max_ms": ms(max(lat, default=None)),
        "submit_p50_ms": ms(pct(sub, 50)),
        "submit_max_ms": ms(max(sub, default=None)),
        **m.summary(),
    }


async def _fanout_here(
    a: Adapter, args: argparse.Namespace, fn: str, inputs: list[list[Any]]
) -> tuple[list[CallResult], float, Meter]:
    async with Users(len(inputs), args.client_mode, a.base_url) as users:
        async with Meter(args.server_pid, sample_s=0.05) as m:
            async with asyncio.timeout(args.overall_timeout):
                res, wall = await fire_at_once(a, users, fn, inputs, args.timeout)
    return res, wall, m


async def _fanout_in_processes(
    a: Adapter, args: argparse.Namespace, fn: str, n: int
) -> tuple[list[CallResult], float, Meter]:
    m = Meter(args.server_pid, sample_s=0.05)
    out = await in_processes(_fanout_share, shares_of(a, args, fn, n), m, args.overall_timeout)
    res = [r for _, r in sorted((p for share in out.results for p in share), key=lambda p: p[0])]
    wall = max((r.t_end for r in res), default=out.release_at) - out.release_at
    return res, wall, m


async def sc_fairness(a: Adapter, args: argparse.Namespace) -> dict[str, Any]:
    """Submit K calls one after another (each waits for the previous submit to be
    acknowledged) to a concurrency-limited slow fn; check completion order == submit order."""
    fn = args.fn or "slow"
    k = args.calls
    async with Users(k, args.client_mode, a.base_url) as users:
        async with Meter(args.server_pid) as m:
            tasks = []
            for i in range(k):
                submitted = asyncio.Event()
                tasks.append(
                    asyncio.create_task(
                        run_call(
                            a, users[i], fn, [f"job{i}"], args.timeout, on_submitted=submitted.set
                        )
                    )
                )
                await submitted.wait()
            t_all_submitted = time.perf_counter()
            res = await asyncio.gather(*tasks)
    ok = [r for r in res if r.ok]
    order = sorted(range(k), key=lambda i: res[i].t_end)
    correct = sum(1 for i, r in enumerate(res) if r.ok and r.outputs == [f"job{i}"])
    lat = [r.latency for r in ok]
    return {
        "fn": fn,
        "calls": k,
        "ok": len(ok),
        "correct": correct,
        "errors": error_summary(res),
        "error_samples": error_samples(res),
        "wall_s": round(m.wall, 3),
        "ideal_serial_wall_s": round(k * args.fn_sleep, 2),
        "completion_order_is_fifo": order == list(range(k)),
        "completion_order": order,
        "latency_first_ms": ms(res[0].latency),
        "latency_last_ms": ms(res[-1].latency),
        "latency_max_ms": ms(max(lat, default=None)),
        "submit_span_ms": ms(t_all_submitted - m.t0),
        **m.summary(),
    }


async def sc_coldstart(a: Adapter, args: argparse.Namespace) -> dict[str, Any]:
    if not args.server_cmd:
        sys.exit("coldstart needs --server-cmd")
    cmd = args.server_cmd.split()
    env = dict(os.environ, PORT=str(urlparse(a.base_url).port), PYTHONUNBUFFERED="1")
    runs: list[dict[str, Any]] = []
    for r in range(args.runs):
        log = open(f"{args.log_prefix}{r}.log", "w")
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=args.cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
        ready = None
        status_seen: Counter[str | int] = Counter()
        try:
            async with httpx.AsyncClient(timeout=2.0, trust_env=False) as client:
                while time.perf_counter() - t0 < args.max_wait:
                    if proc.poll() is not None:
                        break
                    try:
                        resp = await client.get(a.base_url + a.ready_path)
                        status_seen[resp.status_code] += 1
                        if resp.status_code == 200:
                            ready = time.perf_counter() - t0
                            break
                    except httpx.TransportError as e:
                        status_seen[type(e).__name__] += 1
                    await asyncio.sleep(args.poll_s)
            rss_ready = read_status(proc.pid)
            await asyncio.sleep(args.idle_s)
            rss_idle = read_status(proc.pid)
        finally:
            proc.terminate()  # by PID: this process's own child
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=15)
            log.close()
        row = {
            "run": r,
            "pid": proc.pid,
            "ready_s": None if ready is None else round(ready, 3),
            "rss_at_ready_kb": rss_ready.get("VmRSS"),
            "rss_idle_kb": rss_idle.get("VmRSS"),
            "threads_idle": rss_idle.get("Threads"),
            "polls": dict(status_seen),
            "exit_code": proc.returncode,
        }
        print(json.dumps(row), flush=True)
        runs.append(row)
        await asyncio.sleep(1.0)
    ready_vals = [x["ready_s"] for x in runs if x["ready_s"] is not None]
    idle = [x["rss_idle_kb"] for x in runs if x["rss_idle_kb"]]
    return {
        "server_cmd": args.server_cmd,
        "cwd": args.cwd,
        "runs": runs,
        "ready_median_s": round(statistics.median(ready_vals), 3) if ready_vals else None,
        "rss_idle_median_kb": statistics.median(idle) if idle else None,
        "idle_wait_s": args.idle_s,
    }


async def sc_importtime(a: Adapter, args: argparse.Namespace) -> dict[str, Any]:
    def wall(code: str) -> float:
        t0 = time.perf_counter()
        subprocess.run([args.python, "-c", code], check=True)
        return time.perf_counter() - t0

    base = [wall("pass") for _ in range(args.runs)]
    vals = [wall(f"import {args.module}") for _ in range(args.runs)]
    # Python's own accounting of the same import (cumulative us of the top-level module)
    p = subprocess.run(
        [args.python, "-X", "importtime", "-c", f"import {args.module}"],
        capture_output=True,
        text=True,
        check=True,
    )
    cum = None
    for line in p.stderr.splitlines():
        cols = [c.strip() for c in line.split("|")]
        if len(cols) == 3 and cols[2] == args.module:
            cum = int(cols[1])
    return {
        "python": args.python,
        "module": args.module,
        "import_wall_s": [round(v, 3) for v in vals],
        "import_wall_median_s": round(statistics.median(vals), 3),
        "bare_python_wall_median_s": round(statistics.median(base), 3),
        "importtime_cumulative_s": None if cum is None else round(cum / 1e6, 3),
    }


SCENARIOS: dict[
    str, Callable[[Adapter, argparse.Namespace], Coroutine[Any, Any, dict[str, Any]]]
] = {
    "latency": sc_latency,
    "throughput": sc_throughput,
    "stream": sc_stream,
    "batch": sc_batch,
    "fanout": sc_fanout,
    "fairness": sc_fairness,
    "coldstart": sc_coldstart,
    "importtime": sc_importtime,
    "soak": sc_soak,
}


def main() -> None:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--adapter", default="gradio", choices=sorted(ADAPTERS))
    p.add_argument("--base-url", default="http://127.0.0.1:7860")
    p.add_argument("--server-pid", type=int, default=None, help="server PID for CPU/RSS sampling")
    p.add_argument("--fn", default=None, help="function / api name (scenario default otherwise)")
    p.add_argument("--timeout", type=float, default=120.0, help="per-call timeout, s")
    p.add_argument("--label", default="")
    p.add_argument(
        "--client-mode",
        default="per-user",
        choices=["per-user", "shared"],
        help="one httpx client per virtual user (default) or one shared client",
    )
    p.add_argument("--json-out", default=None, help="append one JSON line per scenario run")
    p.add_argument(
        "--transport",
        default="httpx",
        choices=["httpx", "lean"],
        help="httpx: an httpx.AsyncClient per virtual user; lean: one h11 connection per "
        "user (leanhttp.py), several times less load-generator CPU per call",
    )
    p.add_argument(
        "--procs",
        type=int,
        default=1,
        help="throughput and fanout: play the clients from this many processes, released "
        "together (the others are one sequential client)",
    )
    p.add_argument(
        "--session-cookie",
        default=None,
        metavar="NAME",
        help="each virtual user sends its own random cookie NAME (distinct browsers)",
    )
    sub = p.add_subparsers(dest="scenario", required=True)

    s = sub.add_parser("latency")
    s.add_argument("--n", type=int, default=500)
    s.add_argument("--warmup", type=int, default=20)
    s = sub.add_parser("soak")
    s.add_argument("--rounds", type=int, default=10)
    s.add_argument("--n", type=int, default=500)
    s.add_argument("--warmup", type=int, default=0, help="calls before round 0 (not measured)")
    s = sub.add_parser("throughput")
    s.add_argument("--concurrency", default="1,16,64,256")
    s.add_argument("--duration", type=float, default=10.0)
    s.add_argument("--max-calls-per-client", type=int, default=100000)
    s = sub.add_parser("stream")
    s.add_argument("--runs", type=int, default=50)
    s.add_argument("--warmup", type=int, default=5)
    s.add_argument("--items", type=int, default=20)
    s = sub.add_parser("batch")
    s.add_argument("--calls", default="16,64")
    s.add_argument("--max-batch", type=int, default=16)
    s.add_argument("--batch-sleep", type=float, default=0.5)
    s = sub.add_parser("fanout")
    s.add_argument("--clients", type=int, default=500)
    s.add_argument("--overall-timeout", type=float, default=300.0)
    s = sub.add_parser("fairness")
    s.add_argument("--calls", type=int, default=20)
    s.add_argument("--fn-sleep", type=float, default=0.2)
    s = sub.add_parser("coldstart")
    s.add_argument(
        "--server-cmd",
        required=True,
        help="e.g. '/path/python echo.py' (PORT is set from --base-url)",
    )
    s.add_argument("--cwd", default=None)
    s.add_argument("--runs", type=int, default=3)
    s.add_argument("--max-wait", type=float, default=120.0)
    s.add_argument("--poll-s", type=float, default=0.02)
    s.add_argument("--idle-s", type=float, default=3.0)
    s.add_argument("--log-prefix", default="/tmp/loadgen-coldstart-")
    s = sub.add_parser("importtime")
    s.add_argument("--python", default=sys.executable)
    s.add_argument("--module", default="gradio")
    s.add_argument("--runs", type=int, default=5)

    args = p.parse_args()
    check_loopback(args.base_url)
    if args.procs < 1 or (args.procs > 1 and args.scenario not in ("throughput", "fanout")):
        p.error("--procs takes a number >= 1, and more than 1 only for throughput and fanout")
    if args.transport == "lean" and args.client_mode == "shared":
        p.error("--transport lean is one connection per user: use --client-mode per-user")
    global SESSION_COOKIE, TRANSPORT
    SESSION_COOKIE, TRANSPORT = args.session_cookie, args.transport
    adapter = ADAPTERS[args.adapter](args.base_url)
    t0 = time.time()
    result = asyncio.run(SCENARIOS[args.scenario](adapter, args))
    record = {
        "scenario": args.scenario,
        "label": args.label,
        "adapter": args.adapter,
        "base_url": args.base_url,
        "argv": sys.argv[1:],
        "client_mode": args.client_mode,
        "transport": args.transport,
        "procs": args.procs,
        "session_cookie": args.session_cookie,
        "started": time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(t0)),
        "nproc": os.cpu_count(),
        "loadavg_end": loadavg(),
        "note": "load generator and server share this machine's CPUs",
        "result": result,
    }
    print(json.dumps(record, indent=1))
    if args.json_out:
        with open(args.json_out, "a") as f:
            f.write(json.dumps(record) + "\n")


if __name__ == "__main__":
    main()
