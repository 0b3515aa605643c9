"""Functions that print as they work (7 of 100 outside functions did), for ``--json``."""

from __future__ import annotations

import os
import subprocess
import sys

print("loading the module")  # noqa: T201 - a module that talks while it imports


def chatty(word: str) -> str:
    """Print three ways, then answer.

    Args:
        word: what to answer.
    """
    print(f"print: working on {word}")  # noqa: T201
    os.write(1, b"fd 1: straight to the descriptor\n")
    subprocess.run([sys.executable, "-c", "print('a child process')"], check=True)
    sys.stdout.flush()
    return word.upper()
