"""``autoui run`` driven in-process through Typer's CliRunner (no terminal attached)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from autoui.cli import app

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures_term.py"
SAMPLES = HERE.parents[1] / "samples"

runner = CliRunner()


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return runner.invoke(app, ["run", *args], env=env)


def fixture(name: str) -> str:
    return f"{FIXTURES}:{name}"


def test_help_lists_parameters_with_types_choices_defaults_and_help() -> None:
    result = run(fixture("plan"), "--help")
    assert result.exit_code == 0, result.output
    out = result.stdout
    for expected in ("--guests", "INTEGER", "how many people come.", "[required]"):
        assert expected in out
    assert "[vegan|fish|meat]" in out and "--day" in out and "YYYY-MM-DD" in out
    assert "[default: none]" in out and "--notes" in out
    assert "--out-dir" in out and "--json" in out  # the run options, after TARGET too


def test_help_shows_both_flags_of_a_boolean_and_the_docstring_examples() -> None:
    result = run(f"{SAMPLES / 'hello.py'}", "--help")
    assert result.exit_code == 0
    assert "--excited / --no-excited" in result.stdout
    examples = result.stdout.partition("Examples:")[2].split("\n")
    assert f"autoui run {SAMPLES / 'hello.py'}:greet --name Ada --excited" in examples[2]
    assert f"autoui run {SAMPLES / 'hello.py'}:greet --name Grace" in examples[3]


def test_runs_and_prints_the_result() -> None:
    result = run(f"{SAMPLES / 'hello.py'}:greet", "--name", "Ada", "--excited")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Hello, Ada!\n"


def test_json_prints_only_json_on_stdout() -> None:
    result = run(fixture("work"), "--steps", "2", "--delay", "0", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"data": ["2 steps done"]}
    assert "warming up" in result.stderr  # alerts go to stderr


def test_run_options_may_come_before_the_target() -> None:
    result = run("--json", f"{SAMPLES / 'hello.py'}", "--name", "Ada")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"data": ["Hello, Ada."]}


def test_bad_value_names_the_option_and_exits_2() -> None:
    result = run(fixture("plan"), "--guests", "abc", "--menu", "fish", "--day", "2024-05-31")
    assert result.exit_code == 2
    assert "--guests: expected a whole number, got 'abc'" in result.stderr
    result = run(fixture("plan"), "--guests", "3", "--menu", "pasta", "--day", "2024-05-31")
    assert result.exit_code == 2
    assert "--menu: expected one of vegan, fish, meat; got 'pasta'" in result.stderr


def test_bad_value_with_json_is_a_json_error_on_stdout() -> None:
    result = run(fixture("plan"), "--guests", "abc", "--json")
    assert result.exit_code == 2
    assert json.loads(result.stdout) == {
        "error": {
            "message": "--guests: expected a whole number, got 'abc'",
            "type": "ValidationError",
            "param": "guests",
        }
    }


def test_missing_required_without_a_terminal_names_the_options() -> None:
    result = run(fixture("plan"), "--menu", "fish")
    assert result.exit_code == 2
    assert "missing required options --guests, --day" in result.stderr


def test_user_error_is_a_panel_and_exit_1() -> None:
    result = run(fixture("fail"), "--kind", "user")
    assert result.exit_code == 1
    assert "Oven" in result.stdout and "the oven is cold" in result.stdout
    assert "Traceback" not in result.output


def test_other_exceptions_show_type_and_message_and_traceback_on_request() -> None:
    result = run(fixture("fail"), "--kind", "bug")
    assert result.exit_code == 1
    assert "ZeroDivisionError: division by zero" in result.stdout
    assert "Traceback" not in result.output and "--traceback" in result.output
    result = run(fixture("fail"), "--kind", "bug", "--traceback")
    assert result.exit_code == 1
    assert "Traceback" in result.output and "1 / 0" in result.output


def test_image_input_by_path_and_image_output_saved(tmp_path: Path) -> None:
    from PIL import Image

    picture = tmp_path / "in.png"
    Image.new("RGB", (8, 4), (255, 0, 0)).save(picture)
    out_dir = tmp_path / "results"
    result = run(fixture("invert"), "--picture", str(picture), "--out-dir", str(out_dir))
    assert result.exit_code == 0, result.output
    saved = [p for p in out_dir.rglob("*") if p.is_file()]
    assert len(saved) == 1 and str(saved[0]) in result.stdout
    with Image.open(saved[0]) as image:
        assert image.size == (8, 4) and image.getpixel((0, 0)) == (0, 255, 255)


def test_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    result = run(fixture("invert"), "--picture", str(tmp_path / "nope.png"))
    assert result.exit_code == 2
    assert "--picture: expected a file path" in result.stderr and "does not exist" in result.stderr


def test_module_with_several_functions_lists_them_without_a_terminal() -> None:
    result = run(str(FIXTURES))
    assert result.exit_code == 0
    assert f"{FIXTURES}:ticks" in result.stdout and f"{FIXTURES}:invert" in result.stdout
    result = run(str(FIXTURES), "--count", "3")
    assert result.exit_code == 2 and "name the function to call" in result.stderr


def test_unloadable_target_is_one_line_and_exit_1_like_every_command() -> None:
    result = run(f"{SAMPLES / 'hello.py'}:nope")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and "nope" in result.stderr
    assert "Traceback" not in result.output


def test_rows_of_a_batch_function_run_in_batches_in_order(tmp_path: Path) -> None:
    rows = tmp_path / "rows.jsonl"
    lines = [json.dumps({"numbers": i}) for i in range(100)]
    lines[40] = json.dumps({"numbers": "forty"})
    rows.write_text("\n".join(lines) + "\n")
    results = tmp_path / "results.jsonl"
    env = {"AUTOUI_TEST_DIR": str(tmp_path)}
    result = run(fixture("double"), "--in", str(rows), "--out", str(results), env=env)
    assert result.exit_code == 1, result.output  # one row failed
    written = [json.loads(line) for line in results.read_text().splitlines()]
    assert [r["row"] for r in written] == list(range(100))
    assert written[40]["error"]["message"] == "numbers: expected a whole number, got 'forty'"
    assert all(r["data"] == [2 * r["row"]] for r in written if r["row"] != 40)
    sizes = [int(s) for s in (tmp_path / "batches.log").read_text().split()]
    assert sum(sizes) == 99 and max(sizes) == 16 and len(sizes) == 7
    assert "100 rows: 99 done, 1 failed" in result.stderr


def test_rows_run_concurrently_and_a_failing_row_does_not_stop_the_rest(tmp_path: Path) -> None:
    rows = tmp_path / "rows.jsonl"
    rows.write_text("".join(json.dumps({"number": str(i)}) + "\n" for i in range(10)))
    args = ["--in", str(rows), "--concurrency", "4", "--delay", "0.2", "--json"]
    result = run(fixture("square"), *args, env={"AUTOUI_TEST_DIR": str(tmp_path)})
    assert result.exit_code == 1
    at_once = [int(n) for n in (tmp_path / "active.log").read_text().split()]
    assert len(at_once) == 10 and 1 < max(at_once) <= 4
    written = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["row"] for r in written] == list(range(10))
    assert written[7]["error"] == {"message": "7 is not allowed", "type": "Error", "param": None}
    assert [r["data"][0] for r in written if "data" in r] == [i * i for i in range(10) if i != 7]


def test_rows_run_one_at_a_time_by_default(tmp_path: Path) -> None:
    rows = tmp_path / "rows.jsonl"
    rows.write_text("".join(json.dumps({"number": i}) + "\n" for i in range(4)))
    env = {"AUTOUI_TEST_DIR": str(tmp_path)}
    result = run(fixture("square"), "--in", str(rows), "--delay", "0.05", env=env)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "active.log").read_text().split() == ["1"] * 4


def test_shell_completion_offers_the_functions_choices() -> None:
    env = {
        **os.environ,
        "_AUTOUI_COMPLETE": "complete_bash",
        "COMP_WORDS": f"autoui run {fixture('plan')} --menu ",
        "COMP_CWORD": "4",
    }
    script = Path(sys.executable).with_name("autoui")  # completion keys on the program name
    done = subprocess.run([script], env=env, capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["vegan", "fish", "meat"]


@pytest.mark.parametrize("stdin_file", [True])
def test_dash_reads_a_file_from_stdin(tmp_path: Path, stdin_file: bool) -> None:
    from PIL import Image

    picture = tmp_path / "in.png"
    Image.new("RGB", (4, 4), (0, 0, 0)).save(picture)
    out_dir = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "autoui", "run", fixture("invert"), "--picture", "-"]
        + ["--out-dir", str(out_dir), "--json"],
        input=picture.read_bytes(),
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)["data"][0]
    with Image.open(payload["path"]) as image:
        assert image.getpixel((0, 0)) == (255, 255, 255)


def test_bad_rows_each_get_their_own_error(tmp_path: Path) -> None:
    rows = tmp_path / "rows.jsonl"
    rows.write_text('{"excited": true}\n\n{"name": "A", "bogus": 1}\nnot json\n{"name": "Bo"}\n')
    result = run(f"{SAMPLES / 'hello.py'}", "--in", str(rows))
    assert result.exit_code == 1
    written = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["row"] for r in written] == [0, 1, 2, 3]  # the blank line is not a row
    assert written[0]["error"]["message"] == "name: a value is required"
    assert written[1]["error"]["message"].startswith("unknown parameter 'bogus'")
    assert written[2]["error"]["message"].startswith("not valid JSON")
    assert written[3] == {"row": 3, "data": ["Hello, Bo."]}


def test_unreadable_rows_file_is_a_usage_error(tmp_path: Path) -> None:
    result = run(f"{SAMPLES / 'hello.py'}", "--in", str(tmp_path / "none.jsonl"))
    assert result.exit_code == 2
    assert "--in: cannot read" in result.stderr and "No such file or directory" in result.stderr
