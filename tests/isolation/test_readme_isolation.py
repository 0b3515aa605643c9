"""The README's "Stopping runaway functions" section: its snippet runs as it says."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _section() -> str:
    readme = (ROOT / "README.md").read_text()
    return readme.split("### Stopping runaway functions", 1)[1].split("\n### ", 1)[0]


def test_the_time_limit_snippet_runs_in_a_worker_process(tmp_path: Path) -> None:
    code = _section().split("```python", 1)[1].split("```", 1)[0]
    (tmp_path / "models.py").write_text(code)
    command = [sys.executable, "-m", "autoui", "run", "models.py:render", "--scene", "hi"]
    done = subprocess.run(
        [*command, "--isolation", "process", "--json"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"data": ["HI"]}

    namespace: dict[str, object] = {}
    exec(compile(code, "README.md", "exec"), namespace)  # noqa: S102 - the snippet under test
    from autoui.markers import time_limit_of

    assert time_limit_of(namespace["render"]) == 30.0  # type: ignore[arg-type]
