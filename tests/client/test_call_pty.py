"""``autoui call`` in a real pseudo-terminal: the live view, prompts and Ctrl+C."""

from __future__ import annotations

import re
import sys

import pexpect


def spawn(*args: str) -> pexpect.spawn:
    child = pexpect.spawn(
        sys.executable, ["-m", "autoui", "call", *args], encoding="utf-8", timeout=60,
        dimensions=(30, 100), env={"TERM": "xterm-256color", "COLUMNS": "100", "PATH": "/usr/bin"},
    )  # fmt: skip
    return child


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
    child = spawn(demo_url, "count", "--n", "200", "--delay", "0.1")
    try:
        child.expect(r"ℹ.{0,30}counting")
        child.sendintr()
        child.expect("Cancelling")
        child.expect("Cancelled")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 130
