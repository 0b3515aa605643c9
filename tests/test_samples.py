"""Every sample loads, infers what its docstring promises, and works when called."""

from __future__ import annotations

import datetime
import sys
from collections.abc import Iterator
from pathlib import Path

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
            "order_form.py", "progress_demo.py", "sepia.py",
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
