"""``autoui run`` on the project's samples: what their users would type and see."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner, Result

from autoui.cli import app

SAMPLES = Path(__file__).parents[2] / "samples"
runner = CliRunner()


def run(sample: str, *args: str) -> Result:
    return runner.invoke(app, ["run", str(SAMPLES / sample), *args])


def test_classifier_shows_a_label_with_confidence_bars(tmp_path: Path) -> None:
    from PIL import Image

    photo = tmp_path / "sky.png"
    Image.new("RGB", (40, 30), (20, 60, 200)).save(photo)
    result = run("classifier.py", "--image", str(photo))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "sky or sea"
    assert lines[1].split()[-1].endswith("%") and "█" in lines[1]
    assert len(lines) == 6  # the top class, then one bar per class


def test_dataframe_from_a_csv_path_is_shown_as_a_table(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("a,b\n1,2\n3,4\n")
    result = run("dataframe_plot.py:describe", "--table", str(table))
    assert result.exit_code == 0, result.output
    assert "┃ column ┃ count ┃ mean ┃ min ┃ max ┃" in result.stdout
    assert "│ a      │     2 │    2 │   1 │   3 │" in result.stdout


def test_big_numbers_in_a_narrow_terminal_are_never_cut(tmp_path: Path) -> None:
    """A real process in a 40-column terminal: every digit shows, the table folds."""
    table = tmp_path / "cities.csv"
    table.write_text("city,population,area\nA,546885123,99.21\nB,443037,101.45\n")
    command = [sys.executable, "-m", "autoui", "run", f"{SAMPLES / 'dataframe_plot.py'}:describe"]
    shown = subprocess.run(
        [*command, "--table", str(table)], capture_output=True, text=True, timeout=60,
        env={**os.environ, "COLUMNS": "40"}, cwd=tmp_path,
    )  # fmt: skip
    assert shown.returncode == 0, shown.stderr
    for number in ("546885123", "443037", "273664080", "100.33", "101.45"):
        assert number in shown.stdout, shown.stdout
    assert "…" not in shown.stdout
    assert max(len(line) for line in shown.stdout.splitlines()) <= 40


def test_plot_is_saved_under_out_dir(tmp_path: Path) -> None:
    result = run("dataframe_plot.py:plot_growth", "--years", "3", "--out-dir", str(tmp_path))
    assert result.exit_code == 0, result.output
    saved = list(tmp_path.glob("*.png"))
    assert len(saved) == 1 and f"saved image: {saved[0]}" in result.stdout


def test_form_from_dotted_options_including_a_nested_form() -> None:
    args = ["--order.size", "small", "--order.quantity", "2", "--order.address.street", "Main 1"]
    result = run("order_form.py", *args, "--json")
    assert result.exit_code == 0, result.output
    (confirmation,) = json.loads(result.stdout)["data"]
    assert "2 × small pizza" in confirmation and "Main 1, Amsterdam" in confirmation


def test_form_field_errors_name_the_dotted_option() -> None:
    result = run("order_form.py", "--order.size", "small", "--order.quantity", "many")
    assert result.exit_code == 2
    assert "--order.quantity: expected a whole number, got 'many'" in result.stderr


def test_chat_function_starts_with_an_empty_conversation() -> None:
    result = run("chat.py", "--message", "hello", "--style", "shout")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "HELLO (message 1 of this chat)"


def test_streaming_counter_prints_the_final_value_when_piped() -> None:
    result = run("counter.py", "--up-to", "3", "--delay", "0")
    assert result.exit_code == 0, result.output
    assert result.stdout == "1 2 3\n"


def test_progress_sample_runs_and_json_has_no_progress_on_stdout() -> None:
    result = run("progress_demo.py:bake", "--loaves", "2", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"data": ["2 loaves, golden brown"]}


def test_alerts_and_user_error_from_the_alerts_sample() -> None:
    result = run("alerts.py", "--password", "abc")
    assert result.exit_code == 0, result.output
    assert "⚠ shorter than 8 characters: easy to guess" in result.stdout
    assert "ℹ tip: mixing upper and lower case helps" in result.stdout
    result = run("alerts.py", "--password", "")
    assert result.exit_code == 1
    assert "Nothing to check" in result.stdout and "type a password first" in result.stdout


def test_entities_are_marked_with_their_labels() -> None:
    result = run("entities.py:tag", "--text", "Ada met Grace in 1843")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["Ada[NAME] met Grace[NAME] in 1843[NUM]", "■ NAME  ■ NUM"]


def test_before_after_saves_both_pictures(tmp_path: Path) -> None:
    from PIL import Image

    photo = tmp_path / "in.png"
    Image.new("RGB", (8, 8), (90, 90, 90)).save(photo)
    result = run("before_after.py", "--picture", str(photo), "--out-dir", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "saved original:" in result.stdout and "saved sharpened:" in result.stdout
    assert len(list((tmp_path / "out").glob("*.png"))) == 2


def test_chat_files_takes_attachments_as_json(tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("hi")
    message = json.dumps({"text": "see", "files": [str(note)]})
    result = run("chat_files.py", "--message", message, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "data": ["You said 'see' and sent 1 file(s): note.txt (2 bytes)."]
    }
