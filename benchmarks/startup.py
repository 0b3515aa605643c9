#!/usr/bin/env python3
"""Start-up cost of ``autoui run``: CPU time beside a minimal Typer app, in one run.

Both commands print the same greeting and exit:

* **autoui** — ``python -m autoui run samples/hello.py:greet --name x`` (load the target,
  infer its spec, build its command line, run it, draw the result with Rich);
* **typer** — a ``typer.Typer()`` app with one command that prints ``Hello, x.``, the
  least a Typer-based command line can cost.

autoui's ``.pyc`` files are compiled first (as ``pip install`` does; Typer's are), runs
alternate between the two (after warm-up runs), and
each run's CPU time (user + system) is read from ``resource.getrusage(RUSAGE_CHILDREN)``
before and after it, so time the machine spends on other processes does not count.
The figures are medians; the ratio is autoui's median over Typer's. ::

    python benchmarks/startup.py [--runs 21] [--out R.jsonl]

Every run is bounded (60 s); nothing is started but the two commands.
"""

from __future__ import annotations

import argparse
import os
import resource
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from records import append_record

ROOT = Path(__file__).resolve().parent.parent
TYPER_APP = '''\
import typer

app = typer.Typer()


@app.command()
def greet(name: str = typer.Option(...), excited: bool = False) -> None:
    print(f"Hello, {name}{'!' if excited else '.'}")


app()
'''


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure_once(command: list[str], env: dict[str, str], expect: str) -> tuple[float, float]:
    """``(cpu seconds, wall seconds)`` of one run; fails if the greeting is not printed."""
    cpu, wall = _cpu_seconds(), time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60, cwd=ROOT)
    cpu, wall = _cpu_seconds() - cpu, time.perf_counter() - wall
    if proc.returncode != 0 or expect not in proc.stdout:
        raise SystemExit(f"{shlex.join(command)} failed:\n{proc.stdout}\n{proc.stderr}")
    return cpu, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=21, help="measured runs of each command")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--out", type=Path, default=None, help="append a record here")
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", "COLUMNS": "100"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # installed packages have their bytecode
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "autoui")], check=True)
    with tempfile.TemporaryDirectory(prefix="autoui-startup-") as tmp:
        typer_app = Path(tmp) / "typer_hello.py"
        typer_app.write_text(TYPER_APP, encoding="utf-8")
        commands = {
            "autoui": [sys.executable, "-m", "autoui", "run", "samples/hello.py:greet",
                       "--name", "x"],
            "typer": [sys.executable, str(typer_app), "--name", "x"],
        }  # fmt: skip
        for _ in range(args.warmup):
            for command in commands.values():
                measure_once(command, env, "Hello, x.")
        cpu: dict[str, list[float]] = {name: [] for name in commands}
        wall: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, command in commands.items():
                c, w = measure_once(command, env, "Hello, x.")
                cpu[name].append(c)
                wall[name].append(w)
    result: dict[str, object] = {"runs": args.runs}
    for name, command in commands.items():
        shown = shlex.join([Path(command[0]).name, *command[1:]])
        cpu_ms = statistics.median(cpu[name]) * 1000
        wall_ms = statistics.median(wall[name]) * 1000
        result[name] = {"command": shown, "cpu_ms": round(cpu_ms, 1), "wall_ms": round(wall_ms, 1)}
        print(f"{name:7} CPU {cpu_ms:6.1f} ms  wall {wall_ms:6.1f} ms  (median of {args.runs})  "
              f"$ {shown}")  # fmt: skip
    ratio = statistics.median(cpu["autoui"]) / statistics.median(cpu["typer"])
    result["ratio"] = round(ratio, 2)
    print(f"ratio   autoui / typer CPU = {ratio:.2f}x")
    if args.out is not None:
        append_record(args.out, "startup", "autoui:startup", result)


if __name__ == "__main__":
    main()
