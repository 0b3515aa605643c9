"""``autoui export TARGET --wasm``: the export command's branch for a browser-run app.

The flags are parsed by ``export_cmd.py``; this runs :func:`autoui.wasm.bundle.export_wasm`
and says, on stderr, what was written, what the bundle pins, and how to host or open it.
Every refusal (a function a browser cannot run, a dependency with no wasm wheel, a wrong
``--vendor-runtime`` folder, a target that does not load) is one clear message and exit 2.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import Console

    from autoui.wasm.bundle import WasmBundle

__all__ = ["export_wasm_command"]


def export_wasm_command(
    target: str,
    out: Path,
    *,
    single_file: bool,
    vendor_runtime: Path | None,
    title: str | None,
    theme: str | None,
    err: Console,
) -> None:
    """Write the browser-run bundle of ``target`` to ``out`` and report it."""
    if target.startswith(("http://", "https://")):
        _fail(err, "--wasm needs the functions' source: give module:function or a .py file, "
                   "not a server's URL")  # fmt: skip
    bundle = _export(target, out, single_file, vendor_runtime, title, theme, err)
    _report(err, bundle, single_file)


def _export(
    target: str, out: Path, single_file: bool, vendor_runtime: Path | None,
    title: str | None, theme: str | None, err: Console,
) -> WasmBundle:  # fmt: skip
    from autoui.errors import AutoUIError, LoadError
    from autoui.wasm.browsercheck import BrowserCheckError
    from autoui.wasm.bundle import export_wasm
    from autoui.wasm.runtime import RuntimeDirError
    from autoui.wasm.wheels import WheelError

    try:
        return export_wasm(
            target, out, single_file=single_file, vendor_runtime=vendor_runtime,
            title=title, theme=theme, say=lambda text: err.print(text, highlight=False),
        )  # fmt: skip
    except LoadError as exc:
        if exc.details:
            err.print(exc.details, markup=False, highlight=False)
        _fail(err, exc.message)
    except (AutoUIError, BrowserCheckError, WheelError, RuntimeDirError, ValueError) as exc:
        _fail(err, str(exc))
    except OSError as exc:
        _fail(err, f"cannot write {out}: {exc.strerror or exc}")


def _fail(err: Console, message: str) -> NoReturn:
    from rich.markup import escape

    err.print(f"[bold red]Error:[/] {escape(message)}", highlight=False)
    raise typer.Exit(2)


def _report(err: Console, bundle: WasmBundle, single_file: bool) -> None:
    from rich.markup import escape

    manifest = bundle.manifest
    runtime = "vendored" if manifest["pyodide"]["vendored"] else f"from {manifest['runtime']}"
    err.print(f"[green]✓[/] Wrote [bold]{escape(str(bundle.index))}[/]: the functions run in "
              f"the visitor's browser (Pyodide {manifest['pyodide']['version']}, {runtime})",
              highlight=False)  # fmt: skip
    err.print(f"Wheels: autoui, {', '.join(manifest['requirements'])}", highlight=False)
    if manifest["packages"]:
        err.print(f"From the runtime's package index: {', '.join(manifest['packages'])}",
                  highlight=False)  # fmt: skip
    for note in bundle.notes:
        err.print(f"[yellow]Note:[/] {escape(note)}", highlight=False)
    if single_file:
        err.print("Open it from disk, or host it anywhere: no server runs the functions.",
                  highlight=False)  # fmt: skip
        return
    err.print("Host the folder on any static server (it needs http, not file://), e.g.:",
              highlight=False)  # fmt: skip
    err.print(f"  [cyan]python -m http.server -d {escape(str(bundle.index.parent))} 8000[/]",
              highlight=False, soft_wrap=True)  # fmt: skip
