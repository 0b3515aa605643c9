"""The app's own files for the browser: the target's module and the modules it imports.

A target file (``app.py:fn``) goes in with the sibling modules and packages it imports
from its folder (followed through their own imports); a module inside a package goes in
with its whole top-level package. Every ``import`` in those files that is neither the
standard library, autoui, nor one of them is a third-party import the bundle must
provide (:mod:`autoui.wasm.wheels`); one inside ``try: ... except ImportError`` is
optional.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from autoui.loader import load_module, split_target

__all__ = ["AppFiles", "ThirdPartyImport", "collect_app"]

_IMPORT_ERRORS = {"ImportError", "ModuleNotFoundError", "Exception", "BaseException"}


@dataclass(frozen=True)
class ThirdPartyImport:
    """A top-level import name from outside the app, the file using it, and if optional."""

    name: str
    file: str
    optional: bool


@dataclass(frozen=True)
class AppFiles:
    """What goes into the bundle's ``app/`` folder and how the browser loads it.

    ``root`` is the folder ``files`` (relative paths) are copied from; the browser puts
    their copy first on ``sys.path`` and loads ``target`` from there.
    """

    root: Path
    files: tuple[Path, ...]
    target: str
    imports: tuple[ThirdPartyImport, ...] = field(default=())


def collect_app(target: str) -> AppFiles:
    """The files of the module ``target`` names, and of the local modules it imports."""
    source, attr = split_target(target)
    module = load_module(source)  # the module the target names (it may re-export others')
    file = Path(getattr(module, "__file__", "") or "")
    if not file.is_file():
        raise ValueError(f"{target}: its functions do not come from a Python file")
    file = file.resolve()
    suffix = f":{attr}" if attr else ""
    package = _top_package(file)
    if package is not None and module.__name__.count("."):
        root = package.parent
        files = _package_files(package, root)
        browser_target = module.__name__ + suffix
    else:
        root = file.parent
        files = [file.relative_to(root)]
        browser_target = file.name + suffix
    files = _with_siblings(root, files)
    imports = _third_party(root, files)
    return AppFiles(root=root, files=tuple(files), target=browser_target, imports=imports)


def _top_package(file: Path) -> Path | None:
    folder, top = file.parent, None
    while (folder / "__init__.py").is_file():
        top, folder = folder, folder.parent
    return top


def _package_files(package: Path, root: Path) -> list[Path]:
    found = package.rglob("*.py")
    return sorted(p.relative_to(root) for p in found if "__pycache__" not in p.parts)


def _with_siblings(root: Path, files: list[Path]) -> list[Path]:
    """``files`` and every module or package of ``root`` they import, transitively."""
    todo, seen = list(files), list(files)
    while todo:
        for name, _, _ in _imports_of(root / todo.pop()):
            for found in _local_module(root, name):
                if found not in seen:
                    seen.append(found)
                    todo.append(found)
    return sorted(seen)


def _local_module(root: Path, name: str) -> list[Path]:
    if (root / f"{name}.py").is_file():
        return [Path(f"{name}.py")]
    if (root / name / "__init__.py").is_file():
        return _package_files(root / name, root)
    return []


def _third_party(root: Path, files: list[Path]) -> tuple[ThirdPartyImport, ...]:
    local = {f.parts[0].removesuffix(".py") for f in files}
    found: dict[str, ThirdPartyImport] = {}
    for relative in files:
        for name, optional, _ in _imports_of(root / relative):
            if name in local or name in sys.stdlib_module_names or name in ("autoui", "__future__"):
                continue
            known = found.get(name)
            if known is None or (known.optional and not optional):
                found[name] = ThirdPartyImport(name, relative.as_posix(), optional)
    return tuple(found[name] for name in sorted(found))


def _imports_of(path: Path) -> Iterator[tuple[str, bool, int]]:
    """(top-level name, inside a try that catches ImportError, line) of absolute imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    yield from _walk(tree, optional=False)


def _walk(node: ast.AST, optional: bool) -> Iterator[tuple[str, bool, int]]:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.Import):
            for alias in child.names:
                yield alias.name.split(".")[0], optional, child.lineno
        elif isinstance(child, ast.ImportFrom):
            if child.level == 0 and child.module:
                yield child.module.split(".")[0], optional, child.lineno
        elif isinstance(child, ast.Try):
            guarded = optional or _catches_import_error(child)
            for statement in child.body:
                yield from _walk_statement(statement, guarded)
            for part in (*child.handlers, *child.orelse, *child.finalbody):
                yield from _walk_statement(part, optional)
        else:
            yield from _walk(child, optional)


def _walk_statement(statement: ast.AST, optional: bool) -> Iterator[tuple[str, bool, int]]:
    wrapper = ast.Module(body=[statement], type_ignores=[])  # type: ignore[list-item]
    yield from _walk(wrapper, optional)


def _catches_import_error(node: ast.Try) -> bool:
    for handler in node.handlers:
        kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
        if handler.type is None or any(
            isinstance(kind, ast.Name) and kind.id in _IMPORT_ERRORS for kind in kinds
        ):
            return True
    return False
