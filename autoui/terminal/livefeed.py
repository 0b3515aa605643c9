"""A live input fed from the command line: standard input as it comes, or a file at 1×.

A function's live input (``Iterator[autoui.Audio]``, ``Iterator[Image]``) keeps the
option every input has, named after its parameter (``audio`` → ``--audio``, ``speech``
→ ``--speech``, ``frames`` → ``--frames``); what it is given decides how it is fed:

- ``--audio -``: raw s16le PCM from standard input, chunk by chunk as it arrives
  (``arecord -t raw``, ``sox ... -t raw -``, ``ffmpeg -f s16le -``), at the input's own
  rate and channels unless ``--audio-rate``/``--audio-channels`` say otherwise; a WAV
  stream (``RIFF`` first) says its own;
- ``--frames -``: an MJPEG byte stream from standard input (``ffmpeg -f mjpeg -``), split
  on the JPEG start/end markers;
- ``--realtime`` with a file (``--audio speech.wav``, ``--frames clip.mjpeg``, an image or
  GIF) feeds it live at 1× — audio by its length, frames at the input's fps — as a device
  would; with ``-`` it paces standard input the same way;
- a file *without* ``--realtime`` is a whole file, taken as fast as the function goes:
  the same answer, no live input involved.

While a live input is fed, the first Ctrl+C ends it (the function answers with what
came so far), the second cancels (:mod:`.interrupts`). :func:`pump` moves the chunks of
``autoui run`` into the function's input; ``autoui call`` hands them to the client's
``stream``.
"""

from __future__ import annotations

import asyncio
import functools
import os
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import click

from autoui.errors import ValidationError
from autoui.events import Failed
from autoui.terminal.naming import option_name
from autoui.terminal.options import extra_option
from autoui.terminal.outcome import RunSettings
from autoui.wire import WireFunction, WireLive

if TYPE_CHECKING:
    from autoui.streaming.channel import ChunkSink
    from autoui.terminal.live import LiveJobView

__all__ = ["LIVE_PANEL", "LiveFeed", "input_failed", "live_options", "pump", "take_live_feed"]

LIVE_PANEL = "Live input"
TERMINAL_LIMIT = 24 * 3600.0
"""The terminal's own live input has no time limit or idle timeout to speak of (a day):
the end of standard input, or Ctrl+C, ends it."""


@dataclass(frozen=True)
class LiveFeed:
    """The chunks of one call's live input, in the input's wire form, and their source."""

    live: WireLive
    chunks: Iterator[bytes]
    source: str


def live_options(fn: WireFunction) -> list[click.Option]:
    """``--realtime`` and, for audio, the raw PCM format options of ``fn``'s live input."""
    live = fn.live
    if live is None:
        return []
    option = option_name(live.param)
    pace = "its length" if live.kind == "audio" else f"{live.fps:g} frames a second"
    options = [
        extra_option(
            "realtime", "--realtime", default=False, type=bool, panel=LIVE_PANEL,
            help=f"Feed {option} live at 1× ({pace}), as a device would, instead of as "
            "fast as the function takes it. Ctrl+C ends the input; a second Ctrl+C cancels.",
        ),
    ]  # fmt: skip
    if live.kind == "audio":
        options += [
            extra_option(
                "live_rate", f"{option}-rate", type=click.IntRange(1000, 192_000),
                metavar="HZ", panel=LIVE_PANEL,
                help=f"With {option} -: the sample rate of the raw PCM on standard input "
                f"[default: {live.rate}, the input's own].",
            ),
            extra_option(
                "live_channels", f"{option}-channels", type=click.IntRange(1, 2),
                metavar="N", panel=LIVE_PANEL,
                help=f"With {option} -: 1 (mono) or 2 (stereo, interleaved) "
                f"[default: {live.channels}].",
            ),
        ]  # fmt: skip
    return options


def take_live_feed(fn: WireFunction, inputs: dict[str, Any], run: RunSettings) -> LiveFeed | None:
    """The live feed the command line asks for, its value taken out of ``inputs``.

    None when the live input (if any) is given a whole file or nothing.

    Raises:
        ValidationError: a source that cannot be read (names the option), or a format
            option without ``-``.
    """
    live = fn.live
    if live is None:
        return None
    raw = inputs.get(live.param)
    option = option_name(live.param)
    if not (raw == "-" or (run.realtime and isinstance(raw, str))):
        if run.live_rate or run.live_channels:
            raise ValidationError(
                f"{option}-rate and {option}-channels describe raw PCM on standard input: "
                f"use them with {option} -"
            )
        if run.realtime:
            raise ValidationError(f"--realtime feeds {option} live: give {option} PATH or -")
        return None
    del inputs[live.param]
    try:
        chunks = _stdin_chunks(live, run) if raw == "-" else _file_chunks(live, str(raw))
    except ValidationError as exc:
        raise exc.with_param(live.param) from None
    if run.realtime:
        from autoui.streaming.chunks import paced

        chunks = paced(chunks, live)
    return LiveFeed(live, chunks, "standard input" if raw == "-" else str(raw))


def _stdin_chunks(live: WireLive, run: RunSettings) -> Iterator[bytes]:
    from autoui.streaming.chunks import mjpeg_stream, pcm_stream

    if sys.stdin is None or sys.stdin.isatty():
        raise ValidationError("'-' streams from standard input, but nothing was piped in")
    # os.read: no Python-level buffer (and its lock) held while a read waits for input
    read = functools.partial(os.read, sys.stdin.fileno())
    if live.kind == "video":
        return mjpeg_stream(read)
    rate, channels = run.live_rate or live.rate, run.live_channels or live.channels
    return pcm_stream(read, live, rate=rate, channels=channels)


def _file_chunks(live: WireLive, raw: str) -> Iterator[bytes]:
    from autoui.streaming.chunks import chunks_of

    return chunks_of(raw, live)


def pump(
    feed: LiveFeed,
    sink: ChunkSink,
    loop: asyncio.AbstractEventLoop,
    on_error: Callable[[str], None],
) -> threading.Thread:
    """Feed ``sink`` (on ``loop``) from a daemon thread, then end it.

    A read from standard input blocks until the producer writes, so it has a thread of
    its own that nothing waits for at exit. A put waits while the policy says the
    backlog is full (``all``); it returns False once the input is over, and the pump
    stops. A chunk that cannot be read ends the input and ``on_error`` says why.
    """

    def run() -> None:
        try:
            for chunk in feed.chunks:
                if not asyncio.run_coroutine_threadsafe(sink.put(chunk), loop).result():
                    return
        except ValidationError as exc:
            _call_soon(loop, on_error, f"{option_name(feed.live.param)}: {exc.message}")
        except (RuntimeError, OSError, asyncio.CancelledError):
            return  # the loop is gone (the call is over) or standard input broke
        finally:
            _call_soon(loop, sink.end)

    thread = threading.Thread(target=run, name="autoui-live-input", daemon=True)
    thread.start()
    return thread


def _call_soon(loop: asyncio.AbstractEventLoop, fn: Callable[..., Any], *args: Any) -> None:
    try:
        loop.call_soon_threadsafe(fn, *args)
    except RuntimeError:
        pass  # the loop was closed: nobody is listening any more


def input_failed(view: LiveJobView, feed: LiveFeed, message: str) -> Failed:
    """The outcome of a call whose live input broke (a chunk that could not be read)."""
    failed = Failed(message=message, type="ValidationError", param=feed.live.param)
    view.handle(failed)
    return failed
