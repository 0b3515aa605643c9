"""Every constraint pydantic ``Field`` and annotated-types can express is enforced, with a
message naming the parameter, on every path: in process, over HTTP against a real
``autoui serve``, and by ``autoui run`` in a real process; the spec carries what front
ends show (bounds, step, lengths, pattern). One table, ``tests/fixtures/constrained.py``
holding one function per row.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, NamedTuple

import httpx
import pytest
from serving import Server

from autoui.errors import ValidationError
from autoui.introspect import load_app
from autoui.localfiles import LocalFiles
from autoui.pipeline import preprocess_inputs

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "constrained.py"
REPO = FIXTURE.parent.parent.parent


class Row(NamedTuple):
    fn: str
    good: Any  # a payload that passes
    result: Any  # what the function then returns (its wire form)
    bad: Any  # a payload that fails
    message: str  # the whole message, parameter first
    props: dict[str, Any]  # what the spec's props carry for front ends
    cli: str | None = None  # the bad value as typed on the command line, when not JSON


TABLE = [
    Row("gt", 1, 1, 0, "x: must be at least 1, got 0", {"minimum": 1}),
    Row("ge", 1.5, 1.5, 1.25, "x: must be at least 1.5, got 1.25", {"minimum": 1.5}),
    Row("lt", 9, 9, 10, "x: must be at most 9, got 10", {"maximum": 9}),
    Row("le", 2.5, 2.5, 2.75, "x: must be at most 2.5, got 2.75", {"maximum": 2.5}),
    Row("interval", 1.0, 1.0, 0.0,
        "x: must be greater than 0 and at most 1, got 0.0", {"minimum": 0, "maximum": 1}),
    Row("multiple_of", 15, 15, 7, "x: must be a multiple of 5, got 7", {"step": 5}),
    Row("float_multiple_of", 0.3, 0.3, 0.25,
        "x: must be a multiple of 0.1, got 0.25", {"step": 0.1}),
    Row("min_length", "Ada", "Ada", "Al",
        "name: is too short: 2 characters, at least 3 needed", {"min_length": 3}),
    Row("max_length", "Grace", "Grace", "Barbara",
        "name: is too long: 7 characters, at most 5 allowed", {"max_length": 5}),
    Row("pattern", "ABC-12", "ABC-12", "abc-12",
        "code: must match the pattern '^[A-Z]{3}-\\\\d+$', got 'abc-12'",
        {"pattern": r"^[A-Z]{3}-\d+$"}),
    Row("string_constraints", "abc", "abc", "ABC",
        "tag: must match the pattern '^[a-z]+$', got 'ABC'",
        {"min_length": 2, "max_length": 4, "pattern": "^[a-z]+$"}),
    Row("predicate", "low", "low", "LOW", "word: Predicate 'str.islower' failed", {}),
    Row("list_min", [1, 2], 3, [1],
        "items: List should have at least 2 items after validation, not 1", {}),
    Row("list_max", ["a", "b"], 2, ["a", "b", "c"],
        "items: List should have at most 2 items after validation, not 3", {}),
    Row("list_len", [1.5], 1.5, [],
        "items: List should have at least 1 item after validation, not 0", {}),
    Row("choices_min", ["a", "b"], 2, ["a"],
        "picked: List should have at least 2 items after validation, not 1", {}, cli="a"),
    Row("decimal_digits", "12.34", "12.34", "12.345",
        "price: Decimal input should have no more than 4 digits in total", {}),
    Row("decimal_bounds", "99.5", "99.5", "100.01",
        "price: must be greater than 0 and at most 100, got 100.01", {"maximum": 100}),
    Row("after_validator", 4, 4, 3, "even: Value error, 3 is odd", {}),
    Row("date_bound", "2024-05-01", "2024-05-01", "2023-12-31",
        "day: Input should be greater than or equal to 2024-01-01", {}),
    Row("field_default", 5, 5, 6, "count: must be between 1 and 5, got 6", {"maximum": 5}),
]
IDS = [row.fn for row in TABLE]


@pytest.fixture(scope="module")
def app() -> Any:
    return load_app(str(FIXTURE))


def param_of(app: Any, fn: str) -> str:
    return str(app.function(fn).inputs[0].name)


@pytest.mark.parametrize("row", TABLE, ids=IDS)
def test_in_process_the_bad_value_is_refused_naming_the_parameter(
    row: Row, app: Any, tmp_path: Path
) -> None:
    spec = app.function(row.fn)
    name = param_of(app, row.fn)
    preprocess_inputs(spec, {name: row.good}, LocalFiles(tmp_path))  # passes
    with pytest.raises(ValidationError) as info:
        preprocess_inputs(spec, {name: row.bad}, LocalFiles(tmp_path))
    assert f"{info.value.param}: {info.value.message}" == row.message


@pytest.mark.parametrize("row", TABLE, ids=IDS)
def test_the_spec_carries_what_front_ends_show(row: Row, app: Any) -> None:
    props = app.function(row.fn).to_json()["inputs"][0]["props"]
    assert {key: props.get(key) for key in row.props} == row.props


def test_field_title_and_description_are_the_label_and_help(app: Any) -> None:
    titled = app.function("titled").to_json()["inputs"][0]
    assert (titled["label"], titled["info"]) == ("How many", "Between 1 and 9.")
    field_default = app.function("field_default").to_json()["inputs"][0]
    assert (field_default["default"], field_default["required"]) == (3, False)


# -- over HTTP, against a real server ----------------------------------------------------------
@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with Server(FIXTURE) as running:
        yield running


@pytest.mark.parametrize("row", TABLE, ids=IDS)
def test_over_http_422_names_the_parameter_and_a_good_value_runs(
    row: Row, app: Any, server: Server
) -> None:
    name = param_of(app, row.fn)
    with httpx.Client(base_url=server.url, timeout=30) as client:
        ok = client.post(f"/api/{row.fn}", json={"data": {name: row.good}})
        assert ok.status_code == 200, ok.text
        assert ok.json()["data"] == [row.result]
        refused = client.post(f"/api/{row.fn}", json={"data": {name: row.bad}})
    assert refused.status_code == 422
    assert (refused.json()["param"], refused.json()["error"]) == (name, row.message)


# -- the command line, in real processes ---------------------------------------------------------
def run_cli(fn: str, name: str, value: Any) -> subprocess.CompletedProcess[str]:
    text = value if isinstance(value, str) else json.dumps(value)
    option = "--" + name.replace("_", "-")
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "autoui", "run", f"{FIXTURE}:{fn}", option, text, "--json"],
        capture_output=True, text=True, timeout=120, env=env, stdin=subprocess.DEVNULL,
    )


def test_autoui_run_refuses_every_bad_value_with_the_same_message(app: Any) -> None:
    def check(row: Row) -> tuple[str, Any, str]:
        name = param_of(app, row.fn)
        done = run_cli(row.fn, name, row.cli if row.cli is not None else row.bad)
        error = json.loads(done.stdout)["error"] if done.stdout.strip() else {}
        return row.fn, done.returncode, str(error.get("message", done.stderr))

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(check, TABLE))
    for row, (fn, code, message) in zip(TABLE, results, strict=True):
        assert code != 0, fn
        name, rest = row.message.split(": ", 1)
        assert message == f"--{name.replace('_', '-')}: {rest}", fn


CLIENT_ROWS = [row for row in TABLE if row.fn in ("pattern", "list_min", "gt")]


@pytest.mark.parametrize("row", CLIENT_ROWS, ids=[row.fn for row in CLIENT_ROWS])
def test_the_python_client_gets_the_same_message(row: Row, app: Any, server: Server) -> None:
    import autoui

    name = param_of(app, row.fn)
    with autoui.Client(server.url) as client:
        assert client.predict(row.fn, **{name: row.good}) == row.result
        with pytest.raises(autoui.ClientError) as info:
            client.predict(row.fn, **{name: row.bad})
    assert (info.value.param, info.value.status) == (name, 422)
    assert f"{name}: {info.value.message}" == row.message
