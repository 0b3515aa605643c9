"""``autoui serve`` as a user runs it: real processes, flags, errors, ``--reload``."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from server_harness import HERE, Received, Server, read_events, submit
from typer.testing import CliRunner

from autoui.cli import app

pytestmark = pytest.mark.timeout(120)
JOBS = str(HERE / "fns_jobs.py")


def run_cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "autoui", "serve", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=HERE,
    )


def test_flags_reach_the_running_app(tmp_path: Path) -> None:
    css, js = tmp_path / "a.css", tmp_path / "a.js"
    css.write_text("h1{}")
    js.write_text("export {}")
    args = [
        "--title", "Tools", "--theme", "soft", "--css", str(css), "--js", str(js), "--live",
        "--max-file-size", "1k", "--show-errors", "--concurrency", "none",
        "--batch", "--max-batch-size", "4", "--batch-wait", "100",
        "--cors-origin", "https://site.example",
    ]  # fmt: skip
    with Server(JOBS, *args) as server, httpx.Client(base_url=server.url) as client:
        spec = client.get("/api/spec").json()
        assert spec["title"] == "Tools" and spec["theme"] == "soft" and spec["live"] is True
        assert spec["max_file_size"] == 1024
        functions = {fn["name"]: fn for fn in spec["functions"]}
        assert functions["echo"]["concurrency_limit"] is None
        assert functions["echo"]["batch"] == {"max_batch_size": 4, "batch_wait": 0.1}
        assert functions["upper"]["batch"]["max_batch_size"] == 16  # its own marker wins
        assert functions["count"]["batch"] is None  # a generator cannot be batched
        shout = functions["shout"]
        assert shout["batch"] is not None and shout["inputs"][0]["component"] == "textbox"
        assert client.post("/api/shout", json={"data": ["hey"]}).json()["data"] == ["HEY!"]
        page = client.get("/").text
        assert "<title>Tools</title>" in page and 'href="custom.css"' in page
        assert client.get("/custom.js").text == "export {}"
        big = client.post("/api/files", files={"file": ("big.bin", b"x" * 2048)})
        assert big.status_code == 413
        failed = client.post("/api/boom", json={"data": ["x"]})
        assert failed.json()["error"] == "RuntimeError: secret detail"  # --show-errors
        preflight = client.options(
            "/api/files",
            headers={"origin": "https://site.example", "access-control-request-method": "POST"},
        )
        assert preflight.headers["access-control-allow-origin"] == "https://site.example"
        rebinding = client.get("/api/spec", headers={"host": "attacker.example:7860"})
        assert rebinding.status_code == 403


def test_limit_options_reach_the_settings() -> None:
    from autoui.cli.serve_cmd import build_app

    base = {"target": JOBS, "host": "127.0.0.1", "max_file_size": 1024}
    defaults = build_app(base)[0].state.autoui.settings
    assert defaults.max_jobs_per_client == 64 and defaults.send_timeout == 30.0
    off = {**base, "max_jobs_per_client": None, "send_timeout": None}
    settings = build_app(off)[0].state.autoui.settings
    assert settings.max_jobs_per_client is None and settings.send_timeout is None


def test_auth_flag_protects_the_app() -> None:
    with Server(JOBS, "--auth", "ann:secret", "--auth", "ben:hidden") as server:
        assert httpx.get(f"{server.url}/api/spec").status_code == 401
        assert httpx.get(f"{server.url}/health").status_code == 200
        assert httpx.get(f"{server.url}/api/spec", auth=("ben", "hidden")).status_code == 200
        assert httpx.get(f"{server.url}/api/spec", auth=("ann", "hidden")).status_code == 401


def test_default_port_is_7860_or_the_next_free_one() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "autoui", "serve", JOBS],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        cwd=HERE,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline().decode()
        match = re.search(r"at http://127\.0\.0\.1:(\d+)", line)
        assert match, line
        port = int(match.group(1))
        assert 7860 <= port < 7960
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                assert httpx.get(f"http://127.0.0.1:{port}/health").status_code == 200
                break
            except httpx.ConnectError:
                time.sleep(0.1)
        assert "docs at" in process.stdout.readline().decode()
    finally:
        process.terminate()
        process.wait(timeout=15)


def test_a_busy_port_that_was_asked_for_is_an_error() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli(JOBS, "--port", str(port))
    assert result.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--concurrency", "lots"], "expected a number"),
        (["--auth", "nopassword"], "expected user:password"),
        (["--max-file-size", "big"], "expected a size"),
        (["--css", "/no/such/file.css"], "no such file"),
        (["--theme", "neon"], "unknown theme 'neon'; available: "),
        (["--cors-origin", "site.example"], "scheme and host"),
        (["--max-jobs-per-client", "0"], "expected a number (1 or more) or 'none'"),
        (["--send-timeout", "-1"], "expected seconds (more than 0) or 'none'"),
        (["--send-timeout", "soon"], "expected seconds (more than 0) or 'none'"),
    ],
)
def test_bad_options_say_what_is_wrong(args: list[str], message: str) -> None:
    result = CliRunner().invoke(app, ["serve", JOBS, *args])  # in-process: refused before serving
    text = " ".join(re.sub(r"[│╭╮╰╯─]", " ", result.output).split())
    assert result.exit_code != 0
    assert message in text and "Traceback" not in text


def test_a_bad_target_is_one_clear_line() -> None:
    result = run_cli("no_such_module_here:fn")
    assert result.returncode == 1
    assert result.stderr.startswith("error: ") and "Traceback" not in result.stderr


def test_help_lists_the_flags() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "autoui", "serve", "--help"], capture_output=True, text=True
    )
    for flag in ("--concurrency", "--max-queue", "--batch-wait", "--auth", "--cors-origin",
                 "--reload", "--max-file-size", "--show-errors", "--live",
                 "--max-jobs-per-client", "--send-timeout"):  # fmt: skip
        assert flag in result.stdout
    text = " ".join(result.stdout.replace("│", " ").split())
    assert "429" in text and "[default: 64]" in text and "or passes 'none'" in text


def test_reload_restarts_on_source_change(tmp_path: Path) -> None:
    source = tmp_path / "greet.py"
    source.write_text("def greet(name: str) -> str:\n    return 'hello ' + name\n")
    with Server(str(source), "--reload") as server:
        first = httpx.post(f"{server.url}/api/greet", json={"data": ["ann"]}, timeout=30)
        assert first.json()["data"] == ["hello ann"]
        source.write_text("def greet(name: str) -> str:\n    return 'bye ' + name\n")
        deadline = time.monotonic() + 40
        answer = None
        while time.monotonic() < deadline:
            try:
                answer = httpx.post(f"{server.url}/api/greet", json={"data": ["ann"]}, timeout=5)
                if answer.json().get("data") == ["bye ann"]:
                    break
            except (httpx.HTTPError, ValueError):
                pass
            time.sleep(0.3)
        assert answer is not None and answer.json()["data"] == ["bye ann"]


def test_stopping_the_server_ends_every_stream_with_a_terminal_event() -> None:
    server = Server(JOBS).start()
    assert server.process is not None
    try:
        with httpx.Client(timeout=30) as client:
            short = submit(client, server.url, "count", {"n": 3, "delay": 0.3})
            long = submit(client, server.url, "guarded", {"tag": "stop", "steps": 400})
            queued = submit(client, server.url, "guarded", {"tag": "never", "steps": 1})
            results: dict[str, list[Received]] = {}
            readers = [
                threading.Thread(target=_follow, args=(server, job, results), daemon=True)
                for job in (short, long, queued)
            ]
            for reader in readers:
                reader.start()
            time.sleep(0.4)  # every stream is open
            start = time.monotonic()
            server.process.terminate()
            for reader in readers:
                reader.join(timeout=30)
            server.process.wait(timeout=30)
            assert time.monotonic() - start < 15
    finally:
        server.stop()
    assert results[short][-1].kind == "complete"  # finished within the grace period
    for job in (long, queued):
        assert results[job][-1].kind == "error"
        assert results[job][-1].data["type"] == "ShutDown"


def _follow(server: Server, job: str, results: dict[str, list[Received]]) -> None:
    with httpx.Client(timeout=30) as client:
        results[job] = read_events(client, f"{server.url}/api/jobs/{job}/events")


def test_budget_flags_reach_the_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    import autoui.server.launch as launch
    from autoui.cli import app

    seen: dict[str, Any] = {}
    monkeypatch.setattr(launch, "serve", lambda options, **kw: seen.update(options))
    args = [
        "serve", JOBS, "--max-body-size", "1MB", "--max-retained-bytes", "64MB",
        "--header-timeout", "3", "--max-connections-per-address", "none",
        "--max-decoded-size", "10MB", "--trusted-proxies", "10.0.0.0/8",
        "--allowed-hosts", "app.example", "--allow-embed", "https://wiki.example",
    ]  # fmt: skip
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    settings = launch.settings_of(seen)
    assert settings.max_body_size == 1024 * 1024 and settings.max_retained_bytes == 64 * 1024**2
    assert settings.connections.header_timeout == 3.0
    assert settings.connections.max_per_address is None
    assert settings.input_limits.max_decoded_bytes == 10 * 1024**2
    assert settings.trusted_proxies == ("10.0.0.0/8",)
    assert settings.allowed_hosts == ("app.example",)
    assert settings.allow_embed == ("https://wiki.example",) and settings.check_host
    defaults = launch.settings_of({"target": JOBS})
    assert defaults == launch.ServerSettings(check_host=True)  # every default is the settings'
    bad = CliRunner().invoke(app, ["serve", JOBS, "--max-body-size", "lots"])
    assert bad.exit_code == 2 and "expected a size like 100MB" in bad.output
