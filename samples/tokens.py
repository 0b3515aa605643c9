"""Tokens: a fake language model that streams its reply one token at a time.

A language model's generator yields each new token, not the text so far.
``Iterator[Annotated[str, autoui.Stream(mode="append")]]`` says so: each yield is added
to the output, which grows in place on the page and in the terminal, and the result (and
what every client and ``--json`` get in the end) is the whole reply. Without the marker,
each yield *replaces* the output (``samples/counter.py`` yields the text so far).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Annotated

import autoui


def reply(
    prompt: str = "Append mode joins the tokens a model yields into one growing reply",
    delay: float = 0.05,
) -> Iterator[Annotated[str, autoui.Markdown(), autoui.Stream(mode="append")]]:
    """Answer the prompt, one token at a time (this fake model repeats it, word by word).

    Args:
        prompt: what to say.
        delay: seconds between tokens.

    Yields:
        Reply
    """
    for n, word in enumerate(prompt.split()):
        time.sleep(max(0.0, delay))
        yield word if n == 0 else " " + word  # a token, as a model's tokenizer cuts them
