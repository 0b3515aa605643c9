"""The figures of issue 16: memory and latency under abuse, before and after the budgets.

Each scenario starts one ``autoui serve benchmarks/budget_fns.py`` on loopback, from this
checkout or from another source tree (``--source /tmp/before``: an older autoui to
compare with), drives it, samples the server's resident memory from ``/proc`` every
20 ms, prints its figures and stops the server by its PID. Every loop is bounded.

    python benchmarks/budgets.py bodies      # 4 × 50 MB JSON + 10 MB of [] vs /health
    python benchmarks/budgets.py png         # 12 jobs on one 9400×9400 1-bit PNG
    python benchmarks/budgets.py retained    # 8 finished jobs of 200 × 1 MB outputs
    python benchmarks/budgets.py burst       # 5,000 clients released at once, late readers
    python benchmarks/budgets.py burst --addresses 5000 --runs 3   # one address per user
    python benchmarks/budgets.py burst --read-delay 60   # readers come after the burst is done
    python benchmarks/budgets.py throttle    # 60 wrong passwords; a cookie after logout
    python benchmarks/budgets.py all --source /tmp/before   # the same against another tree
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import io
import socket
import statistics
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
from burst import BurstPlan, run_burst
from servers import BENCH_DIR, Server, ServerCommand, free_port

FNS = str(BENCH_DIR / "budget_fns.py")
MB = 1024 * 1024


def memory_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class Sampler:
    """The peak resident memory of ``pid`` while the block runs (every 20 ms)."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self._stop = pid, 0.0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, memory_mb(self.pid))
            time.sleep(0.02)

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


def start(source: Path | None, *args: str) -> Server:
    port = free_port()
    argv = [sys.executable, "-m", "autoui", "serve", FNS, "--port", str(port), *args]
    # python -m puts the working directory first on sys.path: run from the source tree.
    tree = source or BENCH_DIR.parent
    env = {"PYTHONPATH": str(tree)}
    command = ServerCommand("autoui", argv, port, "/health", cwd=tree, env=env)
    server = Server(command, Path("/tmp") / f"budgets-{port}.log")
    server.start()
    return server


def send_raw(port: int, path: str, chunks: Iterator[bytes], length: int) -> int:
    """POST ``chunks`` on a raw socket; the status answered (0: none)."""
    with socket.create_connection(("127.0.0.1", port), timeout=120) as sock:
        sock.sendall(
            b"POST %s HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n"
            b"content-length: %d\r\n\r\n" % (path.encode(), length)
        )
        try:
            for chunk in chunks:
                sock.sendall(chunk)
        except OSError:
            pass
        head = b""
        while b"\r\n" not in head:
            data = sock.recv(4096)
            if not data:
                break
            head += data
    return int(head.split()[1]) if head else 0


def json_body(megabytes: int, item: bytes, param: str) -> tuple[list[bytes], int]:
    block = item * (MB // len(item))
    chunks = [b'{"data": {"%s": [' % param.encode(), *([block] * megabytes), b"1]}}"]
    return chunks, sum(len(c) for c in chunks)


# -- scenarios ---------------------------------------------------------------------------
def bodies(source: Path | None, seconds: float = 20.0) -> dict[str, Any]:
    """Four senders of 50 MB JSON bodies and one of 10 MB of ``[]``, each sending again as
    soon as it is answered, for ``seconds``; ``/health`` asked every 20 ms meanwhile."""
    server = start(source)
    try:
        bodies = [json_body(50, b"123456,", "settings") for _ in range(4)]
        bodies.append(json_body(10, b"[],", "text"))
        paths = ["/api/config/jobs"] * 4 + ["/api/echo/jobs"]
        statuses: list[int] = []
        stop = threading.Event()

        def send_until_stopped(chunks: list[bytes], length: int, path: str) -> None:
            while not stop.is_set():
                statuses.append(send_raw(server.command.port, path, iter(chunks), length))

        senders = [
            threading.Thread(target=send_until_stopped, args=(chunks, length, path), daemon=True)
            for (chunks, length), path in zip(bodies, paths, strict=True)
        ]
        latencies: list[float] = []
        with Sampler(server.pid) as memory, httpx.Client(timeout=120) as client:
            for sender in senders:
                sender.start()
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline:
                began = time.perf_counter()
                client.get(f"{server.base_url}/health")
                latencies.append(time.perf_counter() - began)
                time.sleep(0.02)
            stop.set()
            for sender in senders:
                sender.join(timeout=120)
        latencies.sort()
        return {
            "bodies_sent": len(statuses),
            "statuses": sorted(set(statuses)),
            "health_samples": len(latencies),
            "health_p50_ms": round(1000 * statistics.median(latencies), 1),
            "health_p99_ms": round(1000 * latencies[int(0.99 * (len(latencies) - 1))], 1),
            "health_max_ms": round(1000 * latencies[-1], 1),
            "peak_rss_mb": round(memory.peak),
        }
    finally:
        server.stop()


def png(source: Path | None) -> dict[str, Any]:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("1", (9400, 9400), 1).save(buffer, format="PNG", optimize=True)
    server = start(source)
    try:
        with httpx.Client(timeout=600) as client:
            upload = client.post(
                f"{server.base_url}/api/files", files={"file": ("scan.png", buffer.getvalue())}
            ).json()
            baseline = memory_mb(server.pid)
            with Sampler(server.pid) as memory:
                submit = f"{server.base_url}/api/shape/jobs"
                with ThreadPoolExecutor(12) as pool:  # 12 clients at once: they queue
                    answers = list(
                        pool.map(lambda _: client.post(submit, json={"data": [upload]}), range(12))
                    )
                jobs = [answer.json().get("job_id") for answer in answers]
                queued = memory_mb(server.pid)
                for job in jobs[1:]:
                    client.delete(f"{server.base_url}/api/jobs/{job}")
                _wait_done(client, server.base_url, jobs[0], 300)
        return {
            "png_bytes": len(buffer.getvalue()),
            "baseline_rss_mb": round(baseline),
            "rss_with_12_queued_mb": round(queued),
            "peak_rss_mb": round(memory.peak),
        }
    finally:
        server.stop()


def retained(source: Path | None) -> dict[str, Any]:
    server = start(source)
    try:
        with httpx.Client(timeout=600) as client:
            baseline = memory_mb(server.pid)
            submit = f"{server.base_url}/api/chatty/jobs"
            jobs = [client.post(submit, json={"data": {}}).json()["job_id"] for _ in range(8)]
            with Sampler(server.pid) as memory:
                for job in jobs:
                    _wait_done(client, server.base_url, job, 600)
            time.sleep(2)
            idle = memory_mb(server.pid)
        return {
            "baseline_rss_mb": round(baseline),
            "peak_rss_mb": round(memory.peak),
            "rss_after_idle_mb": round(idle),
            "growth_after_idle_mb": round(idle - baseline),
        }
    finally:
        server.stop()


def burst(
    source: Path | None,
    clients: int = 5000,
    procs: int = 4,
    addresses: int = 0,
    concurrency: str | None = None,
    read_delay: float = 2.0,
) -> dict[str, Any]:
    """``clients`` users released at once on echo, each reading its own answer
    ``read_delay`` s after its submit was accepted, played by ``procs`` processes from
    ``addresses`` loopback addresses (``burst.py``), against a server with the default
    settings (``concurrency``: echo's ``--concurrency``, else its default of 1)."""
    server = start(source, *(["--concurrency", concurrency] if concurrency else []))
    try:
        plan = BurstPlan(server.base_url, clients, procs, addresses, read_delay)
        result = asyncio.run(run_burst(plan, server.pid))
    finally:
        server.stop()
    kept = [*BURST_FIGURES, "loadavg_before", "loadavg_after"]
    return {
        **{key: result[key] for key in kept},
        "peak_rss_mb": round(result["server_vmhwm_kb"] / 1024),
        "server_cpu_s": result["server_cpu_s"],
        "other_cpu_s": result.get("other_cpu_s"),
    }


BURST_FIGURES = [
    "clients",
    "procs",
    "addresses",
    "read_delay_s",
    "answered_own",
    "answered_after_refusal",
    "errors",
    "outcomes",
    "refusals",
    "retry_after_s",
    "submit_p50_s",
    "submit_p99_s",
    "answer_p50_s",
    "answer_p99_s",
    "wall_s",
    "loadgen_cpu_s",
]


def throttle(source: Path | None) -> dict[str, Any]:
    server = start(source, "--auth", "ann:secret")
    try:
        with httpx.Client(timeout=30, follow_redirects=False) as client:
            form = {"username": "ann", "password": "secret", "next": "/"}
            signed = client.post(f"{server.base_url}/login", data=form)
            jar = {"cookie": f"autoui_auth={signed.cookies.get('autoui_auth')}"}
            client.get(f"{server.base_url}/logout", headers=jar)
            replayed = client.get(f"{server.base_url}/api/spec", headers=jar).status_code
            began = time.perf_counter()
            statuses = [
                client.get(f"{server.base_url}/api/spec", auth=("ann", f"guess{i}")).status_code
                for i in range(60)
            ]
            seconds = time.perf_counter() - began
        return {
            "cookie_after_logout": replayed,
            "wrong_passwords_401": statuses.count(401),
            "wrong_passwords_429": statuses.count(429),
            "guesses_per_s_checked": round(statuses.count(401) / seconds, 1),
        }
    finally:
        server.stop()


def _wait_done(client: httpx.Client, url: str, job: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status = client.get(f"{url}/api/jobs/{job}").json().get("status")
        if status not in ("queued", "running"):
            return
        time.sleep(0.2)


SCENARIOS: dict[str, Callable[[Path | None], dict[str, Any]]] = {
    "bodies": bodies,
    "png": png,
    "retained": retained,
    "burst": burst,
    "throttle": throttle,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scenario", choices=[*SCENARIOS, "all"])
    parser.add_argument("--source", type=Path, help="run the server from this source tree")
    parser.add_argument("--runs", type=int, default=1, help="runs per scenario (then medians)")
    group = parser.add_argument_group("burst")
    group.add_argument("--clients", type=int, default=5000, help="users released at once")
    group.add_argument("--procs", type=int, default=4, help="load generator processes")
    group.add_argument(
        "--addresses",
        type=int,
        default=0,
        help="loopback source addresses the users are spread over (0: all from 127.0.0.1)",
    )
    group.add_argument("--concurrency", help="echo's --concurrency (default: the server's, 1)")
    group.add_argument(
        "--read-delay",
        type=float,
        default=2.0,
        help="s each user waits after its submit before reading its answer (late readers)",
    )
    args = parser.parse_args()
    scenarios = dict(SCENARIOS)
    scenarios["burst"] = functools.partial(
        burst,
        clients=args.clients,
        procs=args.procs,
        addresses=args.addresses,
        concurrency=args.concurrency,
        read_delay=args.read_delay,
    )
    names = list(SCENARIOS) if args.scenario == "all" else [args.scenario]
    print(f"command: python benchmarks/budgets.py {' '.join(sys.argv[1:])}")
    for name in names:
        runs = []
        for _ in range(args.runs):
            runs.append(scenarios[name](args.source))
            print(f"{name}: " + ", ".join(f"{k}={v}" for k, v in runs[-1].items()), flush=True)
        if len(runs) > 1:
            print(f"{name} (median of {len(runs)}): " + ", ".join(medians(runs)), flush=True)


def medians(runs: list[dict[str, Any]]) -> list[str]:
    """``key=median`` of every figure that is a number in each run."""
    numbers = [
        key
        for key, value in runs[0].items()
        if isinstance(value, int | float) and all(isinstance(r.get(key), int | float) for r in runs)
    ]
    return [f"{key}={statistics.median(r[key] for r in runs)}" for key in numbers]


if __name__ == "__main__":
    main()
