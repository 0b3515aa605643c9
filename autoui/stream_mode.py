"""How a generator's yields make its output: each replaces it, or each adds to its text.

By default every yield *replaces* the output (a generator yields the text so far, a
picture being refined, a table growing). ``Iterator[Annotated[str,
autoui.Stream(mode="append")]]`` says each yield is a *piece* of text to add, the
``yield token`` pattern of language models. The runner joins the pieces
(:class:`TextSoFar`), so every ``output`` event still carries the output's whole current
value and the ``complete`` event the whole text: replay from ``Last-Event-ID``, the job
store keeping only the latest output, the broker and every reader (page, terminal,
``--json``, clients, MCP, the Gradio routes) stay correct with no mode of their own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from autoui.errors import SpecError

__all__ = ["APPEND", "REPLACE", "Stream", "TextSoFar", "output_stream_mode"]

REPLACE = "replace"
APPEND = "append"
_MODES = (REPLACE, APPEND)


@dataclass(frozen=True)
class Stream:
    """How a streamed output takes each yield, put in ``Annotated`` beside its type.

    Args:
        mode: ``"replace"`` (the default: each yield is the output's new value) or
            ``"append"`` (each yield is text added to what was yielded before; the
            output's type must be ``str``).
    """

    mode: Literal["replace", "append"] = "replace"

    def __post_init__(self) -> None:
        if self.mode not in _MODES:
            raise ValueError(f"Stream mode must be 'replace' or 'append', got {self.mode!r}")


def output_stream_mode(
    annotation: Any, streaming: bool, function: str, name: str, warnings: list[str]
) -> str | None:
    """The mode of one output, from its annotation: None when the function does not stream.

    Args:
        annotation: the output's annotation, where ``Annotated`` may hold a :class:`Stream`.
        streaming: the function is a generator.
        function: the function's name, for a refusal.
        name: the output's name, for messages.
        warnings: where a marker that changes nothing is reported.
    """
    from autoui.registry.annotations import unwrap

    bare, metadata, _ = unwrap(annotation)
    marker = next((m for m in metadata if isinstance(m, Stream)), None)
    if not streaming:
        if marker is not None:
            warnings.append(
                f"{name}: Stream(mode={marker.mode!r}) has no effect: the function is not a "
                "generator (it returns one value; `yield` its values to stream them)"
            )
        return None
    mode = marker.mode if marker is not None else REPLACE
    if mode == APPEND and bare is not str:
        raise SpecError(
            f"{function}: {name}: Stream(mode='append') joins text, so the output must be "
            f"str, got {getattr(bare, '__name__', bare)!s} (write it inside the iterator: "
            "`Iterator[Annotated[str, autoui.Stream(mode='append')]]`, or yield the whole "
            "value each time)"
        )
    return mode


class TextSoFar:
    """The text each append output has so far; the runner passes every yield through it."""

    def __init__(self, appended: tuple[bool, ...], multiple: bool) -> None:
        self.appended = appended
        self.multiple = multiple
        self.texts = ["" for _ in appended]

    @classmethod
    def of(cls, modes: Iterable[str | None], multiple: bool) -> TextSoFar | None:
        """One for a function with an append output, else None (nothing to join)."""
        appended = tuple(mode == APPEND for mode in modes)
        return cls(appended, multiple) if any(appended) else None

    def add(self, item: Any) -> Any:
        """The yield as the function would have written it in replace mode."""
        if not self.multiple:
            return self._join(0, item)
        if not isinstance(item, tuple | list) or len(item) != len(self.appended):
            return item  # the outputs' own check says what is wrong with it
        return tuple(
            self._join(i, piece) if self.appended[i] else piece for i, piece in enumerate(item)
        )

    def _join(self, index: int, piece: Any) -> str:
        if piece is None:  # a yield with nothing new for this output
            piece = ""
        elif isinstance(piece, bytes | bytearray):
            piece = bytes(piece).decode("utf-8", errors="replace")
        elif not isinstance(piece, str):
            piece = str(piece)
        self.texts[index] += piece
        return self.texts[index]
