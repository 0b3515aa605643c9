"""Values that live in files: file paths, standard input, JSON text, CSV tables.

Part of :mod:`autoui.terminal.convert`. A file-like input becomes
``{"path": "<absolute path>"}`` (``-`` reads standard input once into a temporary
file, removed at exit); a dataframe input is read from a CSV/TSV path (numbers as
numbers) or from JSON.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

from autoui.errors import ValidationError

__all__ = ["file_payload", "json_value", "stdin_file", "table_payload"]


def json_value(raw: Any) -> Any:
    """Parsed JSON text (``-`` reads it from standard input); non-strings pass through."""
    if not isinstance(raw, str):
        return raw
    text = sys.stdin.read() if raw == "-" else raw
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError(f"expected JSON ({exc.msg} at column {exc.colno})") from None


def file_payload(raw: Any) -> Any:
    """A path the user typed → ``{"path": absolute}``, once checked to be a file."""
    if isinstance(raw, dict):
        return raw  # already a payload ({"path"}, {"id"}) from a --in row
    if not isinstance(raw, str) or not raw:
        raise ValidationError(f"expected a file path, got {raw!r}")
    if raw.startswith("data:"):
        return raw
    if raw == "-":
        return {"path": str(stdin_file())}
    path = Path(raw).expanduser()
    if not path.is_file():
        reason = "is a directory" if path.is_dir() else "does not exist"
        raise ValidationError(f"expected a file path, but '{raw}' {reason}")
    return {"path": str(path.resolve())}


def table_payload(raw: Any) -> Any:
    """A CSV/TSV path (or ``-``) → ``{"headers", "rows"}``; JSON text is parsed as is."""
    if not isinstance(raw, str):
        return raw
    if raw == "-":
        return _table_from_text(sys.stdin.read())
    path = Path(raw).expanduser()
    if raw.lower().endswith((".csv", ".tsv")) or path.is_file():
        if not path.is_file():
            raise ValidationError(f"expected a CSV file or JSON, but '{raw}' does not exist")
        return _table_from_text(path.read_text(encoding="utf-8-sig"))
    return json_value(raw)


def _table_from_text(text: str) -> Any:
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        return json_value(stripped)
    import csv

    dialect = csv.excel_tab if "\t" in text.partition("\n")[0] else csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    if not rows:
        raise ValidationError("expected a CSV table with a header row, got an empty file")
    return {"headers": rows[0], "rows": [[_cell(value) for value in row] for row in rows[1:]]}


def _cell(value: str) -> Any:
    """CSV cells are text; numbers are read as numbers, like a spreadsheet would."""
    for parse in (int, float):
        try:
            return parse(value)
        except ValueError:
            continue
    return value


_stdin_used: list[Path] = []


def stdin_file() -> Path:
    """Standard input, read once into a temporary file (removed at exit)."""
    if _stdin_used:
        return _stdin_used[0]
    if sys.stdin is None or sys.stdin.isatty():
        raise ValidationError("'-' reads the file from standard input, but none was piped in")
    import atexit
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="autoui-stdin-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    path = folder / "stdin"
    path.write_bytes(sys.stdin.buffer.read())
    _stdin_used.append(path)
    return path
