"""Hello: the smallest autoui app.

A function with type hints is all autoui needs. ``name: str`` becomes a textbox,
``excited: bool = False`` a checkbox, and the ``str`` it returns a text output. The
docstring's ``Args:`` become help text, and ``Examples:`` clickable examples::

    autoui serve samples/hello.py        # web app on http://127.0.0.1:7860
    autoui run samples/hello.py --name Ada --excited
"""

from __future__ import annotations


def greet(name: str, excited: bool = False) -> str:
    """Greet someone by name.

    Args:
        name: who to greet.
        excited: end with an exclamation mark instead of a full stop.

    Returns:
        The greeting.

    Examples:
        >>> greet("Ada", excited=True)
        'Hello, Ada!'
        >>> greet("Grace")
        'Hello, Grace.'
    """
    return f"Hello, {name}{'!' if excited else '.'}"
