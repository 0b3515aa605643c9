"""autoui's wheel for the browser, its in-browser dependencies, and pinned wasm wheels."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from autoui.wasm.appfiles import collect_app
from autoui.wasm.deps import plan_dependencies
from autoui.wasm.runtime import PackageIndex
from autoui.wasm.wheels import (
    AUTOUI_BROWSER_DEPS,
    Requirement,
    WheelError,
    build_autoui_wheel,
    download_wheels,
    pin,
)

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"

# Runs what the worker runs (the host, on every pure-Python sample) in a fresh
# interpreter and prints the third-party distributions it imported.
PROBE = """
import importlib.metadata, json, sys
before = set(sys.modules)
from autoui.wasm.host import Host
for target in sys.argv[1:]:
    Host(target)
names = {m.split(".")[0] for m in set(sys.modules) - before}
names -= set(sys.stdlib_module_names) | {"autoui"}
names -= {t.rsplit("/", 1)[-1][:-3] for t in sys.argv[1:]}  # the samples themselves
dists = importlib.metadata.packages_distributions()
print(json.dumps(sorted({d for n in names for d in dists.get(n, [n])})))
"""


def test_the_browser_subset_needs_only_its_listed_dependencies() -> None:
    samples = ["hello", "calculator", "chat", "order_form", "progress_demo", "alerts",
               "counter", "multi_output", "batch"]  # fmt: skip
    targets = [str(SAMPLES / f"{name}.py") for name in samples]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", PROBE, *targets], capture_output=True,
                         text=True, check=True, env=env)  # fmt: skip
    imported = {name.lower().replace("_", "-") for name in json.loads(out.stdout)}
    assert imported <= set(AUTOUI_BROWSER_DEPS), imported
    for heavy in ("fastapi", "uvicorn", "numpy", "pillow", "rich", "typer", "httpx"):
        assert heavy not in imported


def test_autoui_wheel_has_the_browser_subset_only(tmp_path: Path) -> None:
    wheel = build_autoui_wheel(tmp_path)
    names = zipfile.ZipFile(wheel).namelist()
    assert wheel.name.endswith("-py3-none-any.whl")
    assert "autoui/wasm/host.py" in names and "autoui/runner.py" in names
    assert not any(n.startswith(("autoui/server/", "autoui/cli/", "autoui/web/")) for n in names)
    assert any(n.endswith(".dist-info/WHEEL") for n in names)


def test_dependencies_are_pinned_and_numpy_comes_from_the_runtime_index() -> None:
    plan = plan_dependencies(collect_app(str(SAMPLES / "sepia.py")), PackageIndex.load())
    assert plan.runtime_packages == ("numpy",)
    pinned = {r.name.lower().replace("_", "-"): r.version for r in plan.requirements}
    assert set(pinned) == set(AUTOUI_BROWSER_DEPS)
    assert all(v == pin(name, "t").version for name, v in pinned.items())
    demo = collect_app(str(SAMPLES / "progress_demo.py"))
    progress = plan_dependencies(demo, PackageIndex.load())
    assert "tqdm" in {r.name for r in progress.requirements}  # optional, but installed here


def test_an_import_that_is_not_installed_is_named(tmp_path: Path) -> None:
    app = tmp_path / "app.py"
    app.write_text("def f(x: int) -> int:\n    import surely_not_installed_pkg\n    return x\n")
    with pytest.raises(WheelError, match="app.py imports surely_not_installed_pkg, which is not"):
        plan_dependencies(collect_app(str(app)), PackageIndex.load())


def test_pip_resolves_pinned_wasm_wheels_and_names_what_it_cannot(tmp_path: Path) -> None:
    wheels = download_wheels([pin("docstring-parser", "autoui")], tmp_path / "ok")
    assert [w.name.split("-")[:2] for w in wheels] == [
        ["docstring_parser", pin("docstring-parser", "x").version]
    ]
    with pytest.raises(WheelError) as caught:  # no wasm wheel of orjson on PyPI
        download_wheels([Requirement("orjson", "3.10.0", "app.py")], tmp_path / "bad")
    assert "orjson==3.10.0 (needed by app.py)" in str(caught.value)
    assert "pyemscripten" in str(caught.value)


def test_what_pypi_lacks_comes_from_the_runtime_index(tmp_path: Path) -> None:
    """pydantic pins pydantic-core, compiled, with no wasm wheel on PyPI (as of 2026-12);
    the Pyodide distribution has its own pydantic, so the bundle uses that one."""
    from autoui.wasm.deps import fetch_wheels

    app = tmp_path / "model.py"
    app.write_text("from pydantic import BaseModel\n\nclass M(BaseModel):\n    x: int\n\n"
                   "def f(m: M) -> int:\n    return m.x\n")  # fmt: skip
    plan = plan_dependencies(collect_app(str(app)), PackageIndex.load())
    assert "pydantic" in {r.name for r in plan.requirements}
    wheels, final, notes = fetch_wheels(plan, PackageIndex.load(), tmp_path / "wheels")
    assert {"pydantic", "pydantic-core"} <= set(final.runtime_packages)
    assert "pydantic" not in {r.name for r in final.requirements}
    assert "typing-extensions" not in final.runtime_packages  # a wheel brings it already
    assert notes == [f"pydantic=={pin('pydantic', 'x').version} (installed here) has no wasm "
                     "wheel on PyPI: the browser gets pydantic 2.12.5 from the Pyodide "
                     "distribution"]  # fmt: skip
    assert any(w.name.startswith("docstring_parser-") for w in wheels)
