"""Over stdio only: file arguments naming local files under ``--allow-dir``.

A desktop MCP client runs ``autoui mcp`` on the user's own machine, where a path is
the natural way to name a file. Each allowed file is copied into the file store and
its ``{"path": ...}`` replaced by the store's ``{"id": ...}``, so the queue and the
components see the same opaque ids as over HTTP. Anything else is refused with a
message naming the parameter: a path outside every allowed directory (symlinks are
resolved first), any path when no directory is allowed, and URLs, which are never
fetched.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from autoui.errors import ValidationError
from autoui.server.files import FileStore
from autoui.spec import FunctionSpec

__all__ = ["admit_paths"]


def admit_paths(
    fn_spec: FunctionSpec,
    arguments: dict[str, Any],
    allow_dirs: Sequence[Path],
    store: FileStore,
    max_size: int,
) -> dict[str, Any]:
    """``arguments`` with every allowed local path replaced by a stored file's id.

    Raises:
        ValidationError: a path outside ``allow_dirs``, missing, too large, or a URL.
    """
    admitted = dict(arguments)
    for param in fn_spec.inputs:
        if param.component.traits.file and param.name in admitted:
            value = admitted[param.name]
            try:
                if isinstance(value, list):
                    admitted[param.name] = [_admit(v, allow_dirs, store, max_size) for v in value]
                else:
                    admitted[param.name] = _admit(value, allow_dirs, store, max_size)
            except ValidationError as error:
                raise error.with_param(param.name) from None
    return admitted


def _admit(value: Any, allow_dirs: Sequence[Path], store: FileStore, max_size: int) -> Any:
    if isinstance(value, str) and value.startswith(("http://", "https://", "ftp://")):
        raise ValidationError("URLs are not fetched: pass a data: URL or a local path")
    if isinstance(value, str) and not value.startswith("data:"):
        value = {"path": value}
    if not (isinstance(value, dict) and isinstance(value.get("path"), str)):
        return value  # a data: URL or an {"id": ...}: the server's file context decides
    path = _allowed(value["path"], allow_dirs)
    size = path.stat().st_size
    if size > max_size:
        raise ValidationError(f"the file is larger than the {max_size} byte limit")
    stored = store.put_path(path, path.name, None, None)
    return {"id": stored.id}


def _allowed(raw: str, allow_dirs: Sequence[Path]) -> Path:
    if not allow_dirs:
        raise ValidationError(
            "local paths are not accepted: start the server with --allow-dir DIR, "
            "or pass the file as a data: URL"
        )
    path = Path(raw).expanduser().resolve()
    if not any(path.is_relative_to(folder) for folder in allow_dirs):
        folders = ", ".join(str(folder) for folder in allow_dirs)
        raise ValidationError(f"only files under {folders} are accepted (--allow-dir)")
    if not path.is_file():
        raise ValidationError(f"no such file: {path}")
    return path
