"""Importing components and the registry must stay light: no numpy, Pillow, pandas, ..."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("numpy", "PIL", "pandas", "matplotlib", "pydantic", "fastapi", "uvicorn")


def test_components_and_registry_import_no_heavy_library() -> None:
    code = (
        "import sys, autoui.components, autoui.registry, autoui.pipeline, autoui.localfiles\n"
        "from autoui.registry import infer_input, infer_output\n"
        "import pathlib, datetime, typing\n"
        "for tp in (int, str, pathlib.Path, datetime.date, list[int], dict[str, float]):\n"
        "    infer_input(tp, name='x'); infer_output(tp, name='x')\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "[]"
