"""The worker module under Node, no browser: boot a folder bundle, check and run calls."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from autoui.wasm.bundle import export_wasm

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
WORKER = ROOT / "autoui" / "web" / "wasm" / "worker.js"


def test_worker_boots_checks_and_runs_under_node(tmp_path: Path, runtime_dir: Path) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.fail("the worker smoke test needs Node (apt-get install nodejs)")
    export_wasm(str(ROOT / "samples" / "counter.py"), tmp_path / "app", vendor_runtime=runtime_dir)
    calls = [["count", {"up_to": 2, "delay": 0}], ["count", {"up_to": 500}]]
    result = subprocess.run(
        [node, str(HERE / "node_smoke.mjs"), str(tmp_path / "app"), json.dumps(calls), str(WORKER)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    messages = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    kinds = [m["type"] for m in messages]
    assert kinds.index("ready") < kinds.index("checked")
    stages = [m["stage"] for m in messages if m["type"] == "status"]
    assert stages == ["runtime", "packages", "app", "ready"]
    checked = [m["error"] for m in messages if m["type"] == "checked"]
    assert checked[0] is None
    assert checked[1]["param"] == "up_to" and checked[1]["status"] == 422
    events = [(m["kind"], m["body"].get("data")) for m in messages
              if m["type"] == "event" and m["id"] == "r1"]  # fmt: skip
    assert events == [("started", None), ("output", ["1"]), ("output", ["1 2"]),
                      ("complete", ["1 2"])]  # fmt: skip
