"""The official ``@gradio/client`` (npm, pinned in ``js/package.json``) under node, unchanged.

``js/check_client.mjs`` connects to the sample servers, calls them the way a JS
program does (``Client.connect``, ``view_api``, ``predict``, ``submit`` iteration with
status events, ``handle_file`` uploads, ``cancel``) and prints what it saw; this test
judges it. The client is installed from ``js/package-lock.json`` with ``npm ci`` when it
is missing (``.ci/run`` does it up front), so ``python -m pytest`` alone runs this too.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from protocol_harness import wait_for

pytestmark = pytest.mark.timeout(120)
JS = Path(__file__).resolve().parent / "js"


def _install_client() -> None:
    """``npm ci`` from the lock file, once, when the pinned client is not there yet."""
    if (JS / "node_modules" / "@gradio" / "client").is_dir():
        return
    npm = shutil.which("npm")
    assert npm, "npm is needed for the @gradio/client tests (apt-get install npm; .ci/run does)"
    subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund", "--silent"], cwd=JS, check=True, timeout=300
    )


@pytest.fixture(scope="module")
def seen(apps: dict[str, str]) -> dict[str, Any]:
    node = shutil.which("node")
    assert node, "node is needed for the @gradio/client tests (.ci/run installs it)"
    _install_client()
    proc = subprocess.run(
        [node, "check_client.mjs", json.dumps(apps)],
        cwd=JS,
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert proc.returncode == 0, proc.stderr
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def test_view_api_and_calls(seen: dict[str, Any]) -> None:
    assert seen["endpoints"] == ["/greet"]
    assert seen["greet_parameters"] == ["name", "excited"]
    assert seen["greet"] == ["Hello, Ada!"]
    assert seen["calculate"] == [42]


def test_an_autoui_error_rejects_with_its_message(seen: dict[str, Any]) -> None:
    assert seen["divide_error"] == "cannot divide by zero: pick another b"


def test_files_in_and_out(seen: dict[str, Any], apps: dict[str, str]) -> None:
    assert seen["toned_url"].startswith(apps["sepia"] + "/gradio_api/file=")
    assert seen["toned_magic"] == "PNG"
    assert seen["file_size"] == [12]


def test_streaming_and_progress(seen: dict[str, Any]) -> None:
    assert seen["stream"][:3] == ["1", "1 2", "1 2 3"]
    assert "complete" in seen["stages"]
    assert any(unit["desc"] == "baking" and unit["length"] == 3 for unit in seen["progress"])
    assert seen["bake"][-1] == "3 loaves, golden brown"


def test_cancel(seen: dict[str, Any], gradio_markers: Path) -> None:
    assert seen["before_cancel"] == [0]
    assert wait_for(gradio_markers / "js-cancel.closed"), "the generator's finally did not run"
    assert seen["after_cancel"] == ["still here"]


def test_auth_with_the_clients_own_login(seen: dict[str, Any]) -> None:
    assert "Invalid credentials" in seen["wrong_password"]
    assert seen["signed_in"] == ["Hello, Ada."]
