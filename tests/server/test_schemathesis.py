"""Schemathesis against the samples' OpenAPI documents, over real servers.

Every check but two, for a bounded number of examples (it runs in CI), on a form with
choices and dates and on an image function: no server error, every status and
response documented, the declared schemas kept. The two left out
are about *requests*, and autoui means to disagree with them:
``positive_data_acceptance`` (a function may refuse a schema-valid input on purpose:
``autoui.Error("cannot divide by zero")`` is a 400) and ``negative_data_rejection``
(inputs are read leniently where people write them so: ``1`` or ``"yes"`` for a
checkbox, ``[user, bot]`` pairs for a chat history).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from server_harness import Server

pytestmark = pytest.mark.timeout(120)
SAMPLES = Path(__file__).resolve().parents[2] / "samples"
ST = shutil.which("st")


@pytest.mark.skipif(ST is None, reason="schemathesis is installed by .ci/run ('.[test]')")
@pytest.mark.parametrize("sample", ["order_form.py", "sepia.py"])
def test_the_api_keeps_its_openapi_document(sample: str, tmp_path: Path) -> None:
    assert ST is not None
    with Server(str(SAMPLES / sample)) as server:
        run = subprocess.run(
            [
                ST, "run", f"{server.url}/openapi.json",
                "--checks", "all",
                "--exclude-checks", "positive_data_acceptance,negative_data_rejection",
                "--phases", "examples,coverage,fuzzing",
                "--max-examples", "5",
                "--seed", "1",
                "--workers", "2",
            ],
            capture_output=True,
            text=True,
            timeout=100,
            cwd=tmp_path,
        )  # fmt: skip
    assert run.returncode == 0, run.stdout[-6000:]
