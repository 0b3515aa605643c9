"""Every component, one family per module; see :mod:`autoui.components.base` for the contract.

:data:`KINDS` is the index of kinds: each kind, the family module that defines it and
its class. A family is imported when one of its classes is first used (``import
autoui.components`` itself defines no component), so a command that needs a textbox
and a checkbox does not build the classes of images, tables and forms.

Helpers with one job each: ``checks`` (error wording), ``sanitize`` (HTML allowlist),
``filepayload`` (the file boundary, the :class:`FileComponent` base), ``images``
(array/PIL conversion), ``wav`` (WAV audio), ``tables`` (dataframe wire form),
``jsonable`` (JSON output), ``typecheck`` (JSON input checked against an annotation),
``params`` (one named value), ``scalars`` (types that travel as text).

To add a kind: its class in a family module, a line in :data:`KINDS`, its name in
``__all__`` and in the ``TYPE_CHECKING`` imports below (HACKING.md, "Adding a kind").
:data:`VALUES` lists the few value types autoui defines for functions (``Message``,
``Sketch``) and the kind each one is; inference reads it.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from autoui.components.base import Component

KINDS: dict[str, tuple[str, str]] = {
    "textbox": ("text", "Textbox"),
    "number": ("numeric", "Number"),
    "slider": ("numeric", "Slider"),
    "checkbox": ("choice", "Checkbox"),
    "dropdown": ("choice", "Dropdown"),
    "radio": ("choice", "Radio"),
    "checkbox_group": ("choice", "CheckboxGroup"),
    "date": ("temporal", "Date"),
    "datetime": ("temporal", "DateTime"),
    "time": ("temporal", "Time"),
    "color": ("text", "Color"),
    "file": ("file", "File"),
    "files": ("file", "Files"),
    "image": ("media", "Image"),
    "audio": ("media", "Audio"),
    "video": ("media", "Video"),
    "label": ("data", "Label"),
    "json": ("data", "JSON"),
    "dataframe": ("data", "DataFrame"),
    "plot": ("plot", "Plot"),
    "markdown": ("text", "Markdown"),
    "html": ("text", "HTML"),
    "code": ("text", "Code"),
    "gallery": ("gallery", "Gallery"),
    "chat": ("chat", "Chat"),
    "auto": ("auto", "Auto"),
    "form": ("form", "Form"),
    "microphone": ("live", "Microphone"),
    "webcam": ("live", "Webcam"),
    "highlighted_text": ("highlight", "HighlightedText"),
    "image_slider": ("compare", "ImageSlider"),
    "multimodal": ("multimodal", "Multimodal"),
    "download": ("file", "Download"),
    "annotated_image": ("annotated", "AnnotatedImage"),
    "sketchpad": ("sketch", "Sketchpad"),
    "line_plot": ("charts", "LinePlot"),
    "bar_plot": ("charts", "BarPlot"),
    "scatter_plot": ("charts", "ScatterPlot"),
    "model3d": ("model3d", "Model3D"),
}
"""Kind → (family module, class): every component, in the order of the design's kind list."""

# The public component names (``autoui`` re-exports exactly these): literal, for type checkers.
__all__ = [
    "HTML", "JSON", "AnnotatedImage", "Audio", "Auto", "BarPlot", "Chat", "Checkbox",
    "CheckboxGroup", "Code", "Color", "Component", "DataFrame", "Date", "DateTime", "Download",
    "Dropdown",
    "File", "Files", "Form", "Gallery", "HighlightedText", "Image", "ImageSlider", "Label",
    "LinePlot", "Markdown", "Message", "Microphone", "Model3D", "Multimodal", "Number", "Plot",
    "Radio", "ScatterPlot", "Sketch", "Sketchpad", "Slider", "Textbox", "Time", "Video",
    "Webcam",
]  # fmt: skip

VALUES: dict[str, tuple[str, str]] = {
    "Message": ("multimodal", "multimodal"),
    "Sketch": ("sketch", "sketchpad"),
}
"""Value types autoui defines for functions to receive: name → (family module, the kind a
parameter annotated with it gets). Inference reads it (``registry.builtins``), so a new
value type is one line here."""

_MODULE_OF = {
    **{cls: module for module, cls in KINDS.values()},
    **{name: module for name, (module, _) in VALUES.items()},
}


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'autoui.components' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"autoui.components.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__, "BY_KIND", "component_of"})


class _ByKind(Mapping[str, "type[Component]"]):
    """Component class by kind, importing a family only when one of its kinds is read."""

    def __getitem__(self, kind: str) -> type[Component]:
        module, name = KINDS[kind]
        cls: type[Component] = __getattr__(name)
        return cls

    def __iter__(self) -> Iterator[str]:
        return iter(KINDS)

    def __len__(self) -> int:
        return len(KINDS)


BY_KIND: Mapping[str, type[Component]] = _ByKind()
"""Component class by its spec ``component`` name (``"slider"`` → Slider)."""


@functools.cache
def component_of(kind: str) -> Component | None:
    """A component of ``kind`` with default settings: the codec of that kind's payloads.

    None for a kind this version does not know (a newer server's, or a custom one).
    """
    cls = BY_KIND.get(kind)
    return cls() if cls is not None else None


if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from autoui.components.annotated import AnnotatedImage
    from autoui.components.auto import Auto
    from autoui.components.charts import BarPlot, LinePlot, ScatterPlot
    from autoui.components.chat import Chat
    from autoui.components.choice import Checkbox, CheckboxGroup, Dropdown, Radio
    from autoui.components.compare import ImageSlider
    from autoui.components.data import JSON, DataFrame, Label
    from autoui.components.file import Download, File, Files
    from autoui.components.form import Form
    from autoui.components.gallery import Gallery
    from autoui.components.highlight import HighlightedText
    from autoui.components.live import Microphone, Webcam
    from autoui.components.media import Audio, Image, Video
    from autoui.components.model3d import Model3D
    from autoui.components.multimodal import Message, Multimodal
    from autoui.components.numeric import Number, Slider
    from autoui.components.plot import Plot
    from autoui.components.sketch import Sketch, Sketchpad
    from autoui.components.temporal import Date, DateTime, Time
    from autoui.components.text import HTML, Code, Color, Markdown, Textbox
