"""Docstrings (Google, NumPy or reST, detected automatically) → a plain record.

A function's docstring already says what the app should say: its description, what
each parameter means (→ the input's help text), what it returns (→ output labels) and
how to call it (an ``Examples:`` section → clickable examples). Parsing is delegated to
docstring-parser; this module only cuts out the examples section first (docstring-parser
folds it into the previous section for reST) and reads the example rows itself.

Two example forms are understood, in any style::

    Examples:
        >>> greet("Ada", excited=True)
        'Hello, Ada!'
        - name=Grace, excited=False

A doctest call is parsed with :mod:`ast` and bound to the signature; a ``- k=v, ...``
row takes Python literals, and a bare word (``Grace``) as a string.
"""

from __future__ import annotations

import ast
import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import docstring_parser

__all__ = ["DocInfo", "ReturnDoc", "parse_docstring", "parse_examples"]


@dataclass(frozen=True)
class ReturnDoc:
    """One entry of a Returns / Yields section.

    Attributes:
        name: the entry's name when the docstring gives one (NumPy ``name : type``,
            Google ``name: text`` lines when there are several), else None.
        description: the entry's text.
    """

    name: str | None
    description: str


@dataclass(frozen=True)
class DocInfo:
    """What a docstring says, as plain data.

    Attributes:
        description: short + long description (markdown), without the examples.
        params: parameter name → help text.
        returns: the Returns (or Yields) entries, in order.
        examples: the raw text of the examples section, or "" when there is none.
    """

    description: str = ""
    params: dict[str, str] = field(default_factory=dict)
    returns: tuple[ReturnDoc, ...] = ()
    examples: str = ""


def parse_docstring(doc: str | None) -> DocInfo:
    """Parse a docstring in any of the three styles; an empty one gives an empty record."""
    if not doc or not doc.strip():
        return DocInfo()
    text, examples = split_examples(inspect.cleandoc(doc))
    parsed = docstring_parser.parse(text)
    parts = [p for p in (parsed.short_description, parsed.long_description) if p]
    params = {
        p.arg_name: _one_paragraph(p.description)
        for p in parsed.params
        if p.description and p.args[0] == "param"
    }
    return DocInfo(
        description="\n\n".join(parts).strip(),
        params=params,
        returns=_returns(parsed),
        examples=examples,
    )


def _one_paragraph(text: str) -> str:
    return " ".join(line.strip() for line in text.splitlines() if line.strip())


# -- examples section ---------------------------------------------------------------------
_GOOGLE_HEADER = re.compile(r"^(Examples?|:Examples?:|\.\. rubric:: Examples?)(:|::)?\s*$")
_NUMPY_UNDERLINE = re.compile(r"^-{3,}\s*$")


def split_examples(text: str) -> tuple[str, str]:
    """Cut the examples section out of a cleaned docstring: ``(rest, examples)``."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        numpy = (
            line.strip() in ("Examples", "Example")
            and i + 1 < len(lines)
            and _NUMPY_UNDERLINE.match(lines[i + 1]) is not None
        )
        if numpy:
            end = _numpy_section_end(lines, i + 2)
            body = lines[i + 2 : end]
        elif _GOOGLE_HEADER.match(line):
            end = _indented_block_end(lines, i + 1)
            body = lines[i + 1 : end]
        else:
            continue
        rest = "\n".join(lines[:i] + lines[end:]).strip()
        return rest, inspect.cleandoc("\n".join(body))
    return text, ""


def _numpy_section_end(lines: list[str], start: int) -> int:
    for j in range(start, len(lines) - 1):
        if lines[j].strip() and _NUMPY_UNDERLINE.match(lines[j + 1]):
            return j
    return len(lines)


def _indented_block_end(lines: list[str], start: int) -> int:
    for j in range(start, len(lines)):
        if lines[j].strip() and not lines[j][:1].isspace():
            return j
    return len(lines)


# -- returns ------------------------------------------------------------------------------
_NAMED_LINE = re.compile(r"^\s*([A-Za-z_]\w*)\s*(?:\([^)]*\))?\s*:\s*(.*)$")


def _returns(parsed: docstring_parser.Docstring) -> tuple[ReturnDoc, ...]:
    entries: list[ReturnDoc] = []
    for ret in parsed.many_returns:
        description = (ret.description or "").strip()
        if ret.return_name:
            entries.append(ReturnDoc(ret.return_name, _one_paragraph(description)))
        elif parsed.style is docstring_parser.DocstringStyle.GOOGLE and ret.type_name:
            entries.extend(_google_entries(ret.type_name, description))
        elif description:
            entries.append(ReturnDoc(None, _one_paragraph(description)))
    return tuple(entries)


def _google_entries(first_name: str, description: str) -> list[ReturnDoc]:
    """Split a Google Returns block written as one ``name: text`` line per output.

    docstring-parser reads the first ``name:`` as a type, so ``int: the count`` and
    ``label: the label`` look alike: a single entry keeps no name (it is most likely
    a type), several entries keep theirs.
    """
    lines = description.splitlines() or [""]
    entries = [[first_name, lines[0].strip()]]
    for line in lines[1:]:
        match = _NAMED_LINE.match(line)
        if match:
            entries.append([match.group(1), match.group(2).strip()])
        elif line.strip():
            entries[-1][1] = f"{entries[-1][1]} {line.strip()}".strip()
    if len(entries) == 1:
        return [ReturnDoc(None, entries[0][1])]
    return [ReturnDoc(name, text) for name, text in entries]


# -- example rows -------------------------------------------------------------------------
@dataclass(frozen=True)
class ParsedExamples:
    """Example rows as Python values, and why any row was skipped."""

    rows: tuple[dict[str, Any], ...] = ()
    skipped: tuple[str, ...] = ()


def parse_examples(
    text: str, fn: Callable[..., Any], *, name: str | None = None
) -> ParsedExamples:
    """Read doctest calls of ``fn`` and ``- k=v`` rows into ``{param: value}`` dicts.

    Doctest lines that are not a call of ``fn`` (imports, helper calls, expected
    output) are ignored; a call whose arguments are not literals is skipped with a
    reason, so ``inspect`` can say which example was dropped.

    Args:
        text: the examples section.
        fn: the function the calls are bound to (its signature).
        name: the name doctest calls use; defaults to ``fn.__name__``.
    """
    fn_name = name or str(getattr(fn, "__name__", ""))
    try:
        signature: inspect.Signature | None = inspect.signature(fn)
    except (TypeError, ValueError):
        signature = None
    rows: list[dict[str, Any]] = []
    skipped: list[str] = []
    for kind, source in _example_sources(text):
        try:
            if kind == "call":
                row = _parse_call(source, fn_name, signature)
            else:
                row = _parse_row(source)
        except ValueError as exc:
            skipped.append(f"{source.strip()!r}: {exc}")
            continue
        if row is not None:
            rows.append(row)
    return ParsedExamples(tuple(rows), tuple(skipped))


def _example_sources(text: str) -> list[tuple[str, str]]:
    sources: list[tuple[str, str]] = []
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith(">>>"):
            sources.append(("call", line[3:].strip()))
        elif line.startswith("...") and sources and sources[-1][0] == "call":
            sources[-1] = ("call", sources[-1][1] + " " + line[3:].strip())
        elif line[:2] in ("- ", "* ") and "=" in line:
            sources.append(("row", line[2:].strip()))
    return sources


def _parse_call(
    source: str, fn_name: str, signature: inspect.Signature | None
) -> dict[str, Any] | None:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None  # a continuation-less multi-line statement, prose: not an example
    call = _call_of(tree, fn_name)
    if call is None:
        return None
    args = [_literal(arg) for arg in call.args]
    kwargs = {kw.arg: _literal(kw.value) for kw in call.keywords if kw.arg is not None}
    if signature is None:
        if args:
            raise ValueError("positional arguments need a signature to bind to")
        return kwargs
    try:
        bound = signature.bind_partial(*args, **kwargs)
    except TypeError as exc:
        raise ValueError(f"does not match the signature ({exc})") from None
    return dict(bound.arguments)


def _call_of(tree: ast.Module, fn_name: str) -> ast.Call | None:
    if len(tree.body) != 1:
        return None
    stmt = tree.body[0]
    value = stmt.value if isinstance(stmt, ast.Expr | ast.Assign) else None
    if not isinstance(value, ast.Call):
        return None
    func = value.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    if name != fn_name:
        return None
    if any(isinstance(arg, ast.Starred) for arg in value.args) or any(
        kw.arg is None for kw in value.keywords
    ):
        raise ValueError("*args / **kwargs cannot be read as an example")
    return value


def _literal(node: ast.expr) -> Any:
    try:
        return ast.literal_eval(node)
    except ValueError:
        raise ValueError(f"{ast.unparse(node)} is not a literal value") from None


def _parse_row(source: str) -> dict[str, Any]:
    """``name=Ada, excited=True`` → ``{"name": "Ada", "excited": True}``."""
    as_call = _row_as_call(source)
    if as_call is not None:
        return as_call
    row: dict[str, Any] = {}
    for key, value in _split_pairs(source):
        if not key.isidentifier():
            raise ValueError(f"{key!r} is not a parameter name")
        row[key] = _row_value(value)
    return row


def _row_as_call(source: str) -> dict[str, Any] | None:
    """Read the row as call keywords, so quoted values may hold ``, x=``."""
    try:
        call = ast.parse(f"_({source})", mode="eval").body
    except SyntaxError:
        return None
    if not isinstance(call, ast.Call) or call.args or any(k.arg is None for k in call.keywords):
        return None
    row: dict[str, Any] = {}
    for kw in call.keywords:
        if isinstance(kw.value, ast.Name):
            row[str(kw.arg)] = kw.value.id  # a bare word is a string
            continue
        try:
            row[str(kw.arg)] = ast.literal_eval(kw.value)
        except ValueError:
            return None
    return row


_PAIR_START = re.compile(r"(?:^|,)\s*([A-Za-z_]\w*)\s*=(?!=)")


def _split_pairs(source: str) -> list[tuple[str, str]]:
    """Split at ``, name=`` boundaries, so values may hold commas (``t=(1, 2)``)."""
    matches = list(_PAIR_START.finditer(source))
    if not matches or matches[0].start() != 0:
        raise ValueError("expected name=value pairs separated by commas")
    pairs = []
    for here, after in zip(matches, [*matches[1:], None], strict=True):
        end = after.start() if after is not None else len(source)
        pairs.append((here.group(1), source[here.end() : end].strip()))
    return pairs


def _row_value(text: str) -> Any:
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text.strip("\"'")  # a bare word: the row's way of writing a string
