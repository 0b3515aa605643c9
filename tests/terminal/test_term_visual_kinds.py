"""Annotated images, sketches, charts and 3D models in the terminal: Rich into a string,
and ``autoui run`` taking a picture for a sketch and a model file for a 3D input."""

from __future__ import annotations

import io
import json
import re
import struct
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image
from rich.console import Console
from typer.testing import CliRunner

from autoui.cli import app
from autoui.components import (
    AnnotatedImage,
    BarPlot,
    LinePlot,
    Model3D,
    ScatterPlot,
    Sketch,
    Sketchpad,
)
from autoui.localfiles import LocalFiles
from autoui.terminal.kinds.annotated_image import draw_regions
from autoui.terminal.render import render_outputs
from autoui.wire import WireFunction

KINDS_APP = Path(__file__).resolve().parents[1] / "web" / "apps" / "visual_kinds_app.py"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def console(*, color: bool = False, width: int = 80) -> Console:
    return Console(file=io.StringIO(), width=width, force_terminal=color,
                   color_system="truecolor" if color else None)  # fmt: skip


def show(kind: str, payload: Any, *, props: dict[str, Any] | None = None, **kw: Any) -> str:
    """The output as ``autoui run`` prints it (files opened where LocalFiles wrote them)."""
    con = kw.get("con") or console()
    output = {"name": "out", "component": kind, "label": "Out", "props": props or {}}
    fn = WireFunction.from_json({"name": "f", "outputs": [output]})
    render_outputs(con, fn, [payload], open_file=lambda p: Path(p["path"]))
    assert isinstance(con.file, io.StringIO)
    return con.file.getvalue()


@pytest.fixture
def files(tmp_path: Path) -> LocalFiles:
    return LocalFiles(tmp_path / "out")


# -- annotated image -----------------------------------------------------------------------
def annotated(files: LocalFiles) -> dict[str, Any]:
    sky = np.zeros((40, 80), bool)
    sky[:10] = True
    value = (np.full((40, 80, 3), 128, np.uint8), [((20, 20, 40, 35), "cat"), (sky, "sky")])
    return AnnotatedImage(color_map={"cat": "#ff0000", "sky": "#0000ff"}).postprocess(value, files)


def test_regions_are_drawn_where_they_are(files: LocalFiles) -> None:
    payload = annotated(files)
    picture = Image.open(payload["image"]["path"])
    drawn = np.asarray(draw_regions(picture, payload, lambda p: Path(p["path"])))
    assert drawn[20, 30, :3].tolist() == [255, 0, 0]  # the box's top edge, in cat's red
    assert drawn[28, 30, :3].tolist() == [128, 128, 128]  # inside the box: the picture
    assert drawn[5, 5, 2] > 180 and drawn[5, 5, 0] < 90  # the sky mask, tinted blue
    assert drawn[30, 5, :3].tolist() == [128, 128, 128]  # nothing there


def test_annotated_image_preview_legend_and_file(files: LocalFiles) -> None:
    payload = annotated(files)
    out = show("annotated_image", payload, con=console(color=True))
    assert "▀" in out and "38;2;255;0;0" in out  # a preview, with the box's red in it
    text = ANSI.sub("", out)
    assert "cat box 20,20→40,35" in " ".join(text.split())
    assert "sky mask" in " ".join(text.split())
    assert f"saved annotated image: {payload['image']['path']}" in text


def test_annotated_image_without_colours_lists_its_regions(files: LocalFiles) -> None:
    out = show("annotated_image", annotated(files))
    assert "▀" not in out and "██ cat" in out and "saved annotated image:" in out


# -- charts ----------------------------------------------------------------------------------
def plot_rows(out: str) -> list[str]:
    """The plotted part of each row (what follows the y axis)."""
    axis = re.compile(r"^\s*[\d.,-]*\s[┤│]")
    return [axis.sub("", line) for line in out.splitlines() if axis.match(line)]


def test_scatter_points_land_in_their_corners(files: LocalFiles) -> None:
    payload = ScatterPlot().postprocess({"x": [0, 10], "y": [0, 10]}, files)
    out = show("scatter_plot", payload)
    rows = plot_rows(out)
    assert rows[0].rstrip()[-1] != " " and rows[0].strip() == rows[0].strip()[-1]  # (10, 10)
    assert rows[-1].lstrip()[0] != " " and rows[-1].startswith(rows[-1].strip()[0])  # (0, 0)
    assert "10 ┤" in out and " 0 ┤" in out and "y by x" in out


def test_line_plot_series_colours_and_legend(files: LocalFiles) -> None:
    table = {"day": ["2024-03-01", "2024-03-02", "2024-03-03"] * 2, "t": [1, 2, 3, 3, 2, 1],
             "city": ["Oslo"] * 3 + ["Rome"] * 3}  # fmt: skip
    chart = LinePlot(x="day", y="t", color="city", color_map={"Rome": "#00ff00"})
    out = show("line_plot", chart.postprocess(table, files), con=console(color=True))
    assert "38;2;0;255;0m" in out and "38;2;78;121;167m" in out  # Rome's green, Oslo's blue
    text = ANSI.sub("", out)
    assert "■ Oslo" in text and "■ Rome" in text and "2024-03-01" in text and "2024-03-03" in text
    assert any(0x2800 < ord(c) <= 0x28FF for c in text)  # drawn in braille


def test_bars_are_as_long_as_their_values(files: LocalFiles) -> None:
    payload = BarPlot().postprocess({"fruit": ["apple", "pear"], "kg": [10, 4]}, files)
    lines = {line.split()[0]: line for line in show("bar_plot", payload).splitlines()[1:3]}
    assert lines["apple"].count("█") == 40 and lines["pear"].count("█") == 16
    assert lines["apple"].rstrip().endswith("10") and lines["pear"].rstrip().endswith("4")


# -- sketchpad -----------------------------------------------------------------------------
def test_sketch_output_previews_and_saves_both_layers(files: LocalFiles, tmp_path: Path) -> None:
    layer = np.zeros((10, 20, 4), np.uint8)
    layer[2:4, 2:10] = (255, 0, 0, 255)
    black = np.zeros((10, 20, 3), np.uint8)
    sketch = Sketchpad().postprocess({"background": black, "layer": None}, files)
    assert "saved background:" in show("sketchpad", sketch)
    value = Sketch(composite=None, mask=None, background=black, layer=layer)
    out = show("sketchpad", Sketchpad().postprocess(value, files), con=console(color=True))
    assert "38;2;255;0;0" in out  # the red stroke, over the black picture
    assert "saved background:" in ANSI.sub("", out) and "saved strokes:" in ANSI.sub("", out)


runner = CliRunner()


def test_autoui_run_takes_a_picture_as_the_sketch(tmp_path: Path) -> None:
    photo = tmp_path / "photo.png"
    Image.new("RGB", (30, 20), (0, 255, 0)).save(photo)
    help_text = runner.invoke(app, ["run", f"{KINDS_APP}:mask_of", "--help"]).stdout
    assert "--sketch" in help_text and "IMAGE" in help_text
    result = runner.invoke(app, ["run", f"{KINDS_APP}:mask_of", "--sketch", str(photo)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"size": [30, 20], "pixels": 0}


# -- 3D model ------------------------------------------------------------------------------
def test_model_info_and_where_it_was_saved(files: LocalFiles, tmp_path: Path) -> None:
    stl = b"\0" * 80 + struct.pack("<I", 2) + b"\0" * 100
    payload = Model3D().postprocess(stl, files)
    out = show("model3d", payload)
    assert re.search(r"format\s+STL", out) and re.search(r"triangles\s+2\b", out)
    assert f"saved 3D model: {payload['path']}" in out
    obj = tmp_path / "quad.obj"
    obj.write_text("v 0 0 0\nv 1 0 0\nv 1 1 0\nv 0 1 0\nf 1 2 3 4\n")
    out = show("model3d", Model3D().postprocess(obj, files))
    assert re.search(r"vertices\s+4\b", out) and re.search(r"triangles\s+2\b", out)


def test_autoui_run_saves_a_model_and_reads_one(tmp_path: Path) -> None:
    result = runner.invoke(app, ["run", f"{KINDS_APP}:model", "--out-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "Wavefront OBJ" in result.stdout and (tmp_path / "triangle.obj").is_file()
