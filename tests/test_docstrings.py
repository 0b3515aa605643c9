"""Docstrings in the three styles → description, parameter help, returns, examples."""

from __future__ import annotations

import pytest

from autoui.docstrings import DocInfo, ReturnDoc, parse_docstring, parse_examples


def greet(name: str, excited: bool = False, times: int = 1) -> str:
    return name


GOOGLE = '''Greet someone by name.

    A longer description, in **markdown**,
    over two lines.

    Args:
        name: who to greet; it may wrap
            onto a second line.
        excited (bool): end with an exclamation mark.
        times: how many greetings.

    Returns:
        The greeting.

    Examples:
        >>> greet("Ada", excited=True)
        'Hello, Ada!'
        - name=Grace Hopper, times=2
    '''

NUMPY = '''Greet someone by name.

    A longer description, in **markdown**,
    over two lines.

    Parameters
    ----------
    name : str
        who to greet; it may wrap
        onto a second line.
    excited : bool, optional
        end with an exclamation mark.
    times : int
        how many greetings.

    Returns
    -------
    str
        The greeting.

    Examples
    --------
    >>> greet("Ada", excited=True)
    'Hello, Ada!'
    - name=Grace Hopper, times=2

    Notes
    -----
    Greetings are free.
    '''

REST = '''Greet someone by name.

    A longer description, in **markdown**,
    over two lines.

    Examples::

        >>> greet("Ada", excited=True)
        'Hello, Ada!'
        - name=Grace Hopper, times=2

    :param name: who to greet; it may wrap
        onto a second line.
    :param excited: end with an exclamation mark.
    :param times: how many greetings.
    :returns: The greeting.
    '''


@pytest.mark.parametrize("doc", [GOOGLE, NUMPY, REST], ids=["google", "numpy", "rest"])
def test_three_styles_read_the_same(doc: str) -> None:
    info = parse_docstring(doc)
    assert info.description == (
        "Greet someone by name.\n\nA longer description, in **markdown**,\nover two lines."
    )
    assert info.params == {
        "name": "who to greet; it may wrap onto a second line.",
        "excited": "end with an exclamation mark.",
        "times": "how many greetings.",
    }
    assert info.returns == (ReturnDoc(None, "The greeting."),)
    examples = parse_examples(info.examples, greet)
    assert examples.rows == (
        {"name": "Ada", "excited": True},
        {"name": "Grace Hopper", "times": 2},
    )
    assert examples.skipped == ()


def test_no_docstring_is_an_empty_record() -> None:
    assert parse_docstring(None) == DocInfo()
    assert parse_docstring("   ") == DocInfo()


def test_plain_docstring_is_all_description() -> None:
    info = parse_docstring("Resize an image.\n\nKeeps the aspect ratio: always.")
    assert info.description == "Resize an image.\n\nKeeps the aspect ratio: always."
    assert info.params == {} and info.returns == ()


def test_google_returns_one_line_per_output_are_named() -> None:
    info = parse_docstring(
        """Tone an image.

        Returns:
            image: the toned image.
            strength: how strong the tone was,
                between 0 and 1.
        """
    )
    assert info.returns == (
        ReturnDoc("image", "the toned image."),
        ReturnDoc("strength", "how strong the tone was, between 0 and 1."),
    )


def test_google_single_typed_return_keeps_no_name() -> None:
    info = parse_docstring("Count.\n\nReturns:\n    int: the number of words.\n")
    assert info.returns == (ReturnDoc(None, "the number of words."),)


def test_numpy_named_returns() -> None:
    info = parse_docstring(
        """Split.

        Returns
        -------
        head : str
            The first word.
        tail : str
            The rest.
        """
    )
    assert info.returns == (ReturnDoc("head", "The first word."), ReturnDoc("tail", "The rest."))


def test_yields_section_counts_as_returns() -> None:
    info = parse_docstring("Count up.\n\nYields:\n    int: the count so far.\n")
    assert info.returns == (ReturnDoc(None, "the count so far."),)


def test_examples_are_not_part_of_the_description() -> None:
    info = parse_docstring(GOOGLE)
    assert ">>>" not in info.description and "Grace" not in info.description


def test_doctest_continuation_lines_and_positional_binding() -> None:
    text = '>>> greet(\n...     "Ada",\n...     True)\n'
    assert parse_examples(text, greet).rows == ({"name": "Ada", "excited": True},)


def test_doctest_lines_that_are_not_calls_of_the_function_are_ignored() -> None:
    text = ">>> import math\n>>> x = 3\n>>> print(greet('a'))\n>>> result = greet('Bo')\n"
    assert parse_examples(text, greet).rows == ({"name": "Bo"},)


def test_non_literal_arguments_are_skipped_with_a_reason() -> None:
    parsed = parse_examples(">>> greet(make_name())\n>>> greet('ok')\n", greet)
    assert parsed.rows == ({"name": "ok"},)
    assert parsed.skipped == ("'greet(make_name())': make_name() is not a literal value",)


def test_call_that_does_not_fit_the_signature_is_skipped() -> None:
    parsed = parse_examples(">>> greet('a', nope=1)\n", greet)
    assert parsed.rows == ()
    assert "does not match the signature" in parsed.skipped[0]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("- name=Ada, excited=True", {"name": "Ada", "excited": True}),
        ("- name='x, y=1', times=3", {"name": "x, y=1", "times": 3}),
        ("* name=Ada Lovelace, times=2", {"name": "Ada Lovelace", "times": 2}),
        ("- day=2024-01-05, size=(1, 2)", {"day": "2024-01-05", "size": (1, 2)}),
        ("- tags=['a', 'b'], x=None", {"tags": ["a", "b"], "x": None}),
    ],
)
def test_rows(row: str, expected: dict[str, object]) -> None:
    assert parse_examples(row, greet).rows == (expected,)


def test_bullets_without_assignments_are_prose() -> None:
    assert parse_examples("- greets people\n- is friendly\n", greet).rows == ()
