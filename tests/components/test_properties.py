"""Properties checked on many generated inputs (hypothesis): round trips and the sanitiser."""

from __future__ import annotations

import re
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autoui.components import Color, DataFrame, Number
from autoui.components.sanitize import ALLOWED_TAGS, sanitize_html
from autoui.components.wav import read_wav, write_wav

FAST = settings(
    max_examples=80, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)

TEXT_ALPHABET = "ab é<>&\"'=/:;\t\n"
TAGS = ["a", "b", "p", "div", "img", "script", "style", "iframe", "svg", "table", "td", "x-y"]
ATTRS = ["href", "src", "onclick", "onerror", "style", "title", "class", "id", "target"]
VALUES = [
    "javascript:alert(1)",
    " java\tscript:x",
    "https://ok.example",
    "/rel",
    'x"y',
    "data:text/html,x",
]

tag = st.builds(
    lambda name, attrs, close: (
        f"<{'/' if close else ''}{name}" + "".join(f' {a}="{v}"' for a, v in attrs) + ">"
    ),
    st.sampled_from(TAGS),
    st.lists(st.tuples(st.sampled_from(ATTRS), st.sampled_from(VALUES)), max_size=3),
    st.booleans(),
)
markup = st.lists(
    st.one_of(
        tag,
        st.text(alphabet=TEXT_ALPHABET, max_size=8),
        st.sampled_from(["<", ">", "&", "<!--", "-->"]),
    ),
    max_size=30,
).map("".join)

SAFE_URL = re.compile(r"^(https?://|mailto:|/|[^:]*$)", re.I)


class _Markup(HTMLParser):
    """Collects the tags and attributes a browser would see in sanitised output."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


@FAST
@given(markup)
def test_sanitised_html_carries_nothing_dangerous(html: str) -> None:
    seen = _Markup()
    seen.feed(sanitize_html(html))
    seen.close()
    for tag, attrs in seen.tags:
        assert tag in ALLOWED_TAGS
        for name, value in attrs:
            assert not name.startswith("on") and name not in ("style", "id", "name")
            if name in ("href", "src"):
                assert SAFE_URL.match(re.sub(r"[\x00-\x20]", "", value or "")), value


@FAST
@given(markup)
def test_sanitising_twice_changes_nothing(html: str) -> None:
    once = sanitize_html(html)
    assert sanitize_html(once) == once


@FAST
@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_whole_numbers_round_trip(value: int) -> None:
    number = Number(integer=True)
    assert number.preprocess(value, None) == value  # type: ignore[arg-type]
    assert number.preprocess(str(value), None) == value  # type: ignore[arg-type]
    assert number.postprocess(value, None) == value  # type: ignore[arg-type]


@FAST
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_finite_floats_round_trip(value: float) -> None:
    assert Number().preprocess(value, None) == value  # type: ignore[arg-type]


@FAST
@given(st.tuples(*[st.integers(0, 255)] * 3))
def test_colours_normalise_the_same_whatever_the_form(rgb: tuple[int, int, int]) -> None:
    r, g, b = rgb
    expected = f"#{r:02x}{g:02x}{b:02x}"
    color = Color()
    assert color.preprocess(f"rgb({r}, {g}, {b})", None) == expected  # type: ignore[arg-type]
    assert color.preprocess(expected.upper(), None) == expected  # type: ignore[arg-type]
    assert color.postprocess(rgb, None) == expected  # type: ignore[arg-type]


cells = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-1000, 1000),
    st.text(alphabet=TEXT_ALPHABET, max_size=5),
    st.floats(allow_nan=False, allow_infinity=False),
)


@FAST
@given(
    st.integers(1, 4).flatmap(
        lambda width: st.lists(st.lists(cells, min_size=width, max_size=width), max_size=6)
    )
)
def test_tables_round_trip(rows: list[list[object]]) -> None:
    headers = [f"c{i}" for i in range(len(rows[0]))] if rows else []
    payload = {"headers": headers, "rows": rows}
    table = DataFrame(type="columns")
    back = table.postprocess(table.preprocess(payload, None), None)  # type: ignore[arg-type]
    assert back == payload


@FAST
@given(
    st.lists(st.integers(-32768, 32767), min_size=1, max_size=200),
    st.sampled_from([8000, 16000, 44100, 48000]),
    st.integers(1, 2),
)
def test_int16_audio_round_trips_exactly(samples: list[int], rate: int, channels: int) -> None:
    array = np.array(samples[: len(samples) // channels * channels] or [0] * channels, np.int16)
    if channels == 2:
        array = array.reshape(-1, 2)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "a.wav"
        path.write_bytes(write_wav(rate, array))
        got_rate, got = read_wav(path)
    assert got_rate == rate and got.tolist() == array.tolist()
