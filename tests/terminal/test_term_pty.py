"""``autoui run`` in a real pseudo-terminal (pexpect): what a person at a terminal sees.

Each test starts ``python -m autoui run ...`` attached to a pty, so Rich draws live
progress and colours, prompts read from the "keyboard", and Ctrl+C is a real SIGINT.
Timeouts are generous (a loaded 2-core machine); assertions are about order, not speed.
"""

from __future__ import annotations

import os
import re
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pexpect
import pytest

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures_term.py"
TIMEOUT = 60
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@pytest.fixture
def note_dir(tmp_path: Path) -> Path:
    return tmp_path


@pytest.fixture
def spawn(note_dir: Path) -> Iterator[type[Terminal]]:
    started: list[pexpect.spawn] = []

    class Bound(Terminal):
        def __init__(self, *args: str, sigint_ignored: bool = False) -> None:
            super().__init__(note_dir, *args, sigint_ignored=sigint_ignored)
            started.append(self.child)

    yield Bound
    for child in started:  # stop what we started, by its own handle
        if child.isalive():
            child.terminate(force=True)


class Terminal:
    """One ``autoui run`` in a 100×40 pty."""

    def __init__(self, note_dir: Path, *args: str, sigint_ignored: bool = False) -> None:
        env = {
            **os.environ,
            "AUTOUI_TEST_DIR": str(note_dir),
            "TERM": "xterm-256color",
            "COLUMNS": "100",
            "LINES": "40",
            "PYTHONUNBUFFERED": "1",
        }
        env.pop("NO_COLOR", None)
        self.child = pexpect.spawn(
            sys.executable,
            ["-m", "autoui", "run", *args],
            env=env,
            cwd=str(note_dir),
            encoding="utf-8",
            timeout=TIMEOUT,
            dimensions=(40, 100),
            preexec_fn=_ignore_sigint if sigint_ignored else None,
        )

    def expect(self, *pieces: str) -> str:
        """Wait for the text ``pieces`` in this order on one line, colours or not.

        Returns what came before, without ANSI codes.
        """
        pattern = ".*?".join(_loose(piece) for piece in pieces)
        self.child.expect(pattern)
        return ANSI.sub("", str(self.child.before))

    def finish(self) -> tuple[int, str]:
        """Wait for exit: (exit status, everything not yet read, without ANSI codes)."""
        self.child.expect(pexpect.EOF)
        rest = str(self.child.before)
        self.child.close()
        status = self.child.exitstatus
        if status is None:  # killed by a signal
            status = 128 + (self.child.signalstatus or 0)
        return status, ANSI.sub("", rest)


def _after_live_region(raw: str) -> str:
    """What was printed after the live region was cleared for good, without ANSI codes."""
    return ANSI.sub("", raw.rsplit("\x1b[2K", 1)[-1])


def _ignore_sigint() -> None:
    """What a shell without job control gives a background command (``pytest ... &``)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _loose(text: str) -> str:
    """A regex for ``text`` that lets style codes sit between any two characters."""
    return "(?:\x1b\\[[0-9;]*m)*".join(re.escape(char) for char in text)


def fixture(name: str) -> str:
    return f"{FIXTURES}:{name}"


def test_prompts_retry_bad_values_then_run(spawn: type[Terminal]) -> None:
    term = spawn(fixture("plan"))
    term.expect("Guests", "INTEGER", ": ")
    term.child.sendline("abc")
    term.expect("expected a whole number, got 'abc'")
    term.expect("Guests", ": ")
    term.child.sendline("4")
    term.expect("1", "vegan")  # a numbered menu
    term.expect("3", "meat")
    term.expect("Menu", "[1-3]: ")
    term.child.sendline("pasta")
    term.expect("expected one of vegan, fish, meat; got 'pasta'")
    term.expect("Menu", "[1-3]: ")
    term.child.sendline("2")
    term.expect("Day", "YYYY-MM-DD", ": ")
    term.child.sendline("tomorrow")
    term.expect("expected a date like 2024-05-31, got 'tomorrow'")
    term.child.sendline("2024-05-31")
    status, rest = term.finish()
    assert status == 0
    assert "4 guests, fish, on 2024-05-31 (none)" in rest


def test_a_choice_is_picked_by_number_as_in_the_readme(spawn: type[Terminal]) -> None:
    """The README's calculator session: ÷ is choice 4, nobody has to type it."""
    term = spawn(str(HERE.parents[1] / "samples" / "calculator.py"))
    term.expect("NUMBER: ")
    term.child.sendline("7")
    term.expect("4", "÷")
    term.expect("Op", "[1-4]: ")
    term.child.sendline("4")
    term.expect("NUMBER: ")
    term.child.sendline("2")
    status, rest = term.finish()
    assert status == 0 and rest.strip().endswith("3.5")


def test_a_checkbox_group_is_picked_by_numbers(spawn: type[Terminal]) -> None:
    term = spawn(fixture("toppings"))
    term.expect("3", "basil")
    term.expect("Chosen", "[1-3, comma-separated]: ")
    term.child.sendline("3,1")
    status, rest = term.finish()
    assert status == 0 and rest.strip().endswith("basil + cheese")


def test_progress_bar_and_alerts_while_running(spawn: type[Terminal]) -> None:
    term = spawn(fixture("work"), "--steps", "4", "--delay", "0.5")
    term.expect("warming up")
    before = term.expect("working", "/4 steps")  # the bar, drawn while the function runs
    assert "4 steps done" not in before
    term.expect("almost done")
    status, rest = term.finish()
    assert status == 0 and "4 steps done" in rest


def test_tracked_tqdm_bar_is_drawn_by_autoui_alone(spawn: type[Terminal]) -> None:
    """``Progress(track_tqdm=True)``: autoui's bar, never tqdm's own written over it."""
    crunch = f"{HERE.parents[1] / 'samples' / 'progress_demo.py'}:crunch"
    term = spawn(crunch, "--numbers", "12")
    before = term.expect("crunching", "/12 it")  # autoui's bar, while it runs
    status, rest = term.finish()
    assert status == 0 and rest.strip().endswith("650")
    assert "it/s]" not in before + rest and "%|" not in before + rest  # tqdm's own drawing


def test_streamed_yields_appear_before_the_end(spawn: type[Terminal], note_dir: Path) -> None:
    term = spawn(fixture("ticks"), "--count", "3", "--delay", "1.5")
    term.expect("tick 1 of 3")
    assert term.child.isalive()  # still running: the yield was shown as it came
    assert "finally" not in _notes(note_dir)
    term.expect("tick 2 of 3")
    status, rest = term.finish()
    assert status == 0 and "tick 3 of 3" in rest
    assert _notes(note_dir).splitlines()[-1] == "finally"


@pytest.mark.parametrize("sigint_ignored", [False, True], ids=["sigint", "sigint-ignored"])
def test_ctrl_c_cancels_and_the_generator_cleans_up(
    spawn: type[Terminal], note_dir: Path, sigint_ignored: bool
) -> None:
    # Inherited ignored (a background test run starts everything so), Ctrl+C at the
    # terminal the command runs in the foreground of is still the command's own.
    args = (fixture("ticks"), "--count", "100", "--delay", "0.5")
    term = spawn(*args, sigint_ignored=sigint_ignored)
    term.expect("tick 1 of 100")
    term.child.sendintr()
    term.child.expect("Cancelled")
    assert re.search(r"tick \d+ of 100\s*$", _after_live_region(term.child.before))  # kept
    status, _ = term.finish()
    assert status == 130
    notes = _notes(note_dir).splitlines()
    assert notes[-1] == "finally" and len(notes) < 50


def test_user_error_is_a_red_panel_and_exit_1(spawn: type[Terminal]) -> None:
    term = spawn(fixture("fail"), "--kind", "user")
    term.child.expect(pexpect.EOF)
    raw = str(term.child.before)
    term.child.close()
    assert term.child.exitstatus == 1
    panel = ANSI.sub("", raw)
    assert "╭─ Oven" in panel and "the oven is cold" in panel
    red = re.search(r"\x1b\[[0-9;]*31m[^\x1b]*the oven is cold", raw)
    assert red is not None, raw


def test_image_output_is_previewed_in_colour(spawn: type[Terminal], tmp_path: Path) -> None:
    from PIL import Image

    picture = tmp_path / "in.png"
    Image.new("RGB", (60, 30), (0, 0, 255)).save(picture)
    term = spawn(fixture("invert"), "--picture", str(picture), "--out-dir", "out")
    term.child.expect(pexpect.EOF)
    raw = str(term.child.before)
    term.child.close()
    assert term.child.exitstatus == 0
    assert "▀" in raw and re.search(r"\x1b\[[0-9;]*38;(5;226|2;255;255;0)", raw), raw[:300]
    saved = list((tmp_path / "out").glob("*.png"))
    assert len(saved) == 1 and str(saved[0]) in ANSI.sub("", raw)


def _notes(note_dir: Path) -> str:
    log = note_dir / "ticks.log"
    return log.read_text() if log.exists() else ""


def test_several_functions_offer_a_numbered_list(spawn: type[Terminal]) -> None:
    term = spawn(str(FIXTURES))
    term.expect("5", "fixtures_term.py:square", "Square one number")
    term.expect("Run which function?")
    term.child.sendline("5")
    term.expect("Number", ": ")
    term.child.sendline("12")
    status, rest = term.finish()
    assert status == 0 and rest.strip().endswith("144")


def test_ctrl_c_at_a_prompt_quits_without_a_traceback(spawn: type[Terminal]) -> None:
    term = spawn(fixture("plan"))
    term.expect("Guests", ": ")
    term.child.sendintr()
    status, rest = term.finish()
    assert status == 130 and "Cancelled" in rest and "Traceback" not in rest


def test_chat_function_is_a_conversation_that_remembers(spawn: type[Terminal]) -> None:
    chat = HERE.parents[1] / "samples" / "chat.py"
    term = spawn(str(chat), "--style", "shout")
    term.expect("you", ": ")
    term.child.sendline("hello")
    term.expect("HELLO (message 1 of this chat)")
    term.expect("you", ": ")
    term.child.sendline("again")
    term.expect("AGAIN (message 2 of this chat)")
    term.expect("you", ": ")
    term.child.sendline("")
    status, _ = term.finish()
    assert status == 0


def test_redirected_result_keeps_progress_on_the_terminal(note_dir: Path) -> None:
    out = note_dir / "result.txt"
    command = f"{sys.executable} -m autoui run {fixture('work')} --steps 3 --delay 0.4 > {out}"
    child = pexpect.spawn(
        "/bin/sh", ["-c", command], encoding="utf-8", timeout=TIMEOUT, dimensions=(40, 100)
    )
    try:
        child.expect(_loose("/3 steps"))  # the bar, on the terminal (stderr)
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0
    assert out.read_text() == "3 steps done\n"  # the file holds the result alone


def test_ctrl_c_at_the_function_list_quits_cleanly(spawn: type[Terminal]) -> None:
    term = spawn(str(FIXTURES))
    term.expect("Run which function?")
    term.child.sendintr()
    status, rest = term.finish()
    assert status == 130 and "Cancelled" in rest and "Traceback" not in rest


def test_ctrl_c_stops_a_plain_sync_function_under_process_isolation(
    spawn: type[Terminal], note_dir: Path
) -> None:
    term = spawn(fixture("spin"), "--isolation", "process", "--cancel-grace", "5")
    log = note_dir / "spin.log"
    deadline = time.monotonic() + TIMEOUT
    while not log.exists() and time.monotonic() < deadline:  # the function has started
        time.sleep(0.05)
    worker = int(log.read_text().split()[1])
    term.child.sendintr()
    term.expect("Cancelled")
    status, rest = term.finish()
    assert status == 130 and "Traceback" not in rest
    assert log.read_text().splitlines()[-1] == "finally"  # interrupted inside, not abandoned
    with pytest.raises(ProcessLookupError):  # its process has exited, as has the command
        os.kill(worker, 0)


def test_a_chat_under_process_isolation_keeps_one_worker(spawn: type[Terminal]) -> None:
    term = spawn(fixture("where"), "--isolation", "process")
    pids = []
    for word in ("one", "two"):
        term.expect("you", ": ")
        term.child.sendline(word)
        term.child.expect(_loose(f"{word} from pid ") + r"(?:\x1b\[[0-9;]*m)*(\d+)")
        pids.append(int(term.child.match.group(1)))
    term.expect("you", ": ")
    term.child.sendline("")
    status, _ = term.finish()
    assert status == 0
    assert pids[0] == pids[1] != term.child.pid  # one worker answered both turns


def test_append_mode_grows_the_text_live_and_ctrl_c_keeps_it(spawn: type[Terminal]) -> None:
    tokens = HERE.parents[1] / "samples" / "tokens.py"
    words = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi"
    term = spawn(str(tokens), "--prompt", words, "--delay", "0.5")
    term.expect("alpha beta gamma")  # the tokens joined in the live region, not the last one
    term.child.sendintr()
    term.child.expect("Cancelled")
    kept = _after_live_region(term.child.before)
    assert re.search(r"alpha beta gamma( \w+)*\s*$", kept), kept  # the text so far stays
    status, _ = term.finish()
    assert status == 130


def test_a_text_taller_than_the_terminal_shows_its_newest_lines_live(tmp_path: Path) -> None:
    tokens = HERE.parents[1] / "samples" / "tokens.py"
    words = " ".join(f"w{n:03d}" for n in range(1, 161))  # 20 lines of 40 columns
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "40", "LINES": "8"}
    child = pexpect.spawn(
        sys.executable,
        ["-m", "autoui", "run", str(tokens), "--prompt", words, "--delay", "0.05"],
        env=env, cwd=str(tmp_path), encoding="utf-8", timeout=TIMEOUT, dimensions=(8, 40),
    )  # fmt: skip
    try:
        child.expect(_loose("lines above"))  # the first lines gave way to the newest
        child.expect("w100")  # drawn while the job runs: Ctrl+C still finds it running
        child.sendintr()
        child.expect("Cancelled")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 130
