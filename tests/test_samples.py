"""Every sample loads, infers what its docstring promises, and works when called."""

from __future__ import annotations

import datetime
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from autoui.introspect import load_app
from autoui.spec import AppSpec, FunctionSpec

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
ALL = sorted(p.name for p in SAMPLES.glob("*.py"))


def app(name: str) -> AppSpec:
    return load_app(str(SAMPLES / name))


def fn(sample: str, name: str | None = None) -> FunctionSpec:
    spec = app(sample)
    return spec.function(name) if name else spec.functions[0]


def kinds(spec: FunctionSpec) -> tuple[list[str], list[str]]:
    return [p.component.kind for p in spec.inputs], [o.component.kind for o in spec.outputs]


def test_every_feature_has_a_sample() -> None:
    assert ALL == sorted(
        [
            "alerts.py", "batch.py", "calculator.py", "chat.py", "classifier.py",
            "counter.py", "dataframe_plot.py", "hello.py", "multi_output.py",
            "order_form.py", "progress_demo.py", "sepia.py", "tuner.py", "dtmf.py",
            "webcam_filter.py", "entities.py", "before_after.py", "chat_files.py",
            "find_colours.py", "privacy_blur.py", "charts.py", "shapes_3d.py", "tokens.py",
        ]
    )


@pytest.mark.parametrize("sample", ALL)
def test_sample_introspects_cleanly_with_docs(sample: str) -> None:
    spec = app(sample)
    assert spec.description, f"{sample} needs a module docstring worth reading"
    for function in spec.functions:
        assert function.description, f"{sample}:{function.name} has no docstring"
        assert function.warnings == (), f"{sample}:{function.name}: {function.warnings}"
        for param in function.inputs:
            assert param.info, f"{sample}:{function.name}: {param.name} has no help text"


def test_hello() -> None:
    spec = fn("hello.py")
    assert kinds(spec) == (["textbox", "checkbox"], ["textbox"])
    assert spec.examples == ({"name": "Ada", "excited": True}, {"name": "Grace"})
    assert spec.fn("Ada", excited=True) == "Hello, Ada!"


def test_calculator() -> None:
    spec = fn("calculator.py")
    assert kinds(spec) == (["number", "radio", "number"], ["number"])
    assert spec.input("op").component.props()["choices"] == ["+", "-", "×", "÷"]
    assert spec.examples[0] == {"a": 6, "op": "×", "b": 7}
    assert spec.fn(6.0, "×", 7.0) == 42.0
    import autoui

    with pytest.raises(autoui.Error, match="cannot divide by zero"):
        spec.fn(1.0, "÷", 0.0)


def test_sepia() -> None:
    import numpy as np

    spec = fn("sepia.py")
    assert kinds(spec) == (["image", "slider"], ["image"])
    strength = spec.input("strength").component.props()
    assert (strength["minimum"], strength["maximum"]) == (0, 1)
    grey = np.full((4, 5, 3), 100, dtype=np.uint8)
    toned = spec.fn(grey)
    assert toned.shape == (4, 5, 3) and toned.dtype == np.uint8
    red, green, blue = toned[0, 0]
    assert red > green > blue  # warm brown
    assert (spec.fn(grey, strength=0.0) == grey).all()


def test_classifier_tells_scenes_apart() -> None:
    from PIL import Image

    spec = fn("classifier.py")
    assert kinds(spec) == (["image"], ["label"])
    cases = {
        (40, 110, 220): "sky or sea",
        (30, 140, 40): "forest or grass",
        (240, 110, 30): "sunset or fire",
        (250, 250, 250): "snow or paper",
        (5, 5, 15): "night",
    }
    for colour, expected in cases.items():
        scores = spec.fn(Image.new("RGB", (40, 30), colour))
        assert max(scores, key=scores.get) == expected, (colour, scores)
        assert abs(sum(scores.values()) - 1) < 1e-3


def test_counter_streams() -> None:
    spec = fn("counter.py")
    assert spec.streaming and kinds(spec) == (["slider", "number"], ["textbox"])
    steps: Iterator[str] = spec.fn(up_to=3, delay=0)
    assert list(steps) == ["1", "1 2", "1 2 3"]


def test_progress_demo() -> None:
    spec = app("progress_demo.py")
    bake, crunch = spec.function("bake"), spec.function("crunch")
    assert (bake.progress_param, bake.track_tqdm) == ("progress", False)
    assert (crunch.progress_param, crunch.track_tqdm) == ("progress", True)
    assert [p.name for p in bake.inputs] == ["loaves"]
    assert crunch.fn(numbers=3) == 14


def test_batch() -> None:
    spec = fn("batch.py")
    assert spec.batch is not None and spec.batch.max_batch_size == 8
    assert kinds(spec) == (["textbox"], ["textbox"])
    assert spec.fn(["a", "b"]) == ["A!", "B!"]


def test_alerts() -> None:
    import autoui

    spec = fn("alerts.py")
    assert kinds(spec) == (["textbox"], ["textbox"])
    assert spec.fn("Tr0ub4dor&3-horse-battery") == "strong"
    with pytest.raises(autoui.Error, match="type a password first"):
        spec.fn("")


def test_order_form() -> None:
    spec = fn("order_form.py")
    assert kinds(spec) == (["form"], ["markdown"])
    module = sys.modules[spec.fn.__module__]
    order = module.Order(
        size=module.Size.LARGE,
        quantity=2,
        delivery=datetime.date.today(),
        address=module.Address(street="Dam 1"),
    )
    text = spec.fn(order)
    assert "2 × large pizza" in text and "Dam 1, Amsterdam" in text


def test_multi_output() -> None:
    spec = app("multi_output.py")
    analyse, split = spec.function("analyse"), spec.function("split_name")
    assert [o.name for o in analyse.outputs] == ["words", "characters", "longest_word"]
    assert kinds(analyse)[1] == ["number", "number", "textbox"]
    assert analyse.fn("a bb ccc") == (3, 8, "ccc")
    assert [o.label for o in split.outputs] == ["Given", "Family"]
    assert split.fn("Ada King Lovelace") == ("Ada King", "Lovelace")


def test_chat() -> None:
    spec = fn("chat.py")
    assert kinds(spec) == (["textbox", "chat", "radio"], ["chat"])
    history = [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hi"}]
    assert spec.fn("hello", history, style="shout") == "HELLO (message 2 of this chat)"


def test_dataframe_plot() -> None:
    import pandas as pd

    spec = app("dataframe_plot.py")
    describe, rows, plot = (spec.function(n) for n in ("describe", "running_total", "plot_growth"))
    assert kinds(describe) == (["dataframe"], ["dataframe"])
    assert kinds(rows) == (["dataframe"], ["dataframe"])
    assert kinds(plot) == (["number", "number"], ["plot"])
    table = pd.DataFrame({"a": [1, 2, 3], "name": ["x", "y", "z"]})
    summary = describe.fn(table)
    assert list(summary["column"]) == ["a"] and summary["mean"].iloc[0] == 2
    assert rows.fn([[1.0], [2.0]]) == [[1.0, 1.0], [2.0, 3.0]]
    figure = plot.fn(rate_percent=10, years=2)
    assert figure.axes[0].get_title() == "100 at 10% a year"


# -- through the real pipeline and runner, as every front end runs them -------------------
def png_data_url(colour: tuple[int, int, int]) -> str:
    import base64
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), colour).save(buffer, "PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


HISTORY = [{"role": "user", "content": "yo"}, {"role": "assistant", "content": "yo"}]
RUNS: list[tuple[str, str, dict[str, object], list[object] | None, str | None]] = [
    # sample, function, request data, expected output payloads (None: check kind), event
    ("hello.py", "greet", {"name": "Ada", "excited": True}, ["Hello, Ada!"], None),
    ("calculator.py", "calculate", {"a": 6, "op": "×", "b": 7}, [42.0], None),
    ("counter.py", "count", {"up_to": 3, "delay": 0}, ["1 2 3"], "output"),
    ("tokens.py", "reply", {"prompt": "a  b c", "delay": 0}, ["a b c"], "output"),
    ("progress_demo.py", "bake", {"loaves": 2}, ["2 loaves, golden brown"], "progress"),
    ("progress_demo.py", "crunch", {"numbers": 3}, [14], "progress"),
    ("alerts.py", "check_password", {"password": "abc"}, ["weak"], "alert"),
    ("multi_output.py", "analyse", {"text": "a bb ccc"}, [3, 8, "ccc"], None),
    ("multi_output.py", "split_name", {"full_name": "Ada King Lovelace"},
     ["Ada King", "Lovelace"], None),
    ("chat.py", "reply", {"message": "hi", "history": HISTORY, "style": "shout"},
     ["HI (message 2 of this chat)"], None),
    ("chat.py", "reply", {"message": "hi"}, ["hi (message 1 of this chat)"], None),
    ("order_form.py", "place_order",
     {"order": {"size": "LARGE", "quantity": 2, "address": {"street": "Dam 1"}}}, None, None),
    ("sepia.py", "sepia", {"image": "IMAGE", "strength": 0.5}, None, None),
    ("classifier.py", "classify", {"image": "IMAGE"}, None, None),
    ("dataframe_plot.py", "describe",
     {"table": {"headers": ["a", "b"], "rows": [[1, "x"], [3, "y"]]}}, None, None),
    ("dataframe_plot.py", "plot_growth", {"rate_percent": 5, "years": 3}, None, None),
]


@pytest.mark.parametrize(
    ("sample", "name", "data", "expected", "event"),
    RUNS,
    ids=[f"{r[0]}:{r[1]}:{i}" for i, r in enumerate(RUNS)],
)
async def test_sample_runs_through_pipeline_and_runner(
    sample: str, name: str, data: dict[str, object], expected: list[object] | None,
    event: str | None, tmp_path: Path,
) -> None:
    from autoui.events import Event
    from autoui.localfiles import LocalFiles
    from autoui.pipeline import preprocess_inputs
    from autoui.runner import run_call

    spec = fn(sample, name)
    files = LocalFiles(tmp_path)
    data = {k: png_data_url((40, 110, 220)) if v == "IMAGE" else v for k, v in data.items()}
    events: list[Event] = []
    final = await run_call(spec, preprocess_inputs(spec, data, files), files=files,
                           emit=events.append)
    body = final.to_dict()
    assert final.kind == "complete", body
    if expected is not None:
        assert body["data"] == expected
    if event is not None:
        assert event in [e.kind for e in events]
    if sample == "order_form.py":
        assert "**2 × large pizza**" in body["data"][0]
    if sample == "classifier.py":
        assert body["data"][0]["label"] == "sky or sea"
    if name in ("sepia", "plot_growth"):
        assert body["data"][0]["mime_type"] == "image/png"
    if name == "describe":
        assert body["data"][0]["headers"] == ["column", "count", "mean", "min", "max"]


async def test_batch_sample_serves_several_callers_in_one_call(tmp_path: Path) -> None:
    from autoui.localfiles import LocalFiles
    from autoui.pipeline import preprocess_inputs
    from autoui.runner import run_batch

    spec = fn("batch.py")
    files = LocalFiles(tmp_path)
    jobs = [preprocess_inputs(spec, {"texts": text}, files) for text in ("hey", "you")]
    finals = await run_batch(
        spec, jobs, files_list=[files, files], emits=[lambda e: None, lambda e: None]
    )
    assert [f.to_dict()["data"] for f in finals] == [["HEY!"], ["YOU!"]]


def _tone(hz: float | tuple[float, float], seconds: float, rate: int) -> Any:
    import numpy as np

    t = np.arange(int(seconds * rate)) / rate
    parts = (hz,) if isinstance(hz, float | int) else hz
    wave = sum(np.sin(2 * np.pi * f * t) for f in parts) / len(parts)
    return (wave * 12000).astype(np.int16)


def test_tuner_names_the_note_of_each_chunk_it_hears() -> None:
    spec = fn("tuner.py")
    assert kinds(spec) == (["microphone"], ["textbox"])
    pcm = _tone(440.0, 0.5, 16000)
    chunks = [(16000, pcm[i : i + 1600]) for i in range(0, len(pcm), 1600)]
    heard = list(spec.fn(iter(chunks)))
    assert heard[-1] == "A4 440 Hz"
    assert list(spec.fn(iter([(16000, pcm[:1600] * 0)]))) == ["…"]  # silence


def test_dtmf_decodes_key_tones_across_chunks() -> None:
    import numpy as np

    spec = fn("dtmf.py")
    assert spec.to_json()["streaming_input"]["rate"] == 8000
    keys = {"1": (697, 1209), "2": (697, 1336), "3": (697, 1477), "#": (941, 1477)}
    gap = np.zeros(800, dtype=np.int16)
    pcm = np.concatenate([np.concatenate([_tone(keys[k], 0.15, 8000), gap]) for k in "123#"])
    chunks = [pcm[i : i + 333] for i in range(0, len(pcm), 333)]  # chunks not aligned to blocks
    assert list(spec.fn(iter(chunks)))[-1] == "1 2 3 #"


def test_webcam_filter_applies_its_effect_to_every_frame() -> None:
    from PIL import Image

    spec = fn("webcam_filter.py")
    assert kinds(spec) == (["webcam", "radio"], ["image"])
    assert spec.outputs[0].component.props()["format"] == "jpeg"
    frames = [Image.new("RGB", (8, 6), (255, 0, 0))] * 3
    out = list(spec.fn(iter(frames), effect="invert"))
    assert len(out) == 3 and out[0].getpixel((0, 0)) == (0, 255, 255)
    assert list(spec.fn(iter(frames[:1]), effect="grey"))[0].mode == "L"


def test_entities_infers_highlighted_text_and_offers_a_download(tmp_path: Path) -> None:
    tag, report = fn("entities.py", "tag"), fn("entities.py", "report")
    assert kinds(tag) == (["textbox"], ["highlighted_text"])
    assert tag.fn("Ada met Grace in 1843") == [
        ("Ada", "NAME"), (" met ", None), ("Grace", "NAME"), (" in ", None), ("1843", "NUM")
    ]
    assert kinds(report) == (["textbox"], ["download"])
    assert "NAME\tAda" in report.fn("Ada").read_text()


def test_before_after_returns_the_pair_to_compare() -> None:
    from PIL import Image

    spec = fn("before_after.py")
    assert kinds(spec) == (["image", "number"], ["image_slider"])
    before, after = spec.fn(Image.new("RGB", (4, 4), "gray"), 2.0)
    assert before.size == after.size == (4, 4)


def test_chat_files_reads_the_attachments(tmp_path: Path) -> None:
    import autoui

    spec = fn("chat_files.py")
    assert kinds(spec) == (["multimodal", "chat"], ["chat"])
    note = tmp_path / "note.txt"
    note.write_text("hello")
    answer = spec.fn(autoui.Message("look", [note]), [])
    assert "note.txt (5 bytes)" in answer
