#!/usr/bin/env python3
"""gradio_client's per-call latency against a Gradio echo app (run with the Gradio venv).

Adapted from the shared bench kit's ``gradio_client_check.py``. It runs in the Gradio venv,
which has no autoui, so it is self-contained (standard library + gradio_client)::

    $GRADIO_VENV/bin/python benchmarks/gradio_client_latency.py --url http://127.0.0.1:PORT/ \\
        --n 200 --json-out results.jsonl

Measures ``Client(...)`` construction, then N sequential ``predict("hiI", api_name="/echo")``
calls after a warm-up, each result checked. Loopback only.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import time
from urllib.parse import urlparse

# No telemetry: gradio_client ORs Client(analytics_enabled=False) with this variable.
os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
os.environ["HF_HUB_OFFLINE"] = "1"


def pct(ordered: list[float], p: float) -> float:
    return ordered[max(0, min(len(ordered) - 1, math.ceil(p / 100 * len(ordered)) - 1))]


def measure(url: str, n: int, warmup: int) -> dict[str, object]:
    import gradio_client
    from gradio_client import Client

    t0 = time.perf_counter()
    client = Client(url, verbose=False, analytics_enabled=False)
    init_s = time.perf_counter() - t0
    for i in range(warmup):
        client.predict(f"w{i}", api_name="/echo")
    lat, wrong = [], 0
    for i in range(n):
        t = time.perf_counter()
        out = client.predict(f"hi{i}", api_name="/echo")
        lat.append(time.perf_counter() - t)
        wrong += out != f"hi{i}"
    client.close()
    lat.sort()
    return {
        "client": f"gradio_client {gradio_client.__version__}",
        "n": n,
        "warmup": warmup,
        "wrong_results": wrong,
        "init_ms": round(init_s * 1000, 1),
        "p50_ms": round(pct(lat, 50) * 1000, 2),
        "p90_ms": round(pct(lat, 90) * 1000, 2),
        "p99_ms": round(pct(lat, 99) * 1000, 2),
        "mean_ms": round(statistics.fmean(lat) * 1000, 2),
        "max_ms": round(lat[-1] * 1000, 2),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--url", required=True)
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--label", default="gradio:client")
    ap.add_argument("--json-out", default=None)
    a = ap.parse_args()
    if urlparse(a.url).hostname not in ("127.0.0.1", "localhost"):
        raise SystemExit(f"refusing non-loopback target {a.url!r}")
    result = measure(a.url, a.n, a.warmup)
    record = {"scenario": "client", "label": a.label, "result": result}
    print(json.dumps(record))
    if a.json_out:
        with open(a.json_out, "a") as f:
            f.write(json.dumps(record) + "\n")


if __name__ == "__main__":
    main()
