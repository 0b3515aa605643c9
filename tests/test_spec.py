from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, ClassVar

import pytest

from autoui.components.base import MISSING, Component, Traits
from autoui.files import FileContext
from autoui.markers import BatchConfig
from autoui.spec import AppSpec, FunctionSpec, OutputSpec, ParamSpec, pretty_label


@dataclass(frozen=True)
class Stars(Component):
    """A made-up component: how a real one plugs into the spec."""

    kind: ClassVar[str] = "stars"
    count: int = 5

    def preprocess(self, payload: Any, files: FileContext) -> Any:
        return int(payload)

    def encode_default(self, value: Any) -> Any:
        return int(value)


def _fn() -> FunctionSpec:
    return FunctionSpec(
        name="rate",
        fn=lambda stars=3: stars,
        description="Rate a thing.",
        inputs=(ParamSpec("stars", Stars(7, info="how many"), "int", default=3),),
        outputs=(OutputSpec("verdict", Stars(label="Verdict")),),
        batch=BatchConfig(max_batch_size=8, batch_wait=0.1),
        examples=({"stars": 4},),
    )


NO_TRAITS = {
    "file": False, "multiple": False, "heavy": False, "attachments": False, "dynamic": False
}  # fmt: skip


def test_function_json_has_the_contract_fields() -> None:
    body = _fn().to_json()
    assert body == {
        "name": "rate",
        "description": "Rate a thing.",
        "inputs": [
            {
                "name": "stars", "component": "stars", "traits": NO_TRAITS,
                "label": "Stars", "info": "how many", "default": 3, "required": False,
                "optional": False, "interactive": True, "annotation": "int",
                "props": {"count": 7},
            }
        ],
        "outputs": [
            {
                "name": "verdict", "component": "stars", "traits": NO_TRAITS,
                "label": "Verdict", "info": None, "default": None, "annotation": "",
                "props": {"count": 5}, "stream": None,
            }
        ],
        "streaming": False,
        "streaming_input": None,
        "batch": {"max_batch_size": 8, "batch_wait": 0.1},
        "concurrency_limit": 1,
        "examples": [{"stars": 4}],
    }


def test_app_json_is_plain_json_with_version() -> None:
    app = AppSpec(title="Rater", functions=(_fn(),))
    body = json.loads(json.dumps(app.to_json()))
    assert body["title"] == "Rater" and body["functions"][0]["name"] == "rate"
    assert isinstance(body["version"], str)


def test_required_means_no_default_and_not_optional() -> None:
    assert ParamSpec("x", Stars()).required
    assert not ParamSpec("x", Stars(), optional=True).required
    assert not ParamSpec("x", Stars(), default=1).required
    assert ParamSpec("x", Stars()).to_json()["default"] is None


def test_lookup_by_name_and_replace() -> None:
    app = AppSpec(title="t", functions=(_fn(),))
    assert app.function("rate").input("stars").name == "stars"
    with pytest.raises(KeyError):
        app.function("nope")
    assert app.function("rate").replace(concurrency_limit=None).concurrency_limit is None


def test_with_defaults_never_overrides_what_the_user_wrote() -> None:
    mine = Stars(label="Mine")
    filled = mine.with_defaults(label="From name", info="From docstring")
    assert filled.label == "Mine" and filled.info == "From docstring"
    assert mine.info is None  # components are immutable


@pytest.mark.parametrize(
    ("name", "label"), [("top_k", "Top k"), ("_private", "Private"), ("x", "X")]
)
def test_pretty_label(name: str, label: str) -> None:
    assert pretty_label(name) == label


def test_missing_is_falsy_and_singleton() -> None:
    assert not MISSING and repr(MISSING) == "MISSING"


@dataclass(frozen=True)
class Photos(Component):
    """A made-up file-list kind: its traits are class-level facts the spec carries."""

    kind: ClassVar[str] = "photos"
    traits: ClassVar[Traits] = Traits(file=True, multiple=True, heavy=True)


def test_traits_are_class_facts_in_every_input_and_output() -> None:
    fn = FunctionSpec(
        name="f", fn=lambda p: p, inputs=(ParamSpec("p", Photos()),),
        outputs=(OutputSpec("o", Photos()),),
    )  # fmt: skip
    body = fn.to_json()
    expected = {
        "file": True, "multiple": True, "heavy": True, "attachments": False, "dynamic": False
    }  # fmt: skip
    assert body["inputs"][0]["traits"] == expected
    assert body["outputs"][0]["traits"] == expected
    assert "traits" not in body["inputs"][0]["props"]  # a fact of the kind, not a setting
