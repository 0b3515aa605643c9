"""Multiple outputs: return a NamedTuple (or a tuple) for several outputs.

Each NamedTuple field becomes its own output, labelled from the field name and
inferred from its type: two numbers and a text box here. A plain ``tuple[int, str]``
works the same way, with labels from the docstring's Returns section.
"""

from __future__ import annotations

from typing import NamedTuple


class TextStats(NamedTuple):
    """What :func:`analyse` finds in a text."""

    words: int
    characters: int
    longest_word: str


def analyse(text: str) -> TextStats:
    """Count the words and characters of a text, and find its longest word.

    Args:
        text: any text.

    Examples:
        - text=The quick brown fox jumps over the lazy dog
    """
    words = text.split()
    longest = max(words, key=len) if words else ""
    return TextStats(words=len(words), characters=len(text), longest_word=longest)


def split_name(full_name: str) -> tuple[str, str]:
    """Split a full name into given name and family name.

    Args:
        full_name: e.g. "Ada King Lovelace".

    Returns:
        given: everything but the last word.
        family: the last word.
    """
    given, _, family = full_name.strip().rpartition(" ")
    return given, family
