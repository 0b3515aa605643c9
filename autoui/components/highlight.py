"""Highlighted text: a text whose spans carry labels (named entities, a diff, a tagging)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from autoui.components.base import Component
from autoui.components.checks import expected
from autoui.errors import ValidationError
from autoui.files import FileContext

__all__ = ["HighlightedText", "Span"]

Span = tuple[str, "str | None"]
"""One piece of the text and its label (None: not highlighted)."""

_LABEL_KEYS = ("label", "entity_group", "entity")  # as NER pipelines name it


@dataclass(frozen=True)
class HighlightedText(Component):
    """A text with labelled spans, shown with each span marked (usually an output).

    The function returns the pieces of the text in order, ``[(text, label or None),
    ...]`` (the natural result of a tagger), or a text and its entities as NER pipelines
    give them: ``{"text": ..., "entities": [{"start", "end", "entity"}]}`` (``label`` and
    ``entity_group`` are read too). Wire: ``[{"text": ..., "label": ... | null}, ...]``.

    Args:
        color_map: label → CSS colour; other labels get colours of their own.
        show_legend: list the labels under the text.
        combine_adjacent: merge neighbouring spans that carry the same label.
    """

    kind: ClassVar[str] = "highlighted_text"

    color_map: dict[str, str] | None = field(default=None, hash=False)
    show_legend: bool = True
    combine_adjacent: bool = False

    def postprocess(self, value: Any, files: FileContext) -> list[dict[str, Any]] | None:
        if value is None:
            return None
        spans = _spans(value)
        if self.combine_adjacent:
            spans = _combined(spans)
        return [{"text": text, "label": label} for text, label in spans]

    def preprocess(self, payload: Any, files: FileContext) -> list[Span]:
        if not isinstance(payload, list):
            raise expected('highlighted text [{"text": ..., "label": ...}, ...]', payload)
        return _spans(payload)

    def read_output(self, payload: Any, files: FileContext, *, image_type: str = "pil") -> Any:
        return self.preprocess(payload, files) if isinstance(payload, list) else payload

    def json_schema(self) -> dict[str, Any]:
        span = {
            "type": "object",
            "properties": {"text": {"type": "string"}, "label": {"type": ["string", "null"]}},
            "required": ["text"],
        }
        return {"type": "array", "items": span}

    def example_payload(self) -> Any:
        return [
            {"text": "Ada", "label": "PER"},
            {"text": " moved to ", "label": None},
            {"text": "London", "label": "LOC"},
        ]


def _spans(value: Any) -> list[Span]:
    if isinstance(value, str):
        return [(value, None)]
    if isinstance(value, Mapping):
        return _from_entities(value)
    if not hasattr(value, "__iter__"):
        raise expected("[(text, label), ...] or {'text': ..., 'entities': [...]}", value)
    return [_span(item, index) for index, item in enumerate(value)]


def _span(item: Any, index: int) -> Span:
    if isinstance(item, Mapping):
        text, label = item.get("text", item.get("word")), _label(item)
    elif isinstance(item, tuple | list) and len(item) == 2:
        text, label = item
    else:
        raise ValidationError(f"span {index + 1}: expected (text, label), got {item!r:.40}")
    if not isinstance(text, str):
        raise ValidationError(f"span {index + 1}: expected its text as a string")
    return text, None if label is None else str(label)


def _label(item: Mapping[str, Any]) -> Any:
    return next((item[key] for key in _LABEL_KEYS if item.get(key) is not None), None)


def _from_entities(value: Mapping[str, Any]) -> list[Span]:
    """``{"text", "entities": [{"start", "end", label}]}`` → the text cut into spans."""
    text = value.get("text")
    if not isinstance(text, str):
        raise expected("{'text': ..., 'entities': [...]}", value)
    spans: list[Span] = []
    at = 0
    for entity in sorted(value.get("entities") or [], key=lambda e: int(e.get("start", 0))):
        start, end = int(entity.get("start", 0)), int(entity.get("end", 0))
        if start < at or end <= start or end > len(text):
            continue  # overlapping or outside the text: the first one wins
        if start > at:
            spans.append((text[at:start], None))
        label = _label(entity)
        spans.append((text[start:end], None if label is None else str(label)))
        at = end
    if at < len(text):
        spans.append((text[at:], None))
    return spans


def _combined(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for text, label in spans:
        if merged and label is not None and merged[-1][1] == label:
            merged[-1] = (merged[-1][0] + text, label)
        else:
            merged.append((text, label))
    return merged
