"""Issue 12's classes over the real paths: a real ``autoui serve`` over HTTP, ``autoui run``,
``inspect --json`` and ``export`` in real processes (``tests/fixtures/outside_fns.py``).

Each test covers a whole class: positional-only calls, scalar types that travel as text,
defaults with no JSON form, name heuristics that must not refuse valid input, and which
error messages a client is shown.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from serving import Server

FIXTURES = Path(__file__).resolve().parent / "fixtures"
OUTSIDE = FIXTURES / "outside_fns.py"
REPO = FIXTURES.parent.parent


def autoui(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1", "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "autoui", *args], capture_output=True, text=True, timeout=120,
        env=env, cwd=cwd, stdin=subprocess.DEVNULL,
    )


def run_json(fn: str, *options: str) -> Any:
    done = autoui("run", f"{OUTSIDE}:{fn}", "--json", *options)
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(done.stdout)["data"]


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with Server(OUTSIDE) as running:
        yield running


@pytest.fixture(scope="module")
def api(server: Server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=30) as client:
        yield client


@pytest.fixture(scope="module")
def spec(api: httpx.Client) -> dict[str, Any]:
    functions = api.get("/api/spec").json()["functions"]
    return {fn["name"]: fn for fn in functions}


def call(api: httpx.Client, fn: str, **data: Any) -> httpx.Response:
    return api.post(f"/api/{fn}", json={"data": data})


# -- class 1: positional-only -----------------------------------------------------------------
def test_positional_only_parameters_are_called_positionally(api: httpx.Client) -> None:
    assert call(api, "words", text="a b c").json()["data"] == [3]
    assert call(api, "words", text="a-b", sep="-").json()["data"] == [2]
    assert run_json("words", "--text", "one two") == [2]


def test_tomllib_loads_is_served_as_it_is() -> None:
    assert json.loads(autoui("inspect", "--json", "tomllib:loads").stdout)["functions"]
    done = autoui("run", "tomllib:loads", "--json", "--s", 'a = 1\n[b]\nc = "x"')
    assert json.loads(done.stdout) == {"data": [{"a": 1, "b": {"c": "x"}}]}
    assert "parse_float: not shown" in done.stderr  # its Callable default, said once


# -- class 3: types with no widget of their own ------------------------------------------------
def test_decimal_is_a_number_with_exact_digits(api: httpx.Client, spec: dict[str, Any]) -> None:
    assert spec["total"]["inputs"][0]["component"] == "number"
    assert call(api, "total", price="0.10", quantity=3).json()["data"] == [0.3]  # not 0.30000004
    exact = call(api, "total", price="0.1000000000000000000001").json()["data"]
    assert exact == ["0.1000000000000000000001"]  # no float holds it: its exact text
    refused = call(api, "total", price="ten")
    assert refused.status_code == 422 and refused.json()["error"] == (
        "price: expected a decimal number, got 'ten'"
    )


def test_secrets_are_password_inputs_that_deliver_the_secret_type(
    api: httpx.Client, spec: dict[str, Any]
) -> None:
    inputs = spec["secret_length"]["inputs"]
    assert [i["props"]["type"] for i in inputs] == ["password", "password"]
    answer = call(api, "secret_length", password="hunter2", salt="ab").json()["data"]
    assert answer == ["SecretStr:9"]
    assert run_json("secret_length", "--password", "hunter2") == ["SecretStr:7"]


def test_text_scalars_deliver_their_own_types(api: httpx.Client, spec: dict[str, Any]) -> None:
    values = {
        "key": "12345678-1234-5678-1234-567812345678", "host": "10.0.0.1", "net": "2001:db8::/32",
        "wait": "1:30:00", "share": "3/4", "z": "1+2j", "rx": r"\w+",
    }
    assert {i["component"] for i in spec["scalars"]["inputs"]} == {"textbox"}
    assert call(api, "scalars", **values).json()["data"] == [[
        "UUID=12345678-1234-5678-1234-567812345678", "IPv4Address=10.0.0.1",
        "IPv6Network=2001:db8::/32", "timedelta=1:30:00", "Fraction=3/4", "complex=(1+2j)",
        r"Pattern=\w+",
    ]]
    wrong = {**values, "host": "10.0.0.300"}
    refused = call(api, "scalars", **wrong)
    assert refused.json()["error"] == "host: expected an IPv4 address, got '10.0.0.300'"
    bad_rx = call(api, "scalars", **{**values, "rx": "("}).json()["error"]
    assert bad_rx.startswith("rx: expected a regular expression (missing ), unterminated")


def test_a_timedelta_default_round_trips_and_returns_as_text(
    api: httpx.Client, spec: dict[str, Any]
) -> None:
    assert spec["later"]["inputs"][0]["default"] == "0:01:30"
    assert call(api, "later").json()["data"] == ["0:03:00"]
    assert call(api, "later", wait="90").json()["data"] == ["0:03:00"]  # seconds


# -- class 4: defaults that are not JSON ----------------------------------------------------------
def test_non_json_defaults_mean_the_functions_own_default(
    api: httpx.Client, spec: dict[str, Any]
) -> None:
    shown = {i["name"]: i for i in spec["odd_defaults"]["inputs"]}
    assert list(shown) == ["items", "rate", "rx", "limit"]  # key=len, dtype=...: not shown
    assert (shown["rate"]["default"], shown["rx"]["default"]) == (1.5, r"\d+")
    assert (shown["limit"]["default"], shown["limit"]["required"]) == (None, False)
    answer = call(api, "odd_defaults", items=["ccc", "a", "bb"]).json()["data"]
    assert answer == [["a", "bb", "ccc", "float32", "1.5", r"\d+", "inf"]]
    assert call(api, "odd_defaults", items=["x"], limit=2).json()["data"][0][-1] == "2.0"


def test_inspect_export_and_run_take_non_json_defaults(tmp_path: Path) -> None:
    inspected = autoui("inspect", "--json", f"{OUTSIDE}:odd_defaults")
    assert inspected.returncode == 0 and json.loads(inspected.stdout)["functions"]
    warnings = [line for line in inspected.stderr.splitlines() if line.startswith("warning:")]
    assert any("key: not shown (no type hint" in line for line in warnings)
    exported = autoui(
        "export", f"{OUTSIDE}:odd_defaults", "--out", str(tmp_path / "site"),
        "--api-url", "http://127.0.0.1:9",
    )
    assert exported.returncode == 0, exported.stderr
    assert "Traceback" not in exported.stderr
    assert run_json("odd_defaults", "--items", '["bb", "a"]')[0][:2] == ["a", "bb"]


def test_serve_and_run_print_the_inference_warnings_once(server: Server) -> None:
    line = "warning: odd_defaults: key: not shown (no type hint, and no input fits its default)"
    assert server.wait_output(line)
    assert server.text().count(line) == 1
    done = autoui("run", f"{OUTSIDE}:odd_defaults", "--json", "--items", '["a"]')
    assert done.stderr.count(line) == 1 and json.loads(done.stdout)["data"]


# -- class 6: heuristics never refuse valid input -----------------------------------------------
def test_a_history_of_strings_is_not_a_chat(api: httpx.Client, spec: dict[str, Any]) -> None:
    assert [i["component"] for i in spec["notes"]["inputs"]] == ["textbox", "json"]
    assert call(api, "notes", message="b", history=["a"]).json()["data"] == [["a", "b"]]


def test_gradio_style_chat_history_is_a_chat(api: httpx.Client, spec: dict[str, Any]) -> None:
    fn = spec["gradio_chat"]
    assert [i["component"] for i in fn["inputs"]] == ["textbox", "chat"]
    assert fn["outputs"][0]["component"] == "chat"
    history = [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]
    answer = call(api, "gradio_chat", message="again", chat_history=history).json()
    assert "again, after 2 messages" in json.dumps(answer["data"])


def test_confidences_only_for_probabilities(api: httpx.Client) -> None:
    probabilities = call(api, "scores", text="x").json()["data"][0]
    assert probabilities["label"] == "positive"
    table = call(api, "stats", values=[1, 2, 3, 6]).json()["data"][0]
    assert table == {
        "label": None,
        "confidences": [{"label": "mean", "confidence": 3.0}, {"label": "max", "confidence": 6.0}],
    }
    shown = autoui("run", f"{OUTSIDE}:stats", "--values", "[1, 2, 3, 6]")
    assert "mean" in shown.stdout and "%" not in shown.stdout  # a key/value table, no bars


def test_a_str_named_color_takes_css_names_and_gets_them_as_written(
    api: httpx.Client, spec: dict[str, Any]
) -> None:
    color = spec["paint"]["inputs"][1]
    assert (color["component"], color["props"]["as_text"], color["default"]) == (
        "color", True, "red",
    )
    for given in ("red", "#ff8800", "rgb(1, 2, 3)", "RebeccaPurple"):
        assert call(api, "paint", thing="sky", color=given).json()["data"] == [f"sky in {given}"]
    refused = call(api, "paint", thing="sky", color="not-a-colour")
    assert refused.status_code == 422 and refused.json()["param"] == "color"
    assert run_json("paint", "--thing", "sea", "--color", "blue") == ["sea in blue"]


# -- class 8: which error messages a client sees --------------------------------------------------
def test_errors_raised_on_purpose_show_their_message(api: httpx.Client) -> None:
    told = call(api, "check_code", code="12a")
    assert told.status_code == 500 and told.json()["error"] == "ValueError: '12a' is not a number"
    asserted = call(api, "check_list", items=[])
    assert asserted.json()["error"] == "AssertionError: give at least one item"
    hidden = call(api, "internal_failure", text="x")
    assert hidden.json()["error"] == "KeyError"  # not meant for the user: the type only


# -- /docs offline --------------------------------------------------------------------------------
def test_docs_need_no_network(api: httpx.Client) -> None:
    page = api.get("/docs")
    assert page.status_code == 200 and "cdn" not in page.text.lower()
    assert 'src="docs/swagger-ui-bundle.js"' in page.text
    for name, kind in (("swagger-ui-bundle.js", "javascript"), ("swagger-ui.css", "css")):
        asset = api.get(f"/docs/{name}")
        assert asset.status_code == 200 and kind in asset.headers["content-type"]
        assert len(asset.content) > 10_000
    assert api.get("/docs/app.js").status_code == 404  # only Swagger UI's own files
