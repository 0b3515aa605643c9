"""Write an app whose functions run in the browser: a folder, or one HTML file.

The page is the server's own UI (``autoui/web``), started by ``static/wasm/page.js``
instead of ``app.js``: it hands the UI a client whose calls a Pyodide Web Worker runs.
A folder bundle::

    index.html  spec.json  static/…            the UI (+ static/wasm/*.js)
    wasm/manifest.json                         what is inside, with pinned versions
    wasm/wheels/*.whl                          autoui and the pure-Python dependencies
    wasm/app/…                                 the target's module and its siblings
    pyodide/                                   the runtime (with --vendor-runtime)

A single file holds the same, the binary parts as base64 in one JSON script element,
and works from ``file://``: its worker starts from a ``data:`` URL and answers its own
fetches from memory.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from autoui.spec import AppSpec
from autoui.wasm.appfiles import AppFiles, collect_app
from autoui.wasm.deps import DependencyPlan, fetch_wheels, plan_dependencies
from autoui.wasm.page import WORKER, write_folder, write_single_file
from autoui.wasm.runtime import CDN_URL, PYODIDE_VERSION, PackageIndex, check_runtime_dir
from autoui.wasm.runtime import vendor_runtime as copy_runtime
from autoui.wasm.wheels import build_autoui_wheel

__all__ = ["BROWSER_MAX_FILE_SIZE", "WasmBundle", "export_wasm"]

# Uploads live in the tab's memory (and once more in the worker's): a budget per file.
BROWSER_MAX_FILE_SIZE = 64 * 1024 * 1024
APP_DIR = "wasm/app/"
WHEEL_DIR = "wasm/wheels/"
RUNTIME_DIR = "pyodide/"
Say = Callable[[str], None]

@dataclass(frozen=True)
class WasmBundle:
    """What was written: the page (``index.html`` or the single file) and the manifest."""

    index: Path
    manifest: dict[str, Any]
    notes: tuple[str, ...]


def export_wasm(
    target: str,
    out: Path,
    *,
    single_file: bool = False,
    vendor_runtime: Path | None = None,
    title: str | None = None,
    theme: str | None = None,
    say: Say = lambda _: None,
) -> WasmBundle:
    """Export ``target`` as a static app whose functions run in the visitor's browser.

    Raises:
        autoui.errors.AutoUIError: the target cannot be loaded.
        autoui.wasm.browsercheck.BrowserCheckError: a function needs what a browser lacks.
        autoui.wasm.wheels.WheelError: a dependency has no wasm-compatible wheel.
        autoui.wasm.runtime.RuntimeDirError: ``vendor_runtime`` is not the pinned runtime.
    """
    from autoui.introspect import load_app
    from autoui.wasm.browsercheck import check_app

    runtime_dir = check_runtime_dir(vendor_runtime) if vendor_runtime else None
    spec = load_app(target, title=title)
    check_app(spec)
    app = collect_app(target)
    plan = plan_dependencies(app, PackageIndex.load(runtime_dir))
    spec_json = spec.to_json()
    spec_json["theme"] = theme or spec_json.get("theme")
    spec_json["max_file_size"] = BROWSER_MAX_FILE_SIZE
    with tempfile.TemporaryDirectory(prefix="autoui-wasm-") as scratch:
        stage = Path(scratch)
        say(f"Fetching {len(plan.requirements)} pinned wheels for the browser from PyPI")
        files, manifest, notes = _stage(stage, app, plan, runtime_dir)
        manifest["timeLimits"] = _time_limits(spec)
        if single_file:
            target_file = out if out.suffix == ".html" else out / "index.html"
            index = write_single_file(spec_json, manifest, stage, files, target_file)
        else:
            index = write_folder(spec_json, manifest, stage, out)
    return WasmBundle(index=index, manifest=manifest, notes=notes)


def _stage(
    stage: Path, app: AppFiles, plan: DependencyPlan, runtime_dir: Path | None
) -> tuple[list[str], dict[str, Any], tuple[str, ...]]:
    """Lay the bundle's Python side out under ``stage``; (files, manifest, notes)."""
    index = PackageIndex.load(runtime_dir)
    wheels = [build_autoui_wheel(stage / WHEEL_DIR)]
    fetched, plan, swaps = fetch_wheels(plan, index, stage / "pip")
    for wheel in fetched:
        shutil.move(str(wheel), stage / WHEEL_DIR / wheel.name)
        wheels.append(stage / WHEEL_DIR / wheel.name)
    for relative in app.files:
        (stage / APP_DIR / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(app.root / relative, stage / APP_DIR / relative)
    notes = [f"left out optional import {name} (not installed here)" for name in plan.left_out]
    notes += swaps
    runtime, package_base, boot_bytes = CDN_URL, None, index.boot_bytes
    if runtime_dir is not None:
        vendored = copy_runtime(runtime_dir, stage / RUNTIME_DIR, list(plan.runtime_packages))
        runtime = RUNTIME_DIR
        if vendored.missing_packages:
            package_base = CDN_URL
            notes.append(
                f"{runtime_dir} lacks {', '.join(vendored.missing_packages)}: the page loads "
                f"them from {CDN_URL} at run time"
            )
    wheel_paths = sorted(f"{WHEEL_DIR}{w.name}" for w in wheels)
    boot_bytes += sum((stage / path).stat().st_size for path in wheel_paths)
    manifest = {
        "autoui_wasm": 1,
        "pyodide": {"version": PYODIDE_VERSION, "vendored": runtime_dir is not None},
        "target": app.target,
        "appDir": APP_DIR,
        "appFiles": [f"{APP_DIR}{p.as_posix()}" for p in app.files],
        "wheels": wheel_paths,
        "requirements": [r.pinned for r in plan.requirements],
        "packages": list(plan.runtime_packages),
        "runtime": runtime,
        "packageBase": package_base,
        "worker": WORKER,
        "bootBytes": boot_bytes,
    }
    files = [*(f"{APP_DIR}{p.as_posix()}" for p in app.files), *wheel_paths]
    if runtime_dir is not None:
        files += sorted(f"{RUNTIME_DIR}{p.name}" for p in (stage / RUNTIME_DIR).iterdir())
    return files, manifest, tuple(notes)


def _time_limits(spec: AppSpec) -> dict[str, dict[str, Any]]:
    """``@autoui.time_limit`` per function, and the ``error`` event a call past it ends with.

    The page stops such a call the way ``--isolation process`` does (its worker is ended),
    so the event is the one the server sends then, written here once.
    """
    from autoui.isolation.outcomes import time_limit_failure
    from autoui.markers import time_limit_of

    limits = {}
    for fn_spec in spec.functions:
        seconds = time_limit_of(fn_spec.fn)
        if seconds is not None:
            event = time_limit_failure(fn_spec, seconds, stopped=True)
            limits[fn_spec.name] = {"seconds": seconds, "event": event.to_dict()}
    return limits
