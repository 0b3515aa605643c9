"""The submit-time check: shapes, limits, paths and file ids, without decoding anything."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pandas as pd
import PIL.Image
import pytest

from autoui.errors import ValidationError
from autoui.inputcheck import check_inputs, count_containers
from autoui.introspect import introspect
from autoui.limits import InputLimits
from autoui.localfiles import LocalFiles


@dataclasses.dataclass
class Order:
    item: str
    qty: int
    picture: PIL.Image.Image | None = None


def text(words: str) -> str:
    return words


def config(settings: dict[str, Any]) -> str:
    return str(settings)


def picture(image: PIL.Image.Image) -> str:
    return "x"


class Refusing(LocalFiles):
    """A file context that knows no file: every ``{"id"}`` is unknown."""

    def resolve_input(self, payload: Any) -> Path:
        raise ValidationError("unknown file id")


@pytest.fixture
def files(tmp_path: Path) -> LocalFiles:
    return Refusing(tmp_path, allow_paths=False)


def nested(depth: int) -> Any:
    value: Any = []
    for _ in range(depth - 1):
        value = [value]
    return value


def refused(fn: Any, data: Any, files: LocalFiles, limits: InputLimits | None = None) -> str:
    with pytest.raises(ValidationError) as caught:
        check_inputs(introspect(fn), data, files, limits)
    return str(caught.value)


def test_a_list_sent_to_text_is_refused_by_its_type_not_by_walking_it(files: LocalFiles) -> None:
    deep = nested(500)  # over every limit, were it walked
    assert refused(text, {"words": deep}, files).startswith("words: expected text, got a list")
    assert refused(config, {"settings": {"x": deep}}, files) == (
        "settings: nested too deeply: at most 64 levels"
    )


def test_shape_limits_name_the_parameter(files: LocalFiles) -> None:
    small = InputLimits(max_depth=3, max_items=4, max_string=10)
    check_inputs(introspect(config), {"settings": {"a": [[1]]}}, files, small)
    assert "at most 3 levels" in refused(config, {"settings": {"a": [[[1]]]}}, files, small)
    many = {"settings": {"a": [[], [], [], []]}}
    assert refused(config, many, files, small) == (
        "settings: too many values: at most 4 lists and objects in one call"
    )
    assert refused(text, {"words": "x" * 11}, files, small).startswith(
        "words: a string is too long: at most 10 characters"
    )
    assert "too long" in refused(config, {"settings": {"a": ["x" * 11]}}, files, small)


@pytest.mark.parametrize(
    "payload",
    [
        {"path": "/etc/passwd"},
        {"files": [{"path": "/etc/passwd"}]},
        {"d": {"x": {"path": "/etc/passwd", "orig_name": "p", "meta": {"_type": "x"}}}},
    ],
)
def test_a_file_reference_naming_a_server_path_is_refused_anywhere(
    files: LocalFiles, payload: Any
) -> None:
    assert refused(config, {"settings": payload}, files).startswith(
        "settings: file paths are not accepted"
    )
    check_inputs(introspect(config), {"settings": {"path": "/x", "mode": 1}}, files)  # just data


def test_files_are_looked_up_not_decoded(files: LocalFiles) -> None:
    assert refused(picture, {"image": {"id": "nope"}}, files) == "image: unknown file id"
    assert "not accepted" in refused(picture, {"image": {"path": "/etc/hosts"}}, files)
    assert "not valid base64" in refused(picture, ["data:image/png;base64,@@@"], files)
    assert "expected a file" in refused(picture, ["/etc/hosts"], files)
    # A well-formed data: URL passes although it is no image: decoding is for the start.
    check_inputs(introspect(picture), ["data:image/png;base64,aGVsbG8="], files)


def test_forms_and_tables_are_checked_field_by_field(files: LocalFiles) -> None:
    def order(order: Order) -> str:
        return "ok"

    assert refused(order, {"order": {"item": "pen", "qty": "many"}}, files).startswith(
        "order.qty: expected a whole number"
    )
    assert refused(order, {"order": {"item": "pen", "qty": 1, "x": 2}}, files).startswith(
        "order.x: unknown field"
    )
    assert refused(order, {"order": {"item": "pen", "qty": 1, "picture": {"id": "?"}}}, files) == (
        "order.picture: unknown file id"
    )

    def frame(rows: pd.DataFrame) -> Any:
        return rows

    assert refused(frame, {"rows": [[1, 2], [3]]}, files) == (
        "rows: row 2: expected a list of 2 cells"
    )
    check_inputs(introspect(frame), {"rows": {"headers": ["a"], "rows": [[1]]}}, files)


def test_names_and_missing_values_as_before(files: LocalFiles) -> None:
    assert refused(text, {"words": "a", "other": 1}, files).startswith("other: unknown parameter")
    assert refused(text, {}, files) == "words: is required"
    assert "too many values" in refused(text, ["a", "b"], files)


def test_container_count_is_an_upper_bound() -> None:
    assert count_containers(b'{"data": [[1], {"a": "[x"}]}') == 5  # the "[" in a string too
