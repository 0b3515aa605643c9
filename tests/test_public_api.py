"""The public API is exactly the documented set of names, and every name resolves."""

from __future__ import annotations

import subprocess
import sys

import autoui

DOCUMENTED = {
    # helpers a function uses
    "Progress", "Info", "Warning", "Error", "batch", "time_limit",
    # how a generator's yields make a streamed output (Iterator[Annotated[str, Stream(...)]])
    "Stream",
    # errors a caller may catch
    "AutoUIError", "ValidationError", "ClientError",
    # inference
    "register", "registered", "load", "introspect",
    # clients
    "Client", "AsyncClient", "Job",
    # components, for Annotated[...] overrides
    "Audio", "Chat", "Checkbox", "CheckboxGroup", "Code", "Color", "Component", "DataFrame",
    "Date", "DateTime", "Dropdown", "File", "Files", "Form", "Gallery", "HTML", "Image",
    "JSON", "Label", "Markdown", "Number", "Plot", "Radio", "Slider", "Textbox", "Time",
    "Video",
    # live inputs, for Annotated[Iterator[...], ...] settings
    "Microphone", "Webcam",
    # kinds added through the kinds path, and the value a multimodal box gives
    "Download", "HighlightedText", "ImageSlider", "Multimodal", "Message",
    # more kinds: annotated images, sketches (and what a sketch gives), charts, 3D models
    "AnnotatedImage", "Sketchpad", "Sketch", "LinePlot", "BarPlot", "ScatterPlot", "Model3D",
    # an output whose kind the returned value decides (what no return hint gives)
    "Auto",
    "__version__",
}


def test_all_is_the_documented_set() -> None:
    assert set(autoui.__all__) == DOCUMENTED
    assert sorted(dir(autoui)) == sorted(autoui.__all__)


def test_every_public_name_resolves() -> None:
    missing = [name for name in autoui.__all__ if getattr(autoui, name, None) is None]
    assert missing == []


def test_component_names_are_component_classes() -> None:
    from autoui.components.base import Component

    for name in DOCUMENTED:
        value = getattr(autoui, name)
        if isinstance(value, type) and issubclass(value, Component):
            assert value.kind, name
    assert issubclass(autoui.Slider, Component) and autoui.Slider.kind == "slider"


def test_unknown_name_is_an_attribute_error() -> None:
    try:
        autoui.not_a_name  # type: ignore[attr-defined]  # noqa: B018
    except AttributeError as exc:
        assert "not_a_name" in str(exc)
    else:
        raise AssertionError("autoui.not_a_name should not exist")


def test_public_names_resolve_in_a_fresh_interpreter() -> None:
    # Lazy loading must not depend on what this test process happened to import first.
    code = "import autoui\nfor n in autoui.__all__: getattr(autoui, n)\nprint('ok')"
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert proc.stdout.strip() == "ok", proc.stderr


def test_all_matches_the_lazy_export_table() -> None:
    assert set(autoui.__all__) == {*autoui._EXPORTS, "__version__"}
