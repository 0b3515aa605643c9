"""Functions that raise, for tests/test_failures.py (a plain module: pytest does not
rewrite its ``assert``, so the message is the one a user's assert carries)."""

from __future__ import annotations

import json


def own_value_error(text: str) -> str:
    raise ValueError("code must have 6 digits")


def own_type_error(text: str) -> str:
    raise TypeError("expected a list of names")


def own_assert(text: str) -> str:
    assert text.isdigit(), "code must be digits"
    return text


def builtin_called_here(text: str) -> int:
    return int(text)  # a builtin raises, but this line is the innermost frame


def library_raises(text: str) -> object:
    return json.loads(text)  # json.decoder raises: not the function's own code


def other_type(text: str) -> str:
    raise KeyError("internal table name")
