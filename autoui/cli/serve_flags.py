"""``autoui serve``'s flag values → the JSON-able options and ServerSettings fields.

Each parser turns a flag as written (``4MB``, ``30s``, ``none``) into its setting and
names the flag in a one-line error; fields the user did not set are left out so
``ServerSettings`` keeps its own defaults. Imports nothing heavy (``--help`` imports it).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer

from autoui.server.settings import ServerSettings
from autoui.server.units import parse_count, parse_seconds, parse_size

__all__ = ["parse_concurrency", "settings_from_flags"]

_LIMITS = ServerSettings().input_limits
_PARSERS: dict[str, Callable[[str], Any]] = {
    "concurrency": parse_count,
    "max_jobs_per_client": parse_count,
    "max_jobs_per_address": parse_count,
    "max_queued_bytes_per_client": lambda text: _size_or_none(text),
    "send_timeout": parse_seconds,
    "max_file_size": parse_size,
    "max_body_size": parse_size,
    "max_retained_bytes": parse_size,
    "result_grace": lambda text: parse_seconds(text, allow_none=False),
}
_CONNECTION_FLAGS: dict[str, tuple[str, Callable[[str], Any]]] = {
    "header_timeout": ("header_timeout", lambda t: parse_seconds(t, allow_none=False)),
    "keep_alive_timeout": ("keep_alive_timeout", lambda t: parse_seconds(t, allow_none=False)),
    "idle_timeout": ("idle_timeout", lambda t: parse_seconds(t, allow_none=False)),
    "max_header_size": ("max_header_size", parse_size),
    "max_connections_per_address": ("max_per_address", parse_count),
}


def parse_concurrency(value: str | None) -> int | None | str:
    """``--concurrency``: a number, None for 'none', or "spec" (each function's own)."""
    return "spec" if value is None else _parse(value, "concurrency")


def _size_or_none(text: str) -> int | None:
    return None if text.strip().lower() in ("none", "unlimited") else parse_size(text)


def _parse(value: str, name: str, parser: Callable[[str], Any] | None = None) -> Any:
    try:
        return (parser or _PARSERS[name])(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--" + name.replace("_", "-")) from None


def settings_from_flags(flags: dict[str, Any]) -> dict[str, Any]:
    """The ServerSettings fields the user set, as JSON values (unset ones are left out)."""
    settings: dict[str, Any] = {}
    for name in ("host", "max_queue"):
        if flags[name] is not None:
            settings[name] = flags[name]
    for name in _PARSERS.keys() - {"concurrency"}:
        settings[name] = _parse(flags[name], name)
    settings["connections"] = {
        field: _parse(flags[flag], flag, parser)
        for flag, (field, parser) in _CONNECTION_FLAGS.items()
    }
    decoded = _parse(flags["max_decoded_size"], "max_decoded_size", parse_size)
    settings["input_limits"] = {**_asdict(_LIMITS), "max_decoded_bytes": decoded}
    for name, key in (
        ("allowed_hosts", "allowed_hosts"),
        ("trusted_proxies", "trusted_proxies"),
        ("cors_origin", "cors_origins"),
        ("allow_embed", "allow_embed"),
    ):
        if flags[name]:
            settings[key] = list(flags[name])
    settings.update(_files_and_switches(flags))
    return settings


def _files_and_switches(flags: dict[str, Any]) -> dict[str, Any]:
    settings: dict[str, Any] = {}
    if flags["auth"]:
        settings["auth"] = [_user_password(pair) for pair in flags["auth"]]
    for name in ("auth_file", "css", "js"):
        if flags[name] is not None:
            settings[name] = _existing(flags[name], "--" + name.replace("_", "-"))
    for name in ("show_errors", "live"):
        if flags[name]:
            settings[name] = True
    if flags["no_gradio_api"]:
        settings["gradio_api"] = False
    for name in ("isolation", "time_limit", "cancel_grace", "stream_time_limit", "max_threads"):
        settings[name] = flags[name]
    settings["stream_idle_timeout"] = flags["stream_idle_timeout"]
    if flags["mcp"]:
        settings["mcp"] = _mcp_or_exit()
    if flags["broker"] is not None:
        settings["broker"] = _broker_options(flags["broker"], flags["file_store"])
    return settings


def _broker_options(url: str, file_store: str) -> dict[str, Any]:
    """``--broker`` and ``--file-store`` checked now (one line on error), JSON-able."""
    from autoui.cli.worker_cmd import broker_settings

    broker_settings(url, file_store)
    return {"url": url, "file_store": file_store}


def _asdict(value: Any) -> dict[str, Any]:
    return dataclasses.asdict(value)


def _user_password(pair: str) -> tuple[str, str]:
    from autoui.cli.loading import parse_user_password

    try:
        return parse_user_password(pair)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--auth") from None


def _existing(path: Path, flag: str) -> str:
    if not path.is_file():
        raise typer.BadParameter(f"no such file: {path}", param_hint=flag)
    return str(path.resolve())


def _mcp_or_exit() -> bool:
    """``--mcp`` without the ``mcp`` package: one line saying what to install."""
    from autoui.protocols.mcp import INSTALL_HINT, mcp_available

    if not mcp_available():
        typer.echo(f"error: {INSTALL_HINT}", err=True)
        raise typer.Exit(1)
    return True
