"""``autoui inspect``: the Rich report, ``--json``, and one red line for a bad target."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from autoui.cli import app
from autoui.introspect import load_app

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples").glob("*.py"))
FIXTURES = Path(__file__).parent / "fixtures" / "loadme"
runner = CliRunner()


@pytest.fixture(autouse=True)
def in_repo_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Targets below are written as a user in a clone would type them."""
    monkeypatch.chdir(ROOT)


def test_report_shows_inputs_outputs_and_flags() -> None:
    result = runner.invoke(app, ["inspect", "samples/calculator.py"], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Calculator" in out and "calculate" in out
    for text in ("inputs", "outputs", "radio", "choices=", "number", "the operator.", "Result"):
        assert text in out, text
    assert "single result" in out and "concurrency 1" in out and "2 examples" in out


def test_report_flags_streaming_batch_and_progress() -> None:
    env = {"COLUMNS": "160"}
    assert "streaming" in runner.invoke(app, ["inspect", "samples/counter.py"], env=env).stdout
    batch = runner.invoke(app, ["inspect", "samples/batch.py"], env=env).stdout
    assert "batch (max 8, waits 0.1 s)" in batch
    progress = runner.invoke(app, ["inspect", "samples/progress_demo.py"], env=env).stdout
    assert "progress via progress, tracks tqdm" in progress


def test_report_says_how_a_live_input_is_fed() -> None:
    def report(sample: str) -> str:  # the flags line, however the terminal wraps it
        return " ".join(runner.invoke(app, ["inspect", sample]).stdout.split())

    heard = "streaming input audio: audio 16 kHz mono, 100 ms chunks, coalesce (max lag 5 s)"
    assert heard in report("samples/tuner.py")
    seen = "streaming input frames: video 10 fps, 640×480 JPEG frames, latest"
    assert seen in report("samples/webcam_filter.py")


def test_report_shows_warnings(tmp_path: Path) -> None:
    path = tmp_path / "untyped_demo.py"
    path.write_text("def shrug(thing):\n    return thing\n")
    result = runner.invoke(app, ["inspect", str(path)], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "warning: thing: no type hint" in result.stdout
    assert "warning: return: no return type hint" in result.stdout


def test_json_is_exactly_the_spec() -> None:
    result = runner.invoke(app, ["inspect", "samples/hello.py", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == load_app("samples/hello.py").to_json()


def test_json_keeps_stdout_clean_when_the_module_prints(tmp_path: Path) -> None:
    path = tmp_path / "noisy_demo.py"
    path.write_text("print('loading model...')\n\ndef f(x: int) -> int:\n    return x\n")
    result = runner.invoke(app, ["inspect", str(path), "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["functions"][0]["name"] == "f"
    assert "loading model..." in result.stderr


def test_load_error_is_one_red_line_and_exit_1() -> None:
    result = runner.invoke(app, ["inspect", "samples/hello.py:gret"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        "error: samples/hello.py has no function 'gret'; did you mean 'greet'? "
        "(functions there: greet)"
    ]


def test_error_inside_user_module_shows_its_traceback_only() -> None:
    result = runner.invoke(app, ["inspect", str(FIXTURES / "broken.py")])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith("error: importing ") and "raised KeyError: 'size'" in lines[0]
    assert "_read_settings" in result.stderr
    assert "autoui" not in "\n".join(lines[1:]).replace(str(FIXTURES), "")


@pytest.fixture(scope="module")
def cli_runs() -> dict[str, subprocess.CompletedProcess[str]]:
    """``autoui inspect <sample> --json`` as real processes, all started at once."""
    procs = {
        path.name: subprocess.Popen(
            [sys.executable, "-m", "autoui", "inspect", str(path), "--json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        for path in SAMPLES
    }
    done = {}
    for name, proc in procs.items():
        out, err = proc.communicate(timeout=120)
        done[name] = subprocess.CompletedProcess(proc.args, proc.returncode, out, err)
    return done


@pytest.mark.parametrize("sample", [p.name for p in SAMPLES])
def test_real_process_prints_the_spec_json(
    sample: str, cli_runs: dict[str, subprocess.CompletedProcess[str]]
) -> None:
    run = cli_runs[sample]
    assert run.returncode == 0, run.stderr
    spec = json.loads(run.stdout)
    assert spec == load_app(str(ROOT / "samples" / sample)).to_json()
    assert spec["functions"] and all(fn["outputs"] for fn in spec["functions"])


def test_real_process_error_has_no_python_traceback(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "autoui", "inspect", str(tmp_path / "nope.py")],
        capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr.startswith("error: no such file:")
    assert "Traceback" not in proc.stderr


def test_readme_shows_the_real_report() -> None:
    readme = (ROOT / "README.md").read_text()
    start = readme.index("$ autoui inspect samples/hello.py\n")
    block = readme[start : readme.index("```", start)].splitlines()[1:]
    result = runner.invoke(app, ["inspect", "samples/hello.py"], env={"COLUMNS": "100"})
    assert [line.rstrip() for line in result.stdout.splitlines()] == block


def test_user_text_is_never_rich_markup(tmp_path: Path) -> None:
    path = tmp_path / "markup_demo.py"
    path.write_text(
        '"""[bold]not markup[/bold]"""\n\n'
        "def f(history_like: list[dict[str, str]]) -> list[dict[str, str]]:\n"
        '    """Do [red]this[/red]."""\n'
        "    return history_like\n"
    )
    result = runner.invoke(app, ["inspect", str(path)], env={"COLUMNS": "200"})
    assert "[bold]not markup[/bold]" in result.stdout
    assert "Do [red]this[/red]." in result.stdout
    assert "list[dict[str, str]]" in result.stdout
