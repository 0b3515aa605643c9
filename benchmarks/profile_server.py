#!/usr/bin/env python3
"""Where does an autoui server spend its CPU under load? Profile one throughput run.

Starts ``autoui serve benchmarks/apps.py:echo --concurrency none``, drives it with
loadgen's throughput scenario, and samples the server meanwhile with py-spy (default;
``pip install py-spy``: it attaches by PID, so the server runs unmodified) or runs the
server under cProfile (``--tool cprofile``: exact call counts, main thread only). Prints
the functions with the most samples by self time and by inclusive time, and the share of
each top-level package (autoui, starlette, uvicorn, asyncio, ...)::

    python benchmarks/profile_server.py --clients 64 --duration 15
    python benchmarks/profile_server.py --tool cprofile --fn count

Loopback only; server and load generator are stopped by PID; bounded by --duration.
"""

from __future__ import annotations

import argparse
import io
import pstats
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

from servers import BENCH_DIR, Server, autoui_command, bare_command, free_port, running

FRAME = re.compile(r"^(?P<fn>.*?) \((?P<file>[^:()]*)(?::\d+)?\)$")


def loadgen(
    server: Server, fn: str, clients: int, duration: float, log: Path
) -> subprocess.Popen[bytes]:
    argv = [
        sys.executable,
        str(BENCH_DIR / "loadgen.py"),
        "--session-cookie",
        "autoui_session",
        "--adapter",
        "autoui",
        "--base-url",
        server.base_url,
        "--server-pid",
        str(server.pid),
        "--fn",
        fn,
        "throughput",
        "--concurrency",
        str(clients),
        "--duration",
        str(duration),
    ]
    with log.open("wb") as f:
        return subprocess.Popen(argv, stdout=f, stderr=subprocess.STDOUT)


def package_of(path: str) -> str:
    """The top-level package a source file belongs to (``autoui``, ``starlette`` ...)."""
    parts = Path(path).parts
    if "site-packages" in parts:
        return parts[parts.index("site-packages") + 1].split(".")[0]
    if "autoui" in parts:
        return "autoui"
    name = Path(path).stem
    return "stdlib:" + (parts[-2] if name == "__init__" and len(parts) > 1 else name)


def frame_key(frame: str) -> tuple[str, str]:
    match = FRAME.match(frame.strip())
    if not match:
        return frame.strip(), "?"
    return f"{match['fn']} ({Path(match['file']).name})", match["file"]


def collapsed_report(path: Path, top: int) -> str:
    """Self, inclusive, per-thread and per-package shares from py-spy's raw output."""
    self_c: Counter[str] = Counter()
    incl: Counter[str] = Counter()
    ours: Counter[str] = Counter()
    pkg: Counter[str] = Counter()
    threads: Counter[str] = Counter()
    total = 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        total += n
        raw = stack.split(";")
        threads[raw[0].split(" (")[0] if raw[0].startswith("thread") else "?"] += n
        frames = [frame_key(f) for f in raw if not f.startswith(("process ", "thread "))]
        if not frames:
            continue
        self_c[frames[-1][0]] += n
        pkg[package_of(frames[-1][1])] += n
        for name in {f[0] for f in frames}:
            incl[name] += n
        for name in {f[0] for f in frames if package_of(f[1]) == "autoui"}:
            ours[name] += n
    lines = [f"{total} samples (on-CPU) of the server process"]
    sections = (
        ("thread", threads),
        ("self", self_c),
        ("inclusive", incl),
        ("inclusive, autoui functions", ours),
        ("package (self)", pkg),
    )
    for title, counter in sections:
        lines.append(f"\n## top by {title}")
        lines += [
            f"{100 * n / max(1, total):5.1f}%  {name}" for name, n in counter.most_common(top)
        ]
    return "\n".join(lines)


def profile_pyspy(server: Server, args: argparse.Namespace, out: Path) -> str:
    if shutil.which("py-spy") is None:
        raise SystemExit("py-spy not found: pip install py-spy, or use --tool cprofile")
    gen = loadgen(server, args.fn, args.clients, args.duration, out.with_suffix(".loadgen.log"))
    time.sleep(1.0)  # past the loadgen warm-up
    seconds = str(max(1, int(args.duration) - 2))
    record = [
        "py-spy",
        "record",
        "--pid",
        str(server.pid),
        "--rate",
        "250",
        "--nonblocking",
        "--duration",
        seconds,
        "--format",
        "raw",
        "--full-filenames",
        "--threads",
        "-o",
        str(out),
    ]
    if args.native:  # py-spy must pause the process to unwind C stacks
        record = [a for a in record if a != "--nonblocking"] + ["--native"]
    done = subprocess.run(record, timeout=args.duration + 60, capture_output=True, text=True)
    if done.returncode != 0:
        gen.kill()
        raise SystemExit(f"py-spy failed: {done.stderr.strip()[-500:]}")
    gen.wait(timeout=args.duration + 300)
    return collapsed_report(out, args.top)


def run_cprofile(args: argparse.Namespace, out: Path, log_dir: Path) -> str:
    base = autoui_command(args.fn, free_port(), "--concurrency", "none")
    argv = [sys.executable, "-m", "cProfile", "-o", str(out), *base.argv[1:]]
    with running(replace(base, argv=argv), log_dir) as server:
        gen = loadgen(server, args.fn, args.clients, args.duration, out.with_suffix(".log"))
        gen.wait(timeout=args.duration + 300)
    lines: list[str] = []
    for key in ("tottime", "cumulative"):
        stream = io.StringIO()
        pstats.Stats(str(out), stream=stream).sort_stats(key).print_stats(args.top)
        body = stream.getvalue()
        lines += [f"\n## top by {key}", body[body.find("   ncalls") :]]
    return "cProfile of the server's main thread (event loop)\n" + "\n".join(lines)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--tool", choices=["py-spy", "cprofile"], default="py-spy")
    p.add_argument("--fn", default="echo", help="function of benchmarks/apps.py to serve")
    p.add_argument("--clients", type=int, default=64)
    p.add_argument("--duration", type=float, default=15.0)
    p.add_argument("--top", type=int, default=25)
    p.add_argument("--native", action="store_true", help="py-spy: include C frames (uvloop...)")
    p.add_argument("--bare", action="store_true", help="py-spy the bare limit instead")
    p.add_argument("--out", type=Path, default=Path("/tmp/autoui-bench/profile"))
    args = p.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    if args.tool == "cprofile":
        print(run_cprofile(args, args.out / f"cprofile-{stamp}.prof", args.out))
        return
    if args.bare:  # the same load on the bare limit, to see what autoui adds
        command = bare_command(free_port())
    else:
        command = autoui_command(args.fn, free_port(), "--concurrency", "none")
    with running(command, args.out) as server:
        print(profile_pyspy(server, args, args.out / f"pyspy-{stamp}.txt"))


if __name__ == "__main__":
    main()
