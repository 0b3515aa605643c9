"""Targets → callables: ``module:func``, ``path/to/file.py:func``, or a module/file alone.

A target names where the code lives and, optionally, which function to serve::

    samples/hello.py:greet        a file and a function in it
    mypkg.tools:resize            an importable module and a function
    mypkg.tools:Image.resize      a staticmethod or classmethod of a class
    samples/hello.py | mypkg.tools   every public function *defined* there

Like ``python path/to/file.py`` would, loading a file puts the file's folder first on
``sys.path`` (so its sibling imports work); loading a module puts the current folder
there (so ``autoui serve app:fn`` finds ``./app.py`` from the console script too).

Every failure is a :class:`~autoui.errors.LoadError` whose message is one line a user
can act on; an exception raised while importing the user's code keeps that code's own
traceback, trimmed to the user's frames, in ``LoadError.details``.
"""

from __future__ import annotations

import difflib
import importlib
import importlib.util
import inspect
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from autoui.errors import LoadError

__all__ = ["load", "load_module", "public_functions", "split_target"]

_SOURCE_SUFFIXES = (".py", ".pyw")
_loaded_files: dict[Path, str] = {}  # file → the module name it was imported as


def load(target: str) -> list[Callable[..., Any]]:
    """The functions a target names, in definition order.

    Args:
        target: ``module:func``, ``file.py:func``, ``module:Class.method``, or a
            module / file alone (every public function defined there).

    Raises:
        LoadError: one clear line: no such module or file, no such function (with the
            ones that exist and a did-you-mean), not callable, no public functions,
            or an exception inside the user's module (see ``LoadError.details``).
    """
    source, attr = split_target(target)
    module = load_module(source)
    if attr is None:
        return public_functions(module, where=source)
    return [_resolve(module, attr, where=source)]


def split_target(target: str) -> tuple[str, str | None]:
    """``"a/b.py:f"`` → ``("a/b.py", "f")``; ``"a.b"`` → ``("a.b", None)``.

    Only a final ``:name`` or ``:Class.name`` counts as the attribute, so a Windows
    drive (``C:\\app.py``) stays part of the path.
    """
    target = target.strip()
    if not target:
        raise LoadError("empty target: give module:function or path/to/file.py[:function]")
    source, sep, attr = target.rpartition(":")
    if sep and source and _is_dotted_name(attr):
        return source, attr
    if sep and not attr:
        raise LoadError(f"{target!r} ends with ':': name a function after it, or drop the ':'")
    return target, None


def _is_dotted_name(text: str) -> bool:
    return bool(text) and all(part.isidentifier() for part in text.split("."))


def _is_file_target(source: str) -> bool:
    return source.endswith(_SOURCE_SUFFIXES) or "/" in source or os.sep in source


def load_module(source: str) -> ModuleType:
    """Import a module by dotted name, or a ``.py`` file by path."""
    folder = Path(source).expanduser()
    if folder.is_dir() and not (folder / "__init__.py").is_file():
        raise LoadError(_folder_message(source, folder))
    if _is_file_target(source):
        return _load_file(Path(source))
    return _import_module(source)


# -- modules by name ----------------------------------------------------------------------
def _import_module(name: str) -> ModuleType:
    if not _is_dotted_name(name):
        raise LoadError(
            f"{name!r} is neither a module name nor a .py file: "
            "give module:function or path/to/file.py[:function]"
        )
    _put_first_on_path(Path.cwd())
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name is not None and _is_prefix(exc.name, name):
            raise LoadError(_no_module_message(name, exc.name)) from None
        raise _import_failure(name, exc) from None
    except (Exception, SystemExit) as exc:
        raise _import_failure(name, exc) from None


def _is_prefix(missing: str, name: str) -> bool:
    return name == missing or name.startswith(missing + ".")


def _no_module_message(name: str, missing: str) -> str:
    file_hint = Path.cwd() / (name.replace(".", os.sep) + ".py")
    text = f"no module named {missing!r}"
    if missing != name:
        text += f" (needed for {name!r})"
    return f"{text}: looked in {Path.cwd()} (for {file_hint.name}) and on sys.path"


# -- modules by path ----------------------------------------------------------------------
def _load_file(path: Path) -> ModuleType:
    resolved = path.expanduser().resolve()
    _check_file(path, resolved)
    _put_first_on_path(resolved.parent)
    cached = _cached_module_for(resolved)
    if cached is not None:
        return cached
    name = _module_name_for(resolved)
    spec = importlib.util.spec_from_file_location(name, resolved)
    if spec is None or spec.loader is None:  # pragma: no cover - only for odd suffixes
        raise LoadError(f"cannot import {path}: not a Python source file")
    module = importlib.util.module_from_spec(spec)
    # Registered before running, as import does: dataclasses and get_type_hints look
    # the module up in sys.modules while its body runs.
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except (Exception, SystemExit) as exc:
        sys.modules.pop(name, None)
        failure = _import_failure(str(path), exc)
        if isinstance(exc, ImportError) and "relative import" in str(exc):
            failure = LoadError(f"{failure.message}; {_package_hint(resolved)}", failure.details)
        raise failure from None
    _loaded_files[resolved] = name
    return module


def _package_hint(resolved: Path) -> str:
    """How to load a file that uses relative imports: as a module of its package."""
    parts, folder = [resolved.stem], resolved.parent
    while (folder / "__init__.py").is_file():
        parts.insert(0, folder.name)
        folder = folder.parent
    if len(parts) == 1:
        return "relative imports need a package: add an __init__.py to its folder"
    return f"it belongs to a package: from {folder}, use the target {'.'.join(parts)}:function"


def _check_file(path: Path, resolved: Path) -> None:
    if resolved.is_file():
        if not resolved.name.endswith(_SOURCE_SUFFIXES):
            raise LoadError(f"{path} is not a Python file (expected a .py file)")
        return
    if resolved.is_dir():
        raise LoadError(_folder_message(str(path), resolved))
    message = f"no such file: {resolved}"
    folder = resolved.parent
    if folder.is_dir():
        siblings = sorted(p.name for p in folder.glob("*.py"))
        guess = difflib.get_close_matches(resolved.name, siblings, n=1)
        if guess:
            message += f" (did you mean {str(path.parent / guess[0])!r}?)"
    raise LoadError(message)


def _folder_message(source: str, folder: Path) -> str:
    """A folder is not a target: name the files in it that are."""
    shown = source.rstrip("/" + os.sep) or source
    files = sorted(p.name for p in folder.glob("*.py") if not p.name.startswith("_"))
    if not files:
        return f"{shown} is a folder with no .py files: give path/to/file.py[:function]"
    listed = ", ".join(f"{shown}/{name}" for name in files[:12])
    more = f" (and {len(files) - 12} more)" if len(files) > 12 else ""
    return f"{shown} is a folder: give one of its files, e.g. {listed}{more}"


def _cached_module_for(resolved: Path) -> ModuleType | None:
    """The module this file was already imported as (by us, or by its plain name)."""
    for name in (_loaded_files.get(resolved), resolved.stem):
        module = sys.modules.get(name) if name else None
        file = getattr(module, "__file__", None)
        if module is not None and file and Path(file).resolve() == resolved:
            return module
    return None


def _module_name_for(resolved: Path) -> str:
    """The file's stem, unless that name is taken by another module (``json.py``)."""
    name = resolved.stem if resolved.stem.isidentifier() else "_autoui_target"
    taken = name in sys.modules or (
        name not in sys.builtin_module_names and _spec_elsewhere(name, resolved)
    )
    if not taken:
        return name
    index = 1
    while f"_autoui_target_{name}_{index}" in sys.modules:
        index += 1
    return f"_autoui_target_{name}_{index}"


def _spec_elsewhere(name: str, resolved: Path) -> bool:
    """True when ``import name`` would find some *other* file (a stdlib ``json.py``)."""
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return False
    origin = getattr(spec, "origin", None)
    return spec is not None and origin not in (None, str(resolved))


def _put_first_on_path(folder: Path) -> None:
    """First, as ``python file.py`` does: a sibling module wins over a same-named one."""
    entry = str(folder)
    if sys.path[:1] != [entry]:
        if entry in sys.path:
            sys.path.remove(entry)
        sys.path.insert(0, entry)


def _import_failure(where: str, exc: BaseException) -> LoadError:
    if isinstance(exc, SystemExit):
        summary = f"SystemExit({exc.code!r})"
    else:
        summary = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        summary = summary.splitlines()[-1]
    return LoadError(f"importing {where} raised {summary}", details=_user_traceback(exc))


def _user_traceback(exc: BaseException) -> str:
    """The exception's traceback without importlib's and autoui's own frames."""
    tb_exc = traceback.TracebackException.from_exception(exc)
    frames = [frame for frame in tb_exc.stack if not _is_machinery(frame.filename)]
    tb_exc.stack = traceback.StackSummary.from_list(frames)
    return "".join(tb_exc.format()).rstrip()


def _is_machinery(filename: str) -> bool:
    return filename.startswith("<frozen importlib") or filename in (
        __file__,
        importlib.__file__,
        getattr(importlib.util, "__file__", ""),
    )


# -- functions ----------------------------------------------------------------------------
def public_functions(module: ModuleType, *, where: str) -> list[Callable[..., Any]]:
    """Every public function a module defines (or lists in ``__all__``), in order.

    Functions imported from elsewhere and ``_private`` ones are left out: a module
    that does ``from os.path import join`` should not grow a ``join`` tab.
    """
    exported = getattr(module, "__all__", None)
    if exported is not None:
        names = [n for n in exported if is_function_like(getattr(module, n, None))]
    else:
        names = [
            name
            for name, value in vars(module).items()
            if not name.startswith("_")
            and is_function_like(value)
            and getattr(value, "__module__", None) == module.__name__
        ]
    if not names:
        raise LoadError(
            f"no public functions in {where} (names starting with '_' and imported "
            "functions are skipped): define one, or name it as target:function"
        )
    return [getattr(module, name) for name in names]


def is_function_like(value: Any) -> bool:
    """A function, a builtin, or a decorated one (``functools.lru_cache``, numpy's dispatch)."""
    if inspect.isroutine(value):
        return True
    return callable(value) and not inspect.isclass(value) and inspect.isroutine(
        inspect.unwrap(value)
    )


def _resolve(module: ModuleType, attr: str, *, where: str) -> Callable[..., Any]:
    owner: Any = module
    done: list[str] = []
    for part in attr.split("."):
        if not hasattr(owner, part):
            raise LoadError(_missing_message(owner, part, done, where))
        value = getattr(owner, part)
        if inspect.isclass(owner):
            _check_class_member(owner, part, attr)
        owner = value
        done.append(part)
    return _check_callable(owner, attr, where)


def _check_class_member(cls: type, name: str, attr: str) -> None:
    raw = inspect.getattr_static(cls, name)
    if inspect.isfunction(raw):
        raise LoadError(
            f"{attr} is an instance method (it needs self): make it a @staticmethod or "
            "@classmethod, or serve a module-level function"
        )


def _check_callable(value: Any, attr: str, where: str) -> Callable[..., Any]:
    if inspect.isclass(value):
        methods = _callable_names(value)
        hint = f" such as {attr}.{methods[0]}" if methods else ""
        raise LoadError(
            f"{attr} in {where} is a class, not a function: name one of its "
            f"static methods{hint}"
        )
    if not callable(value):
        raise LoadError(
            f"{attr} in {where} is a {type(value).__name__}, not a function"
        )
    return value  # type: ignore[no-any-return]


def _missing_message(owner: Any, part: str, done: list[str], where: str) -> str:
    scope = ".".join(done) if done else where
    names = _callable_names(owner)
    text = f"{scope} has no function {part!r}"
    guess = difflib.get_close_matches(part, names, n=1)
    if guess:
        text += f"; did you mean {guess[0]!r}?"
    if names:
        text += f" (functions there: {', '.join(names)})"
    else:
        text += " (it defines no public functions)"
    return text


def _callable_names(owner: Any) -> list[str]:
    if isinstance(owner, ModuleType):
        return [
            name
            for name, value in vars(owner).items()
            if not name.startswith("_")
            and is_function_like(value)
            and getattr(value, "__module__", None) == owner.__name__
        ]
    return [
        name
        for name, raw in vars(owner).items()
        if not name.startswith("_") and isinstance(raw, staticmethod | classmethod)
    ]
