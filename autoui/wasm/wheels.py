"""The wheels a bundle installs in the browser: autoui's own, and third-party ones.

autoui goes in as a wheel built here from the installed package's Python files (no
build tool, no network). Third-party pure-Python distributions are pinned to the
version installed on the exporting machine (``name==version``) and fetched from PyPI
for the runtime's platform with ``pip download`` (``--platform`` the runtime's wasm tag
*and* ``any``, ``--only-binary=:all:``), which also brings their dependencies. Pinning
matters: an unpinned resolve for an old platform tag once picked a placeholder
``pydantic_core-0.0.1``. Anything pip cannot resolve is named in a
:class:`WheelError`, with pip's own reason.
"""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from autoui.wasm.runtime import PLATFORM_TAG, PYTHON_VERSION

__all__ = ["AUTOUI_BROWSER_DEPS", "WheelError", "build_autoui_wheel", "download_wheels", "pin"]

# What autoui's in-browser subset (introspection, components, pipeline, runner) imports
# beyond the standard library; tests/wasm/test_wheels.py checks it against a real import.
AUTOUI_BROWSER_DEPS = ("docstring-parser", "annotated-types", "typing-extensions")

_AUTOUI_ROOT = Path(__file__).resolve().parents[1]
# Parts of autoui the browser never imports: the server, the CLI, the clients, the
# terminal, the web UI's own files (the page has them) and the export machinery.
_LEFT_OUT = ("server", "cli", "client", "terminal", "web")
_PIP_TIMEOUT = 300.0


class WheelError(Exception):
    """A dependency cannot be had for the browser; the message names it and why.

    ``failed`` lists the requirements pip could not resolve on their own (empty when
    the failure is not about one requirement).
    """

    def __init__(self, message: str, failed: tuple[Requirement, ...] = ()) -> None:
        super().__init__(message)
        self.failed = failed


@dataclass(frozen=True)
class Requirement:
    """A distribution pinned to the installed version, and who needs it."""

    name: str
    version: str
    needed_by: str

    @property
    def pinned(self) -> str:
        return f"{self.name}=={self.version}"


def pin(name: str, needed_by: str) -> Requirement:
    """``name`` at the version installed here.

    Raises:
        WheelError: it is not installed, so no version can be pinned.
    """
    try:
        version = importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        raise WheelError(
            f"{needed_by} imports {name}, which is not installed here: install it "
            "(its installed version is the one the bundle pins)"
        ) from None
    return Requirement(name, version, needed_by)


def build_autoui_wheel(target_dir: Path) -> Path:
    """A ``py3-none-any`` wheel of autoui's Python modules, for the browser."""
    from autoui import __version__

    target_dir.mkdir(parents=True, exist_ok=True)
    wheel = target_dir / f"autoui-{__version__}-py3-none-any.whl"
    info = f"autoui-{__version__}.dist-info"
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(_AUTOUI_ROOT.rglob("*")):
            relative = path.relative_to(_AUTOUI_ROOT)
            if _in_browser_wheel(relative):
                archive.write(path, f"autoui/{relative.as_posix()}")
        metadata = f"Metadata-Version: 2.1\nName: autoui\nVersion: {__version__}\n"
        archive.writestr(f"{info}/METADATA", metadata)
        archive.writestr(
            f"{info}/WHEEL",
            "Wheel-Version: 1.0\nGenerator: autoui export --wasm\nRoot-Is-Purelib: true\n"
            "Tag: py3-none-any\n",
        )
        archive.writestr(f"{info}/RECORD", "")
    return wheel


def _in_browser_wheel(relative: Path) -> bool:
    if relative.parts[0] in _LEFT_OUT or "__pycache__" in relative.parts:
        return False
    return relative.suffix in (".py", ".typed") or relative.name == "py.typed"


def download_wheels(requirements: list[Requirement], target_dir: Path) -> list[Path]:
    """Fetch wasm-compatible wheels of ``requirements`` (and their dependencies).

    Raises:
        WheelError: naming each requirement pip could not resolve, with pip's reason.
    """
    target_dir.mkdir(parents=True, exist_ok=True)
    if not requirements:
        return []
    result = _pip_download([r.pinned for r in requirements], target_dir)
    if result.returncode != 0:
        failed = _failures(requirements, target_dir)
        raise WheelError(_failure_message(requirements, failed), tuple(r for r, _ in failed))
    return sorted(target_dir.glob("*.whl"))


def _pip_download(pinned: list[str], target_dir: Path) -> subprocess.CompletedProcess[str]:
    command = [
        sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
        "--platform", PLATFORM_TAG, "--platform", "any", "--python-version", PYTHON_VERSION,
        "--only-binary=:all:", "--dest", str(target_dir), *pinned,
    ]  # fmt: skip
    try:
        return subprocess.run(
            command, capture_output=True, text=True, timeout=_PIP_TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired:
        message = f"pip download took over {_PIP_TIMEOUT:.0f} s: is PyPI reachable?"
        raise WheelError(message) from None


def _failures(
    requirements: list[Requirement], target_dir: Path
) -> list[tuple[Requirement, str]]:
    """Which requirements fail on their own, each with pip's last word on it."""
    failed = []
    for requirement in requirements:
        result = _pip_download([requirement.pinned], target_dir)
        if result.returncode != 0:
            failed.append((requirement, _pip_reason(result.stderr)))
    return failed


def _failure_message(
    requirements: list[Requirement], failed: list[tuple[Requirement, str]]
) -> str:
    if not failed:  # each works alone: they conflict together
        names = ", ".join(r.pinned for r in requirements)
        return f"no wasm-compatible set of wheels satisfies {names} together"
    lines = [f"{r.pinned} (needed by {r.needed_by}): {reason}" for r, reason in failed]
    return (
        "cannot get wasm-compatible wheels (pure Python, or built for "
        f"{PLATFORM_TAG}) for: " + "; ".join(lines)
    )


def _pip_reason(stderr: str) -> str:
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("ERROR:")]
    return (errors[-1] if errors else lines[-1] if lines else "pip failed").removeprefix("ERROR: ")
