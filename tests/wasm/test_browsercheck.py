"""What cannot run in a browser is refused at export time, naming the function and why."""

from __future__ import annotations

from pathlib import Path

import pytest

from autoui.loader import load
from autoui.wasm.browsercheck import BrowserCheckError, check_functions

SAMPLES = Path(__file__).resolve().parents[2] / "samples"

MODULE = '''
import subprocess
import threading
import urllib.request as web
from concurrent.futures import ThreadPoolExecutor

lock = threading.Lock()


def _download(url: str) -> bytes:
    return web.urlopen(url).read()


def fetch(url: str) -> int:
    return len(_download(url))


def shell(command: str) -> str:
    return subprocess.run(command, shell=True, capture_output=True, text=True).stdout


def pooled(n: int) -> int:
    with ThreadPoolExecutor() as pool:
        return sum(pool.map(abs, range(n)))


def sockets(host: str) -> str:
    import socket
    return socket.gethostbyname(host)


def counted(n: int) -> int:
    with lock:  # a Lock is no thread
        return n + 1
'''


def functions(tmp_path: Path, target: str = "") -> list:
    path = tmp_path / "tools.py"
    path.write_text(MODULE)
    return [(fn.__name__, fn) for fn in load(f"{path}{target}")]


def test_each_refused_use_is_named_with_the_function_and_reason(tmp_path: Path) -> None:
    with pytest.raises(BrowserCheckError) as caught:
        check_functions(functions(tmp_path))
    problems = {(p.function, p.name) for p in caught.value.problems}
    assert problems == {
        ("fetch", "urllib.request.urlopen"),  # through a helper, and an alias
        ("shell", "subprocess.run"),
        ("pooled", "concurrent.futures.ThreadPoolExecutor"),
        ("sockets", "socket.gethostbyname"),
    }
    text = str(caught.value)
    assert "shell: starts a process, and a browser's Python cannot (subprocess.run, tools.py:" in (
        text
    )
    assert "fetch: uses the network" in text and "autoui serve" in text


def test_a_lock_and_plain_code_pass(tmp_path: Path) -> None:
    check_functions(functions(tmp_path, ":counted"))
    for sample in ("hello", "calculator", "counter", "progress_demo", "order_form", "chat"):
        check_functions([(fn.__name__, fn) for fn in load(str(SAMPLES / f"{sample}.py"))])


def test_a_live_input_is_refused() -> None:
    from autoui.introspect import load_app
    from autoui.wasm.browsercheck import check_app

    with pytest.raises(BrowserCheckError) as caught:
        check_app(load_app(str(SAMPLES / "tuner.py")))
    (problem,) = caught.value.problems
    assert (problem.function, problem.where) == ("tuner", "parameter audio")
    assert "live input" in str(problem) and "WebSocket" in str(problem)
    check_app(load_app(str(SAMPLES / "counter.py")))  # streamed outputs are fine
