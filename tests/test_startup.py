"""``import autoui`` and ``autoui --help`` stay light: no numpy, Pillow, FastAPI, uvicorn.

Each check runs in a fresh interpreter, because this test process has long imported
all of them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("numpy", "PIL", "fastapi", "uvicorn", "pandas", "matplotlib", "mcp", "redis")

_REPORT = f"""
import json, sys
heavy = sorted({{name.split(".")[0] for name in sys.modules}} & set({HEAVY!r}))
sys.stderr.write("HEAVY=" + json.dumps(heavy) + "\\n")
"""


def heavy_modules_after(code: str) -> list[str]:
    """Run ``code`` in a fresh interpreter; the heavy modules it left in sys.modules."""
    proc = subprocess.run(
        [sys.executable, "-c", code + "\n" + _REPORT],
        capture_output=True,
        text=True,
        timeout=60,
    )
    lines = [line for line in proc.stderr.splitlines() if line.startswith("HEAVY=")]
    assert lines, f"the check did not run:\n{proc.stdout}\n{proc.stderr}"
    return list(json.loads(lines[-1].removeprefix("HEAVY=")))


def test_import_autoui_imports_nothing_heavy() -> None:
    assert heavy_modules_after("import autoui") == []


def help_code(*args: str) -> str:
    argv = ["autoui", *args]
    return (
        "import sys, io, contextlib\n"
        f"sys.argv = {argv!r}\n"
        "from autoui.cli import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        "    try:\n"
        "        main()\n"
        "    except SystemExit:\n"
        "        pass\n"
        "assert 'Usage' in out.getvalue(), out.getvalue()\n"
    )


@pytest.mark.parametrize(
    "args",
    [("--help",), ("inspect", "--help"), ("worker", "--help")],
    ids=["autoui --help", "inspect --help", "worker --help"],
)
def test_help_imports_nothing_heavy(args: tuple[str, ...]) -> None:
    assert heavy_modules_after(help_code(*args)) == []


def test_help_check_would_notice_a_heavy_import() -> None:
    # The probe itself must be able to fail: importing numpy first is reported.
    assert heavy_modules_after("import numpy\n" + help_code("--help")) == ["numpy"]


def test_run_loads_only_the_component_families_it_uses() -> None:
    # ``autoui run`` of a text-and-checkbox function builds no image, table or form classes,
    # and no validation library (benchmarks/startup.py measures what that buys).
    code = (
        "import sys, io, contextlib\n"
        "sys.argv = ['autoui', 'run', 'samples/hello.py:greet', '--name', 'x']\n"
        "from autoui.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        "        main()\n"
        "    except SystemExit:\n"
        "        pass\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(('autoui.components.', 'pydantic',"
        " 'typer', 'rich.progress', 'rich.live')))\n"
        "print(' '.join(loaded))\n"
    )
    root = Path(__file__).resolve().parents[1]
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=root
    )
    loaded = set(proc.stdout.split())
    assert "autoui.components.text" in loaded, proc.stderr  # the probe saw the run
    unused = {"media", "gallery", "file", "numeric", "temporal", "images", "wav", "plot"}
    assert not loaded & {f"autoui.components.{name}" for name in unused}
    assert not {name for name in loaded if name.startswith(("pydantic", "typer", "rich."))}
