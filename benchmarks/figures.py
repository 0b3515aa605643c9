"""The figures of the results table: where each comes from in the JSONL, and its target.

A figure reads one number (or a short text) per server kind from the records of one run;
a target judges those values together, because every target in the issue is a ratio or a
bound measured in one run. Rows appear in the order of ``FIGURES``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["Figure", "Results", "Rule", "Target", "Value"]

Value = float | str | None
Record = dict[str, Any]
Rule = Callable[[float | None, float | None, float | None], bool | None]  # (bare, autoui, gradio)
MIB = 1024.0  # loadgen reports RSS in KiB


class Results:
    """The records of one run, looked up by ``kind:step`` label (later records win)."""

    def __init__(self, records: list[Record]) -> None:
        self.by_label: dict[str, list[Record]] = {}
        for rec in records:
            self.by_label.setdefault(str(rec.get("label")), []).append(rec)

    def all(self, kind: str, step: str, scenario: str | None = None) -> list[Record]:
        recs = self.by_label.get(f"{kind}:{step}", [])
        return [r["result"] for r in recs if scenario is None or r.get("scenario") == scenario]

    def last(self, kind: str, step: str, scenario: str | None = None) -> Record | None:
        found = self.all(kind, step, scenario)
        return found[-1] if found else None

    def meta(self) -> Record:
        """Machine and versions: the run's ``meta`` record (the first file's, if several)."""
        recs = self.by_label.get("meta", [])
        return dict(recs[0]["result"]) if recs else {}

    def level(self, kind: str, clients: int) -> Record | None:
        """The throughput row measured at ``clients`` concurrent clients."""
        rows = [
            row
            for res in self.all(kind, "throughput")
            for row in res.get("levels", [])
            if row.get("concurrency") == clients
        ]
        return rows[-1] if rows else None

    def batch(self, kind: str, calls: int, scenario: str = "batch") -> Record | None:
        if scenario == "batch_sizes":
            found = [r for r in self.all(kind, "batch", scenario) if r.get("calls") == calls]
            return found[-1] if found else None
        rows = [
            row
            for res in self.all(kind, "batch", "batch")
            for row in res.get("rounds", [])
            if row.get("calls") == calls
        ]
        return rows[-1] if rows else None


def _cpu_pairs(node: Any) -> list[tuple[float, float]]:
    """(other_cpu_s, machine_cpu_capacity_s) of every metered block inside a result."""
    if isinstance(node, list):
        return [pair for item in node for pair in _cpu_pairs(item)]
    if not isinstance(node, dict):
        return []
    pairs = [pair for value in node.values() for pair in _cpu_pairs(value)]
    if "other_cpu_s" in node and "machine_cpu_capacity_s" in node:
        pairs.append((float(node["other_cpu_s"]), float(node["machine_cpu_capacity_s"])))
    return pairs


def other_cpu_share(results: Results, kind: str) -> Value:
    """Percent of the machine's CPU used by processes other than server and load generator
    while this kind was measured: the run's noise, to read every other row against."""
    pairs = [
        pair
        for label, recs in results.by_label.items()
        if label.startswith(f"{kind}:")
        for rec in recs
        for pair in _cpu_pairs(rec.get("result"))
    ]
    capacity = sum(c for _, c in pairs)
    return None if not capacity else 100.0 * max(0.0, sum(o for o, _ in pairs)) / capacity


def num(value: Value) -> float | None:
    return float(value) if isinstance(value, (int, float)) else None


@dataclass(frozen=True)
class Target:
    """A bound from the issue, judged on the values of one row (None: cannot judge)."""

    text: str
    rule: Rule

    def check(self, values: dict[str, Value]) -> bool | None:
        return self.rule(num(values["bare"]), num(values["autoui"]), num(values["gradio"]))


@dataclass(frozen=True)
class Figure:
    name: str
    unit: str
    source: Callable[[Results, str], Value]
    better: str = "lower"  # or "higher"
    fmt: str = "{:.1f}"
    target: Target | None = None
    compare: bool = True  # False: context, not a figure to take ratios of

    def value(self, results: Results, kind: str) -> Value:
        try:
            return self.source(results, kind)
        except (KeyError, TypeError, IndexError, ZeroDivisionError):
            return None

    def present(self, results: Results) -> bool:
        return any(self.value(results, k) is not None for k in ("bare", "autoui", "gradio"))


def field(step: str, key: str, scale: float = 1.0) -> Callable[[Results, str], Value]:
    """The value of ``key`` in the last ``kind:step`` result, divided by ``scale``."""

    def get(results: Results, kind: str) -> Value:
        res = results.last(kind, step)
        value = None if res is None else res.get(key)
        return None if value is None else float(value) / scale

    return get


def level_field(clients: int, key: str) -> Callable[[Results, str], Value]:
    def get(results: Results, kind: str) -> Value:
        row = results.level(kind, clients)
        return None if row is None else row.get(key)

    return get


def cpu_per_call_at(clients: int) -> Callable[[Results, str], Value]:
    def get(results: Results, kind: str) -> Value:
        row = results.level(kind, clients)
        return None if row is None else 1000 * row["server_cpu_s"] / row["completed"]

    return get


def client_cpu_per_call_at(clients: int) -> Callable[[Results, str], Value]:
    """The load generator's own CPU per call: when it nears 1000 / calls/s, the load
    generator (one Python process, one core at most) is what limits calls/s."""

    def get(results: Results, kind: str) -> Value:
        row = results.level(kind, clients)
        return None if row is None else 1000 * row["client_cpu_s"] / row["completed"]

    return get


def throughput_errors(results: Results, kind: str) -> Value:
    """Failed calls summed over every throughput level (a refused call is no throughput)."""
    rows = [row for res in results.all(kind, "throughput") for row in res.get("levels", [])]
    return float(sum(row["errors_total"] for row in rows)) if rows else None


def calls_per_cpu_second(clients: int) -> Callable[[Results, str], Value]:
    """Calls served per second of server CPU: the throughput one core would give."""

    def get(results: Results, kind: str) -> Value:
        row = results.level(kind, clients)
        return None if row is None else row["completed"] / row["server_cpu_s"]

    return get


def cpu_per_call_sequential(results: Results, kind: str) -> Value:
    res = results.last(kind, "latency")
    return None if res is None else 1000 * res["server_cpu_s"] / res["ok"]


def soak(index: int, key: str, scale: float = 1.0) -> Callable[[Results, str], Value]:
    def get(results: Results, kind: str) -> Value:
        res = results.last(kind, "soak")
        return None if res is None else float(res["rounds"][index][key]) / scale

    return get


def soak_drift(key: str) -> Callable[[Results, str], Value]:
    """Percent change of ``key`` from the first to the last soak round."""

    def get(results: Results, kind: str) -> Value:
        res = results.last(kind, "soak")
        if res is None:
            return None
        first, last = res["rounds"][0][key], res["rounds"][-1][key]
        return 100.0 * (float(last) - float(first)) / float(first)

    return get


def fitted_change(ys: list[float]) -> float:
    """Percent change from first to last point of the least-squares line through ``ys``."""
    n = len(ys)
    x_mean, y_mean = (n - 1) / 2, sum(ys) / n
    slope = sum((i - x_mean) * (y - y_mean) for i, y in enumerate(ys)) / sum(
        (i - x_mean) ** 2 for i in range(n)
    )
    return 100.0 * slope * (n - 1) / (y_mean - slope * x_mean)


def soak_trend(key: str) -> Callable[[Results, str], Value]:
    """The soak's drift of ``key`` judged on a line fitted to all rounds.

    One round's CPU time moves by ±20 % on a shared 2-core machine; the fitted line asks
    the soak's real question (does the cost grow with calls served?) of all ten rounds.
    """

    def get(results: Results, kind: str) -> Value:
        res = results.last(kind, "soak")
        if res is None or len(res["rounds"]) < 2:
            return None
        return fitted_change([float(r[key]) for r in res["rounds"]])

    return get


def soak_trend_vs_bare(key: str) -> Callable[[Results, str], Value]:
    """Fitted drift of the per-round ratio to the bare limit (rounds interleaved): what is
    left of a drift once the machine's own ups and downs, seen by both, are divided out."""

    def get(results: Results, kind: str) -> Value:
        res, bare = results.last(kind, "soak"), results.last("bare", "soak")
        if kind == "bare" or res is None or bare is None or not res.get("interleaved"):
            return None
        pairs = zip(res["rounds"], bare["rounds"], strict=False)
        return fitted_change([float(a[key]) / float(b[key]) for a, b in pairs])

    return get


def batch_wall(calls: int) -> Callable[[Results, str], Value]:
    """Wall time of ``calls`` simultaneous calls; the bare column shows the ideal."""

    def get(results: Results, kind: str) -> Value:
        if kind == "bare":
            row = results.batch("autoui", calls) or results.batch("gradio", calls)
            return None if row is None else row["ideal_wall_s_if_perfect_batching"]
        row = results.batch(kind, calls)
        return None if row is None else row["wall_s"]

    return get


def batch_sizes(calls: int) -> Callable[[Results, str], list[int] | None]:
    def get(results: Results, kind: str) -> list[int] | None:
        rec = results.batch(kind, calls, "batch_sizes")
        return None if rec is None or not rec["sizes"] else list(rec["sizes"])

    return get


def batch_calls(calls: int) -> Callable[[Results, str], Value]:
    """How many calls of the function served ``calls`` jobs (bare column: the ideal)."""

    def get(results: Results, kind: str) -> Value:
        if kind == "bare":
            measured = any(batch_sizes(calls)(results, k) for k in ("autoui", "gradio"))
            return float(-(-calls // 16)) if measured else None
        sizes = batch_sizes(calls)(results, kind)
        return None if sizes is None else float(len(sizes))

    return get


def batch_split(calls: int) -> Callable[[Results, str], Value]:
    """The batch sizes, e.g. "13+3"."""

    def get(results: Results, kind: str) -> Value:
        sizes = batch_sizes(calls)(results, kind)
        return None if sizes is None else "+".join(map(str, sizes))

    return get


def text_of(step: str, key: str) -> Callable[[Results, str], Value]:
    def get(results: Results, kind: str) -> Value:
        res = results.last(kind, step)
        return None if res is None else str(res[key])

    return get


def page(
    kinds: tuple[str, ...], key: str, scale: float = 1000.0
) -> Callable[[Results, str], Value]:
    """Sum of ``key`` (files, raw, gz) over resource kinds of the page-weight record."""

    def get(results: Results, kind: str) -> Value:
        res = results.last(kind, "pageweight")
        if res is None:
            return None
        return float(sum(res["kinds"].get(k, {}).get(key, 0) for k in kinds)) / scale

    return get


def le(bound: float) -> Rule:
    return lambda b, a, g: None if a is None else a <= bound


def abs_le(bound: float) -> Rule:
    return lambda b, a, g: None if a is None else abs(a) <= bound


def vs_bare(
    check: Callable[[float, float], bool],
) -> Rule:
    return lambda b, a, g: None if a is None or b is None else check(a, b)


def vs_gradio(
    check: Callable[[float, float], bool],
) -> Rule:
    return lambda b, a, g: None if a is None or g is None else check(a, g)
