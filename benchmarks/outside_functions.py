"""How many functions nobody here wrote work in autoui, first try (issue 12's stand-in corpus).

Each case names a function by its import target (``PIL.ImageOps:flip``, ``tomllib:loads``;
stdlib, Pillow and numpy code is *referenced*, never copied) or one of the functions in
``outside_shapes/`` written here in the shapes of Gradio's demos and magicgui's examples.
Every case goes through the three real paths a user takes:

1. ``autoui inspect --json TARGET`` in its own process;
2. a real ``POST /api/{fn}`` against one ``autoui serve`` process per module (the
   module's cases are gathered in a generated file that imports them, ``__all__``);
3. ``autoui run --json TARGET --param value ...`` in its own process.

A case *works* when all three succeed and both calls return the expected output. A case
is *refused cleanly* when ``inspect``, ``serve`` and ``run`` all exit at start with one
``error:`` line (and the case expects that: a function autoui cannot serve). Anything
else *failed*, with the reason.

    python benchmarks/outside_functions.py            # all cases, a summary at the end
    python benchmarks/outside_functions.py -k ImageOps -v

Loopback only; every server is started and stopped by its PID; every call has a timeout.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
SHAPES = BENCH_DIR / "outside_shapes"
GRADIO = f"{SHAPES / 'gradio_like.py'}"
MAGIC = f"{SHAPES / 'magicgui_like.py'}"
TIMEOUT = 60.0


# -- inputs that are files ------------------------------------------------------------
@dataclass(frozen=True)
class Picture:
    """An image input: a data: URL over HTTP, a file path on the command line."""

    color: tuple[int, int, int] = (200, 30, 30)
    size: tuple[int, int] = (8, 6)


@dataclass(frozen=True)
class Sound:
    """An audio input (a short WAV)."""


def _png(picture: Picture) -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", picture.size, picture.color).save(buffer, "PNG")
    return buffer.getvalue()


def _wav() -> bytes:
    import io
    import wave

    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(bytes(range(200)))
    return buffer.getvalue()


def _file_bytes(value: Picture | Sound) -> tuple[bytes, str, str]:
    if isinstance(value, Picture):
        return _png(value), "image/png", ".png"
    return _wav(), "audio/wav", ".wav"


# -- expected outputs -------------------------------------------------------------------
Check = Callable[[list[Any]], bool]


def image_out(data: list[Any]) -> bool:
    """One output, an image file payload."""
    return len(data) == 1 and isinstance(data[0], dict) and "image" in data[0].get("mime_type", "")


def equals(*expected: Any) -> Check:
    return lambda data: data == list(expected)


def truthy(data: list[Any]) -> bool:
    return len(data) >= 1 and data[0] not in (None, "", [], {})


REFUSED: Check = lambda data: False  # noqa: E731 - marker: the case expects a refusal


@dataclass(frozen=True)
class Case:
    target: str
    inputs: dict[str, Any] = field(default_factory=dict)
    check: Check = truthy

    @property
    def module(self) -> str:
        return self.target.rpartition(":")[0]

    @property
    def function(self) -> str:
        return self.target.rpartition(":")[2]


def C(target: str, check: Check = truthy, **inputs: Any) -> Case:  # noqa: N802 - a table row
    return Case(target, inputs, check)


IMG, IMG2 = Picture(), Picture((20, 200, 60))
OPS, CHOPS, IMAGE, FEAT = "PIL.ImageOps", "PIL.ImageChops", "PIL.Image", "PIL.features"

CASES: list[Case] = [
    # -- Pillow: ImageOps ------------------------------------------------------------
    C(f"{OPS}:autocontrast", image_out, image=IMG, cutoff=2),
    C(f"{OPS}:colorize", image_out, image=IMG, black="black", white=[255, 255, 0]),
    C(f"{OPS}:contain", image_out, image=IMG, size=[4, 4]),
    C(f"{OPS}:cover", image_out, image=IMG, size=[4, 4]),
    C(f"{OPS}:pad", image_out, image=IMG, size=[10, 10], color="blue"),
    C(f"{OPS}:crop", image_out, image=IMG, border=1),
    C(f"{OPS}:scale", image_out, image=IMG, factor=2.0),
    C(f"{OPS}:equalize", image_out, image=IMG),
    C(f"{OPS}:expand", image_out, image=IMG, border=[1, 2], fill="red"),
    C(f"{OPS}:fit", image_out, image=IMG, size=[4, 4], centering=[0.5, 0.5]),
    C(f"{OPS}:flip", image_out, image=IMG),
    C(f"{OPS}:grayscale", image_out, image=IMG),
    C(f"{OPS}:invert", image_out, image=IMG),
    C(f"{OPS}:mirror", image_out, image=IMG),
    C(f"{OPS}:posterize", image_out, image=IMG, bits=2),
    C(f"{OPS}:solarize", image_out, image=IMG, threshold=100),
    C(f"{OPS}:exif_transpose", image_out, image=IMG),
    C(f"{OPS}:deform", REFUSED, image=IMG),
    # -- Pillow: ImageChops ----------------------------------------------------------
    C(f"{CHOPS}:constant", image_out, image=IMG, value=9),
    C(f"{CHOPS}:duplicate", image_out, image=IMG),
    C(f"{CHOPS}:invert", image_out, image=IMG),
    *(
        C(f"{CHOPS}:{name}", image_out, image1=IMG, image2=IMG2)
        for name in (
            "lighter", "darker", "difference", "multiply", "screen", "soft_light",
            "hard_light", "overlay", "add", "subtract", "add_modulo", "subtract_modulo",
        )
    ),
    C(f"{CHOPS}:blend", image_out, image1=IMG, image2=IMG2, alpha=0.5),
    C(f"{CHOPS}:offset", image_out, image=IMG, xoffset=2),
    # -- Pillow: Image, ImageColor, ImagePalette, features -----------------------------
    C(f"{IMAGE}:getmodebase", equals("RGB"), mode="RGB"),
    C(f"{IMAGE}:getmodetype", equals("L"), mode="RGB"),
    C(f"{IMAGE}:getmodebandnames", equals(["R", "G", "B"]), mode="RGB"),
    C(f"{IMAGE}:getmodebands", equals(3), mode="RGB"),
    C(f"{IMAGE}:new", image_out, mode="RGB", size=[4, 3], color="red"),
    C(f"{IMAGE}:effect_mandelbrot", image_out, size=[16, 16], extent=[-2, -1.5, 1, 1.5],
      quality=20),
    C(f"{IMAGE}:effect_noise", image_out, size=[8, 8], sigma=20.0),
    C(f"{IMAGE}:linear_gradient", image_out, mode="L"),
    C(f"{IMAGE}:radial_gradient", image_out, mode="L"),
    C(f"{IMAGE}:blend", image_out, im1=IMG, im2=IMG2, alpha=0.25),
    C(f"{IMAGE}:open", REFUSED),
    C("PIL.ImageColor:getrgb", equals([255, 0, 0]), color="red"),
    C("PIL.ImageColor:getcolor", equals([0, 128, 0]), color="green", mode="RGB"),
    C("PIL.ImagePalette:make_linear_lut", lambda d: len(d[0]) == 256, black=0, white=255.0),
    C("PIL.ImagePalette:make_gamma_lut", lambda d: len(d[0]) == 256, exp=2.2),
    C(f"{FEAT}:check_module", equals(True), feature="pil"),
    C(f"{FEAT}:version_module", truthy, feature="pil"),
    C(f"{FEAT}:get_supported_modules", lambda d: "pil" in d[0]),
    C(f"{FEAT}:check_codec", lambda d: isinstance(d[0], bool), feature="zlib"),
    C(f"{FEAT}:check_feature", lambda d: d[0] in (True, False, None), feature="libjpeg_turbo"),
    C(f"{FEAT}:check", equals(True), feature="pil"),
    C(f"{FEAT}:version", truthy, feature="pil"),
    C(f"{FEAT}:get_supported", lambda d: "pil" in d[0]),
    C(f"{FEAT}:get_supported_codecs", lambda d: isinstance(d[0], list)),
    C(f"{FEAT}:get_supported_features", lambda d: isinstance(d[0], list)),
    # -- standard library -------------------------------------------------------------
    C("tomllib:loads", equals({"a": 1, "b": {"c": "x"}}), s='a = 1\n[b]\nc = "x"'),
    C("textwrap:dedent", equals("a\n b"), text="  a\n   b"),
    C("textwrap:indent", equals("> a\n> b"), text="a\nb", prefix="> "),
    C("textwrap:fill", equals("one two\nthree"), text="one two three", width=8),
    C("textwrap:wrap", equals(["one two", "three"]), text="one two three", width=8),
    C("textwrap:shorten", equals("one [...]"), text="one two three", width=10),
    C("html:escape", equals("&lt;b&gt;"), s="<b>"),
    C("html:unescape", equals("<b>"), s="&lt;b&gt;"),
    C("shlex:quote", equals("'a b'"), s="a b"),
    C("shlex:split", equals(["a", "b c"]), s="a 'b c'"),
    C("urllib.parse:quote", equals("a%20b"), string="a b"),
    C("urllib.parse:unquote", equals("a b"), string="a%20b"),
    C("urllib.parse:quote_plus", equals("a+b"), string="a b"),
    C("urllib.parse:urlparse", lambda d: d[0][1] == "example.org", url="http://example.org/x"),
    C("string:capwords", equals("Hello World"), s="hello world"),
    C("fnmatch:fnmatch", equals(True), name="a.py", pat="*.py"),
    C("fnmatch:translate", truthy, pat="*.py"),
    C("difflib:get_close_matches", equals(["apple"]), word="appel",
      possibilities=["ape", "apple", "peach"]),
    C("json:loads", equals({"a": [1, 2]}), s='{"a": [1, 2]}'),
    C("keyword:iskeyword", REFUSED, s="def"),  # frozenset.__contains__: no signature
    C("unicodedata:normalize", equals("é"), form="NFC", unistr="é"),
    C("colorsys:rgb_to_hsv", equals([0.0, 1.0, 1.0]), r=1.0, g=0.0, b=0.0),
    C("colorsys:hls_to_rgb", equals([1.0, 0.0, 0.0]), h=0.0, l=0.5, s=1.0),
    C("statistics:mean", equals(2.0), data=[1, 2, 3]),
    C("calendar:isleap", equals(True), year=2024),
    C("math:sqrt", equals(3.0), x=9),
    C("posixpath:basename", equals("c.txt"), p="/a/b/c.txt"),
    C("posixpath:splitext", equals(["/a/b", ".txt"]), p="/a/b.txt"),
    C("ipaddress:ip_address", equals("127.0.0.1"), address="127.0.0.1"),
    # -- numpy ------------------------------------------------------------------------
    C("numpy:isscalar", equals(True), element="text"),
    C("numpy:base_repr", equals("101"), number=5),
    C("numpy:binary_repr", equals("101"), num=5),
    C("numpy:linspace", equals([0.0, 0.5, 1.0]), start=0, stop=1, num=3),
    # -- Gradio-demo shapes -------------------------------------------------------------
    C(f"{GRADIO}:greet", equals("Hello, Ada!!"), name="Ada", intensity=2),
    C(f"{GRADIO}:calculator", equals(6.0), num1=2, operation="multiply", num2=3),
    C(f"{GRADIO}:sepia", image_out, input_img=IMG),
    C(f"{GRADIO}:classify", lambda d: d[0]["label"] in ("red", "other"), image=IMG),
    C(f"{GRADIO}:summary_stats", lambda d: d[0]["label"] is None and len(d[0]["confidences"]) == 3,
      values=[1, 2, 3, 4]),
    C(f"{GRADIO}:echo_chat", lambda d: "(turn 2)" in json.dumps(d[0]), message="hi",
      chat_history=[{"role": "user", "content": "a"}, {"role": "assistant", "content": "b"}]),
    C(f"{GRADIO}:remember", equals(["a", "b"]), message="b", history=["a"]),
    C(f"{GRADIO}:paint", equals("sky in red"), text="sky", color="red"),
    C(f"{GRADIO}:stream_words", equals("a b c"), sentence="a b c"),
    C(f"{GRADIO}:reverse_audio", lambda d: "audio" in d[0].get("mime_type", ""), audio=Sound()),
    C(f"{GRADIO}:count_words", equals(3), text="a b c"),
    C(f"{GRADIO}:check_age", equals("adult"), age=30),
    C(f"{GRADIO}:tax", lambda d: str(d[0]) in ("2.00", "2.0", "2"), amount="10.00"),
    C(f"{GRADIO}:login", equals("ada:6"), user="ada", password="secret"),
    # -- magicgui-example shapes ----------------------------------------------------------
    C(f"{MAGIC}:snells_law", lambda d: abs(d[0] - 1.1404) < 0.01, aoi=1.0, n1="Glass",
      n2="Water"),
    C(f"{MAGIC}:add_days", equals("2024-03-01"), start="2024-02-28", days=2),
    C(f"{MAGIC}:wait_for", equals(90.0), delay="PT1M30S"),
    C(f"{MAGIC}:scaled", equals(30), value=15),
    C(f"{MAGIC}:username", equals("ADA"), name="ada"),
    C(f"{MAGIC}:pick", equals(6), items=[1, 2, 3]),
    C(f"{MAGIC}:ping", equals("1.0.0.127.in-addr.arpa"), host="127.0.0.1"),
    C(f"{MAGIC}:short_id", equals("12345678"), key="12345678-1234-5678-1234-567812345678"),
    C(f"{MAGIC}:halve", lambda d: str(d[0]) == "1/6", x="1/3"),
    C(f"{MAGIC}:find_all", equals(["aa", "a"]), pattern="a+", text="aab a"),
    C(f"{MAGIC}:sort_words", equals(["a", "bb", "ccc"]), words=["ccc", "a", "bb"]),
    C(f"{MAGIC}:cast", equals([1.0, 2.0]), values=[1, 2]),
    C(f"{MAGIC}:pad_border", equals("(1, 2)"), border=[1, 2]),
]


# -- the three paths ---------------------------------------------------------------------
@dataclass
class Outcome:
    case: Case
    inspect: str = ""
    http: str = ""
    run: str = ""
    refused: bool = False

    @property
    def worked(self) -> bool:
        return self.inspect == self.http == self.run == "ok"

    @property
    def refused_cleanly(self) -> bool:
        return self.refused and self.inspect == self.http == self.run == "refused"

    def reason(self) -> str:
        parts = [f"{name}: {text}" for name, text in
                 (("inspect", self.inspect), ("http", self.http), ("run", self.run))
                 if text not in ("ok", "refused")]
        return "; ".join(parts) or "refused on some paths only"


def _autoui(*args: str, timeout: float = TIMEOUT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO_DIR), "NO_COLOR": "1", "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "autoui", *args], capture_output=True, text=True,
        timeout=timeout, env=env, cwd=tempfile.gettempdir(), stdin=subprocess.DEVNULL,
    )


def _one_error_line(stderr: str) -> bool:
    lines = [line for line in stderr.strip().splitlines() if line.strip()]
    return bool(lines) and lines[0].lower().startswith("error:") and "Traceback" not in stderr


def check_inspect(outcome: Outcome) -> None:
    done = _autoui("inspect", "--json", outcome.case.target)
    if done.returncode != 0:
        clean = _one_error_line(done.stderr)
        outcome.refused = clean
        outcome.inspect = "refused" if clean else f"exit {done.returncode}: {_tail(done.stderr)}"
        return
    try:
        json.loads(done.stdout)
    except ValueError:
        outcome.inspect = f"stdout is not JSON: {_tail(done.stdout)}"
        return
    outcome.inspect = "ok"


def check_run(outcome: Outcome, files: Path) -> None:
    case = outcome.case
    args = ["run", case.target, "--json", "--out-dir", str(files / "out")]
    for name, value in case.inputs.items():
        args += _cli_args(name, value, files)
    done = _autoui(*args)
    if outcome.refused:
        clean = done.returncode != 0 and _one_error_line(done.stderr)
        outcome.run = "refused" if clean else f"not refused: {_tail(done.stdout + done.stderr)}"
        return
    if done.returncode != 0:
        outcome.run = f"exit {done.returncode}: {_tail(done.stdout + done.stderr)}"
        return
    try:
        data = json.loads(done.stdout)["data"]
    except (ValueError, KeyError, TypeError):
        outcome.run = f"stdout is not the JSON result: {_tail(done.stdout)}"
        return
    outcome.run = "ok" if case.check(data) else f"unexpected output {_short(data)}"


def _cli_args(name: str, value: Any, files: Path) -> list[str]:
    option = "--" + name.replace("_", "-")
    if isinstance(value, Picture | Sound):
        data, _, suffix = _file_bytes(value)
        path = files / f"{name}{suffix}"
        path.write_bytes(data)
        return [option, str(path)]
    if isinstance(value, bool):
        return [option if value else "--no-" + name.replace("_", "-")]
    if isinstance(value, str):
        return [option, value]
    return [option, json.dumps(value)]


def _wire(value: Any) -> Any:
    if isinstance(value, Picture | Sound):
        data, mime, _ = _file_bytes(value)
        return f"data:{mime};base64," + base64.b64encode(data).decode()
    return value


def _tail(text: str, limit: int = 160) -> str:
    text = " ".join(text.strip().splitlines()[-3:])
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _short(value: Any) -> str:
    return _tail(json.dumps(value, default=str), 120)


# -- one server per module -----------------------------------------------------------------
_URL = re.compile(r"at (http://127\.0\.0\.1:\d+)")


class Serving:
    """``autoui serve`` of a generated file that imports one module's served cases."""

    def __init__(self, cases: list[Case], folder: Path) -> None:
        self.cases = cases
        self.file = folder / f"served_{abs(hash(cases[0].module)) % 10**8}.py"
        lines = ["import sys", f"sys.path.insert(0, {str(SHAPES)!r})"]
        names = []
        for case in cases:
            module = case.module
            if module.endswith(".py"):
                module = Path(module).stem
            lines.append(f"from {module} import {case.function}")
            names.append(case.function)
        lines.append(f"__all__ = {names!r}")
        self.file.write_text("\n".join(lines) + "\n")
        self.process: subprocess.Popen[str] | None = None
        self.url = ""
        self.output: list[str] = []

    def __enter__(self) -> Serving:
        env = {**os.environ, "PYTHONPATH": str(REPO_DIR)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "autoui", "serve", str(self.file), "--port", "0"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
        )
        reader = threading.Thread(target=self._read, daemon=True)
        reader.start()
        deadline = time.monotonic() + TIMEOUT
        while not self.url and time.monotonic() < deadline and self.process.poll() is None:
            time.sleep(0.05)
        if self.url:
            self._wait_healthy(deadline)
        return self

    def _read(self) -> None:
        assert self.process is not None and self.process.stdout is not None
        for line in self.process.stdout:
            self.output.append(line)
            match = _URL.search(line)
            if match and not self.url:
                self.url = match.group(1)

    def _wait_healthy(self, deadline: float) -> None:
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url + "/health", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.05)

    def __exit__(self, *exc: object) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)

    def call(self, outcome: Outcome) -> None:
        case = outcome.case
        if not self.url:
            outcome.http = f"server did not start: {_tail(''.join(self.output))}"
            return
        payload = {"data": {k: _wire(v) for k, v in case.inputs.items()}}
        try:
            response = httpx.post(f"{self.url}/api/{case.function}", json=payload, timeout=TIMEOUT)
        except httpx.HTTPError as exc:
            outcome.http = f"{type(exc).__name__}"
            return
        if response.status_code != 200:
            outcome.http = f"HTTP {response.status_code}: {_tail(response.text)}"
            return
        data = response.json().get("data")
        outcome.http = "ok" if case.check(data) else f"unexpected output {_short(data)}"


def check_refused_serve(outcome: Outcome) -> None:
    """A refused function: ``serve`` must exit at start with the same one line."""
    done = _autoui("serve", outcome.case.target, "--port", "0", timeout=30)
    clean = done.returncode != 0 and _one_error_line(done.stderr)
    outcome.http = "refused" if clean else f"serve did not refuse: {_tail(done.stderr)}"


# -- driver ----------------------------------------------------------------------------------
def run_cases(cases: list[Case], workers: int) -> list[Outcome]:
    outcomes = [Outcome(case) for case in cases]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with ThreadPoolExecutor(workers) as pool:
            list(pool.map(check_inspect, outcomes))
        by_module: dict[str, list[Outcome]] = {}
        for outcome in outcomes:
            if outcome.refused:
                check_refused_serve(outcome)
            elif outcome.inspect == "ok":
                by_module.setdefault(outcome.case.module, []).append(outcome)
            else:
                outcome.http = "skipped (inspect failed)"
        for group in by_module.values():
            with Serving([o.case for o in group], folder) as server, ThreadPoolExecutor(2) as pool:
                list(pool.map(server.call, group))
        for i, outcome in enumerate(outcomes):
            work = folder / f"run{i}"
            work.mkdir()
            outcome.work = work  # type: ignore[attr-defined]
        with ThreadPoolExecutor(workers) as pool:
            list(pool.map(lambda o: check_run(o, o.work), outcomes))
    return outcomes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-k", default="", help="only the cases whose target contains this")
    parser.add_argument("-v", action="store_true", help="print every case")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    cases = [case for case in CASES if args.k in case.target]
    started = time.monotonic()
    outcomes = run_cases(cases, args.workers)
    worked = [o for o in outcomes if o.worked and o.case.check is not REFUSED]
    refused = [o for o in outcomes if o.refused_cleanly]
    failed = [o for o in outcomes if o not in worked and o not in refused]
    for outcome in outcomes if args.v else failed:
        status = "ok" if outcome in worked else "refused" if outcome in refused else "FAILED"
        detail = "" if outcome not in failed else "  " + outcome.reason()
        print(f"{status:8} {outcome.case.target.replace(str(SHAPES) + '/', '')}{detail}")
    wrong_refusals = [o for o in refused if o.case.check is not REFUSED]
    print(
        f"\n{len(outcomes)} functions: {len(worked)} worked, {len(refused)} refused cleanly at "
        f"start ({len(wrong_refusals)} of them servable in principle), {len(failed)} failed "
        f"({time.monotonic() - started:.0f} s)"
    )
    print(f"command: python benchmarks/outside_functions.py{' -k ' + args.k if args.k else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
