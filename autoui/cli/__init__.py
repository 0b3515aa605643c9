"""The ``autoui`` command: a thin Typer shell over the library.

Each sub-command lives in its own module and registers itself on :data:`app`. Those
modules import nothing heavy at module level, so ``autoui --help`` stays fast; the work
(FastAPI, uvicorn, numpy, ...) is imported inside the command functions.
"""

from __future__ import annotations

from autoui.cli.app import app
from autoui.cli import call_cmd, export_cmd, inspect_cmd, run_cmd, serve_cmd  # noqa: F401,E402

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point."""
    app()
