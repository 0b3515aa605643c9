"""The pinned Pyodide runtime for the tests: ``npm pack pyodide@VERSION``, unpacked once.

``.ci/run`` calls this before the tests (``python tests/wasm/pyodide_cache.py``) and the
wasm tests call :func:`ensure_runtime` too, so a bare machine gets it either way. The
cache is ``$AUTOUI_CACHE`` (default ``~/.cache/autoui-ci``); a second call is a stat.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from autoui.wasm.runtime import PYODIDE_VERSION  # noqa: E402 - after the path is set

CACHE = Path(os.environ.get("AUTOUI_CACHE") or Path.home() / ".cache" / "autoui-ci")


def ensure_runtime() -> Path:
    """The ``package/`` folder of the npm package (fetched and unpacked if missing)."""
    folder = CACHE / f"pyodide-{PYODIDE_VERSION}"
    package = folder / "package"
    if (package / "pyodide.asm.wasm").is_file():
        return package
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("the wasm tests need npm (apt-get install npm) to fetch Pyodide")
    CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=CACHE) as scratch:
        subprocess.run(
            [npm, "pack", f"pyodide@{PYODIDE_VERSION}", "--silent", "--pack-destination", scratch],
            check=True, capture_output=True, timeout=300,
        )  # fmt: skip
        (tarball,) = Path(scratch).glob("*.tgz")
        unpacked = Path(scratch) / "unpacked"
        with tarfile.open(tarball) as archive:
            archive.extractall(unpacked, filter="data")
        shutil.rmtree(folder, ignore_errors=True)
        shutil.move(str(unpacked), folder)
    return package


if __name__ == "__main__":
    print(ensure_runtime())
