"""Refuse, at export time, what cannot run in a browser — naming the function and why.

A function running in Pyodide cannot start threads or processes and cannot open network
connections (``urlopen`` and sockets cannot reach hosts); a live input needs the
server's WebSocket. Rather than let a visitor
discover that, the exporter reads each function's source (and the module-level helpers
it calls, transitively) and refuses uses of the modules and calls that need them.

It reads names, not behaviour: ``import threading`` for a ``Lock`` is fine, calling
``threading.Thread`` is not; a call hidden behind ``getattr`` or another module's helper
goes unseen (the page then shows the runtime's own error).
"""

from __future__ import annotations

import ast
import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from autoui.spec import AppSpec

__all__ = ["BrowserCheckError", "Problem", "check_app", "check_functions"]

_THREADS = "starts a thread, and a browser's Python has no threads"
_PROCESSES = "starts a process, and a browser's Python cannot"
_NETWORK = "uses the network, which a browser's Python cannot reach"
_LIVE = "has a live input, streamed over a server's WebSocket, which a static page has not"

# A dotted name (or its prefix, when it ends with ".") → why it cannot run in a browser.
_REFUSED: dict[str, str] = {
    "threading.Thread": _THREADS,
    "threading.Timer": _THREADS,
    "_thread.": _THREADS,
    "concurrent.futures.ThreadPoolExecutor": _THREADS,
    "concurrent.futures.ProcessPoolExecutor": _PROCESSES,
    "asyncio.to_thread": _THREADS,
    "asyncio.create_subprocess_exec": _PROCESSES,
    "asyncio.create_subprocess_shell": _PROCESSES,
    "asyncio.open_connection": _NETWORK,
    "asyncio.start_server": _NETWORK,
    "subprocess.": _PROCESSES,
    "multiprocessing.": _PROCESSES,
    "os.system": _PROCESSES,
    "os.popen": _PROCESSES,
    "os.fork": _PROCESSES,
    "os.spawn": _PROCESSES,
    "os.exec": _PROCESSES,
    "pty.": _PROCESSES,
    "socket.": _NETWORK,
    "ssl.": _NETWORK,
    "urllib.request.": _NETWORK,
    "http.client.": _NETWORK,
    "http.server.": _NETWORK,
    "ftplib.": _NETWORK,
    "smtplib.": _NETWORK,
    "requests.": _NETWORK,
    "httpx.": _NETWORK,
    "aiohttp.": _NETWORK,
    "urllib3.": _NETWORK,
    "websockets.": _NETWORK,
}


@dataclass(frozen=True)
class Problem:
    """One refused use: the function, the name it uses, where, and why."""

    function: str
    name: str
    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.function}: {self.reason} ({self.name}, {self.where})"


class BrowserCheckError(ValueError):
    """Functions that cannot run in a browser; the message lists each use and why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(
            f"cannot run in a browser:\n{lines}\nServe it with autoui serve instead "
            "(or export without --wasm: a page that calls your server)."
        )


def check_functions(functions: list[tuple[str, Callable[..., Any]]]) -> None:
    """Raise :class:`BrowserCheckError` if any ``(name, function)`` needs what a browser lacks."""
    problems: list[Problem] = []
    for name, fn in functions:
        problems.extend(_problems_of(name, fn))
    if problems:
        raise BrowserCheckError(problems)


def check_app(spec: AppSpec) -> None:
    """:func:`check_functions` for an app, plus what its spec says a browser cannot host.

    A live input (``Iterator[Audio]``...) is fed chunk by chunk over the server's
    WebSocket; a page with no server has none to feed it through.
    """
    problems = [
        Problem(fn.name, live.annotation or live.name, f"parameter {live.name}", _LIVE)
        for fn in spec.functions
        if (live := fn.live_input) is not None
    ]
    try:
        check_functions([(fn.name, fn.fn) for fn in spec.functions])
    except BrowserCheckError as error:
        problems.extend(error.problems)
    if problems:
        raise BrowserCheckError(problems)


def _problems_of(name: str, fn: Callable[..., Any]) -> list[Problem]:
    module = inspect.getmodule(fn)
    file = getattr(module, "__file__", None)
    if module is None or not file or not Path(file).is_file():
        return []
    source = Path(file).read_text(encoding="utf-8")
    reading = _ModuleReading(ast.parse(source), Path(file).name)
    code = getattr(fn, "__code__", None) or getattr(getattr(fn, "__func__", None), "__code__", None)
    line = getattr(code, "co_firstlineno", None)
    roots = [
        node for node in reading.functions if line is not None and node.lineno <= line <= _end(node)
    ]
    return [Problem(name, used, where, reason) for used, where, reason in reading.refused(roots)]


def _end(node: ast.AST) -> int:
    end = getattr(node, "end_lineno", None)
    return end if isinstance(end, int) else 0


class _ModuleReading:
    """One module's import aliases and function definitions, to resolve dotted names."""

    def __init__(self, tree: ast.Module, file: str) -> None:
        self.file = file
        self.aliases: dict[str, str] = {}
        self.functions: list[ast.FunctionDef | ast.AsyncFunctionDef] = []
        self.by_name: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    local = alias.asname or alias.name.split(".")[0]
                    self.aliases[local] = alias.name if alias.asname else local
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for alias in node.names:
                    self.aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                self.functions.append(node)
                self.by_name.setdefault(node.name, node)

    def refused(self, roots: Sequence[ast.AST]) -> list[tuple[str, str, str]]:
        """(dotted name, file:line, reason) for each refused use in ``roots`` and their helpers."""
        found: list[tuple[str, str, str]] = []
        todo, seen = list(roots), set()
        while todo:
            node = todo.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            for child in ast.walk(node):
                dotted = _dotted(child)
                if dotted is None:
                    continue
                helper = self.by_name.get(dotted)
                if helper is not None:
                    todo.append(helper)
                reason = self._reason(dotted)
                if reason is not None:
                    line = getattr(child, "lineno", 0)
                    found.append((self._resolve(dotted), f"{self.file}:{line}", reason))
        longest: dict[tuple[str, str], str] = {}  # ``a.b`` and its inner ``a``: one use
        for name, where, reason in found:
            if len(name) > len(longest.get((where, reason), "")):
                longest[(where, reason)] = name
        return sorted((name, where, reason) for (where, reason), name in longest.items())

    def _resolve(self, dotted: str) -> str:
        head, _, rest = dotted.partition(".")
        full = self.aliases.get(head)
        if full is None:
            return dotted
        return f"{full}.{rest}" if rest else full

    def _reason(self, dotted: str) -> str | None:
        if dotted.partition(".")[0] not in self.aliases:
            return None
        full = self._resolve(dotted)
        for name, reason in _REFUSED.items():
            if (name.endswith(".") and (full + ".").startswith(name)) or full == name:
                return reason
            if name in ("os.spawn", "os.exec") and full.startswith(name):
                return reason
        return None


def _dotted(node: ast.AST) -> str | None:
    """``a.b.c`` for a Name or an Attribute chain on a Name (only its outermost node)."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))
