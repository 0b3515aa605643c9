"""Every snippet of the README's "Clients and export" section, run against real servers.

Each snippet names the server it talks to in its first line (``# autoui serve
samples/x.py``); the test starts that sample on a free port, puts its URL in place of
``http://127.0.0.1:7860``, runs the snippet, and checks what the ``# comments`` after
``print(...)`` say it prints (``a / b`` for several lines, ``...`` for "and more").
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from serving import Server

ROOT = Path(__file__).resolve().parents[2]
README_URL = "http://127.0.0.1:7860"
_BLOCK = re.compile(r"```(python|bash|js)\n(.*?)```", re.S)
_SERVES = re.compile(r"autoui serve (samples/\w+\.py)")


def section() -> str:
    text = (ROOT / "README.md").read_text()
    start = text.index("## Clients and export")
    return text[start : text.index("\n## ", start + 1)]


def blocks(language: str) -> list[str]:
    return [code for lang, code in _BLOCK.findall(section()) if lang == language]


@pytest.fixture(scope="module")
def server_for() -> Iterator[Callable[[str], str]]:
    """``server_for(code)``: the URL of the sample the snippet's first line names."""
    servers: dict[str, Server] = {}

    def get(code: str) -> str:
        sample = _SERVES.search(code)
        assert sample, f"the snippet does not say which server it needs:\n{code}"
        if sample.group(1) not in servers:
            servers[sample.group(1)] = Server(ROOT / sample.group(1)).spawn()
        return servers[sample.group(1)].wait_ready().url

    try:
        yield get
    finally:
        for server in servers.values():
            server.stop()


def expected_prints(code: str) -> list[str]:
    """The texts the ``print(...)  # text`` comments promise."""
    parts: list[str] = []
    for line in code.splitlines():
        if "print(" in line and "  # " in line:
            comment = line.split("  # ", 1)[1]
            parts += [part.removesuffix("...").strip() for part in comment.split(" / ")]
    return parts


def test_the_section_has_snippets() -> None:
    assert len(blocks("python")) >= 4 and blocks("bash") and blocks("js")


@pytest.mark.parametrize("index", range(len(blocks("python"))))
def test_python_snippet(index: int, server_for: Callable[[str], str]) -> None:
    code = blocks("python")[index]
    url = server_for(code)
    out = io.StringIO()
    errors: list[BaseException] = []

    def run() -> None:  # in its own thread: no event loop there (Playwright's may be here)
        try:
            exec(compile(code.replace(README_URL, url), f"README python #{index}", "exec"), {})
        except BaseException as exc:  # noqa: BLE001 - re-raised below, in the test
            errors.append(exc)

    with contextlib.redirect_stdout(out):
        thread = threading.Thread(target=run)
        thread.start()
        thread.join(timeout=120)
    assert not thread.is_alive(), "the snippet did not finish in 120 s"
    if errors:
        raise errors[0]
    for text in expected_prints(code):
        assert text in out.getvalue(), f"{text!r} not printed; got:\n{out.getvalue()}"


def test_call_lines(server_for: Callable[[str], str], tmp_path: Path) -> None:
    code = blocks("bash")[0]
    url = server_for(code)
    lines = [line for line in code.splitlines() if line.startswith("autoui call")]
    assert lines
    for line in lines:
        command, _, comment = line.partition("#")
        args = command.replace(README_URL, url).split()[1:]
        result = subprocess.run(
            [sys.executable, "-m", "autoui", *args], capture_output=True, text=True,
            cwd=tmp_path, timeout=120,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        if "--json" in args:
            assert json.loads(result.stdout) == json.loads(comment.split("  # ")[-1].strip())
        else:
            assert result.stdout.strip() == "Hello, Ada!"


def test_export_line(tmp_path: Path) -> None:
    code = next(block for block in blocks("bash") if "autoui export" in block)
    line = next(line for line in code.splitlines() if line.startswith("autoui export"))
    args = line.split()[1:]
    args = [str(ROOT / a) if a.startswith("samples/") else a for a in args]
    result = subprocess.run(
        [sys.executable, "-m", "autoui", *args], capture_output=True, text=True,
        cwd=tmp_path, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "index.html").is_file()
    assert (tmp_path / "site" / "spec.json").is_file()


@pytest.mark.browser
def test_js_snippet(page: Any, server_for: Callable[[str], str]) -> None:
    code = blocks("js")[0]
    url = server_for(code)
    page.goto(url + "/health")
    body = code.replace(README_URL, url)
    logs = page.evaluate(
        "async (body) => { const logs = []; const console = { log: (...a) => logs.push(a) };"
        " await (new Function('console', `return (async () => { ${body} })()`))(console);"
        " return logs; }",
        body,
    )
    kinds = [entry[0] for entry in logs[:-1]]
    assert kinds[-1] == "complete" and kinds.count("output") == 3
    assert logs[-1] == [["1 2"]]
