"""The README's "Serving" section: its snippets run and its transcript is what happens."""

from __future__ import annotations

import re
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]


def _section() -> str:
    readme = (ROOT / "README.md").read_text()
    return readme.split("## Serving: `autoui serve` and the HTTP API", 1)[1].split("\n## ", 1)[0]


def test_every_option_the_section_names_exists() -> None:
    import typer.main

    from autoui.cli import app

    serve = typer.main.get_command(app).commands["serve"]  # type: ignore[attr-defined]
    real = {opt for param in serve.params for opt in param.opts} | {"--help"}
    named = set(re.findall(r"(--[a-z][a-z-]+)", _section().split("### The HTTP API", 1)[0]))
    assert named and named <= real, f"README names options serve lacks: {named - real}"


async def test_mount_snippet_serves_under_a_prefix() -> None:
    from fastapi import FastAPI

    snippet = _section().split("### In your own ASGI app", 1)[1]
    code = snippet.split("```python", 1)[1].split("```", 1)[0]
    code = code.replace('"mypkg.models:classify"', repr(str(ROOT / "samples" / "hello.py")))
    namespace: dict[str, object] = {}
    exec(compile(code, "README.md", "exec"), namespace)  # noqa: S102 - the snippet under test
    outer = FastAPI()
    outer.mount("/classify", namespace["api"])  # type: ignore[arg-type]
    transport = httpx.ASGITransport(app=outer)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
        spec = (await client.get("/classify/api/spec")).json()
        answer = await client.post("/classify/api/greet", json={"data": {"name": "Ada"}})
    assert spec["functions"][0]["name"] == "greet"
    assert answer.status_code == 200 and "Ada" in answer.json()["data"][0]


async def test_transcript_validation_error_is_what_the_server_says() -> None:
    from autoui.introspect import load_app
    from autoui.server import create_app

    section = _section()
    expected = re.search(r'"error":"(up_to: [^"]+)"', section)
    assert expected is not None
    app = create_app(load_app(str(ROOT / "samples" / "counter.py")))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
        bad = await client.post("/api/count", json={"data": {"up_to": "lots"}})
        good = await client.post("/api/count", json={"data": {"up_to": 3, "delay": 0}})
    assert bad.status_code == 422 and bad.json()["error"] == expected.group(1)
    assert good.json()["data"] == ["1 2 3"]
