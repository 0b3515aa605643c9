"""`autoui export TARGET -o DIR --api-url URL`: the web UI as a static bundle.

The bundle's page calls the autoui server at ``--api-url``; that server must allow the
origin the page is served from (``autoui serve TARGET --cors-origin ORIGIN``). TARGET may
also be the URL of a running server: its ``/api/spec`` is used, and its URL is the
default ``--api-url``. With ``--wasm`` the functions run in the visitor's browser
instead, and there is no server (:mod:`autoui.cli.export_wasm`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, Optional

import typer

from autoui.cli.app import app

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import Console

__all__ = ["export"]


@app.command("export")
def export(
    target: Annotated[
        str,
        typer.Argument(
            help="module:function, file.py:function, a module/file, or a server's URL.",
            show_default=False,
            metavar="TARGET",
        ),
    ],
    out: Annotated[
        Path,
        typer.Option(
            "--out", "-o", help="Folder to write (or the .html file, with --single-file)."
        ),
    ] = Path("dist"),
    api_url: Annotated[
        Optional[str],  # noqa: UP045 - Typer reads the annotation at runtime
        typer.Option(
            "--api-url",
            help="The autoui server the page calls, e.g. https://api.example.com.",
            show_default=False,
        ),
    ] = None,
    single_file: Annotated[
        bool,
        typer.Option("--single-file", help="One HTML file with everything inlined."),
    ] = False,
    base_path: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--base-path",
            help="URL path the bundle is served under, e.g. /tools/demo/ (default: relative).",
            show_default=False,
        ),
    ] = None,
    title: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(help="The app's title.", show_default=False),
    ] = None,
    theme: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(help="The theme (default, soft, glass, monochrome).", show_default=False),
    ] = None,
    wasm: Annotated[
        bool,
        typer.Option(
            "--wasm",
            help="Run the functions in the visitor's browser (Pyodide): no server at all.",
        ),
    ] = False,
    vendor_runtime: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--vendor-runtime",
            help="With --wasm: copy the Pyodide runtime from this folder into the bundle "
            "(e.g. the package/ folder of npm pack pyodide@314.0.7).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Write TARGET's web UI as static files that call an autoui server at --api-url.

    Host the folder anywhere (or open index.html from disk), and start the server with
    --cors-origin set to the origin the page is served from. With --wasm, the functions
    run in the visitor's browser (Python compiled to WebAssembly): no server at all.
    """
    from rich.console import Console

    err = Console(stderr=True)
    if vendor_runtime and not wasm:
        _fail(err, "--vendor-runtime goes with --wasm (the runtime of a browser-run app)")
    if wasm:
        _export_wasm(
            target, out, single_file, vendor_runtime, api_url, base_path, title, theme, err
        )
        return
    spec_json, default_api = _load_spec(target, err)
    if title:
        spec_json["title"] = title
    if theme:
        spec_json["theme"] = theme
    api = api_url or default_api
    if api is None:
        _fail(err, "--api-url is required: the URL of the autoui server the page will call")
    written = _write(spec_json, out, api, single_file, base_path, err)
    _report(err, written[0], target, api, single_file)


def _export_wasm(
    target: str, out: Path, single_file: bool, vendor_runtime: Path | None,
    api_url: str | None, base_path: str | None, title: str | None, theme: str | None,
    err: Console,
) -> None:  # fmt: skip
    from autoui.cli.export_wasm import export_wasm_command

    if api_url or base_path:
        flag = "--api-url" if api_url else "--base-path"
        _fail(err, f"{flag} does not apply to --wasm: the page has no server, and its URLs "
                   "are relative")  # fmt: skip
    export_wasm_command(target, out, single_file=single_file, vendor_runtime=vendor_runtime,
                        title=title, theme=theme, err=err)  # fmt: skip


def _fail(err: Console, message: str) -> NoReturn:
    from rich.markup import escape

    err.print(f"[bold red]Error:[/] {escape(message)}", highlight=False)
    raise typer.Exit(2)


def _load_spec(target: str, err: Console) -> tuple[dict[str, Any], str | None]:
    """The spec JSON of TARGET, and the API URL it implies (a server URL's own)."""
    from autoui.errors import AutoUIError

    if target.startswith(("http://", "https://")):
        from autoui.client import Client

        try:
            with Client(target) as client:
                return dict(client.spec), client.url
        except AutoUIError as exc:
            _fail(err, str(exc))
    from autoui.cli.loading import load_or_exit

    return load_or_exit(target).to_json(), None


def _write(
    spec_json: dict[str, Any],
    out: Path,
    api: str,
    single_file: bool,
    base_path: str | None,
    err: Console,
) -> list[Path]:
    from autoui.export import export_bundle
    from autoui.export.bundler import BundleError

    try:
        return export_bundle(spec_json, out, api, single_file=single_file, base_path=base_path)
    except (ValueError, BundleError) as exc:
        _fail(err, str(exc))
    except OSError as exc:
        _fail(err, f"cannot write {out}: {exc.strerror or exc}")


def _report(err: Console, index: Path, target: str, api: str, single_file: bool) -> None:
    """Say what was written and the exact server command to use, one command per line.

    Commands are printed on lines of their own and never wrapped, so they can be copied.
    """
    from rich.markup import escape

    err.print(f"[green]✓[/] Wrote [bold]{escape(str(index))}[/]", highlight=False)
    serve = target if not target.startswith(("http://", "https://")) else "TARGET"
    if single_file:
        err.print(
            "Open it from disk; the page's origin is then [bold]null[/], so the server "
            f"at {escape(api)} needs:",
            highlight=False,
        )
        _command(err, f"autoui serve {serve} --cors-origin null")
        return
    folder = str(index.parent)
    err.print("Host the folder on any static server, e.g.:", highlight=False)
    _command(err, f"python -m http.server -d {folder} 8000")
    err.print(f"and let that origin call {escape(api)}:", highlight=False)
    _command(err, f"autoui serve {serve} --cors-origin http://127.0.0.1:8000")


def _command(err: Console, command: str) -> None:
    from rich.markup import escape

    err.print(f"  [cyan]{escape(command)}[/]", highlight=False, soft_wrap=True)