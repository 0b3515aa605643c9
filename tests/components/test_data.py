from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import math
from pathlib import Path
from typing import Any, TypedDict

import numpy as np
import pandas as pd
import pytest
from PIL import Image as PILImage

from autoui.components import JSON, DataFrame, Label, Plot
from autoui.errors import ValidationError
from autoui.localfiles import LocalFiles


# -- label -----------------------------------------------------------------------------
def test_label_sorts_and_keeps_top_n(files: LocalFiles) -> None:
    payload = Label(num_top_classes=2).postprocess({"cat": 0.2, "dog": 0.7, "fox": 0.1}, files)
    assert payload == {
        "label": "dog",
        "confidences": [{"label": "dog", "confidence": 0.7}, {"label": "cat", "confidence": 0.2}],
    }


@pytest.mark.parametrize(
    ("value", "payload"),
    [
        ("cat", {"label": "cat", "confidences": []}),
        (("cat", 0.9), {"label": "cat", "confidences": [{"label": "cat", "confidence": 0.9}]}),
        (
            {"a": np.float32(0.5)},
            {"label": "a", "confidences": [{"label": "a", "confidence": 0.5}]},
        ),
        (np.int64(3), {"label": "3", "confidences": []}),
    ],
)
def test_label_accepts_natural_returns(files: LocalFiles, value: Any, payload: Any) -> None:
    assert Label().postprocess(value, files) == payload


def test_label_rejects_non_numeric_confidences(files: LocalFiles) -> None:
    with pytest.raises(ValidationError, match="confidence"):
        Label().postprocess({"cat": "high"}, files)
    with pytest.raises(ValidationError, match="class name"):
        Label().postprocess(2.5, files)


# -- json ---------------------------------------------------------------------------------
class Colour(enum.Enum):
    RED = "red"


@dataclasses.dataclass
class Point:
    x: int
    when: dt.date


def test_json_output_converts_common_values(files: LocalFiles) -> None:
    value = {
        "point": Point(1, dt.date(2024, 1, 2)),
        "array": np.arange(3),
        "scalar": np.float64(1.5),
        "colour": Colour.RED,
        "path": Path("/tmp/x"),
        "nan": math.nan,
        "set": {1},
        "tuple": (1, "a"),
        "bytes": b"hi",
    }
    assert JSON().postprocess(value, files) == {
        "point": {"x": 1, "when": "2024-01-02"},
        "array": [0, 1, 2],
        "scalar": 1.5,
        "colour": "red",
        "path": "/tmp/x",
        "nan": None,
        "set": [1],
        "tuple": [1, "a"],
        "bytes": "hi",
    }


def test_json_output_of_pydantic_models(files: LocalFiles) -> None:
    from pydantic import BaseModel

    class User(BaseModel):
        name: str
        born: dt.date

    assert JSON().postprocess([User(name="a", born=dt.date(2000, 1, 1))], files) == [
        {"name": "a", "born": "2000-01-01"}
    ]


def test_json_output_refuses_cycles(files: LocalFiles) -> None:
    loop: list[Any] = []
    loop.append(loop)
    with pytest.raises(ValidationError, match="nested too deeply"):
        JSON().postprocess(loop, files)


class Movie(TypedDict):
    title: str
    year: int


def test_json_input_is_checked_against_the_annotation(files: LocalFiles) -> None:
    assert JSON(annotation=list[int]).preprocess([1, "2"], files) == [1, 2]
    assert JSON(annotation=Movie).preprocess({"title": "x", "year": 1999}, files) == {
        "title": "x",
        "year": 1999,
    }
    with pytest.raises(ValidationError, match=r"^\[1\]: Input should be a valid integer"):
        JSON(annotation=list[int]).preprocess([1, "x"], files)
    with pytest.raises(ValidationError, match="year"):
        JSON(annotation=Movie).preprocess({"title": "x"}, files)
    assert JSON().preprocess({"any": ["thing"]}, files) == {"any": ["thing"]}


def test_json_schema_and_example_follow_the_annotation() -> None:
    component = JSON(annotation=Movie)
    schema = component.json_schema()
    assert schema["properties"]["year"]["type"] == "integer"
    assert component.example_payload() == {"title": "text", "year": 1}


# -- dataframe --------------------------------------------------------------------------
TABLE = {"headers": ["name", "n"], "rows": [["a", 1], ["b", 2]]}


def test_dataframe_inputs_in_each_type(files: LocalFiles) -> None:
    frame = DataFrame().preprocess(TABLE, files)
    assert isinstance(frame, pd.DataFrame) and list(frame.columns) == ["name", "n"]
    assert DataFrame(type="rows").preprocess(TABLE, files) == [["a", 1], ["b", 2]]
    assert DataFrame(type="columns").preprocess(TABLE, files) == {"name": ["a", "b"], "n": [1, 2]}
    assert DataFrame(type="records").preprocess(TABLE, files)[1] == {"name": "b", "n": 2}
    assert DataFrame(type="rows").preprocess([[1, 2]], files) == [[1, 2]]


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ("a,b", "expected a table"),
        ({"headers": ["a"], "rows": [[1, 2]]}, "row 1: expected a list of 1 cells"),
        ({"headers": [1], "rows": [[1]]}, "headers"),
        ({"rows": [[1], "x"]}, "row 2"),
    ],
)
def test_dataframe_bad_inputs(files: LocalFiles, payload: Any, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        DataFrame(type="rows").preprocess(payload, files)


def test_a_list_of_typed_rows_checks_and_converts_each_cell(files: LocalFiles) -> None:
    from autoui.registry import infer_input

    floats = infer_input(list[list[float]], name="rows").component
    assert floats.preprocess([["1.5", 2]], files) == [[1.5, 2.0]]
    with pytest.raises(ValidationError, match=r"^row 2, column 1: Input should be a valid number"):
        floats.preprocess([[1.0], [None]], files)
    pairs = infer_input(list[tuple[str, int]], name="pairs").component
    assert pairs.preprocess({"headers": ["name", "n"], "rows": [["a", "3"]]}, files) == [("a", 3)]
    with pytest.raises(ValidationError, match=r"^row 1, column 2: "):
        pairs.preprocess([["a", "many"]], files)
    rows = floats.json_schema()["anyOf"][1]
    assert rows == {"type": "array", "items": {"type": "array", "items": {"type": "number"}}}


@pytest.mark.parametrize(
    "value",
    [
        pd.DataFrame({"name": ["a", "b"], "n": [1, 2]}),
        [["a", 1], ["b", 2]],
        {"name": ["a", "b"], "n": np.array([1, 2])},
        [{"name": "a", "n": 1}, {"name": "b", "n": 2}],
    ],
    ids=["pandas", "rows", "columns", "records"],
)
def test_dataframe_outputs(files: LocalFiles, value: Any) -> None:
    payload = DataFrame(headers=("name", "n")).postprocess(value, files)
    assert payload == TABLE


def test_dataframe_output_cells_are_json(files: LocalFiles) -> None:
    frame = pd.DataFrame(
        {"when": pd.to_datetime(["2024-01-02", None]), "x": [1.5, math.nan], "flag": [True, False]}
    )
    assert DataFrame().postprocess(frame, files)["rows"] == [
        ["2024-01-02T00:00:00", 1.5, True],
        [None, None, False],
    ]


def test_dataframe_output_numpy_and_meaningful_index(files: LocalFiles) -> None:
    assert DataFrame().postprocess(np.eye(2), files) == {
        "headers": ["1", "2"],
        "rows": [[1.0, 0.0], [0.0, 1.0]],
    }
    grouped = pd.DataFrame({"k": ["a", "a", "b"], "v": [1, 2, 3]}).groupby("k").sum()
    assert DataFrame().postprocess(grouped, files) == {
        "headers": ["k", "v"],
        "rows": [["a", 3], ["b", 3]],
    }
    assert DataFrame().postprocess(pd.Series([1, 2], name="s"), files)["headers"] == ["s"]


def test_dataframe_output_errors(files: LocalFiles) -> None:
    with pytest.raises(ValidationError, match="different lengths"):
        DataFrame().postprocess({"a": [1], "b": [1, 2]}, files)
    with pytest.raises(ValidationError, match="expected a table"):
        DataFrame().postprocess(3, files)


# -- plot ------------------------------------------------------------------------------
def test_plot_renders_a_figure_without_pyplot(files: LocalFiles) -> None:
    from matplotlib.figure import Figure

    figure = Figure(figsize=(2, 2))
    figure.add_subplot().plot([1, 2, 3])
    payload = Plot().postprocess(figure, files)
    assert payload["mime_type"] == "image/png"
    with PILImage.open(payload["path"]) as image:
        assert image.format == "PNG" and image.size[0] > 50
    svg = Plot(format="svg").postprocess(figure, files)
    assert svg["mime_type"] == "image/svg+xml"
    assert "<svg" in Path(svg["path"]).read_text()


def test_plot_closes_pyplot_figures(files: LocalFiles) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure = plt.figure()
    plt.plot([1, 2])
    Plot().postprocess(figure, files)
    assert figure.number not in plt.get_fignums()


def test_plot_accepts_images_and_refuses_input(files: LocalFiles) -> None:
    assert Plot().postprocess(np.zeros((2, 2, 3), np.uint8), files)["mime_type"] == "image/png"
    with pytest.raises(ValidationError, match="output only"):
        Plot().preprocess({"id": "x"}, files)


def test_label_from_a_pandas_series(files: LocalFiles) -> None:
    payload = Label().postprocess(pd.Series({"cat": 0.25, "dog": 0.75}), files)
    assert payload["label"] == "dog" and len(payload["confidences"]) == 2
