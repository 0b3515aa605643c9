"""``autoui run TARGET --in rows.jsonl``: one call per row, results in order.

Each line of the input is a JSON object of parameter → value, where a value may be
what one would type on the command line (``"3"``, ``"cat.png"``, ``"a,b"``) or its
JSON form (``3``, ``["a", "b"]``, ``{"path": "cat.png"}``). Options given on the
command line next to ``--in`` apply to every row (a row's own value wins).

Batch functions (``@autoui.batch``) get the rows in chunks of ``max_batch_size``, one
batch call each; other functions run ``--concurrency`` calls at once. One overall
progress bar counts rows. The results are written in input order, as soon as they are
known, one JSON object per line::

    {"row": 0, "data": [...]}
    {"row": 1, "error": {"message": "...", "type": "ValidationError", "param": "top_k"}}

``row`` counts non-blank lines from 0. A failing row never stops the others; the exit
code is 1 when any row failed (130 when cancelled with Ctrl+C).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from autoui.errors import ValidationError
from autoui.events import Alert, Complete, Event, Failed
from autoui.terminal.convert import collect_payloads, missing_required
from autoui.terminal.local import running, sigint_cancels
from autoui.terminal.outcome import CANCELLED, FAILED, OK, USAGE, RunSettings
from autoui.terminal.stdout import results
from autoui.wire import WireFunction

if TYPE_CHECKING:
    from autoui.files import FileContext
    from autoui.isolation import Execution
    from autoui.runner import CancelToken
    from autoui.spec import FunctionSpec

__all__ = ["Row", "read_rows", "run_rows"]


@dataclass
class Row:
    """One input row: its kwargs once preprocessed, or the error that stopped it."""

    index: int
    kwargs: dict[str, Any] | None = None
    result: dict[str, Any] | None = None


def _error(
    message: str, type_: str = "ValidationError", param: str | None = None
) -> dict[str, Any]:
    return {"error": {"message": message, "type": type_, "param": param}}


def _parse_line(line: str, fn: WireFunction, base: dict[str, Any]) -> dict[str, Any]:
    """A row's payloads (the command-line ``base`` under the row's own values)."""
    try:
        values = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValidationError(f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(values, dict):
        raise ValidationError("expected a JSON object of parameter → value")
    known = [param.name for param in fn.inputs]
    for key in values:
        if key.partition(".")[0] not in known:
            raise ValidationError(f"unknown parameter {key!r} (parameters: {', '.join(known)})")
    payloads = collect_payloads(fn, {**base, **values})
    missing = missing_required(fn, payloads)
    if missing:
        names = ", ".join(param.name for param in missing[1:])
        also = f" (also missing: {names})" if names else ""
        raise ValidationError(f"a value is required{also}", param=missing[0].name)
    return payloads


def read_rows(
    lines: list[str], fn_spec: FunctionSpec, base: dict[str, Any], files: FileContext
) -> list[Row]:
    """Rows from JSON Lines text; bad rows carry their error instead of kwargs."""
    from autoui.pipeline import preprocess_inputs

    fn = WireFunction.from_json(fn_spec.to_json())
    rows: list[Row] = []
    for line in (line for line in lines if line.strip()):
        row = Row(index=len(rows))
        try:
            payloads = _parse_line(line, fn, base)
            row.kwargs = preprocess_inputs(fn_spec, payloads, files)
        except ValidationError as exc:
            where = f"{exc.param}: " if exc.param else ""
            row.result = _error(where + exc.message, param=exc.param)
        rows.append(row)
    return rows


def _result(event: Event) -> dict[str, Any]:
    if isinstance(event, Complete):
        return {"data": event.data}
    if isinstance(event, Failed):
        return _error(event.message, event.type, event.param)
    return _error("cancelled", "Cancelled")


class _Writer:
    """Writes results in row order as soon as every earlier row is known."""

    def __init__(self, out: IO[str], total: int) -> None:
        self.out = out
        self.total = total
        self.pending: dict[int, dict[str, Any]] = {}
        self.next = 0
        self.failed: list[int] = []

    def add(self, index: int, result: dict[str, Any]) -> None:
        if "error" in result:
            self.failed.append(index)
        self.pending[index] = result
        while self.next in self.pending:
            body = {"row": self.next, **self.pending.pop(self.next)}
            self.out.write(json.dumps(body) + "\n")
            self.next += 1
        self.out.flush()


class _Batches:
    """Runs the valid rows, in batches or with bounded concurrency."""

    def __init__(
        self,
        fn_spec: FunctionSpec,
        files: FileContext,
        done: Callable[[int, dict[str, Any]], None],
        alert: Callable[[int, Alert], None],
        settings: RunSettings,
        token: CancelToken,
    ) -> None:
        self.fn_spec = fn_spec
        self.files = files
        self.done = done
        self.alert = alert
        self.token = token
        self.settings = settings
        self.limit = asyncio.Semaphore(max(1, settings.concurrency))
        self.execution: Execution | None = None

    def _emit(self, index: int) -> Callable[[Event], None]:
        def emit(event: Event) -> None:
            if isinstance(event, Alert):
                self.alert(index, event)

        return emit

    async def one(self, row: Row) -> None:
        from autoui.isolation import Decoded

        assert row.kwargs is not None and self.execution is not None
        async with self.limit:
            event = await self.execution.call(
                self.fn_spec, Decoded(row.kwargs), self.files, emit=self._emit(row.index),
                cancel=self.token,
            )  # fmt: skip
        self.done(row.index, _result(event))

    async def chunk(self, rows: list[Row]) -> None:
        from autoui.isolation import Decoded, JobInput

        assert self.execution is not None
        members = [
            JobInput(Decoded(row.kwargs or {}), self.files, self._emit(row.index)) for row in rows
        ]
        async with self.limit:
            events = await self.execution.call_batch(self.fn_spec, members, cancel=self.token)
        for row, event in zip(rows, events, strict=True):
            self.done(row.index, _result(event))

    async def run(self, rows: list[Row], console: Console) -> None:
        slots = max(1, self.settings.concurrency)
        with sigint_cancels(self.token, console):
            async with running(self.fn_spec, self.settings, slots) as self.execution:
                batch = self.fn_spec.batch
                if batch is None:
                    await asyncio.gather(*(self.one(row) for row in rows))
                    return
                size = batch.max_batch_size
                chunks = [rows[i : i + size] for i in range(0, len(rows), size)]
                await asyncio.gather(*(self.chunk(chunk) for chunk in chunks))


def run_rows(
    fn_spec: FunctionSpec, settings: RunSettings, *, base: dict[str, Any], console: Console
) -> int:
    """Run every row of ``settings.rows_in``; write results; return the exit code."""
    from autoui.localfiles import LocalFiles
    from autoui.runner import CancelToken

    assert settings.rows_in is not None
    try:
        lines = settings.rows_in.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        console.print(
            f"[bold red]Error:[/] --in: cannot read {escape(str(settings.rows_in))}: "
            f"{escape(exc.strerror or str(exc))}",
            soft_wrap=True,
        )
        return USAGE
    files = LocalFiles(settings.out_dir, allow_paths=True)
    rows = read_rows(lines, fn_spec, base, files)
    start = time.perf_counter()
    token = CancelToken()
    with ExitStack() as stack:
        out = (
            stack.enter_context(open(settings.rows_out, "w", encoding="utf-8"))
            if settings.rows_out
            else results()
        )
        writer = _Writer(out, len(rows))
        progress = stack.enter_context(_overall_progress(console, len(rows)))
        task = progress.add_task(f"{fn_spec.name}", total=len(rows))

        def done(index: int, result: dict[str, Any]) -> None:
            writer.add(index, result)
            progress.advance(task)

        def alert(index: int, event: Alert) -> None:
            style = "yellow" if event.level == "warning" else "cyan"
            progress.console.print(f"[{style}]row {index}: {escape(event.message)}[/]")

        for row in rows:
            if row.result is not None:
                done(row.index, row.result)
        valid = [row for row in rows if row.kwargs is not None]
        batches = _Batches(fn_spec, files, done, alert, settings, token)
        asyncio.run(batches.run(valid, progress.console))
    _summary(console, writer, settings, time.perf_counter() - start)
    if token.cancelled:
        return CANCELLED
    return FAILED if writer.failed else OK


def _overall_progress(console: Console, total: int) -> Progress:
    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("rows"),
        TimeRemainingColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,  # a log file gets the summary, not bar frames
    )


def _summary(console: Console, writer: _Writer, settings: RunSettings, seconds: float) -> None:
    total = writer.total
    failed = sorted(writer.failed)
    where = f" → {settings.rows_out}" if settings.rows_out else ""
    text = f"{total} rows: {total - len(failed)} done, {len(failed)} failed{where} ({seconds:.1f}s)"
    if failed:
        shown = ", ".join(str(i) for i in failed[:10]) + (", …" if len(failed) > 10 else "")
        console.print(f"[bold red]{escape(text)}[/] [red](failed rows: {shown})[/]", soft_wrap=True)
    else:
        console.print(f"[green]{escape(text)}[/]", soft_wrap=True)
