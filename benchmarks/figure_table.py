"""The rows of the results table, in order, with the targets of issues 3, 4 and 6.

Targets (each judged on one run): server CPU per call ≤ 2× the bare limit; p50 latency
≤ bare + 2 ms; calls/s at 64 clients ≥ 2.5× Gradio; 1000 clients at once in ≤ 10 s with
≤ 150 MiB peak RSS and 0 errors; the soak flat (CPU per call and RSS within 10 % from
first to last round); 16 simultaneous calls of a batch function → one call, ≤ 0.6 s;
idle RSS ≤ half of Gradio's; the page's JS+CSS under 60 kB gzipped.
"""

from __future__ import annotations

from figures import (
    MIB,
    Figure,
    Target,
    abs_le,
    batch_calls,
    batch_split,
    batch_wall,
    calls_per_cpu_second,
    client_cpu_per_call_at,
    cpu_per_call_at,
    cpu_per_call_sequential,
    field,
    le,
    level_field,
    other_cpu_share,
    page,
    soak,
    soak_drift,
    soak_trend,
    soak_trend_vs_bare,
    text_of,
    throughput_errors,
    vs_bare,
    vs_gradio,
)

__all__ = ["FIGURES"]

LEVELS = (1, 16, 64, 256)
KB = 1000.0


def _throughput_rows() -> list[Figure]:
    rows: list[Figure] = []
    for c in LEVELS:
        who = "1 client in a loop" if c == 1 else f"{c} clients"
        target = Target("≥ 2.5× Gradio", vs_gradio(lambda a, g: a >= 2.5 * g)) if c == 64 else None
        rows += [
            Figure(f"calls/s, {who}", "", level_field(c, "calls_per_s"), "higher", target=target),
            Figure(f"p50 latency, {who}", "ms", level_field(c, "p50_ms")),
            Figure(f"p99 latency, {who}", "ms", level_field(c, "p99_ms")),
        ]
    rows.append(
        Figure(
            "server CPU per call, 64 clients",
            "ms",
            cpu_per_call_at(64),
            fmt="{:.2f}",
            target=Target("≤ 2× bare", vs_bare(lambda a, b: a <= 2 * b)),
        )
    )
    rows.append(
        Figure(
            "load generator CPU per call, 64 clients",
            "ms",
            client_cpu_per_call_at(64),
            fmt="{:.2f}",
            compare=False,
        )
    )
    rows.append(Figure("throughput: failed calls, all levels", "", throughput_errors, fmt="{:.0f}"))
    rows.append(  # what one core could serve: calls/s with the noise of other jobs taken out
        Figure(
            "calls per server CPU-second, 64 clients",
            "",
            calls_per_cpu_second(64),
            "higher",
            fmt="{:.0f}",
        )
    )
    return rows


LATENCY = [
    Figure(
        "latency p50, 1 client, sequential",
        "ms",
        field("latency", "p50_ms"),
        fmt="{:.2f}",
        target=Target("≤ bare + 2 ms", vs_bare(lambda a, b: a <= b + 2)),
    ),
    Figure("latency p99, 1 client, sequential", "ms", field("latency", "p99_ms"), fmt="{:.2f}"),
    Figure("server CPU per call, sequential", "ms", cpu_per_call_sequential, fmt="{:.2f}"),
]

FANOUT = [
    Figure("fan-out: clients released at once", "", field("fanout", "clients"), "higher", "{:.0f}"),
    Figure("fan-out: completed", "", field("fanout", "completed"), "higher", "{:.0f}"),
    Figure(
        "fan-out: errors",
        "",
        field("fanout", "errors_total"),
        fmt="{:.0f}",
        target=Target("0", le(0)),
    ),
    Figure("fan-out: wall time", "s", field("fanout", "wall_s"), target=Target("≤ 10 s", le(10))),
    Figure(
        "fan-out: server peak RSS",
        "MiB",
        field("fanout", "server_vmhwm_kb", MIB),
        target=Target("≤ 150 MiB", le(150)),
    ),
]

SOAK = [
    Figure(
        "soak: server CPU per call, first round",
        "ms",
        soak(0, "server_cpu_ms_per_call"),
        fmt="{:.2f}",
    ),
    Figure(
        "soak: server CPU per call, last round",
        "ms",
        soak(-1, "server_cpu_ms_per_call"),
        fmt="{:.2f}",
    ),
    Figure(
        "soak: CPU per call drift, first → last round",
        "%",
        soak_drift("server_cpu_ms_per_call"),
        fmt="{:+.0f}",
        compare=False,
    ),
    Figure(
        "soak: CPU per call drift, line fitted to all rounds",
        "%",
        soak_trend("server_cpu_ms_per_call"),
        fmt="{:+.0f}",
        compare=False,
        target=Target("within ±10 %", abs_le(10)),
    ),
    Figure(
        "soak: CPU per call drift relative to bare, fitted (rounds interleaved)",
        "%",
        soak_trend_vs_bare("server_cpu_ms_per_call"),
        fmt="{:+.0f}",
        compare=False,
    ),
    Figure("soak: server RSS after first round", "MiB", soak(0, "server_rss_end_kb", MIB)),
    Figure("soak: server RSS after last round", "MiB", soak(-1, "server_rss_end_kb", MIB)),
    Figure(
        "soak: RSS drift, first → last round",
        "%",
        soak_drift("server_rss_end_kb"),
        fmt="{:+.0f}",
        compare=False,
        target=Target("within ±10 %", abs_le(10)),
    ),
]

STREAM = [
    Figure("stream: time to first event", "ms", field("stream", "ttfe_p50_ms"), fmt="{:.2f}"),
    Figure("stream: 20 items, whole call", "ms", field("stream", "total_p50_ms"), fmt="{:.2f}"),
    Figure("stream: runs with all items in order", "", text_of("stream", "all_items_in_order")),
]

BATCH = [
    Figure(
        "batch: 16 calls at once, wall (bare: ideal)",
        "s",
        batch_wall(16),
        fmt="{:.2f}",
        target=Target("≤ 0.6 s", le(0.6)),
    ),
    Figure(
        "batch: function calls for 16 calls",
        "",
        batch_calls(16),
        fmt="{:.0f}",
        target=Target("1 call", le(1)),
    ),
    Figure("batch: sizes for 16 calls", "", batch_split(16)),
    Figure("batch: 64 calls at once, wall (bare: ideal)", "s", batch_wall(64), fmt="{:.2f}"),
    Figure("batch: function calls for 64 calls", "", batch_calls(64), fmt="{:.0f}"),
    Figure("batch: sizes for 64 calls", "", batch_split(64)),
]

QUEUE = [
    Figure(
        "queue: 20 calls of a 0.2 s fn, concurrency 1, wall (ideal 4 s)",
        "s",
        field("fairness", "wall_s"),
        fmt="{:.2f}",
    ),
    Figure("queue: completion order is FIFO", "", text_of("fairness", "completion_order_is_fifo")),
]

START = [
    Figure("import time", "s", field("import", "import_wall_median_s"), fmt="{:.2f}"),
    Figure("cold start → first 200", "s", field("coldstart", "ready_median_s"), fmt="{:.2f}"),
    Figure(
        "idle RSS",
        "MiB",
        field("coldstart", "rss_idle_median_kb", MIB),
        target=Target("≤ ½ Gradio", vs_gradio(lambda a, g: a <= g / 2)),
    ),
]

PAGE = [
    Figure(
        "page: JS+CSS, gzipped", "kB", page(("js", "css"), "gz"), target=Target("< 60 kB", le(60))
    ),
    Figure("page: JS+CSS, raw", "kB", page(("js", "css"), "raw")),
    Figure("page: JS files", "", page(("js",), "files", 1), fmt="{:.0f}"),
    Figure("page: CSS files", "", page(("css",), "files", 1), fmt="{:.0f}"),
    Figure("page: fonts", "kB", page(("font",), "raw")),
    Figure("page: HTML, gzipped", "kB", page(("html",), "gz")),
    Figure(
        "page: everything fetched, gzipped",
        "kB",
        page(("js", "css", "font", "html", "json", "other"), "gz"),
    ),
    Figure(
        "page: time to interactive (median)",
        "ms",
        field("pageweight", "tti_median_ms"),
        fmt="{:.0f}",
    ),
    Figure(
        "page: last response arrived (median)",
        "ms",
        field("pageweight", "last_response_median_ms"),
        fmt="{:.0f}",
    ),
]

CLIENT = [
    Figure(
        "Python client: echo call, median of 200", "ms", field("client", "p50_ms"), fmt="{:.2f}"
    ),
    Figure("Python client: p90", "ms", field("client", "p90_ms"), fmt="{:.2f}"),
    Figure("Python client: p99", "ms", field("client", "p99_ms"), fmt="{:.2f}"),
    Figure("Python client: construction", "ms", field("client", "init_ms"), fmt="{:.0f}"),
]

NOISE = [
    Figure(
        "CPU used by other processes while measuring",
        "%",
        other_cpu_share,
        fmt="{:.0f}",
        compare=False,
    ),
]

FIGURES: list[Figure] = [
    *NOISE,
    *LATENCY,
    *_throughput_rows(),
    *FANOUT,
    *SOAK,
    *STREAM,
    *BATCH,
    *QUEUE,
    *START,
    *PAGE,
    *CLIENT,
]
