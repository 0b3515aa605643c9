"""Calculator: choices from a ``Literal``, numbers from ``float``.

``op: Literal["+", "-", "×", "÷"]`` has four choices, so it is shown as radio buttons
(more than four would be a dropdown). Dividing by zero raises :class:`autoui.Error`,
whose message is shown to the user as it is; any other exception would only show its
type.
"""

from __future__ import annotations

from typing import Literal

import autoui

Operator = Literal["+", "-", "×", "÷"]


def calculate(a: float, op: Operator, b: float) -> float:
    """Apply one arithmetic operator to two numbers.

    Args:
        a: the left operand.
        op: the operator.
        b: the right operand.

    Returns:
        Result

    Examples:
        - a=6, op=×, b=7
        - a=1, op=÷, b=8
    """
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "×":
        return a * b
    if b == 0:
        raise autoui.Error("cannot divide by zero: pick another b")
    return a / b
