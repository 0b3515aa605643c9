"""The README's Gradio section: its Python snippet runs against the sample it names."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest.importorskip("gradio_client")
ROOT = Path(__file__).resolve().parents[3]


def test_the_python_snippet_streams_the_count(
    apps: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## The official Gradio clients, unchanged", 1)[1].split("\n## ", 1)[0]
    code = section.split("```python", 1)[1].split("```", 1)[0]
    assert re.search(r"# autoui serve samples/counter\.py", code)
    code = code.replace("http://127.0.0.1:7860", apps["counter"])
    exec(compile(code, "README.md", "exec"), {})  # noqa: S102 - the snippet under test
    printed = [line for line in capsys.readouterr().out.splitlines() if line[:1].isdigit()]
    assert printed == ["1", "1 2", "1 2 3", "1 2 3 4", "1 2 3 4 5"]
