#!/usr/bin/env python3
"""Turn a benchmark JSONL file into the markdown results table, with the issue's targets.

One row per figure; columns bare limit / autoui / Gradio, then autoui÷bare and autoui vs
Gradio (as "N× better" or "N× worse", whichever way the figure improves), then the target
and whether this run met it. Every ratio compares figures from the same file, i.e. the
same run on the same machine::

    python benchmarks/report.py /tmp/autoui-bench/results-*.jsonl > table.md
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from figure_table import FIGURES
from figures import Figure, Results, Value

KINDS = ("bare", "autoui", "gradio")


def load(paths: Iterable[Path]) -> Results:
    """Every record of the files, later records of the same label winning."""
    records: list[dict[str, Any]] = []
    for path in paths:
        with path.open() as f:
            records += [json.loads(line) for line in f if line.strip()]
    return Results(records)


def cell(value: Value, figure: Figure) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    return figure.fmt.format(value)


def ratio(a: Value, b: Value) -> float | None:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and b:
        return float(a) / float(b)
    return None


def versus(autoui: Value, gradio: Value, figure: Figure) -> str:
    """autoui against Gradio in words: "3.2× better" or "1.4× worse"."""
    r = ratio(autoui, gradio)
    if r is None or r == 0:
        return "—"
    better = r < 1 if figure.better == "lower" else r > 1
    factor = 1 / r if r < 1 else r
    if abs(factor - 1) < 0.05:
        return "same"
    return f"{factor:.1f}× {'better' if better else 'worse'}"


def verdict(figure: Figure, values: dict[str, Value]) -> str:
    if figure.target is None:
        return ""
    met = figure.target.check(values)
    mark = "—" if met is None else ("**pass**" if met else "**FAIL**")
    return f"{mark} ({figure.target.text})"


def row(figure: Figure, results: Results) -> str:
    values = {kind: figure.value(results, kind) for kind in KINDS}
    r = ratio(values["autoui"], values["bare"]) if figure.compare else None
    cells = [
        f"{figure.name} ({figure.unit})" if figure.unit else figure.name,
        *(cell(values[k], figure) for k in KINDS),
        "—" if r is None else f"{r:.2f}",
        versus(values["autoui"], values["gradio"], figure) if figure.compare else "—",
        verdict(figure, values),
    ]
    return "| " + " | ".join(cells) + " |"


def header(results: Results) -> list[str]:
    meta = results.meta()
    if not meta:
        return []
    machine = f"{meta.get('cpus')} CPUs ({meta.get('cpu_model')}), {meta.get('mem_gib')} GiB"
    versions = ", ".join(
        f"{name} {meta.get(name)}"
        for name in ("autoui", "gradio", "gradio_client", "python", "fastapi", "uvicorn")
        if meta.get(name)
    )
    commit = meta.get("autoui_commit")
    lines = [
        f"Run of {meta.get('date')} on {machine}; load generator and server share the CPUs.",
        f"Versions: {versions}" + (f" (autoui at commit {commit})." if commit else "."),
    ]
    if meta.get("chromium"):
        lines.append(f"Browser: {meta['chromium']}.")
    if meta.get("transport") not in (None, "httpx") or (meta.get("procs") or 1) > 1:
        lines.append(
            f"Load generator: {meta.get('procs') or 1} process(es), transport "
            f"{meta.get('transport') or 'httpx'} (throughput and fan-out)."
        )
    if meta.get("quick"):
        lines.append("**Quick (smoke) run: small counts, not for comparison.**")
    return [" ".join(lines), ""]


def render(results: Results, select: Callable[[Figure], bool] = lambda f: True) -> str:
    lines = header(results)
    lines += [
        "| figure | bare limit | autoui | Gradio | autoui÷bare | autoui vs Gradio | target |",
        "|---|---|---|---|---|---|---|",
    ]
    for figure in FIGURES:
        if select(figure) and figure.present(results):
            lines.append(row(figure, results))
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Summary:
    passed: int
    failed: int
    unknown: int


def summary(results: Results) -> Summary:
    """How many targets this run met, missed, or could not judge."""
    outcomes = [
        f.target.check({k: f.value(results, k) for k in KINDS})
        for f in FIGURES
        if f.target is not None and f.present(results)
    ]
    return Summary(
        passed=sum(o is True for o in outcomes),
        failed=sum(o is False for o in outcomes),
        unknown=sum(o is None for o in outcomes),
    )


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("jsonl", type=Path, nargs="+")
    args = p.parse_args()
    results = load(args.jsonl)
    sys.stdout.write(render(results))
    s = summary(results)
    sys.stdout.write(f"\nTargets: {s.passed} met, {s.failed} missed, {s.unknown} not judged.\n")


if __name__ == "__main__":
    main()
