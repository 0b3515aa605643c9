from __future__ import annotations

import enum

import pytest

from autoui.components import Checkbox, CheckboxGroup, Dropdown, Radio
from autoui.errors import ValidationError
from autoui.localfiles import LocalFiles


class Size(enum.Enum):
    SMALL = "s"
    LARGE = "l"


def size_radio() -> Radio:
    return Radio(tuple(Size), values=tuple(Size))


def test_enum_members_travel_by_name(files: LocalFiles) -> None:
    radio = size_radio()
    assert radio.props() == {"choices": ["SMALL", "LARGE"]}
    assert radio.preprocess("LARGE", files) is Size.LARGE
    assert radio.postprocess(Size.SMALL, files) == "SMALL"
    assert radio.encode_default(Size.LARGE) == "LARGE"


def test_unknown_choice_lists_the_choices(files: LocalFiles) -> None:
    with pytest.raises(ValidationError) as caught:
        size_radio().preprocess("MEDIUM", files)
    assert caught.value.message == "expected one of 'SMALL', 'LARGE'; got 'MEDIUM'"


def test_literal_choices_keep_their_type(files: LocalFiles) -> None:
    dropdown = Dropdown((1, 2, 3))
    assert dropdown.preprocess(2, files) == 2
    assert dropdown.preprocess("2", files) == 2  # from a text-only front end
    with pytest.raises(ValidationError):
        dropdown.preprocess(True, files)  # True == 1 in Python, but is not the choice 1


def test_dropdown_allow_custom_passes_other_text(files: LocalFiles) -> None:
    dropdown = Dropdown(("a", "b"), allow_custom=True)
    assert dropdown.preprocess("zzz", files) == "zzz"
    with pytest.raises(ValidationError):
        dropdown.preprocess(5, files)


def test_values_must_align_with_choices() -> None:
    with pytest.raises(ValueError, match="2 values for 1 choices"):
        Radio(("a",), values=("a", "b"))


@pytest.mark.parametrize("container", ["list", "set", "frozenset", "tuple"])
def test_checkbox_group_builds_the_container(files: LocalFiles, container: str) -> None:
    group = CheckboxGroup(tuple(Size), values=tuple(Size), container=container)  # type: ignore[arg-type]
    result = group.preprocess(["SMALL", "LARGE"], files)
    assert type(result).__name__ == container
    assert set(result) == {Size.SMALL, Size.LARGE}
    assert sorted(group.postprocess(result, files)) == ["LARGE", "SMALL"]


def test_checkbox_group_rejects_unknown_and_non_lists(files: LocalFiles) -> None:
    group = CheckboxGroup(("a", "b"))
    with pytest.raises(ValidationError, match="expected a list of choices"):
        group.preprocess("a", files)
    with pytest.raises(ValidationError, match="got 'c'"):
        group.preprocess(["a", "c"], files)


@pytest.mark.parametrize(
    ("payload", "value"), [(True, True), (False, False), ("true", True), ("No", False), (1, True)]
)
def test_checkbox_reads_booleans(files: LocalFiles, payload: object, value: bool) -> None:
    assert Checkbox().preprocess(payload, files) is value


@pytest.mark.parametrize("payload", ["maybe", 2, None, [True]])
def test_checkbox_rejects_the_rest(files: LocalFiles, payload: object) -> None:
    with pytest.raises(ValidationError, match="expected true or false"):
        Checkbox().preprocess(payload, files)


def test_choice_outputs_are_always_json_scalars(files: LocalFiles) -> None:
    assert Dropdown(("a",)).postprocess("other", files) == "other"
    assert Dropdown(("a",)).postprocess(object, files) == str(object)
