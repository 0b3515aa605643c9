"""The command built from a JSON spec: option names, parsing, and what reaches the callback."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from term_specs import SEARCH

from autoui.terminal.options import build_command, extra_option
from autoui.wire import WireFunction


def parse(
    args: list[str], fn: WireFunction = SEARCH
) -> tuple[dict[str, Any], dict[str, Any]]:
    seen: list[tuple[dict[str, Any], dict[str, Any]]] = []
    extras = [extra_option("json", "--json", default=False, type=bool, help="raw")]
    command = build_command(fn, lambda i, e: seen.append((i, e)), extra_options=extras)
    command.main(args, prog_name="autoui run x.py:search", standalone_mode=False)
    assert len(seen) == 1
    return seen[0]


def test_only_given_options_reach_the_callback_keyed_by_parameter() -> None:
    inputs, extras = parse(["--query", "lamp", "--top-k", "4", "--json"])
    assert inputs == {"query": "lamp", "top_k": "4"}
    assert extras == {"json": True}


def test_flags_repeats_and_dotted_form_fields() -> None:
    args = ["--no-loud", "--tags", "new", "--tags", "used,sale", "--order.quantity", "3"]
    args += ["--order.express"]
    inputs, _ = parse(args)
    assert inputs == {
        "loud": False,
        "tags": ["new", "used,sale"],
        "order.quantity": "3",
        "order.express": True,
    }


def test_an_input_named_like_an_extra_option_wins() -> None:
    named_json = dataclasses.replace(SEARCH.inputs[0], name="json")
    fn = dataclasses.replace(SEARCH, inputs=(*SEARCH.inputs, named_json))
    inputs, extras = parse(["--json", "x"], fn)
    assert inputs == {"json": "x"} and extras == {}


def test_unknown_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    command = build_command(SEARCH, lambda i, e: None)
    with pytest.raises(SystemExit) as exited:
        command.main(["--colour", "red"], prog_name="autoui run x.py:search")
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "No such option" in err and "--colour" in err
