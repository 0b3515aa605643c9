"""The README's quick start does what it says: the curl call answers with a label."""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx

from autoui.introspect import load_app
from autoui.server import create_app

ROOT = Path(__file__).resolve().parent.parent


def _quick_start_curl() -> tuple[str, dict[str, object]]:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    url = re.search(r"curl -s -X POST (\S+)", section)
    body = re.search(r"-d '([^']+)'", section)
    assert url and body, "the quick start has a curl call with a JSON body"
    return url.group(1), json.loads(body.group(1))


async def test_quick_start_curl_classifies_the_inline_picture() -> None:
    url, body = _quick_start_curl()
    assert url == "http://127.0.0.1:7860/api/classify"
    app = create_app(load_app(str(ROOT / "samples" / "classifier.py")))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:7860") as client:
        response = await client.post("/api/classify", json=body)
    assert response.status_code == 200, response.text
    (label,) = response.json()["data"]
    assert label["label"] == "sunset or fire"
    assert abs(sum(c["confidence"] for c in label["confidences"]) - 1.0) < 1e-6
