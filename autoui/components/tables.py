"""Tables ⇄ the dataframe wire form ``{"headers": [...], "rows": [[...], ...]}``.

A function may return a pandas DataFrame or Series, a numpy 2-D array, a dict of
columns, a list of records (dicts) or a list of rows; it receives a DataFrame, a list
of rows or a dict of columns, as it asked. pandas is optional: it is imported only
when a DataFrame is asked for, and its absence says what to install.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, Literal

from autoui.components.checks import expected
from autoui.errors import SpecError, ValidationError

__all__ = ["TableType", "check_table", "read_table", "require_pandas", "table_payload"]

TableType = Literal["pandas", "rows", "columns", "records"]
Table = dict[str, list[Any]]


def require_pandas() -> Any:
    """The pandas module, or an error saying how to install it."""
    try:
        import pandas
    except ImportError:
        raise SpecError(
            "pandas is needed for DataFrame inputs and outputs: pip install 'autoui[data]'"
        ) from None
    return pandas


def read_table(
    payload: Any, headers: Sequence[str] | None, type: TableType, rows_type: Any = None
) -> Any:
    """A dataframe payload (or a bare list of rows) → what the function asked for."""
    names, rows = check_table(payload, headers, rows_type)
    if type == "rows":
        return rows
    if type == "records":
        return [dict(zip(names, row, strict=True)) for row in rows]
    if type == "columns":
        return {name: [row[i] for row in rows] for i, name in enumerate(names)}
    return require_pandas().DataFrame(rows, columns=names)


def check_table(
    payload: Any, headers: Sequence[str] | None, rows_type: Any = None
) -> tuple[list[str], list[Any]]:
    """The column names and rows of a dataframe payload, checked, without building anything.

    Cheap enough to run when a call is submitted; :func:`read_table` builds the value
    when it starts. ``rows_type`` is the function's own annotation of the rows
    (``list[list[float]]``, ``list[tuple[str, int]]``): each cell is checked against it
    and converted (``"3"`` → ``3.0`` for a float cell), so the function gets what it declared.
    """
    if isinstance(payload, list):
        payload = {"headers": list(headers) if headers else None, "rows": payload}
    if not isinstance(payload, dict) or not isinstance(payload.get("rows"), list):
        raise expected('a table {"headers": [...], "rows": [[...], ...]}', payload)
    rows = payload["rows"]
    width = len(rows[0]) if rows and isinstance(rows[0], list) else 0
    names = payload.get("headers") or _numbered(width)
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise expected("headers as a list of strings", payload.get("headers"))
    for index, row in enumerate(rows):
        if not isinstance(row, list) or len(row) != len(names):
            raise ValidationError(f"row {index + 1}: expected a list of {len(names)} cells")
    if rows_type is not None:
        from autoui.components.typecheck import validate_as

        rows = validate_as(rows_type, rows, _cell_place)
    return names, rows


def _cell_place(loc: Sequence[Any]) -> str:
    """pydantic's location in the rows (``(1, 0)``) → ``row 2, column 1``."""
    parts = [f"row {loc[0] + 1}"] if loc and isinstance(loc[0], int) else []
    if len(loc) > 1 and isinstance(loc[1], int):
        parts.append(f"column {loc[1] + 1}")
    return ", ".join(parts)


def _numbered(count: int) -> list[str]:
    return [str(i + 1) for i in range(count)]


def table_payload(value: Any, headers: Sequence[str] | None = None) -> Table:
    """Any table a function returns → ``{"headers", "rows"}`` of JSON cells."""
    if _is_pandas(value):
        return _from_pandas(value)
    if isinstance(value, Mapping):
        if "rows" in value and isinstance(value.get("rows"), list):
            return _from_rows(value["rows"], value.get("headers") or headers)
        return _from_columns(value)
    if hasattr(value, "tolist") and hasattr(value, "ndim"):  # numpy
        rows = value.tolist()
        return _from_rows([[r] for r in rows] if value.ndim == 1 else rows, headers)
    if isinstance(value, Sequence) and not isinstance(value, str | bytes):
        if value and all(isinstance(r, Mapping) for r in value):
            return _from_records(value)
        return _from_rows(list(value), headers)
    raise expected("a table (DataFrame, list of rows, dict of columns, 2-D array)", value)


def _is_pandas(value: Any) -> bool:
    from_pandas = type(value).__module__.partition(".")[0] == "pandas"
    return from_pandas and (hasattr(value, "columns") or hasattr(value, "to_frame"))


def _from_pandas(value: Any) -> Table:
    frame = value.to_frame() if not hasattr(value, "columns") else value
    pandas = require_pandas()
    if not isinstance(frame.index, pandas.RangeIndex):
        frame = frame.reset_index()  # a meaningful index (groupby, dates) is data
    names = [_header(c) for c in frame.columns]
    rows = [[cell(v) for v in row] for row in frame.itertuples(index=False, name=None)]
    return {"headers": names, "rows": rows}


def _header(column: Any) -> str:
    if isinstance(column, tuple):  # a MultiIndex column
        return " / ".join(str(c) for c in column if str(c))
    return str(column)


def _from_rows(rows: list[Any], headers: Sequence[str] | None) -> Table:
    lists = [list(r) if isinstance(r, list | tuple) else [r] for r in rows]
    width = max((len(r) for r in lists), default=len(headers or ()))
    names = list(headers) if headers and len(headers) == width else _numbered(width)
    padded = [[cell(v) for v in r] + [None] * (width - len(r)) for r in lists]
    return {"headers": [str(n) for n in names], "rows": padded}


def _from_columns(columns: Mapping[Any, Any]) -> Table:
    names = [str(k) for k in columns]
    values = [_column(v) for v in columns.values()]
    lengths = {len(v) for v in values}
    if len(lengths) > 1:
        raise ValidationError(f"columns have different lengths: {sorted(lengths)}")
    rows = [[cell(v) for v in row] for row in zip(*values, strict=True)]
    return {"headers": names, "rows": rows}


def _column(values: Any) -> list[Any]:
    if isinstance(values, str | bytes):
        return [values]
    if hasattr(values, "tolist"):
        return list(values.tolist())
    return list(values) if isinstance(values, Sequence | set | frozenset) else [values]


def _from_records(records: Sequence[Mapping[Any, Any]]) -> Table:
    names: dict[str, None] = {}
    for record in records:
        names.update(dict.fromkeys(str(k) for k in record))
    rows = [[cell(_get(r, n)) for n in names] for r in records]
    return {"headers": list(names), "rows": rows}


def _get(record: Mapping[Any, Any], name: str) -> Any:
    if name in record:
        return record[name]
    return next((v for k, v in record.items() if str(k) == name), None)


def cell(value: Any) -> Any:
    """One table cell as a JSON scalar (NaN and NaT → null, dates → ISO strings)."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if hasattr(value, "item") and callable(value.item) and not hasattr(value, "isoformat"):
        value = value.item()  # numpy scalars
        if value is None or isinstance(value, bool | int | str):
            return value
    if isinstance(value, float | Decimal):
        number = float(value)
        return number if math.isfinite(number) else None
    if isinstance(value, dt.date | dt.time):
        return None if str(value) == "NaT" else value.isoformat()
    if type(value).__name__ in ("NaTType", "NAType"):
        return None
    return str(value)
