"""One slot: a child process that runs one job at a time, seen from the parent.

The parent is the only dispatcher. It sends a :class:`~autoui.isolation.protocol.Run`
only to an idle slot and remembers which run that slot has, so stopping a job can
never hit the job after it (Celery's ``revoke(terminate=True)`` race): a stop names
the run, and the kill, if it comes, falls on a process whose run is still that one.

Stopping is two-stage (:meth:`Slot.stop`): a :class:`~autoui.isolation.protocol.Stop`
first (the child cancels the run and interrupts its code, whose ``finally`` blocks run;
the process and what it imported survive), then, if the run has not ended within
``grace`` seconds, ``SIGKILL``. Either way the job ends with the outcome the stop was
given (``cancelled``, or a ``TimeLimit`` error) only once its code has really stopped.
A process that dies by itself ends its job with a ``WorkerCrashed`` error.

Everything here runs on the event loop thread; the pipe and the process's exit are
watched with ``add_reader``, so no thread waits per slot.
"""

from __future__ import annotations

import asyncio
import atexit
import functools
import itertools
import logging
import os
import threading
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.reduction import ForkingPickler
from typing import Any

from autoui.cancel import CancelToken
from autoui.events import Cancelled, Event
from autoui.files import FileContext
from autoui.isolation.calls import JobInput
from autoui.isolation.child import SlotOptions, slot_main
from autoui.isolation.fnref import FunctionRef
from autoui.isolation.outcomes import crash_failure
from autoui.isolation.protocol import (
    ChunkReply,
    CloseInput,
    Done,
    Emit,
    FileReply,
    FileRequest,
    LogRecord,
    Ready,
    Run,
    StartFailed,
    Stop,
    TakeChunk,
)
from autoui.isolation.slotfiles import answer
from autoui.isolation.slotinput import answer_take, limits_of
from autoui.spec import FunctionSpec
from autoui.streaming.backlog import Drops
from autoui.streaming.channel import ChunkSource

__all__ = ["Slot", "SlotStartError", "kill_all"]

log = logging.getLogger("autoui")
_BIG_MESSAGE = 256 * 1024  # bytes: a Run this large is written by a worker thread
_CLOSE_WAIT = 1.0  # seconds an idle slot gets to exit on its own when the pool closes
_LIVE: weakref.WeakSet[Slot] = weakref.WeakSet()


def kill_all() -> None:
    """``SIGKILL`` every slot process of this process, now (when the parent must quit at once).

    A slot notices its parent is gone when its pipe closes, unless its code holds the
    interpreter in C; quitting paths call this first, and it runs at interpreter exit.
    """
    for slot in list(_LIVE):
        slot.kill()


@functools.cache
def _kill_all_at_exit() -> None:
    atexit.register(kill_all)


class SlotStartError(Exception):
    """A slot process could not load the functions, or died before it was ready."""

    def __init__(self, message: str, details: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class SlotError(Exception):
    """An exception raised in a slot process, logged again by the parent.

    Its ``__cause__`` carries the traceback as it was in the child.
    """


class _RemoteTraceback(Exception):
    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text

    def __str__(self) -> str:
        return "\n" + self.text


@dataclass
class _ActiveRun:
    """The run a slot is busy with, and how it will end."""

    seq: int
    fn_spec: FunctionSpec
    files: Sequence[FileContext]
    emits: Sequence[Callable[[Event], None]]
    result: asyncio.Future[list[Event]]
    outcome: Event | None = None  # set by a stop: what the job ends with
    timers: list[asyncio.TimerHandle] = field(default_factory=list)
    live: ChunkSource | None = None  # the job's live input, taken from by the child
    takes: set[asyncio.Task[None]] = field(default_factory=set)


class Slot:
    """A child process, started by :meth:`start`, given runs by :meth:`run`.

    Args:
        context: the multiprocessing context (forkserver or spawn).
        refs: the functions the child imports.
        options: passed to every slot of the pool.
        grace: seconds between the soft and the hard stage of a stop.
        on_exit: called once when the process has exited (crashed, killed or closed).
    """

    def __init__(
        self,
        context: Any,
        refs: list[FunctionRef],
        options: SlotOptions,
        *,
        grace: float,
        on_exit: Callable[[Slot], None],
    ) -> None:
        self.grace = grace
        self.ready = False
        self.exitcode: int | None = None
        self.pid: int | None = None
        self._context = context
        self._refs = refs
        self._options = options
        self._on_exit = on_exit
        self._loop = asyncio.get_running_loop()
        self._started: asyncio.Future[None] = self._loop.create_future()
        self._exited = asyncio.Event()
        self._run: _ActiveRun | None = None
        self._seqs = itertools.count(1)
        self._send_lock = threading.Lock()
        self._process: Any = None
        self._conn: Connection | None = None
        self._answers: set[asyncio.Task[None]] = set()

    @property
    def busy(self) -> bool:
        return self._run is not None

    @property
    def alive(self) -> bool:
        return not self._exited.is_set()

    # -- life ---------------------------------------------------------------------------
    async def start(self) -> None:
        """Start the process and wait until it has loaded the functions.

        Raises:
            SlotStartError: it could not load them, or died first.
        """
        conn, child_conn = self._context.Pipe(duplex=True)
        process = self._context.Process(
            target=slot_main, args=(child_conn, self._refs, self._options), name="autoui-slot"
        )
        await self._loop.run_in_executor(None, process.start)
        _LIVE.add(self)
        _kill_all_at_exit()
        child_conn.close()
        self._process, self._conn, self.pid = process, conn, process.pid
        self._loop.add_reader(conn.fileno(), self._on_readable)
        # uvloop (libuv) makes a watched fd non-blocking: a message the child writes in
        # parts (over 16 KiB) would then fail mid-read (EAGAIN, taken for a closed pipe)
        # and the job would wait forever. Reads start only once data is there: block.
        os.set_blocking(conn.fileno(), True)
        self._loop.add_reader(process.sentinel, self._on_sentinel)
        await self._started
        self.ready = True

    def kill(self) -> None:
        """``SIGKILL`` the process (the hard stage); its exit is handled as it comes."""
        if self._process is not None and self.alive:
            self._process.kill()

    async def close(self) -> None:
        """End the process: an idle one is let go, a busy one (or a slow one) killed."""
        if self._process is None:
            return
        if self._run is None and self._conn is not None:
            self._loop.remove_reader(self._conn.fileno())
            self._conn.close()  # the child sees the pipe close and exits
            self._conn = None
            try:
                await asyncio.wait_for(self._exited.wait(), _CLOSE_WAIT)
                return
            except asyncio.TimeoutError:
                pass
        self.kill()
        await self._exited.wait()

    # -- running ------------------------------------------------------------------------
    async def run(
        self,
        fn_spec: FunctionSpec,
        members: Sequence[JobInput],
        *,
        batch: bool,
        cancel: CancelToken,
        deadline: tuple[float, Event] | None = None,
        live: ChunkSource | None = None,
    ) -> list[Event]:
        """Run one job (or one batch) here; one terminal event per job, each also emitted.

        Args:
            cancel: stops the run (:meth:`stop` with ``cancelled``).
            deadline: ``(seconds, outcome)``: stop the run with ``outcome`` if it runs
                longer than that.
            live: the job's live input; the child takes its items one by one
                (:mod:`autoui.isolation.slotinput`).
        """
        assert self._run is None, "a slot runs one job at a time"
        files = [member.files for member in members]
        emits = [member.emit for member in members]
        run = _ActiveRun(next(self._seqs), fn_spec, files, emits, self._loop.create_future())
        run.live = live
        self._run = run
        if deadline is not None:
            seconds, outcome = deadline
            run.timers.append(self._loop.call_later(seconds, self._stop_if_current, run, outcome))
        stop = self._cancel_callback(run)
        cancel.add_callback(stop)
        try:
            inputs = [member.data for member in members]
            limits = None if live is None else limits_of(live)
            await self._send_run(Run(run.seq, fn_spec.name, inputs, batch, limits), run)
            events = await run.result
        finally:
            cancel.remove_callback(stop)
            for timer in run.timers:
                timer.cancel()
            for take in run.takes:
                take.cancel()
            self._run = None
        for emit, event in zip(emits, events, strict=True):
            emit(event)
        return events

    def _cancel_callback(self, run: _ActiveRun) -> Callable[[], None]:
        def stop() -> None:
            self._stop_if_current(run, Cancelled())

        return stop

    def stop(self, outcome: Event) -> None:
        """Stop the current run; the job will end with ``outcome`` once its code has stopped."""
        run = self._run
        if run is None or run.outcome is not None:
            return
        run.outcome = outcome
        if self.grace <= 0:
            self.kill()
            return
        self._send_quietly(Stop(run.seq))
        run.timers.append(self._loop.call_later(self.grace, self._hard_stop, run))

    def _stop_if_current(self, run: _ActiveRun, outcome: Event) -> None:
        if self._run is run:
            self.stop(outcome)

    def _hard_stop(self, run: _ActiveRun) -> None:
        if self._run is run:  # still the same run: never a later job's
            self.kill()

    # -- messages -----------------------------------------------------------------------
    async def _send_run(self, message: Run, run: _ActiveRun) -> None:
        data = ForkingPickler.dumps(message)
        try:
            if len(data) < _BIG_MESSAGE:
                self._send_bytes(data)
            else:  # do not stall the event loop while the child reads megabytes
                await self._loop.run_in_executor(None, self._send_bytes, data)
        except OSError:  # it died just now: its exit ends the run
            await self._exited.wait()
            if not run.result.done():
                run.result.set_result([crash_failure(run.fn_spec, self.exitcode)] * len(run.emits))

    def _send_bytes(self, data: Any) -> None:
        with self._send_lock:
            if self._conn is None:
                raise OSError("the slot's pipe is closed")
            self._conn.send_bytes(data)

    def _send_quietly(self, message: Any) -> None:
        try:
            self._send_bytes(ForkingPickler.dumps(message))
        except OSError:  # the process is gone; its exit is being handled
            pass

    def _on_readable(self) -> None:
        conn = self._conn
        if conn is None:
            return
        try:
            while conn.poll():
                self._handle(conn.recv())
        except (EOFError, OSError):  # the child closed its end: wait for its exit
            self._loop.remove_reader(conn.fileno())
        except Exception:  # noqa: BLE001 - a message we cannot read: the pipe is out of step
            log.exception("could not read a message from worker process %s; ending it", self.pid)
            self._loop.remove_reader(conn.fileno())
            self.kill()

    def _handle(self, message: Any) -> None:
        if isinstance(message, Emit | Done):
            self._handle_run(message)
        elif isinstance(message, FileRequest):
            task = self._loop.create_task(self._answer(message))
            self._answers.add(task)
            task.add_done_callback(self._answers.discard)
        elif isinstance(message, TakeChunk | CloseInput):
            self._live_message(message)
        elif isinstance(message, LogRecord):
            _log_again(message, self.pid)
        elif not self._started.done():
            if isinstance(message, Ready):
                self._started.set_result(None)
            elif isinstance(message, StartFailed):
                self._started.set_exception(SlotStartError(message.message, message.details))

    def _handle_run(self, message: Emit | Done) -> None:
        """An event or the end of the current run (a late one of an earlier run is dropped)."""
        run = self._run
        if run is None or run.seq != message.seq:
            return
        if isinstance(message, Emit):
            if run.outcome is None:  # once stopping, the job waits only for its end
                run.emits[message.index](message.event)
        elif not run.result.done():
            events = message.events
            if run.outcome is not None:
                events = [run.outcome] * len(events)
            run.result.set_result(events)

    async def _answer(self, request: FileRequest) -> None:
        run = self._run
        if run is None or run.seq != request.seq:
            reply = FileReply(request.request, error=("RuntimeError", "the job has ended", None))
        else:
            files = run.files[request.index]
            reply = await self._loop.run_in_executor(None, answer, files, request)
        self._send_quietly(reply)

    def _live_message(self, message: TakeChunk | CloseInput) -> None:
        """The child takes from, or stops, the live input of its current run."""
        run = self._run
        live = run.live if run is not None and run.seq == message.seq else None
        if isinstance(message, CloseInput):
            if live is not None:
                live.close(message.reason)
        elif live is None:  # a late take of a run that has ended
            self._send_quietly(
                ChunkReply(message.seq, message.request, None, False, "the job ended", Drops())
            )
        else:
            assert run is not None
            task = self._loop.create_task(self._take(live, message))
            run.takes.add(task)
            task.add_done_callback(run.takes.discard)

    async def _take(self, live: ChunkSource, message: TakeChunk) -> None:
        data = ForkingPickler.dumps(await answer_take(live, message))
        try:
            if len(data) < _BIG_MESSAGE:
                self._send_bytes(data)
            else:  # a large frame: do not stall the event loop while the child reads it
                await self._loop.run_in_executor(None, self._send_bytes, data)
        except OSError:  # it died just now: its exit ends the run
            pass

    # -- exit ---------------------------------------------------------------------------
    def _on_sentinel(self) -> None:
        process = self._process
        self._loop.remove_reader(process.sentinel)
        if self._conn is not None:
            self._on_readable()  # what it sent before it went
            self._loop.remove_reader(self._conn.fileno())
            self._conn.close()
            self._conn = None
        process.join(0)
        self.exitcode = process.exitcode
        self._exited.set()
        if not self._started.done():
            self._started.set_exception(_died_starting(self.exitcode))
        run = self._run
        if run is not None and not run.result.done():
            outcome = run.outcome or crash_failure(run.fn_spec, self.exitcode)
            run.result.set_result([outcome] * len(run.emits))
        self._on_exit(self)


def _died_starting(exitcode: int | None) -> SlotStartError:
    from autoui.isolation.outcomes import describe_exit

    return SlotStartError(f"the worker process exited while starting ({describe_exit(exitcode)})")


def _log_again(record: LogRecord, pid: int | None) -> None:
    if record.traceback is None:
        log.log(record.level, "%s", record.message)
        return
    exc = SlotError(f"{record.exc_type} (in worker process {pid})")
    exc.__cause__ = _RemoteTraceback(record.traceback)
    log.log(record.level, "%s", record.message, exc_info=(SlotError, exc, None))
