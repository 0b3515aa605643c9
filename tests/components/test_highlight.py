"""Highlighted text: spans from pairs or from NER entities, and back to pairs for clients."""

from __future__ import annotations

import pytest

from autoui.components import HighlightedText
from autoui.errors import ValidationError
from autoui.localfiles import LocalFiles


def test_pairs_become_spans_and_come_back_as_pairs(files: LocalFiles) -> None:
    spans = [("Ada", "PER"), (" lives in ", None), ("London", "LOC")]
    payload = HighlightedText().postprocess(spans, files)
    assert payload == [
        {"text": "Ada", "label": "PER"},
        {"text": " lives in ", "label": None},
        {"text": "London", "label": "LOC"},
    ]
    assert HighlightedText().read_output(payload, files) == spans


def test_ner_entities_cut_the_text_into_spans(files: LocalFiles) -> None:
    value = {
        "text": "Ada met Grace.",
        "entities": [
            {"entity_group": "PER", "start": 8, "end": 13, "score": 0.9},
            {"entity": "PER", "start": 0, "end": 3},
            {"label": "X", "start": 1, "end": 5},  # overlaps Ada: the first one wins
        ],
    }
    assert HighlightedText().postprocess(value, files) == [
        {"text": "Ada", "label": "PER"},
        {"text": " met ", "label": None},
        {"text": "Grace", "label": "PER"},
        {"text": ".", "label": None},
    ]


def test_adjacent_spans_of_one_label_can_be_combined(files: LocalFiles) -> None:
    spans = [("New", "LOC"), (" York", "LOC"), (" is big", None)]
    payload = HighlightedText(combine_adjacent=True).postprocess(spans, files)
    assert payload == [{"text": "New York", "label": "LOC"}, {"text": " is big", "label": None}]


@pytest.mark.parametrize("bad", [[("a", "b", "c")], [(1, "x")], 42])
def test_bad_spans_say_which(bad: object, files: LocalFiles) -> None:
    with pytest.raises(ValidationError, match="span 1|expected"):
        HighlightedText().postprocess(bad, files)


def test_color_map_is_a_prop_front_ends_read() -> None:
    assert HighlightedText(color_map={"PER": "#ff8800"}).props()["color_map"] == {"PER": "#ff8800"}
