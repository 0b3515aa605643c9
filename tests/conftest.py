"""What every test folder shares: ``tests/serving.py`` importable as ``serving``, and fixtures.

pytest (``prepend`` import mode, no ``tests/__init__.py``) puts the folder of each
``conftest.py`` on ``sys.path``, as it does for ``server_harness`` in ``tests/server``.

Fixtures: ``files`` (a real :class:`~autoui.localfiles.LocalFiles` in the test's folder),
``marker_dir`` (a folder a module's server functions leave markers in), ``chromium``
(headless Chromium for one module, as :mod:`serving` launches it).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from serving import headless_chromium

from autoui.localfiles import LocalFiles


@pytest.fixture
def files(tmp_path: Path) -> LocalFiles:
    """The FileContext of the terminal: outputs under ``<tmp_path>/out``."""
    return LocalFiles(tmp_path / "out")


@pytest.fixture(scope="module")
def marker_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder the functions of a module's server write markers in (``AUTOUI_TEST_MARKERS``)."""
    return tmp_path_factory.mktemp("markers")


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """Headless Chromium for one module: Playwright's sync API keeps an event loop marked
    running on this thread while it is open, which would break asyncio in later tests."""
    with headless_chromium() as browser:
        yield browser
