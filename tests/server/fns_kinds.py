"""One function per input component kind, for the 422 tests (none should ever run).

Each function leaves a marker when called, so a test can prove that bad input never
reached it.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from PIL import Image

import autoui


def _called(name: str) -> str:
    marker = Path(os.environ.get("AUTOUI_TEST_MARKERS", ".")) / f"{name}.called"
    marker.write_text("called")
    return name


@dataclass
class Order:
    """A form."""

    item: str
    qty: int


def k_textbox(words: str) -> str:
    return _called("k_textbox")


def k_number(amount: int) -> str:
    return _called("k_number")


def k_slider(level: Annotated[int, autoui.Slider(0, 10)]) -> str:
    return _called("k_slider")


def k_checkbox(flag: bool) -> str:
    return _called("k_checkbox")


def k_dropdown(letter: Literal["a", "b", "c", "d", "e"]) -> str:
    return _called("k_dropdown")


def k_radio(side: Literal["left", "right"]) -> str:
    return _called("k_radio")


def k_checkbox_group(picks: list[Literal["a", "b", "c"]]) -> str:
    return _called("k_checkbox_group")


def k_date(day: dt.date) -> str:
    return _called("k_date")


def k_datetime(moment: dt.datetime) -> str:
    return _called("k_datetime")


def k_time(clock: dt.time) -> str:
    return _called("k_time")


def k_color(shade: Annotated[str, autoui.Color()]) -> str:
    return _called("k_color")


def k_file(document: Path) -> str:
    return _called("k_file")


def k_files(documents: list[Path]) -> str:
    return _called("k_files")


def k_image(picture: Image.Image) -> str:
    return _called("k_image")


def k_audio(sound: autoui.Audio) -> str:  # type: ignore[valid-type]
    return _called("k_audio")


def k_video(clip: autoui.Video) -> str:  # type: ignore[valid-type]
    return _called("k_video")


def k_dataframe(table: list[list[int]]) -> str:
    return _called("k_dataframe")


def k_json(settings: dict[str, int]) -> str:
    return _called("k_json")


def k_chat(message: str, history: list[dict[str, str]]) -> str:
    return _called("k_chat")


def k_form(order: Order) -> str:
    return _called("k_form")


def k_markdown(notes: autoui.Markdown) -> str:  # type: ignore[valid-type]
    return _called("k_markdown")


def k_code(source: Annotated[str, autoui.Code()]) -> str:
    return _called("k_code")
