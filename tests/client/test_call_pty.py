"""``autoui call`` in a real pseudo-terminal: the live view, prompts and Ctrl+C."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time

import pexpect

ENV = {"TERM": "xterm-256color", "COLUMNS": "100", "PATH": "/usr/bin"}


def spawn(*args: str, sigint_ignored: bool = False) -> pexpect.spawn:
    child = pexpect.spawn(
        sys.executable, ["-m", "autoui", "call", *args], encoding="utf-8", timeout=60,
        dimensions=(30, 100), env={**ENV, "PYTHONPATH": os.environ.get("PYTHONPATH", "")},
        preexec_fn=_ignore_sigint if sigint_ignored else None,
    )  # fmt: skip
    return child


def _ignore_sigint() -> None:
    """What a shell without job control gives a background command (``pytest ... &``)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def test_live_progress_alerts_and_result(demo_url: str) -> None:
    child = spawn(demo_url, "count", "--n", "6", "--delay", "0.3")
    try:
        child.expect(r"ℹ.{0,30}counting")
        child.expect(r"[1-5]/6 steps")  # the progress bar, while it runs
        child.expect(r"⚠.{0,30}done counting")
        child.expect(pexpect.EOF)
        last = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", child.before).strip().splitlines()[-1]
        assert last.strip() == "6"
    finally:
        child.close(force=True)
    assert child.exitstatus == 0


def test_missing_value_is_asked_for(demo_url: str) -> None:
    child = spawn(demo_url, "echo")
    try:
        child.expect("Text")
        child.sendline("typed in")
        child.expect("typed in")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0


def test_ctrl_c_cancels_the_job_on_the_server(demo_url: str) -> None:
    # Started with SIGINT ignored, as everything a background test run starts is: the
    # terminal's Ctrl+C is still the command's own, since it runs in that terminal's
    # foreground (the suite's flake: Python installs no KeyboardInterrupt handler then).
    child = spawn(demo_url, "count", "--n", "200", "--delay", "0.1", sigint_ignored=True)
    try:
        child.expect(r"ℹ.{0,30}counting")
        child.expect(r"[1-9]/200")  # a step or more has streamed
        child.sendintr()
        child.expect("Cancelling")
        child.expect("Cancelled")
        kept = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", str(child.before).rsplit("\x1b[2K", 1)[-1])
        assert re.fullmatch(r"\s*\d+\s*", kept), kept  # the latest value streamed stays
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 130


def test_an_ignored_sigint_stays_ignored_without_a_terminal(demo_url: str) -> None:
    """A background job (input not a terminal) keeps the SIGINT its shell ignored."""
    command = [sys.executable, "-m", "autoui", "call", demo_url, "count", "--n", "8"]
    with subprocess.Popen(
        [*command, "--delay", "0.25"], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, preexec_fn=_ignore_sigint,
        env={**ENV, "PYTHONPATH": os.environ.get("PYTHONPATH", "")},
    ) as proc:  # fmt: skip
        assert proc.stdout is not None
        first = proc.stdout.readline()  # its first alert: the job runs
        proc.send_signal(signal.SIGINT)
        started = time.monotonic()
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "counting" in first and out.split()[-1] == "8" and "Cancel" not in err
    assert time.monotonic() - started > 0.5  # it went on to the end
