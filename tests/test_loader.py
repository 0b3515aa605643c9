"""Targets → callables, and every way a target can be wrong."""

from __future__ import annotations

import sys
import textwrap
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from autoui.errors import LoadError
from autoui.loader import load, split_target

FIXTURES = Path(__file__).parent / "fixtures" / "loadme"
TOOLS = FIXTURES / "tools.py"


@pytest.fixture(autouse=True)
def isolated_imports() -> Iterator[None]:
    """Each test sees (and leaves) sys.path and sys.modules as they were."""
    path, modules = list(sys.path), set(sys.modules)
    yield
    sys.path[:] = path
    for name in set(sys.modules) - modules:
        del sys.modules[name]


def write_module(folder: Path, source: str, stem: str | None = None) -> Path:
    """A uniquely named module file, so no test gets another test's cached module."""
    stem = stem or f"mod_{uuid.uuid4().hex[:8]}"
    path = folder / f"{stem}.py"
    path.write_text(textwrap.dedent(source))
    return path


def names(fns: list) -> list[str]:  # type: ignore[type-arg]
    return [fn.__name__ for fn in fns]


# -- targets that work --------------------------------------------------------------------
def test_file_and_function() -> None:
    [greet] = load(f"{TOOLS}:greet")
    assert greet("Ada") == "Hello, Ada!"


def test_whole_file_gives_public_functions_defined_there_in_order() -> None:
    # `join` is imported, `_private` is private, `shout` comes from a sibling: all left out.
    assert names(load(str(TOOLS))) == ["greet", "greet_loudly", "fetch"]


def test_file_folder_goes_on_sys_path_so_sibling_imports_work() -> None:
    sys.path.append(str(FIXTURES))  # already on the path, but last: it must move first
    [loud] = load(f"{TOOLS}:greet_loudly")
    assert loud("Ada") == "HELLO, ADA!"
    assert sys.path[0] == str(FIXTURES)


def test_relative_file_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES.parent)
    [greet] = load("loadme/tools.py:greet")
    assert greet("x") == "Hello, x!"


def test_dunder_all_decides_what_is_public() -> None:
    assert names(load(str(FIXTURES / "exported.py"))) == ["shout", "square"]


def test_staticmethod_and_classmethod_targets() -> None:
    [double] = load(f"{TOOLS}:Maths.double")
    [triple] = load(f"{TOOLS}:Maths.triple")
    assert (double(2), triple(2)) == (4, 6)


def test_module_target_found_from_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_module(tmp_path, "def add(a: int, b: int) -> int:\n    return a + b\n")
    monkeypatch.chdir(tmp_path)
    [add] = load(f"{path.stem}:add")
    assert add(2, 3) == 5
    assert names(load(path.stem)) == ["add"]


def test_dotted_package_module_target(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / f"pkg_{uuid.uuid4().hex[:8]}"
    package.mkdir()
    (package / "__init__.py").write_text("")
    write_module(package, "def hi() -> str:\n    return 'hi'\n", stem="tools")
    monkeypatch.chdir(tmp_path)
    [hi] = load(f"{package.name}.tools:hi")
    assert hi() == "hi"


def test_same_file_twice_is_the_same_module() -> None:
    first = load(f"{TOOLS}:greet")[0]
    second = load(f"{TOOLS}:greet")[0]
    assert first is second


def test_file_named_like_a_stdlib_module_does_not_shadow_it(tmp_path: Path) -> None:
    path = write_module(tmp_path, "def dumps(x: str) -> str:\n    return 'mine'\n", stem="json")
    [dumps] = load(f"{path}:dumps")
    assert dumps("x") == "mine"
    import json

    assert json.dumps("x") == '"x"'


def test_dataclass_in_a_future_annotations_file_works(tmp_path: Path) -> None:
    # dataclasses look the module up in sys.modules while its body runs.
    path = write_module(
        tmp_path,
        """
        from __future__ import annotations
        from dataclasses import dataclass

        @dataclass
        class Order:
            qty: int

        def place(order: Order) -> int:
            return order.qty
        """,
    )
    [place] = load(f"{path}:place")
    assert place.__module__ in sys.modules


def test_split_target_keeps_a_windows_drive() -> None:
    assert split_target(r"C:\apps\hello.py") == (r"C:\apps\hello.py", None)
    assert split_target("a/b.py:C.f") == ("a/b.py", "C.f")
    assert split_target("pkg.mod") == ("pkg.mod", None)


# -- every way a target can be wrong ------------------------------------------------------
def one_line(err: LoadError) -> str:
    text = str(err)
    assert "\n" not in text and "Traceback" not in text
    return text


def test_missing_file_names_the_path_and_a_close_match() -> None:
    with pytest.raises(LoadError) as info:
        load(f"{FIXTURES}/tols.py:greet")
    text = one_line(info.value)
    assert f"no such file: {FIXTURES / 'tols.py'}" in text
    assert "did you mean" in text and "tools.py" in text


def test_missing_module_says_where_it_looked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(LoadError) as info:
        load("no_such_module_here:fn")
    text = one_line(info.value)
    assert "no module named 'no_such_module_here'" in text
    assert str(tmp_path) in text


def test_missing_function_lists_functions_and_suggests_one() -> None:
    with pytest.raises(LoadError) as info:
        load(f"{TOOLS}:gret")
    text = one_line(info.value)
    assert "has no function 'gret'" in text
    assert "did you mean 'greet'?" in text
    assert "greet, greet_loudly, fetch" in text


def test_missing_static_method_lists_the_class_methods() -> None:
    with pytest.raises(LoadError) as info:
        load(f"{TOOLS}:Maths.dobule")
    text = one_line(info.value)
    assert "Maths has no function 'dobule'; did you mean 'double'?" in text


def test_not_callable() -> None:
    with pytest.raises(LoadError) as info:
        load(f"{TOOLS}:LIMIT")
    assert "LIMIT" in one_line(info.value) and "is a int, not a function" in str(info.value)


def test_class_is_not_a_function() -> None:
    with pytest.raises(LoadError) as info:
        load(f"{TOOLS}:Maths")
    assert "is a class" in one_line(info.value) and "Maths.double" in str(info.value)


def test_instance_method_is_refused_with_the_fix() -> None:
    with pytest.raises(LoadError) as info:
        load(f"{TOOLS}:Maths.needs_self")
    assert "@staticmethod" in one_line(info.value)


def test_no_public_functions(tmp_path: Path) -> None:
    path = write_module(tmp_path, "from os.path import join\n\ndef _hidden():\n    pass\n")
    with pytest.raises(LoadError) as info:
        load(str(path))
    assert "no public functions" in one_line(info.value)


def test_folder_and_non_python_file(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="is a folder"):
        load(f"{tmp_path}/")
    data = tmp_path / "notes.txt"
    data.write_text("hi")
    with pytest.raises(LoadError, match="not a Python file"):
        load(str(data))


def test_a_folder_lists_its_files_with_or_without_a_trailing_slash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "apps"
    folder.mkdir()
    for name in ("b.py", "a.py", "_private.py", "notes.txt"):
        (folder / name).write_text("")
    monkeypatch.chdir(tmp_path)
    for target in ("apps", "apps/", str(folder)):
        with pytest.raises(LoadError) as info:
            load(target)
        shown = target.rstrip("/")
        assert one_line(info.value) == (
            f"{shown} is a folder: give one of its files, e.g. {shown}/a.py, {shown}/b.py"
        )


def test_decorated_and_builtin_functions_listed_in_all_are_served(tmp_path: Path) -> None:
    path = write_module(
        tmp_path,
        "import functools\nfrom math import sqrt\n__all__ = ['cached', 'sqrt']\n"
        "@functools.lru_cache\ndef cached(x: int) -> int:\n    return x\n",
    )
    assert [getattr(fn, "__name__", "") for fn in load(str(path))] == ["cached", "sqrt"]


def test_nonsense_target() -> None:
    with pytest.raises(LoadError, match="neither a module name nor a .py file"):
        load("not a target!")
    with pytest.raises(LoadError, match="ends with ':'"):
        load("tools.py:")


def test_exception_in_user_module_keeps_only_user_frames() -> None:
    with pytest.raises(LoadError) as info:
        load(f"{FIXTURES}/broken.py:never")
    text = one_line(info.value)
    assert "broken.py raised KeyError: 'size'" in text
    details = info.value.details or ""
    assert details.startswith("Traceback (most recent call last):")
    assert "broken.py" in details and "_read_settings" in details
    assert 'settings["size"]' in details
    assert "importlib" not in details and "loader.py" not in details
    assert "broken" not in {m.split(".")[-1] for m in sys.modules}


def test_syntax_error_in_user_module(tmp_path: Path) -> None:
    path = write_module(tmp_path, "def f(:\n    pass\n")
    with pytest.raises(LoadError) as info:
        load(str(path))
    assert "SyntaxError" in one_line(info.value)
    assert f"{path.name}\", line 1" in (info.value.details or "")


def test_missing_dependency_of_user_module_is_not_called_missing_module(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_module(tmp_path, "import no_such_dependency_xyz\n\ndef f() -> None:\n    pass\n")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(LoadError) as info:
        load(f"{path.stem}:f")
    text = one_line(info.value)
    assert f"importing {path.stem} raised ModuleNotFoundError" in text
    assert "no_such_dependency_xyz" in text


def test_sys_exit_at_import_is_reported_not_obeyed(tmp_path: Path) -> None:
    path = write_module(tmp_path, "import sys\nsys.exit(3)\n")
    with pytest.raises(LoadError, match=r"raised SystemExit\(3\)"):
        load(str(path))


def test_relative_import_in_a_package_file_suggests_the_module_form(tmp_path: Path) -> None:
    package = tmp_path / f"pkg_{uuid.uuid4().hex[:8]}"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "helpers.py").write_text("def twice(x: int) -> int:\n    return 2 * x\n")
    path = write_module(package, "from .helpers import twice\n", stem="app")
    with pytest.raises(LoadError) as info:
        load(str(path))
    text = one_line(info.value)
    assert "attempted relative import" in text
    assert f"from {tmp_path}, use the target {package.name}.app:function" in text
