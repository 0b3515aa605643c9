#!/usr/bin/env python3
"""Run every load scenario against the bare limit, autoui and Gradio in one run.

Figures are only comparable when taken on the same machine in the same minutes, so this
driver interleaves the three servers step by step (latency for all three, then throughput
for all three, ...) and appends every loadgen record to one JSONL file, which
``report.py`` turns into the results table::

    python benchmarks/run_all.py                      # full run, ~15 min on 2 cores
    python benchmarks/run_all.py --quick              # smoke run with small counts
    python benchmarks/run_all.py --steps latency,batch --servers autoui,gradio
    python benchmarks/run_all.py --steps throughput --levels 64,256 --procs 2 --transport lean

Each server is a fresh process bound to 127.0.0.1 on a free port, started and stopped by
its PID (``servers.py``); Gradio columns are skipped with a message when the venv named by
``GRADIO_VENV`` (default /tmp/anchor/venv, gradio==6.31.0) is missing. Every loadgen
invocation is bounded in calls and seconds and killed if it overruns.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path

from environment import describe, wait_for_quiet
from records import append_record
from servers import (
    BENCH_DIR,
    REPO_DIR,
    ServerCommand,
    autoui_command,
    bare_command,
    free_port,
    gradio_command,
    gradio_python,
    running,
)

KINDS = ("bare", "autoui", "gradio")
MANY_CLIENTS = ("throughput", "fanout")  # the steps loadgen can play from several processes
SESSION_COOKIE = "autoui_session"  # autoui counts its per-client job limit by this cookie
CommandFactory = Callable[[int], ServerCommand]

# The same function on each side: {app: {kind: how to start a server serving it}}.
APPS: dict[str, dict[str, CommandFactory]] = {
    "echo": {
        "bare": bare_command,
        "autoui": lambda port: autoui_command("echo", port, "--concurrency", "none"),
        "gradio": lambda port: gradio_command("echo.py", port),
    },
    "count": {
        "bare": bare_command,
        "autoui": lambda port: autoui_command("count", port, "--concurrency", "none"),
        "gradio": lambda port: gradio_command("stream.py", port),
    },
    "upper": {  # bare_app has no batching: its "ideal" figure is arithmetic, not a server
        "autoui": lambda port: autoui_command("upper", port),
        "gradio": lambda port: gradio_command("batch.py", port),
    },
    "slow": {
        "autoui": lambda port: autoui_command("slow", port),
        "gradio": lambda port: gradio_command("slow.py", port),
    },
}


@dataclass(frozen=True)
class Sizes:
    """How much work each scenario does; ``quick`` shrinks it for a smoke run."""

    latency_n: int = 500
    levels: tuple[int, ...] = (1, 16, 64, 256)
    duration: float = 10.0
    fanout: int = 1000
    soak_rounds: int = 10
    soak_n: int = 500
    stream_runs: int = 50
    batches: tuple[int, ...] = (16, 64)
    fair_calls: int = 20
    cold_runs: int = 3
    import_runs: int = 3


QUICK = Sizes(
    latency_n=100,
    levels=(1, 16),
    duration=3.0,
    fanout=200,
    soak_rounds=3,
    soak_n=100,
    stream_runs=10,
    batches=(16,),
    fair_calls=5,
    cold_runs=1,
    import_runs=1,
)


@dataclass(frozen=True)
class Step:
    """One figure family: which app, and the loadgen argument lists to run on it.

    ``fresh`` starts a new server per argument list (per-call state of one level must
    not bill the next); otherwise all lists run on one server.
    """

    name: str
    app: str
    runs: list[list[str]]
    fresh: bool = False


def plan(sizes: Sizes) -> list[Step]:
    """Every load step, in the order they run."""
    s = sizes
    return [
        Step("latency", "echo", [["latency", "--n", str(s.latency_n), "--warmup", "20"]]),
        Step(
            "throughput",
            "echo",
            [
                ["throughput", "--concurrency", str(c), "--duration", str(s.duration)]
                for c in s.levels
            ],
            fresh=True,
        ),
        Step(
            "fanout",
            "echo",
            [["fanout", "--clients", str(s.fanout), "--overall-timeout", "180"]],
            fresh=True,
        ),
        Step("stream", "count", [["stream", "--runs", str(s.stream_runs), "--warmup", "5"]]),
        Step("batch", "upper", [["batch", "--calls", str(k)] for k in s.batches]),
        Step("fairness", "slow", [["fairness", "--calls", str(s.fair_calls)]]),
    ]


class Runner:
    """Runs steps for the chosen server kinds and appends records to one JSONL file."""

    def __init__(
        self,
        out: Path,
        log_dir: Path,
        kinds: list[str],
        quiet_wait: float,
        client: tuple[str, int] = ("httpx", 1),
    ) -> None:
        self.out, self.log_dir, self.kinds = out, log_dir, kinds
        self.quiet_wait = quiet_wait
        self.transport, self.procs = client  # loadgen's --transport, and --procs for MANY

    def settle(self) -> None:
        """Wait (bounded) for other jobs on this shared machine to quieten down."""
        if self.quiet_wait > 0:
            waited = wait_for_quiet(max_wait=self.quiet_wait)
            if waited > 3:
                print(f"  (waited {waited:.0f} s for a quiet machine)")

    def append(self, scenario: str, label: str, result: dict[str, object]) -> None:
        append_record(self.out, scenario, label, result)

    def loadgen(
        self,
        kind: str,
        label: str,
        argv: list[str],
        url: str,
        pid: int | None,
        out: Path | None = None,
    ) -> None:
        """One loadgen invocation; its output goes to a log, its record to the JSONL."""
        adapter = "gradio" if kind == "gradio" else "autoui"
        cmd = [
            sys.executable,
            str(BENCH_DIR / "loadgen.py"),
            "--adapter",
            adapter,
            "--base-url",
            url,
            "--json-out",
            str(out or self.out),
            "--label",
            label,
            "--session-cookie",  # every virtual user its own browser session, on every server
            SESSION_COOKIE,
            "--transport",
            self.transport,
        ]
        if pid is not None:
            cmd += ["--server-pid", str(pid)]
        log = self.log_dir / f"loadgen-{label.replace(':', '-')}.log"
        t0 = time.perf_counter()
        with log.open("a") as f:
            proc = subprocess.run(cmd + argv, stdout=f, stderr=f, timeout=600, check=False)
        status = "ok" if proc.returncode == 0 else f"exit {proc.returncode}, see {log}"
        print(f"  {label} {' '.join(argv)}: {time.perf_counter() - t0:.1f} s, {status}")

    def run_step(self, step: Step) -> None:
        print(f"== {step.name}", flush=True)
        for kind in self.kinds:
            factory = APPS[step.app].get(kind)
            if factory is None:
                continue
            label = f"{kind}:{step.name}"
            try:
                groups = [[r] for r in step.runs] if step.fresh else [step.runs]
                for runs in groups:
                    self.settle()
                    self._on_one_server(factory(free_port()), step, label, runs)
            except (RuntimeError, subprocess.TimeoutExpired) as e:
                print(f"  {label}: FAILED {e}")
                self.append("failed", label, {"error": str(e)})

    def _on_one_server(
        self, command: ServerCommand, step: Step, label: str, runs: list[list[str]]
    ) -> None:
        options = ["--fn", step.app]
        if step.name in MANY_CLIENTS:
            options += ["--procs", str(self.procs)]
        with running(command, self.log_dir) as server:
            for argv in runs:
                offset = len(server.log_text())
                self.loadgen(command.kind, label, [*options, *argv], server.base_url, server.pid)
                if step.name == "batch":
                    sizes = [
                        int(n) for n in re.findall(r"batch size=(\d+)", server.log_text()[offset:])
                    ]
                    self.append("batch_sizes", label, {"calls": int(argv[-1]), "sizes": sizes})

    def soak(self, rounds: int, n: int) -> None:
        """Soak rounds interleaved across servers: round r of each kind, then round r + 1.

        All servers run at once and each round is one short loadgen call, so a change in
        the machine's load during the soak hits every server alike instead of looking like
        one server's drift. The rounds of each kind are stored as one soak record.
        """
        print("== soak (rounds interleaved across servers)", flush=True)
        side = self.out.with_suffix(".soak-rounds.jsonl")
        rows: dict[str, list[dict[str, object]]] = {kind: [] for kind in self.kinds}
        self.settle()
        with ExitStack() as stack:
            servers = {
                kind: stack.enter_context(running(APPS["echo"][kind](free_port()), self.log_dir))
                for kind in self.kinds
            }
            for r in range(rounds):
                for kind, server in servers.items():
                    warm = "50" if r == 0 else "5"  # a new loadgen process: a new connection
                    argv = [
                        "--fn",
                        "echo",
                        "soak",
                        "--rounds",
                        "1",
                        "--n",
                        str(n),
                        "--warmup",
                        warm,
                    ]
                    self.loadgen(kind, f"{kind}:soak", argv, server.base_url, server.pid, side)
                    rows[kind].append({**last_soak_round(side), "round": r, "calls_before": r * n})
        for kind, kind_rows in rows.items():
            result = {"fn": "echo", "n_per_round": n, "interleaved": True, "rounds": kind_rows}
            self.append("soak", f"{kind}:soak", result)

    def coldstart(self, runs: int) -> None:
        """Time to first 200 and idle RSS, each kind serving echo, ``runs`` times."""
        print("== coldstart", flush=True)
        for kind in self.kinds:
            command = APPS["echo"][kind](free_port())
            argv = [
                "coldstart",
                "--server-cmd",
                command.shell_line(),
                "--cwd",
                str(command.cwd),
                "--runs",
                str(runs),
                "--idle-s",
                "3",
                "--log-prefix",
                str(self.log_dir / f"coldstart-{kind}-"),
            ]
            self.loadgen(kind, f"{kind}:coldstart", argv, command.base_url, None)

    def imports(self, runs: int) -> None:
        """Wall time of ``import autoui`` and ``import gradio`` in fresh interpreters."""
        print("== import", flush=True)
        pythons = {"autoui": (sys.executable, "autoui")}
        gradio = gradio_python()
        if "gradio" in self.kinds and gradio is not None:
            pythons["gradio"] = (str(gradio), "gradio")
        for kind, (python, module) in pythons.items():
            argv = ["importtime", "--python", python, "--module", module, "--runs", str(runs)]
            self.loadgen(kind, f"{kind}:import", argv, "http://127.0.0.1:1", None)


def last_soak_round(path: Path) -> dict[str, object]:
    """The single round of the last loadgen soak record in ``path``."""
    with path.open() as f:
        last = [line for line in f if line.strip()][-1]
    round_row: dict[str, object] = json.loads(last)["result"]["rounds"][0]
    return round_row


def run_script(name: str, out: Path, log_dir: Path, kinds: list[str]) -> None:
    """pageweight.py or client_latency.py, appending to the same results file."""
    print(f"== {name}", flush=True)
    argv = [sys.executable, str(BENCH_DIR / name), "--out", str(out), "--logs", str(log_dir)]
    if name == "pageweight.py":
        argv += ["--servers", ",".join(k for k in kinds if k != "bare")]
    t0 = time.perf_counter()
    with (log_dir / f"{name}.log").open("a") as f:
        proc = subprocess.run(argv, stdout=f, stderr=f, timeout=900, check=False)
    status = "ok" if proc.returncode == 0 else f"exit {proc.returncode}, see {log_dir}/{name}.log"
    print(f"  {name}: {time.perf_counter() - t0:.1f} s, {status}")


def compile_bytecode() -> None:
    """Write autoui's .pyc files first, as ``pip install`` does for Gradio's venv.

    An editable install under PYTHONDONTWRITEBYTECODE=1 would otherwise recompile autoui
    on every server start and bill that to autoui's cold start.
    """
    argv = [sys.executable, "-m", "compileall", "-q", str(REPO_DIR / "autoui"), str(BENCH_DIR)]
    subprocess.run(argv, check=False, timeout=300, capture_output=True)


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--out", type=Path, default=None, help="JSONL file (default: a new one)")
    p.add_argument("--logs", type=Path, default=Path("/tmp/autoui-bench/logs"))
    p.add_argument("--servers", default=",".join(KINDS), help="subset of bare,autoui,gradio")
    steps = "import,coldstart,latency,throughput,fanout,stream,batch,fairness,soak,page,client"
    p.add_argument("--steps", default=steps, help=f"subset of {steps}")
    p.add_argument("--quick", action="store_true", help="small counts: a smoke run")
    p.add_argument("--fanout", type=int, default=None, help="clients in the fan-out step")
    p.add_argument("--levels", default=None, help="throughput client counts, e.g. 64,256")
    p.add_argument(
        "--procs",
        type=int,
        default=1,
        help="load generator processes for throughput and fan-out (loadgen --procs)",
    )
    p.add_argument(
        "--transport",
        default="httpx",
        choices=["httpx", "lean"],
        help="loadgen's HTTP client: httpx per user, or lean (h11, one connection per user)",
    )
    p.add_argument(
        "--quiet-wait",
        type=float,
        default=60.0,
        help="before each server, wait up to this many seconds for the machine to be idle",
    )
    return p.parse_args()


def main() -> None:
    args = parse_args()
    kinds = [k for k in args.servers.split(",") if k in KINDS]
    if "gradio" in kinds and gradio_python() is None:
        print(
            "Gradio venv not found (set GRADIO_VENV to a venv with gradio==6.31.0 and "
            "httpx): the Gradio columns are skipped."
        )
        kinds.remove("gradio")
    sizes = QUICK if args.quick else Sizes()
    if args.fanout:
        sizes = replace(sizes, fanout=args.fanout)
    if args.levels:
        sizes = replace(sizes, levels=tuple(int(n) for n in args.levels.split(",")))
    stamp = time.strftime("%Y%m%d-%H%M%S")
    out = args.out or Path(f"/tmp/autoui-bench/results-{stamp}.jsonl")
    out.parent.mkdir(parents=True, exist_ok=True)
    args.logs.mkdir(parents=True, exist_ok=True)
    runner = Runner(out, args.logs, kinds, args.quiet_wait, (args.transport, args.procs))
    runner.append(
        "meta", "meta", describe(quick=args.quick, transport=args.transport, procs=args.procs)
    )
    compile_bytecode()
    wanted = args.steps.split(",")
    t0 = time.perf_counter()
    if "import" in wanted:
        runner.imports(sizes.import_runs)
    if "coldstart" in wanted:
        runner.coldstart(sizes.cold_runs)
    for step in plan(sizes):
        if step.name in wanted:
            runner.run_step(step)
    if "soak" in wanted:
        runner.soak(sizes.soak_rounds, sizes.soak_n)
    for name, script in (("page", "pageweight.py"), ("client", "client_latency.py")):
        if name in wanted and "autoui" in kinds:
            runner.settle()
            run_script(script, out, args.logs, kinds)
    print(f"done in {time.perf_counter() - t0:.0f} s: {out}")
    print(f"table: python {BENCH_DIR / 'report.py'} {out}")


if __name__ == "__main__":
    main()
