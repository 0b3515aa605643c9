"""The app's files: the target, the local modules it imports, and its outside imports."""

from __future__ import annotations

from pathlib import Path

from autoui.wasm.appfiles import ThirdPartyImport, collect_app


def test_siblings_are_followed_and_outside_imports_listed(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(
        "import helpers\nfrom tools import shout\n\n"
        "def run(text: str) -> str:\n    return shout(helpers.clean(text))\n"
    )
    helpers = "import json\nimport yaml_lib_x\n\ndef clean(t):\n    return t\n"
    (tmp_path / "helpers.py").write_text(helpers)
    (tmp_path / "tools").mkdir()
    (tmp_path / "tools" / "__init__.py").write_text(
        "try:\n    import fancy_optional\nexcept ImportError:\n    fancy_optional = None\n\n"
        "def shout(t):\n    return t.upper()\n"
    )
    (tmp_path / "unused.py").write_text("x = 1\n")
    import sys

    sys.modules["yaml_lib_x"] = type(sys)("yaml_lib_x")  # importable for the load
    try:
        app = collect_app(f"{tmp_path / 'app.py'}:run")
    finally:
        del sys.modules["yaml_lib_x"]
    assert app.root == tmp_path
    assert [p.as_posix() for p in app.files] == ["app.py", "helpers.py", "tools/__init__.py"]
    assert app.target == "app.py:run"
    assert app.imports == (
        ThirdPartyImport("fancy_optional", "tools/__init__.py", optional=True),
        ThirdPartyImport("yaml_lib_x", "helpers.py", optional=False),
    )


def test_a_module_that_reexports_is_the_one_copied(tmp_path: Path) -> None:
    (tmp_path / "impl.py").write_text("def f(x: int) -> int:\n    return x\n")
    (tmp_path / "front.py").write_text("from impl import f\n\n__all__ = ['f']\n")
    app = collect_app(str(tmp_path / "front.py"))
    assert app.target == "front.py"
    assert [p.name for p in app.files] == ["front.py", "impl.py"]
