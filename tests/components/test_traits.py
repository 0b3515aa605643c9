"""Each kind says what it is (traits) once, as a class fact; the spec carries it to front ends."""

from __future__ import annotations

import pytest

import autoui.components as c
from autoui.components.base import Component
from autoui.components.filepayload import FileComponent

# kind → (file, multiple, heavy): what every front end used to keep its own list of.
EXPECTED = {
    "textbox": (False, False, False),
    "number": (False, False, False),
    "slider": (False, False, False),
    "checkbox": (False, False, False),
    "dropdown": (False, False, False),
    "radio": (False, False, False),
    "checkbox_group": (False, True, False),
    "date": (False, False, False),
    "datetime": (False, False, False),
    "time": (False, False, False),
    "color": (False, False, False),
    "file": (True, False, True),
    "files": (True, True, True),
    "image": (True, False, True),
    "audio": (True, False, True),
    "video": (True, False, True),
    "microphone": (True, False, True),  # a whole file may stand for the live stream
    "webcam": (True, False, True),
    "label": (False, False, False),
    "json": (False, False, False),
    "dataframe": (False, False, True),
    "plot": (True, False, True),
    "markdown": (False, False, False),
    "html": (False, False, False),
    "code": (False, False, False),
    "gallery": (True, True, True),
    "chat": (False, False, False),
    "form": (False, False, True),
    "highlighted_text": (False, False, False),
    "image_slider": (True, True, True),
    "multimodal": (False, False, True),  # not a file: a message with attachments
    "download": (True, True, True),
    "annotated_image": (False, False, True),  # an image and masks inside: attachments
    "sketchpad": (False, False, True),  # two images inside: attachments
    "line_plot": (False, False, True),  # builds a table
    "bar_plot": (False, False, True),
    "scatter_plot": (False, False, True),
    "model3d": (True, False, True),
    "auto": (False, False, True),  # and dynamic: its payload says what kind it carried
}


@pytest.mark.parametrize("kind", sorted(c.BY_KIND))
def test_every_kind_declares_its_traits(kind: str) -> None:
    traits = c.BY_KIND[kind].traits
    assert (traits.file, traits.multiple, traits.heavy) == EXPECTED[kind]
    inside = {"multimodal", "sketchpad", "annotated_image"}  # files inside a larger value
    assert traits.attachments == (kind in inside)
    assert traits.dynamic == (kind == "auto")


@pytest.mark.parametrize("cls", [cls for cls in c.BY_KIND.values() if cls.traits.file])
def test_file_kinds_share_the_file_base(cls: type[Component]) -> None:
    assert issubclass(cls, FileComponent)
    component = cls()
    assert component.encode_default(b"anything") is None  # a file has no default wire form
    example = component.example_payload()
    assert isinstance(example, list) == cls.traits.multiple


def test_integer_is_a_prop_front_ends_see() -> None:
    assert c.Number(integer=True).props()["integer"] is True
    assert c.Slider(0, 9).props()["integer"] is False
