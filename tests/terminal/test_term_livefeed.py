"""A live input fed from the terminal (S7): ``... | autoui run app.py --audio -``, in a pty.

Each test pipes a real producer (``tone_source.py``: raw s16le PCM, as ``arecord -t raw``
or ``sox ... -t raw -`` give) into ``python -m autoui run`` or ``autoui call`` attached to
a pseudo-terminal, so Rich draws its live view and Ctrl+C is a real SIGINT sent to the
whole pipeline. Assertions are about what a person sees and the exit code, in order;
timeouts are generous (a loaded 2-core machine).
"""

from __future__ import annotations

import io
import json
import os
import re
import shlex
import subprocess
import sys
import wave
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pexpect
import pytest
from PIL import Image
from serving import Server, default_sigint

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
TUNER = ROOT / "samples" / "tuner.py"
SOURCE = HERE / "tone_source.py"
FIXTURES = HERE / "fixtures_live.py"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
TIMEOUT = 90


class Pipeline:
    """``PRODUCER | python -m autoui ARGS`` in a 100×40 pty (bash runs the pipe)."""

    def __init__(self, producer: str, args: list[str], note_dir: Path) -> None:
        env = {
            **os.environ,
            "AUTOUI_TEST_DIR": str(note_dir),
            "TERM": "xterm-256color",
            "COLUMNS": "100",
            "LINES": "40",
            "PYTHONUNBUFFERED": "1",
        }
        autoui = shlex.join([sys.executable, "-m", "autoui", *args])
        self.child = pexpect.spawn(
            "bash", ["-c", f"{producer} | {autoui}"], env=env, cwd=str(note_dir),
            encoding="utf-8", timeout=TIMEOUT, dimensions=(40, 100), preexec_fn=default_sigint,
        )  # fmt: skip
        self.seen = ""

    def expect(self, text: str) -> None:
        """Wait for ``text`` (colour codes may sit between its characters)."""
        self.child.expect("(?:\x1b\\[[0-9;]*m)*".join(re.escape(c) for c in text))
        self.seen += ANSI.sub("", str(self.child.before)) + text

    def finish(self) -> tuple[int, str]:
        """(exit status, what came after the last expect, without colour codes)."""
        self.child.expect(pexpect.EOF)
        rest = ANSI.sub("", str(self.child.before))
        self.child.close()
        return int(self.child.exitstatus if self.child.exitstatus is not None else -1), rest


@pytest.fixture
def pipe(tmp_path: Path) -> Iterator[type[Pipeline]]:
    started: list[pexpect.spawn] = []

    class Bound(Pipeline):
        def __init__(self, producer: str, *args: str) -> None:
            super().__init__(producer, list(args), tmp_path)
            started.append(self.child)

    yield Bound
    for child in started:  # stop what we started, by its own handle
        if child.isalive():
            child.terminate(force=True)


def source(*tones: str, realtime: bool = True, loop: bool = False) -> str:
    """The producer's command: tones as ``HZ:SECONDS``, paced, looping, deaf to Ctrl+C."""
    flags = ["--realtime"] * realtime + ["--loop", "--ignore-sigint"] * loop
    return shlex.join([sys.executable, str(SOURCE), *tones, *flags])


def test_s7_piped_pcm_is_redrawn_live_and_ends_with_the_last_note(pipe: type[Pipeline]) -> None:
    term = pipe(source("660:1", "440:1"), "run", str(TUNER), "--audio", "-")
    term.expect("E5 660 Hz")  # drawn in place while the sound still comes
    status, rest = term.finish()
    assert status == 0
    assert rest.strip().splitlines()[-1].strip() == "A4 440 Hz"


def test_realtime_feeds_a_file_for_as_long_as_it_lasts(
    pipe: type[Pipeline], tmp_path: Path
) -> None:
    path = tmp_path / "two_seconds.wav"
    t = np.arange(32000) / 16000
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16000)
        out.writeframes((np.sin(2 * np.pi * 440 * t) * 9000).astype("<i2").tobytes())
    term = pipe("true", "run", f"{FIXTURES}:span", "--audio", str(path), "--realtime")
    status, rest = term.finish()
    assert status == 0
    seconds = float(re.search(r"(\d+\.\d+) s", rest).group(1))  # type: ignore[union-attr]
    assert 1.8 <= seconds <= 2.2  # the file's length ± 10 %


def test_first_ctrl_c_ends_the_input_and_prints_the_answer(pipe: type[Pipeline]) -> None:
    term = pipe(source("440:1", loop=True), "run", str(TUNER), "--audio", "-")
    term.expect("A4 440 Hz")
    term.child.sendintr()  # the producer ignores it: only autoui's handling ends the input
    term.expect("Ending the input")
    status, rest = term.finish()
    assert status == 0
    assert rest.strip().splitlines()[-1].strip() == "A4 440 Hz"


def test_second_ctrl_c_cancels(pipe: type[Pipeline], tmp_path: Path) -> None:
    term = pipe(source("440:1", loop=True), "run", f"{FIXTURES}:listen", "--audio", "-")
    term.expect("heard")
    term.child.sendintr()
    term.expect("Ending the input")
    term.expect("summarising")  # the function went on past the end of its input
    term.child.sendintr()
    term.expect("Cancelling")
    status, rest = term.finish()
    assert status == 130
    assert "Cancelled" in rest
    assert (tmp_path / "listen.log").read_text().split() == ["input", "ended", "finally"]


def test_mjpeg_frames_from_standard_input(tmp_path: Path) -> None:
    def frame(colour: tuple[int, int, int]) -> bytes:
        out = io.BytesIO()
        Image.new("RGB", (32, 24), colour).save(out, "JPEG", quality=95)
        return out.getvalue()

    result = subprocess.run(
        [sys.executable, "-m", "autoui", "run", str(ROOT / "samples" / "webcam_filter.py"),
         "--frames", "-", "--json", "--out-dir", str(tmp_path)],
        input=frame((0, 0, 255)) + frame((255, 0, 0)), capture_output=True, timeout=TIMEOUT,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr.decode()
    [image] = json.loads(result.stdout)["data"]
    red, green, blue = Image.open(image["path"]).convert("RGB").getpixel((16, 12))
    assert red < 30 and green > 225 and blue > 225  # the last frame (red), inverted


def test_pcm_format_options_need_standard_input(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "autoui", "run", str(TUNER), "--audio", "x.wav",
         "--audio-rate", "8000"],
        capture_output=True, text=True, timeout=TIMEOUT, cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 2
    assert "--audio-rate and --audio-channels describe raw PCM on standard input" in result.stderr


@pytest.fixture(scope="module")
def tuner_url() -> Iterator[str]:
    with Server(TUNER) as server:
        yield server.url


def test_call_streams_standard_input_to_a_server(pipe: type[Pipeline], tuner_url: str) -> None:
    term = pipe(source("660:1", "440:1"), "call", tuner_url, "tuner", "--audio", "-")
    term.expect("E5 660 Hz")
    status, rest = term.finish()
    assert status == 0
    assert rest.strip().splitlines()[-1].strip() == "A4 440 Hz"


def test_call_first_ctrl_c_ends_the_input_on_the_server(
    pipe: type[Pipeline], tuner_url: str
) -> None:
    term = pipe(source("440:1", loop=True), "call", tuner_url, "tuner", "--audio", "-")
    term.expect("A4 440 Hz")
    term.child.sendintr()
    term.expect("Ending the input")
    status, rest = term.finish()
    assert status == 0
    assert rest.strip().splitlines()[-1].strip() == "A4 440 Hz"
