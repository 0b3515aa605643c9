"""Alerts: talk to the user while the function runs.

``autoui.Info`` and ``autoui.Warning`` show a message and let the function carry on;
``raise autoui.Error(...)`` ends it with a message meant for the user. Called outside
autoui they are harmless: Info logs, Warning is a Python warning.
"""

from __future__ import annotations

import autoui


def check_password(password: str) -> str:
    """Rate a password and say what would make it stronger.

    Args:
        password: the password to rate (it is not stored anywhere).

    Returns:
        Verdict
    """
    if not password:
        raise autoui.Error("type a password first", title="Nothing to check")
    if len(password) < 8:
        autoui.Warning("shorter than 8 characters: easy to guess")
    if password.lower() == password:
        autoui.Info("tip: mixing upper and lower case helps")
    kinds = sum(
        any(test(c) for c in password) for test in (str.islower, str.isupper, str.isdigit)
    ) + any(not c.isalnum() for c in password)
    strength = min(4, kinds + len(password) // 12)
    return ["very weak", "weak", "fair", "good", "strong"][strength]
