"""Shared by the wasm tests: the pinned runtime, a folder of samples, headless Chromium.

Browser pages here never reach past loopback (``wasm_harness.OfflinePage``).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pyodide_cache import ensure_runtime
from wasm_harness import OfflinePage

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"

# The pure-Python samples, one tab each: one bundle (one runtime boot) for all of them.
SAMPLE_FUNCTIONS = {
    "hello": "greet",
    "calculator": "calculate",
    "chat": "reply",
    "order_form": "place_order",
    "progress_demo": "bake",
    "alerts": "check_password",
    "counter": "count",
    "multi_output": "analyse",
}


@pytest.fixture(scope="session")
def runtime_dir() -> Path:
    """The ``package/`` folder of ``npm pack pyodide@314.0.7`` (fetched once, cached)."""
    return ensure_runtime()


@pytest.fixture(scope="session")
def samples_app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``allsamples.py`` beside copies of the samples it imports its functions from."""
    folder = tmp_path_factory.mktemp("samples-app")
    for name in SAMPLE_FUNCTIONS:
        shutil.copyfile(SAMPLES / f"{name}.py", folder / f"{name}.py")
    imports = "".join(f"from {m} import {f}\n" for m, f in sorted(SAMPLE_FUNCTIONS.items()))
    names = ", ".join(repr(f) for f in SAMPLE_FUNCTIONS.values())
    app = folder / "allsamples.py"
    app.write_text(
        f'"""The samples, one tab each."""\n\nimport time\nfrom pathlib import Path\n\n'
        f"import autoui\n{imports}\n\n"
        "def shout_file(document: Path) -> Path:\n"
        '    """A text file, upper-cased (a file in, a file out)."""\n'
        '    out = document.with_name("loud-" + document.name)\n'
        "    out.write_text(document.read_text().upper())\n"
        "    return out\n\n\n"
        "@autoui.time_limit(1)\n"
        "def spin(seconds: float) -> str:\n"
        '    """Busy for a while: nothing but a hard stop ends it sooner."""\n'
        "    end = time.monotonic() + seconds\n"
        "    while time.monotonic() < end:\n"
        "        pass\n"
        '    return "done"\n\n\n'
        f"__all__ = [{names}, 'shout_file', 'spin']\n"
    )
    return app


@pytest.fixture
def offline_page(chromium: Any) -> Iterator[OfflinePage]:
    page = OfflinePage(chromium)
    yield page
    page.close()
