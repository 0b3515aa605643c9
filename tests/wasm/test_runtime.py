"""The pinned runtime: its index summary, and vendoring it from the npm package."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from autoui.wasm.runtime import (
    BOOT_FILES,
    PYODIDE_VERSION,
    SUMMARY,
    PackageIndex,
    RuntimeDirError,
    check_runtime_dir,
    vendor_runtime,
    write_index_summary,
)


def test_the_shipped_summary_is_the_npm_packages_lock(runtime_dir: Path, tmp_path: Path) -> None:
    fresh = tmp_path / "summary.json"
    write_index_summary(runtime_dir / "pyodide-lock.json", fresh)
    assert json.loads(fresh.read_text()) == json.loads(SUMMARY.read_text())
    assert PackageIndex.load().boot_bytes == PackageIndex.load(runtime_dir).boot_bytes


def test_the_index_knows_compiled_packages_and_their_dependencies() -> None:
    index = PackageIndex.load()
    pil = index.binary_for_import("PIL")
    assert pil is not None and pil.name == "pillow"
    assert index.binary_for_import("docstring_parser") is None  # pure: from PyPI instead
    assert {"numpy", "pandas", "python-dateutil", "pytz"} <= set(index.closure(["pandas"]))


def test_vendoring_copies_the_boot_files_and_says_what_it_lacks(
    runtime_dir: Path, tmp_path: Path
) -> None:
    vendored = vendor_runtime(runtime_dir, tmp_path / "pyodide", ["numpy"])
    assert sorted(p.name for p in vendored.folder.iterdir()) == sorted(BOOT_FILES)
    assert vendored.missing_packages == ("numpy",)  # the npm package has no wheels
    assert check_runtime_dir(runtime_dir.parent) == runtime_dir  # the unpacked tarball too


def test_a_wrong_runtime_folder_is_refused_with_what_to_use(tmp_path: Path) -> None:
    wanted = f"missing pyodide.mjs.*npm pack pyodide@{PYODIDE_VERSION}"
    with pytest.raises(RuntimeDirError, match=wanted):
        check_runtime_dir(tmp_path)
    for name in BOOT_FILES:
        (tmp_path / name).write_text("{}")
    (tmp_path / "package.json").write_text('{"version": "0.26.0"}')
    wanted = f"holds Pyodide 0.26.0; this autoui needs {PYODIDE_VERSION}"
    with pytest.raises(RuntimeDirError, match=wanted):
        check_runtime_dir(tmp_path)
