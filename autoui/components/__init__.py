"""Every component, one family per module; see :mod:`autoui.components.base` for the contract.

=================  ==============================================================
module             components
=================  ==============================================================
``text``           Textbox, Markdown, HTML, Code, Color
``numeric``        Number, Slider
``choice``         Checkbox, Dropdown, Radio, CheckboxGroup
``temporal``       Date, DateTime, Time
``file``           File, Files
``media``          Image, Audio, Video
``live``           Microphone, Webcam (live inputs, fed chunk by chunk)
``gallery``        Gallery
``data``           Label, JSON, DataFrame, Plot
``chat``           Chat
``form``           Form
=================  ==============================================================

Helpers with one job each: ``checks`` (error wording), ``sanitize`` (HTML allowlist),
``filepayload`` (the file boundary), ``images`` (array/PIL conversion), ``wav``
(WAV audio), ``tables`` (dataframe wire form), ``jsonable`` (JSON output),
``typecheck`` (JSON input checked against an annotation), ``params`` (one named value).
"""

from __future__ import annotations

import functools

from autoui.components.base import MISSING, Component, internal
from autoui.components.chat import Chat
from autoui.components.choice import Checkbox, CheckboxGroup, Dropdown, Radio
from autoui.components.data import JSON, DataFrame, Label, Plot
from autoui.components.file import File, Files
from autoui.components.form import Form
from autoui.components.gallery import Gallery
from autoui.components.live import Microphone, Webcam
from autoui.components.media import Audio, Image, Video
from autoui.components.numeric import Number, Slider
from autoui.components.temporal import Date, DateTime, Time
from autoui.components.text import HTML, Code, Color, Markdown, Textbox

__all__ = [
    "HTML",
    "JSON",
    "MISSING",
    "Audio",
    "Chat",
    "Checkbox",
    "CheckboxGroup",
    "Code",
    "Color",
    "Component",
    "DataFrame",
    "Date",
    "DateTime",
    "Dropdown",
    "File",
    "Files",
    "Form",
    "Gallery",
    "Image",
    "Label",
    "Markdown",
    "Microphone",
    "Number",
    "Plot",
    "Radio",
    "Slider",
    "Textbox",
    "Time",
    "Video",
    "component_of",
    "Webcam",
    "internal",
]

COMPONENT_CLASSES: tuple[type[Component], ...] = (
    Textbox, Number, Slider, Checkbox, Dropdown, Radio, CheckboxGroup, Date, DateTime, Time,
    Color, File, Files, Image, Audio, Video, Label, JSON, DataFrame, Plot, Markdown, HTML, Code,
    Gallery, Chat, Form, Microphone, Webcam,
)  # fmt: skip
"""Every component class, in the order of the design's kind list."""

BY_KIND: dict[str, type[Component]] = {cls.kind: cls for cls in COMPONENT_CLASSES}
"""Component class by its spec ``component`` name (``"slider"`` → Slider)."""


@functools.cache
def component_of(kind: str) -> Component | None:
    """A component of ``kind`` with default settings: the codec of that kind's payloads.

    None for a kind this version does not know (a newer server's, or a custom one).
    """
    cls = BY_KIND.get(kind)
    return cls() if cls is not None else None
