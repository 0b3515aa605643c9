"""The ``autoui`` command: a thin shell over the library.

Each sub-command lives in its own module and registers itself on the Typer app when
imported. Those modules import nothing heavy at module level, so ``autoui --help``
stays fast; the work (FastAPI, uvicorn, numpy, ...) is imported inside the commands.

``autoui run`` and ``autoui call`` are plain click commands (:mod:`.entries`) that
:func:`main` starts directly, without building the Typer app: a function run from the
terminal should start about as fast as a hand-written command-line app.
"""

from __future__ import annotations

import os
import sys
from typing import Any

__all__ = ["app", "main"]

_DIRECT = ("run", "call")
_COMPLETE_VAR = "_AUTOUI_COMPLETE"


def _typer_app() -> Any:
    from autoui.cli import (  # noqa: F401 - each registers its command
        export_cmd,
        inspect_cmd,
        mcp_cmd,
        serve_cmd,
        session_cmds,
        worker_cmd,
    )
    from autoui.cli.app import app

    globals()["app"] = app  # importing the submodule ``app`` bound its name to the module
    return app


def __getattr__(name: str) -> Any:
    if name == "app":
        return _typer_app()
    raise AttributeError(f"module 'autoui.cli' has no attribute {name!r}")


def main() -> None:
    """Console-script entry point."""
    prog = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else "autoui"
    prog = "autoui" if prog in ("__main__.py", "-m", "-c") else prog
    instruction = os.environ.get(_COMPLETE_VAR, "")
    if instruction.startswith("complete_") and _completing_direct():
        from autoui.cli.entries import complete

        complete(prog, _COMPLETE_VAR, instruction)
        return
    if len(sys.argv) > 1 and sys.argv[1] in _DIRECT:
        from autoui.cli import entries

        command = entries.run_command() if sys.argv[1] == "run" else entries.call_command()
        command.main(sys.argv[2:], prog_name=f"{prog} {sys.argv[1]}")
        return
    _typer_app()()


def _completing_direct() -> bool:
    """Whether the words being completed are ``autoui run ...`` or ``autoui call ...``."""
    line = os.environ.get("COMP_WORDS") or os.environ.get("_TYPER_COMPLETE_ARGS", "")
    words = line.split()
    return len(words) > 1 and words[1] in _DIRECT
