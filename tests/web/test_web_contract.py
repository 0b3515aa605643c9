"""The page reads what a kind is from the spec (traits, the ``integer`` prop), never a list."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

APPS = Path(__file__).resolve().parent / "apps"


@pytest.fixture(scope="module")
def servers(launch: Any) -> Any:
    return launch.many(
        {"media": (APPS / "media_app.py",), "contract": (APPS / "contract_app.py",)}
    )


def _python_snippet(page: Any, fn: str) -> str:
    panel = page.locator(f"[data-fn='{fn}']")
    panel.get_by_text("Use via API").click()
    code = panel.locator("code[data-snippet='python']")
    code.wait_for()
    return str(code.text_content())


def test_api_panel_passes_paths_for_file_inputs(open_app: Any, servers: Any) -> None:
    page = open_app(servers["media"], "#measure")
    assert 'image=Path("example.png")' in _python_snippet(page, "measure")
    page = open_app(servers["media"], "#checksum")
    assert 'document=Path("example.txt")' in _python_snippet(page, "checksum")


def test_whole_numbers_come_from_the_integer_prop(open_app: Any, servers: Any) -> None:
    page = open_app(servers["contract"])
    # ``Count`` subclasses int: its annotation text says nothing, the component does.
    assert page.get_by_label("Count").get_attribute("inputmode") == "numeric"
    assert page.get_by_label("Share").get_attribute("inputmode") == "decimal"
