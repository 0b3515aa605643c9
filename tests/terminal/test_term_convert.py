"""CLI strings (and ``--in`` JSON cells) → wire payloads, with messages naming the option."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from term_specs import SEARCH, field, inputs_of

from autoui.errors import ValidationError
from autoui.terminal.convert import (
    InputError,
    collect_payloads,
    missing_required,
    to_payload,
)
from autoui.terminal.naming import negative_flag, option_name

INPUTS = inputs_of(SEARCH)


def convert(name: str, raw: Any) -> Any:
    return to_payload(INPUTS[name], raw)


def test_option_names_follow_cli_habits() -> None:
    assert option_name("top_k") == "--top-k"
    assert option_name("order.unit_price") == "--order.unit-price"
    assert option_name("_private") == "--private"
    assert option_name("help") == "--help-value"
    assert negative_flag("loud") == "--no-loud"
    assert negative_flag("order.express") == "--order.no-express"


def test_numbers_read_whole_numbers_and_bounds() -> None:
    assert convert("top_k", "7") == 7
    assert convert("top_k", 4) == 4
    assert convert("ratio", "0.25") == 0.25
    with pytest.raises(ValidationError, match=r"expected a whole number, got 'abc'"):
        convert("top_k", "abc")
    with pytest.raises(ValidationError, match=r"expected a whole number, got '2.5'"):
        convert("top_k", "2.5")
    with pytest.raises(ValidationError, match="must be between 1 and 10, got 11"):
        convert("top_k", "11")
    with pytest.raises(ValidationError, match="expected a number, got 'nan'"):
        convert("ratio", "nan")


def test_choices_checked_and_matched_case_insensitively() -> None:
    assert convert("mode", "exact") == "exact"
    assert convert("mode", "EXACT") == "exact"
    with pytest.raises(ValidationError, match="expected one of fast, exact; got 'slow'"):
        convert("mode", "slow")
    literal = field("n", "dropdown", props={"choices": [1, 2, 3]})
    assert to_payload(literal, "2") == 2


def test_checkbox_groups_take_repeats_and_comma_lists() -> None:
    assert convert("tags", ["new", "used,sale"]) == ["new", "used", "sale"]
    assert convert("tags", ["new", "sale"]) == ["new", "sale"]
    assert convert("tags", "used") == ["used"]
    with pytest.raises(ValidationError, match="expected one of new, used, sale"):
        convert("tags", ["new,old"])


def test_booleans_from_flags_and_text() -> None:
    assert convert("loud", True) is True
    assert convert("loud", "no") is False
    with pytest.raises(ValidationError, match="expected true or false"):
        convert("loud", "maybe")


def test_dates_stay_iso_strings_and_bad_ones_show_an_example() -> None:
    assert convert("since", "2024-05-31") == "2024-05-31"
    with pytest.raises(ValidationError, match="expected a date like 2024-05-31, got '31/05/2024'"):
        convert("since", "31/05/2024")


def test_files_become_absolute_path_payloads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "cat.png").write_bytes(b"png")
    monkeypatch.chdir(tmp_path)
    assert convert("photo", "cat.png") == {"path": str(tmp_path / "cat.png")}
    with pytest.raises(ValidationError, match="'dog.png' does not exist"):
        convert("photo", "dog.png")
    with pytest.raises(ValidationError, match="is a directory"):
        convert("photo", str(tmp_path))


def test_json_and_csv_inputs(tmp_path: Path) -> None:
    assert convert("extra", '{"a": [1, 2]}') == {"a": [1, 2]}
    with pytest.raises(ValidationError, match="expected JSON"):
        convert("extra", "{oops")
    csv_file = tmp_path / "t.csv"
    csv_file.write_text("name,age\nAda,36\nAlan,41.5\n")
    assert convert("table", str(csv_file)) == {
        "headers": ["name", "age"],
        "rows": [["Ada", 36], ["Alan", 41.5]],
    }
    table = {"headers": ["a"], "rows": [[1]]}
    assert convert("table", json.dumps(table)) == table


def test_forms_from_json_and_dotted_options() -> None:
    payloads = collect_payloads(SEARCH, {"order": '{"quantity": 2}', "order.express": True})
    assert payloads["order"] == {"quantity": 2, "express": True}
    payloads = collect_payloads(SEARCH, {"order.quantity": "5"})
    assert payloads["order"] == {"quantity": 5}
    with pytest.raises(InputError) as caught:
        collect_payloads(SEARCH, {"order.quantity": "0"})
    assert str(caught.value) == "--order.quantity: must be at least 1, got 0"
    with pytest.raises(InputError, match=r"--order: unknown field 'colour'"):
        collect_payloads(SEARCH, {"order": '{"colour": "red"}'})


def test_collect_names_the_option_and_reports_missing() -> None:
    with pytest.raises(InputError) as caught:
        collect_payloads(SEARCH, {"top_k": "abc"})
    assert str(caught.value) == "--top-k: expected a whole number, got 'abc'"
    payloads = collect_payloads(SEARCH, {"top_k": "2"})
    assert payloads == {"top_k": 2}
    assert [param.name for param in missing_required(SEARCH, payloads)] == ["query"]
