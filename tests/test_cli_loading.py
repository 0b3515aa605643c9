"""Every command ends the same way on a bad TARGET, and reads ``user:password`` the same."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from autoui.cli.loading import LOAD_FAILED, parse_user_password

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    "command",
    [["run"], ["inspect"], ["export", "--api-url", "http://127.0.0.1:1"], ["serve"], ["mcp"]],
)
def test_a_bad_target_is_one_line_and_the_same_exit_code(command: list[str]) -> None:
    target = "samples/hello.py:gret"
    args = [*command[:1], target, *command[1:]]
    done = subprocess.run(
        [sys.executable, "-m", "autoui", *args],
        capture_output=True, text=True, timeout=60, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == LOAD_FAILED == 1, done.stderr
    assert done.stderr.splitlines()[0] == (
        "error: samples/hello.py has no function 'gret'; did you mean 'greet'? "
        "(functions there: greet)"
    )
    assert "Traceback" not in done.stderr


def test_user_password() -> None:
    assert parse_user_password("ada:s3:cret") == ("ada", "s3:cret")
    for bad in ("ada", ":pw", "ada:"):
        with pytest.raises(ValueError, match=f"expected user:password, got '{bad}'"):
            parse_user_password(bad)
