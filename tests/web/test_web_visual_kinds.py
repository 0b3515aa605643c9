"""Annotated images, sketchpads, charts and 3D models in real Chromium against ``autoui serve``.

Each test checks what a user sees: a box over the pixels the value names, a plot point
where the axes' own ticks put it, a stroke's mask reaching the function, a 3D canvas
that draws the model (and redraws it when dragged). The JavaScript client is driven
against the same server.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

pytestmark = pytest.mark.browser

APP = Path(__file__).resolve().parent / "apps" / "visual_kinds_app.py"
HELLO = Path(__file__).resolve().parents[2] / "samples" / "hello.py"


@pytest.fixture(scope="module")
def kinds(launch: Any) -> Any:
    return launch(APP)


def run(open_app: Any, server: Any, name: str) -> tuple[Any, Any]:
    page = open_app(server, f"#{name}")
    panel = page.locator(f"#panel-{name}")
    panel.get_by_role("button", name="Submit").click()
    panel.locator(".job-status[data-state='complete']").wait_for()
    return page, panel


def centre(box: dict[str, float]) -> tuple[float, float]:
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def pixels(page: Any, element: Any) -> Image.Image:
    """What the element shows on screen, as an RGB image."""
    return Image.open(io.BytesIO(element.screenshot())).convert("RGB")


# -- annotated image ---------------------------------------------------------------------
def test_a_box_sits_on_the_pixels_it_names(open_app: Any, kinds: Any) -> None:
    page, panel = run(open_app, kinds, "boxes")
    image = panel.locator(".annotated-stage img")
    image.wait_for()
    page.wait_for_function("document.querySelector('.annotated-stage img').complete")
    shown = image.bounding_box()
    scale = shown["width"] / 400  # the picture is 400×200; the cat box is (100, 100)–(200, 190)
    rect = panel.locator(".region[data-label='cat'] rect.box").bounding_box()
    for got, want in [
        (rect["x"], shown["x"] + 100 * scale), (rect["y"], shown["y"] + 100 * scale),
        (rect["width"], 100 * scale), (rect["height"], 90 * scale),
    ]:  # fmt: skip
        assert abs(got - want) <= 2, (rect, shown)
    assert panel.locator(".annotated-legend li").all_text_contents() == ["cat (1)", "sky (1)"]


def test_a_mask_tints_its_pixels_and_a_label_picks_out_its_regions(
    open_app: Any, kinds: Any
) -> None:
    page, panel = run(open_app, kinds, "boxes")
    page.wait_for_function("document.querySelector('.annotated-stage img').complete")
    stage = panel.locator(".annotated-stage")
    page.wait_for_timeout(100)  # the mask image is drawn once decoded
    shot = pixels(page, stage)
    width, height = shot.size
    sky = shot.getpixel((width // 8, height // 10))  # the top quarter is the sky mask
    ground = shot.getpixel((width // 10, height * 3 // 4))  # nothing there: the grey picture
    assert all(abs(c - 128) <= 3 for c in ground), ground
    assert max(abs(c - 128) for c in sky) > 20, sky  # tinted by the sky's colour
    panel.locator(".annotated-legend li", has_text="cat").hover()
    assert "dim" in (panel.locator(".region[data-label='sky']").get_attribute("class") or "")
    assert "hot" in (panel.locator(".region[data-label='cat']").get_attribute("class") or "")


# -- charts --------------------------------------------------------------------------------
def tick(panel: Any, axis: str, label: str) -> tuple[float, float]:
    return centre(panel.locator(f".axis-{axis} text", has_text=label).first.bounding_box())


def test_a_scatter_point_sits_where_the_axes_put_its_value(open_app: Any, kinds: Any) -> None:
    page, panel = run(open_app, kinds, "points")
    dot = panel.locator(".mark[data-x='3'][data-y='7']")
    x, y = centre(dot.bounding_box())
    x0, x10 = tick(panel, "x", "0")[0], tick(panel, "x", "10")[0]
    y0, y10 = tick(panel, "y", "0")[1], tick(panel, "y", "10")[1]
    assert abs(x - (x0 + 0.3 * (x10 - x0))) <= 1.5
    assert abs(y - (y0 + 0.7 * (y10 - y0))) <= 1.5
    assert panel.locator(".chart-legend li").all_text_contents() == ["a", "b"]
    colours = {panel.locator(f".series[data-series='{i}'] .mark").first.get_attribute("fill")
               for i in (0, 1)}  # fmt: skip
    assert len(colours) == 2
    dot.hover(force=True)
    assert panel.locator(".chart-tip").text_content() == "a — x: 3, y: 7"


def test_a_line_over_dates_and_bars_in_proportion(open_app: Any, kinds: Any) -> None:
    page, panel = run(open_app, kinds, "temperatures")
    assert panel.locator(".series path").count() == 1
    labels = panel.locator(".axis-x text").all_text_contents()
    assert "Mar 1" in labels and "Mar 7" in labels
    assert panel.locator("svg").get_attribute("aria-label") == "Line plot of celsius by day"
    page, panel = run(open_app, kinds, "fruit")
    bars = {b.get_attribute("data-x"): b.bounding_box()["height"]
            for b in panel.locator("rect.mark").all()}  # fmt: skip
    assert set(bars) == {"apple", "pear", "plum"}
    assert abs(bars["apple"] / bars["pear"] - 10 / 4) < 0.05
    assert panel.locator(".axis-x text").all_text_contents() == ["apple", "pear", "plum"]


# -- sketchpad -----------------------------------------------------------------------------
def stroke(page: Any, canvas: Any, start: tuple[float, float], end: tuple[float, float]) -> None:
    """Drag the mouse from ``start`` to ``end``, given as fractions of the canvas."""
    box = canvas.bounding_box()
    at = [(box["x"] + fx * box["width"], box["y"] + fy * box["height"]) for fx, fy in (start, end)]
    page.mouse.move(*at[0])
    page.mouse.down()
    page.mouse.move(*at[1], steps=12)
    page.mouse.up()


def submitted_mask(panel: Any) -> dict[str, Any]:
    """Submit, wait for *this* job's result (not the last one's), read the mask's report."""
    panel.locator(".job-status").evaluate("e => e.setAttribute('data-state', 'stale')")
    panel.get_by_role("button", name="Submit").click()
    panel.locator(".job-status[data-state='complete']").wait_for()
    return json.loads(panel.locator(".output .text-out").text_content())


def test_a_stroke_reaches_the_function_as_its_mask(open_app: Any, kinds: Any) -> None:
    page = open_app(kinds, "#mask_of")
    panel = page.locator("#panel-mask_of")
    canvas = panel.locator("canvas.layer")
    panel.get_by_role("button", name="Colour #e15759").click()
    stroke(page, canvas, (0.25, 0.5), (0.75, 0.5))
    found = submitted_mask(panel)
    assert found["size"] == [512, 512] and found["background"] == [255, 255, 255]
    x0, y0, x1, y1 = found["box"]  # the stroke 128 → 384 at y 256, 12 px wide
    assert abs(x0 - 122) <= 3 and abs(x1 - 390) <= 3
    assert abs(y0 - 250) <= 3 and abs(y1 - 262) <= 3
    assert found["colour"] == [225, 87, 89]
    panel.get_by_role("button", name="Eraser").click()
    stroke(page, canvas, (0.5, 0.4), (0.5, 0.6))  # cut the line in two
    erased = submitted_mask(panel)
    assert 0 < erased["pixels"] < found["pixels"]
    panel.get_by_role("button", name="Undo").click()
    assert submitted_mask(panel)["pixels"] == found["pixels"]
    panel.get_by_role("button", name="Clear drawing").click()
    assert submitted_mask(panel)["pixels"] == 0


def test_strokes_over_an_uploaded_background(open_app: Any, kinds: Any, tmp_path: Path) -> None:
    page = open_app(kinds, "#mask_of")
    panel = page.locator("#panel-mask_of")
    photo = tmp_path / "photo.png"
    Image.new("RGB", (100, 60), (0, 0, 255)).save(photo)
    panel.locator("input[type=file]").set_input_files(str(photo))
    canvas = panel.locator("canvas.layer")
    page.wait_for_function("document.querySelector('#panel-mask_of canvas.layer').width === 100")
    stroke(page, canvas, (0.1, 0.1), (0.1, 0.9))
    found = submitted_mask(panel)
    assert found["size"] == [100, 60] and found["background"] == [0, 0, 255]
    assert found["colour"] == [0, 0, 0] and found["box"][0] <= 10 <= found["box"][2]


# -- 3D model ------------------------------------------------------------------------------
def test_the_model_is_drawn_and_turns_when_dragged(open_app: Any, kinds: Any) -> None:
    page, panel = run(open_app, kinds, "model")
    canvas = panel.locator(".model3d-canvas[data-state='shown']")
    canvas.wait_for()
    page.wait_for_timeout(100)  # the frame after the model arrived
    before = np.asarray(pixels(page, canvas), dtype=int)
    background = before[2, 2]  # a corner: nothing of the model there
    lit = np.abs(before - background).max(axis=-1) > 24
    assert lit.mean() > 0.03 and lit[lit.shape[0] // 2, lit.shape[1] // 2]  # drawn, mid-canvas
    assert panel.get_by_role("link", name="Download").get_attribute("download") == "triangle.obj"
    box = canvas.bounding_box()
    page.mouse.move(*centre(box))
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.8, box["y"] + box["height"] / 2, steps=8)
    page.mouse.up()
    page.wait_for_timeout(100)
    after = np.asarray(pixels(page, canvas), dtype=int)
    assert (np.abs(after - before).max(axis=-1) > 24).mean() > 0.01  # turned: another view


def test_a_texture_is_drawn_on_its_surface(open_app: Any, kinds: Any) -> None:
    page = open_app(kinds, "#model")
    panel = page.locator("#panel-model")
    panel.get_by_label("textured").check()
    panel.get_by_role("button", name="Submit").click()
    canvas = panel.locator(".model3d-canvas[data-state='shown']")
    canvas.wait_for()
    canvas.focus()
    for _ in range(6):  # from the starting view, turn to face the square head on
        page.keyboard.press("ArrowRight")
    page.wait_for_timeout(150)
    shot = np.asarray(pixels(page, canvas), dtype=int)
    red = (shot[..., 0] > 120) & (shot[..., 2] < 60)
    blue = (shot[..., 2] > 120) & (shot[..., 0] < 60)
    assert red.mean() > 0.01 and blue.mean() > 0.01
    assert np.argwhere(red)[:, 1].mean() < np.argwhere(blue)[:, 1].mean()  # red on the left


def test_a_model_that_cannot_be_read_says_so(open_app: Any, kinds: Any) -> None:
    page = open_app(kinds, "#model")
    panel = page.locator("#panel-model")
    panel.get_by_label("missing").check()
    panel.get_by_role("button", name="Submit").click()
    error = panel.locator(".model3d-error")
    error.wait_for()
    assert error.text_content().startswith("Cannot show model.glb:")


# -- the JavaScript client -----------------------------------------------------------------
JS_CLIENT = """
async (base) => {
  const { connect } = await import(base + "/api/client.js");
  const client = connect(base);
  const out = {};
  const [found] = await client.predict("boxes", { width: 40, height: 20 });
  out.boxes = found.annotations.map((a) => [a.label, a.box ?? a.mask.mime_type]);
  out.image = (await fetch(client.url(found.image.url))).headers.get("content-type");
  const [chart] = await client.predict("points", {});
  out.points = chart.rows;
  const canvas = new OffscreenCanvas(20, 10);
  const g = canvas.getContext("2d");
  g.fillStyle = "#000"; g.fillRect(2, 3, 4, 5);
  const layer = await client.upload(new File([await canvas.convertToBlob()], "l.png"));
  const sketch = { background: null, layer: { id: layer.id } };
  const [mask] = await client.predict("mask_of", { sketch });
  out.mask = JSON.parse(mask);
  const [model] = await client.predict("model", { shape: "triangle" });
  out.model = [model.name, await (await fetch(client.url(model.url))).text()];
  return out;
}
"""


def test_the_js_client_calls_every_kind(page: Any, kinds: Any) -> None:
    page.goto(kinds.url + "/health")
    out = page.evaluate(JS_CLIENT, kinds.url)
    assert out["boxes"] == [["cat", [10, 10, 20, 10]], ["sky", "image/png"]]
    assert out["image"] == "image/png"
    assert out["points"] == [[0, 0, "a"], [3, 7, "a"], [10, 10, "b"]]
    assert out["mask"] == {"size": [20, 10], "pixels": 20, "box": [2, 3, 6, 8],
                           "colour": [0, 0, 0], "background": [255, 255, 255]}  # fmt: skip
    assert out["model"] == ["triangle.obj", "v -1 -1 0\nv 1 -1 0\nv 0 1 0\nf 1 2 3\n"]


# -- only the pages that use them load them ------------------------------------------------
def scripts_seen(page: Any) -> list[str]:
    seen: list[str] = []
    page.on("response", lambda r: seen.append(r.url.split("/", 3)[-1].split("?")[0])
            if r.request.resource_type == "script" else None)  # fmt: skip
    return seen


@pytest.mark.parametrize("uses_them", [False, True], ids=["hello", "kinds"])
def test_viewers_load_only_where_a_page_shows_them(
    page: Any, launch: Any, kinds: Any, uses_them: bool
) -> None:
    server = kinds if uses_them else launch(HELLO)
    seen = scripts_seen(page)
    page.goto(server.url + "/?modules")  # module by module, as a browser imports them
    page.wait_for_function("document.documentElement.dataset.ready === 'true'")
    lazy = {"static/model3d/viewer.js", "static/model3d/gltf.js", "static/charts/chart.js",
            "static/components/sketchpad.js", "static/components/annotated_image.js"}  # fmt: skip
    assert (lazy <= set(seen)) is uses_them and (lazy & set(seen) == set()) is not uses_them
    page.goto(server.url)  # the one bundle: the kinds' code is in it only when used
    page.wait_for_function("document.documentElement.dataset.ready === 'true'")
    bundle = page.evaluate(
        "async () => (await fetch(document.querySelector('script[src*=bundle]').src)).text()"
    )
    assert ("function createViewer" in bundle) is uses_them
    assert ("function chartRenderer" in bundle) is uses_them
