"""The body of a slot process: import the functions once, then run one job at a time.

Two threads, each with one job:

- the **main thread** runs the job's sync code (:class:`MainThreadExecutor`), so the
  soft stage of a cancel — a signal — can interrupt it;
- the **loop thread** runs the event loop: the runner, ``async`` functions, the
  throttling of progress, the sending of events, and the reading of the parent's
  messages (``add_reader`` on the pipe), acted on at once: a run becomes a task, a stop
  cancels the run's token *and* interrupts the main thread, a file reply wakes the code
  waiting for it. The loop is free while sync user code runs, which is what makes a
  cancel prompt; one thread less to wake keeps a call cheap.

The process ignores ``SIGINT``: a Ctrl+C in the terminal is the parent's to handle (it
turns it into a stop). When the pipe closes (the parent is gone, or closing the pool),
an idle slot exits; a busy one is ended at once.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import threading
import traceback
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from autoui.cancel import CancelToken
from autoui.events import Event, Failed
from autoui.isolation.calls import JobInput, run_job, run_job_batch
from autoui.isolation.fnref import FunctionRef
from autoui.isolation.mainthread import MainThreadExecutor
from autoui.isolation.protocol import (
    ChunkReply,
    Done,
    Emit,
    FileReply,
    LogRecord,
    Ready,
    Run,
    StartFailed,
    Stop,
)
from autoui.isolation.slotfiles import FileRequests, SlotFiles
from autoui.isolation.slotinput import SlotInput
from autoui.limits import InputLimits
from autoui.spec import FunctionSpec

__all__ = ["SlotOptions", "slot_main"]

log = logging.getLogger("autoui")
_EXIT_AFTER = 2.0  # seconds a busy slot may take to end once its parent has gone
_UNREADABLE = 70  # exit code of a slot that got a message it could not unpickle


@dataclass(frozen=True)
class SlotOptions:
    """What every slot of a pool is told when it starts."""

    spool: str
    show_errors: bool = False
    limits: InputLimits | None = None


def slot_main(conn: Connection, refs: list[FunctionRef], options: SlotOptions) -> None:
    """Run as the target of the slot's :class:`multiprocessing.Process`."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    child = SlotChild(conn, options)
    try:
        specs = {ref.name: ref.resolve() for ref in refs}
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, then we exit
        message = getattr(exc, "message", None) or f"{type(exc).__name__}: {exc}"
        child.send(StartFailed(str(message), getattr(exc, "details", None) or ""))
        return
    child.serve(specs)


class SlotChild:
    """The child's state: its pipe, its threads and the runs in progress."""

    def __init__(self, conn: Connection, options: SlotOptions) -> None:
        self.conn = conn
        self.options = options
        self.specs: dict[str, FunctionSpec] = {}
        self.main = MainThreadExecutor()
        self.loop = asyncio.new_event_loop()
        self.tokens: dict[int, CancelToken] = {}
        self.inputs: dict[int, SlotInput] = {}  # the live input of a run fed live
        self.files = FileRequests(self.send, self._receive_on_loop)
        self._send_lock = threading.Lock()
        self._loop_thread: threading.Thread | None = None
        self._runs: set[asyncio.Task[None]] = set()

    def send(self, message: Any) -> None:
        with self._send_lock:
            self.conn.send(message)

    def serve(self, specs: dict[str, FunctionSpec]) -> None:
        self.specs = specs
        _forward_logs(self)
        self.loop.add_reader(self.conn.fileno(), self._readable)
        self._loop_thread = threading.Thread(
            target=self.loop.run_forever, name="autoui-slot-loop", daemon=True
        )
        self._loop_thread.start()
        self.send(Ready(os.getpid()))
        self.main.serve()  # until the pipe closes

    # -- the parent's messages, on the loop thread -------------------------------------
    def _readable(self) -> None:
        while self.conn.poll():
            if not self._receive():
                self.loop.remove_reader(self.conn.fileno())
                self._parent_gone()
                return

    def _receive(self) -> bool:
        """Read and act on one message; False when the pipe has closed."""
        try:
            message = self.conn.recv()
        except (EOFError, OSError):
            return False
        except Exception:  # noqa: BLE001 - a message it cannot read: the pipe is out of step
            log.exception("a worker process could not read a message from the server")
            os._exit(_UNREADABLE)
        if isinstance(message, Run):
            task = self.loop.create_task(self._run(message))
            self._runs.add(task)  # the loop keeps only a weak reference
            task.add_done_callback(self._runs.discard)
        elif isinstance(message, Stop):
            self._stop(message.seq)
        elif isinstance(message, FileReply):
            self.files.answered(message)
        elif isinstance(message, ChunkReply):
            live = self.inputs.get(message.seq)
            if live is not None:
                live.answered(message)
        return True

    def _receive_on_loop(self) -> bool:
        """For a file request made on the loop thread itself: read the pipe right here."""
        if threading.current_thread() is not self._loop_thread:
            return False
        if not self._receive():
            raise OSError("the server has gone")  # the pipe closed: no reply will come
        return True

    def _stop(self, seq: int) -> None:
        token = self.tokens.get(seq)
        if token is not None:
            token.cancel()
        self.main.interrupt(seq)

    def _parent_gone(self) -> None:
        if self.main.busy:
            os._exit(0)  # nobody is waiting for this job any more
        self.main.shutdown()
        timer = threading.Timer(_EXIT_AFTER, os._exit, (0,))
        timer.daemon = True
        timer.start()

    # -- the loop thread ---------------------------------------------------------------
    async def _run(self, run: Run) -> None:
        count = len(run.inputs)
        token = CancelToken()
        self.tokens[run.seq] = token
        self.main.job = run.seq
        spool = Path(self.options.spool)
        members = [
            JobInput(
                data, SlotFiles(self.files, run.seq, index, spool), self._emitter(run.seq, index)
            )
            for index, data in enumerate(run.inputs)
        ]
        common: dict[str, Any] = {
            "cancel": token,
            "show_errors": self.options.show_errors,
            "executor": self.main,
            "limits": self.options.limits,
        }
        if run.live is not None:
            self.inputs[run.seq] = SlotInput(self.send, run.seq, run.live, self.loop)
        try:
            fn_spec = self.specs[run.fn]
            if run.batch:
                events = await run_job_batch(fn_spec, members, **common)
            else:
                member = members[0]
                live = self.inputs.get(run.seq)
                events = [
                    await run_job(
                        fn_spec, member.data, member.files, emit=member.emit, live=live, **common
                    )
                ]
        except Exception:  # noqa: BLE001 - the parent must always hear how the run ended
            log.exception("running %s in a worker process failed", run.fn)
            events = [Failed(message="internal error", type="InternalError")] * count
        finally:
            self.main.job = None
            del self.tokens[run.seq]
            self.inputs.pop(run.seq, None)
        if not self._send_quietly(Done(run.seq, events)):
            failure = Failed(
                message=f"the result of {run.fn} could not be sent from its worker process",
                type="InternalError",
            )
            self._send_quietly(Done(run.seq, [failure] * count))

    def _emitter(self, seq: int, index: int) -> Any:
        def emit(event: Event) -> None:
            # The terminal ones go in Done, once the code has stopped. The others go at
            # once, unbatched: ``started`` must be out before the job's code may hold the
            # interpreter (a C call) and keep this thread from sending anything.
            if not event.terminal:
                self._send_quietly(Emit(seq, index, event))

        return emit

    def _send_quietly(self, message: Any) -> bool:
        """Send; False (logged) if the message cannot be pickled. Nothing was written then."""
        try:
            self.send(message)
        except OSError:  # the parent is gone; the loop sees the pipe close and ends us
            pass
        except Exception:  # noqa: BLE001 - an unpicklable value must not end the slot
            log.exception("a worker process could not send %s", type(message).__name__)
            return False
        return True


class _PipeLogHandler(logging.Handler):
    """Hands the child's ``autoui`` log records to the parent, tracebacks as text."""

    def __init__(self, child: SlotChild) -> None:
        super().__init__(logging.INFO)
        self.child = child

    def emit(self, record: logging.LogRecord) -> None:
        exc_type = text = None
        if record.exc_info and record.exc_info[1] is not None:
            exc_type = type(record.exc_info[1]).__name__
            text = "".join(traceback.format_exception(*record.exc_info))
        message = LogRecord(record.levelno, record.getMessage(), exc_type, text)
        try:
            self.child.send(message)
        except OSError:
            pass


def _forward_logs(child: SlotChild) -> None:
    logger = logging.getLogger("autoui")
    logger.handlers[:] = [_PipeLogHandler(child)]
    logger.setLevel(logging.INFO)
    logger.propagate = False
