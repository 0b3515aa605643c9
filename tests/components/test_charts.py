"""Native charts: the table a function returns → the columns plotted, series and colours."""

from __future__ import annotations

import sys

import jsonschema
import pandas as pd
import pytest

from autoui.components import BarPlot, LinePlot, ScatterPlot
from autoui.components.charts import MAX_SERIES
from autoui.components.palette import PALETTE
from autoui.errors import ValidationError
from autoui.localfiles import LocalFiles

SALES = pd.DataFrame(
    {"year": [2020, 2021, 2020, 2021], "sales": [1.0, 2.5, 3.0, 4.0], "region": list("nnss")}
)


def test_long_table_split_by_color(files: LocalFiles) -> None:
    payload = LinePlot(x="year", y="sales", color="region").postprocess(SALES, files)
    assert payload["headers"] == ["year", "sales", "region"]
    assert payload["rows"][1] == [2021, 2.5, "n"]
    assert (payload["x"], payload["y"], payload["color"]) == ("year", ["sales"], "region")
    assert payload["series"] == [
        {"name": "n", "y": "sales", "group": "n", "color": PALETTE[0]},
        {"name": "s", "y": "sales", "group": "s", "color": PALETTE[1]},
    ]


def test_defaults_x_first_column_y_every_numeric_one(files: LocalFiles) -> None:
    columns = {"day": ["mon", "tue"], "low": [3, 4], "high": [9.5, None], "note": ["a", "b"]}
    payload = BarPlot().postprocess(columns, files)
    assert payload["x"] == "day" and payload["y"] == ["low", "high"]
    assert payload["headers"] == ["day", "low", "high"]  # only what is plotted travels
    assert [s["name"] for s in payload["series"]] == ["low", "high"]


def test_records_and_color_map(files: LocalFiles) -> None:
    records = [{"x": 1, "y": 2, "g": "a"}, {"x": 2, "y": 3, "g": "b"}]
    chart = ScatterPlot(x="x", y=["y"], color="g", color_map={"b": "#123456"})
    colors = {s["name"]: s["color"] for s in chart.postprocess(records, files)["series"]}
    assert colors == {"a": PALETTE[0], "b": "#123456"}


def test_several_ys_and_a_color_name_each_series(files: LocalFiles) -> None:
    table = {"t": [1, 2], "a": [1, 2], "b": [3, 4], "g": ["u", "u"]}
    payload = LinePlot(x="t", y=["a", "b"], color="g").postprocess(table, files)
    assert [s["name"] for s in payload["series"]] == ["a · u", "b · u"]


def test_a_bar_per_category_colored_by_itself(files: LocalFiles) -> None:
    payload = BarPlot(x="region", y="sales", color="region").postprocess(SALES, files)
    assert payload["headers"] == ["region", "sales"]  # one column, not two copies


@pytest.mark.parametrize(
    ("chart", "message"),
    [
        (LinePlot(x="when"), "x='when' is not a column of the data (columns: 'year', 'sales'"),
        (LinePlot(y="profit"), "y='profit' is not a column"),
        (LinePlot(color="zone"), "color='zone' is not a column"),
        (LinePlot(x="year", y="region"), "column 'region', row 1: expected a number to plot"),
    ],
)
def test_bad_columns_are_named(chart: LinePlot, message: str, files: LocalFiles) -> None:
    with pytest.raises(ValidationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        chart.postprocess(SALES, files)


def test_no_numeric_column_says_which_to_choose(files: LocalFiles) -> None:
    with pytest.raises(ValidationError, match="no column of numbers to plot; say which with y="):
        LinePlot().postprocess({"a": ["x"], "b": ["y"]}, files)


def test_too_many_series_are_refused(files: LocalFiles) -> None:
    ids = {"x": list(range(MAX_SERIES + 1)), "y": [1] * (MAX_SERIES + 1)}
    with pytest.raises(ValidationError, match=f"at most {MAX_SERIES} can be told apart"):
        ScatterPlot(x="x", y="y", color="x").postprocess(ids, files)


def test_read_output_gives_the_table_back(files: LocalFiles) -> None:
    payload = LinePlot(x="year", y="sales", color="region").postprocess(SALES, files)
    pd.testing.assert_frame_equal(LinePlot().read_output(payload, files), SALES)


def test_read_output_without_pandas_gives_records(
    files: LocalFiles, monkeypatch: pytest.MonkeyPatch
) -> None:
    payload = LinePlot(x="year", y="sales").postprocess(SALES, files)
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now fails
    assert LinePlot().read_output(payload, files)[0] == {"year": 2020, "sales": 1.0}


def test_charts_are_outputs_only(files: LocalFiles) -> None:
    with pytest.raises(ValidationError, match="a chart is an output only"):
        LinePlot().preprocess({"headers": [], "rows": []}, files)


def test_payload_fits_its_schema_and_props_are_json(files: LocalFiles) -> None:
    chart = LinePlot(x="year", y=["sales"], color="region", title="Sales")
    payload = chart.postprocess(SALES, files)
    jsonschema.validate(payload, chart.json_schema())
    jsonschema.validate(chart.example_payload(), chart.json_schema())
    assert chart.props()["y"] == ["sales"] and hash(chart)  # a list given: kept hashable
