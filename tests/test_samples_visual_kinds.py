"""The samples of the annotated image, sketchpad, chart and 3D model kinds do what they say."""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np

from autoui.components import Sketch
from autoui.introspect import load_app
from autoui.spec import FunctionSpec

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def fn(sample: str, name: str | None = None) -> FunctionSpec:
    spec = load_app(str(SAMPLES / sample))
    return spec.function(name) if name else spec.functions[0]


def kinds(spec: FunctionSpec) -> tuple[list[str], list[str]]:
    return [p.component.kind for p in spec.inputs], [o.component.kind for o in spec.outputs]


def test_find_colours_marks_each_colour_where_it_is() -> None:
    spec = fn("find_colours.py")
    assert kinds(spec) == (["image", "number"], ["annotated_image"])
    picture = np.full((100, 160, 3), 255, np.uint8)
    picture[10:40, 20:60] = (220, 20, 20)
    picture[60:90, 100:150] = (20, 40, 230)
    image, regions = spec.fn(picture)
    boxes = {label: region for region, label in regions if isinstance(region, tuple)}
    assert boxes == {"red": (20, 10, 60, 40), "blue": (100, 60, 150, 90)}
    masks = {label: region for region, label in regions if isinstance(region, np.ndarray)}
    assert masks["red"].sum() == 30 * 40 and masks["red"][20, 30]
    assert image is picture


def test_privacy_blur_blurs_only_what_was_painted() -> None:
    spec = fn("privacy_blur.py")
    assert kinds(spec) == (["sketchpad", "slider"], ["image", "textbox"])
    picture = np.zeros((40, 60, 3), np.uint8)
    picture[:, 30:] = 255  # a sharp edge down the middle
    mask = np.zeros((40, 60), bool)
    mask[10:20, 20:40] = True
    sketch = Sketch(composite=picture, mask=mask, background=picture)
    blurred, report = spec.fn(sketch, radius=4)
    assert 0 < blurred[15, 29, 0] < 255 and 0 < blurred[15, 30, 0] < 255  # the edge, softened
    assert blurred[30, 29, 0] == 0 and blurred[30, 30, 0] == 255  # outside the mask: sharp
    assert report == "Blurred 200 pixels (8.3%) within the box (20, 10, 40, 20)."


def test_charts() -> None:
    names = ("savings", "word_lengths", "clusters")
    savings, lengths, clusters = (fn("charts.py", name) for name in names)
    assert kinds(savings)[1] == ["line_plot"] and kinds(lengths)[1] == ["bar_plot"]
    assert kinds(clusters)[1] == ["scatter_plot"]
    rows = savings.fn(monthly=100, years=2, rates="0, 10")
    assert rows[2] == {"year": 2, "balance": 2400.0, "rate": "0%"}
    assert rows[5] == {"year": 2, "balance": 2520.0, "rate": "10%"}
    assert lengths.fn("a bb cc ddd") == {"letters": [1, 2, 3], "words": [1, 2, 1]}
    points = clusters.fn(points=5, seed=3)
    assert len(points) == 15 and points == clusters.fn(points=5, seed=3)


def test_shapes_3d_builds_a_glb_it_can_describe(tmp_path: Path) -> None:
    make, describe = fn("shapes_3d.py", "make_shape"), fn("shapes_3d.py", "describe_model")
    assert kinds(make) == (["radio", "number", "color"], ["model3d"])
    assert kinds(describe) == (["model3d"], ["textbox"])
    data = make.fn(shape="box", size=2.0, color="#00ff00")
    magic, version, length = struct.unpack("<4sII", data[:12])
    assert (magic, version, length) == (b"glTF", 2, len(data))
    from autoui.terminal.kinds.model3d import model_info

    path = tmp_path / "box.glb"
    path.write_bytes(data)
    assert model_info(path) == {"format": "glTF binary", "meshes": 1, "vertices": 24,
                                "triangles": 12}  # fmt: skip
    assert describe.fn(path) == f"box.glb: a GLB model of {len(data):,} bytes"
