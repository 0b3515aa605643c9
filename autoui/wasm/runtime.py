"""The pinned Pyodide runtime: where the page loads it from, and vendoring it.

By default a bundle references the official distribution of :data:`PYODIDE_VERSION`
(:data:`CDN_URL`): the bundle stays small and numpy, Pillow, pandas... come from that
distribution's package index at run time. ``--vendor-runtime DIR`` copies the files that
boot the runtime from ``DIR`` (the ``package/`` folder of ``npm pack pyodide@VERSION``,
or a full Pyodide release) into the bundle, with the wheels of the runtime packages the
app needs when ``DIR`` has them.

:class:`PackageIndex` answers "does the runtime's own index provide this import, and
what does it depend on?" from the version's ``pyodide-lock.json`` (the vendored one, or
the summary shipped beside this module, written by :func:`write_index_summary`).
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "BOOT_FILES",
    "CDN_URL",
    "PLATFORM_TAG",
    "PYODIDE_VERSION",
    "PYTHON_VERSION",
    "PackageIndex",
    "RuntimeDirError",
    "VendoredRuntime",
    "check_runtime_dir",
    "normal_name",
    "vendor_runtime",
    "write_index_summary",
]

PYODIDE_VERSION = "314.0.7"
PYTHON_VERSION = "3.14"
PLATFORM_TAG = "pyemscripten_2026_0_wasm32"
CDN_URL = f"https://cdn.jsdelivr.net/pyodide/v{PYODIDE_VERSION}/full/"
BOOT_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)
SUMMARY = Path(__file__).with_name(f"pyodide-{PYODIDE_VERSION}-index.json")


class RuntimeDirError(ValueError):
    """The runtime folder cannot be used; the message says what is missing."""


def normal_name(name: str) -> str:
    """A distribution's name as indexes compare them (``Pydantic_Core`` → ``pydantic-core``)."""
    return name.lower().replace("_", "-").replace(".", "-")


@dataclass(frozen=True)
class IndexPackage:
    """One package of the runtime's index: its import names, dependencies, wheel."""

    name: str
    version: str
    imports: tuple[str, ...]
    depends: tuple[str, ...]
    file_name: str

    @property
    def pure(self) -> bool:
        """A ``py3-none-any`` wheel: PyPI has the same thing, at the user's own version."""
        return self.file_name.endswith("-none-any.whl")


class PackageIndex:
    """The packages the pinned runtime's index provides (from its lock file)."""

    def __init__(self, packages: dict[str, IndexPackage], boot_bytes: int = 0) -> None:
        self.packages = packages
        self.boot_bytes = boot_bytes  # what the page downloads to boot the runtime
        self._by_import = {imp: pkg for pkg in packages.values() for imp in pkg.imports}

    @classmethod
    def from_lock(cls, lock: dict[str, Any], boot_bytes: int = 0) -> PackageIndex:
        packages = {
            normal_name(name): IndexPackage(
                name=normal_name(name),
                version=str(entry.get("version", "")),
                imports=tuple(entry.get("imports", ())),
                depends=tuple(normal_name(dep) for dep in entry.get("depends", ())),
                file_name=str(entry.get("file_name", "")),
            )
            for name, entry in lock.get("packages", {}).items()
        }
        return cls(packages, boot_bytes or sum(lock.get("boot_sizes", {}).values()))

    @classmethod
    def load(cls, runtime_dir: Path | None = None) -> PackageIndex:
        """The vendored runtime's index, else the summary shipped with autoui."""
        if runtime_dir is not None:
            lock = json.loads((runtime_dir / "pyodide-lock.json").read_text(encoding="utf-8"))
            sizes = sum((runtime_dir / name).stat().st_size for name in BOOT_FILES)
            return cls.from_lock(lock, sizes)
        return cls.from_lock(json.loads(SUMMARY.read_text(encoding="utf-8")))

    def binary_for_import(self, name: str) -> IndexPackage | None:
        """The compiled package (numpy, Pillow...) that provides ``import name``, if any."""
        package = self._by_import.get(name)
        return package if package is not None and not package.pure else None

    def closure(self, names: list[str]) -> list[str]:
        """``names`` and everything they depend on, in the index's spelling."""
        seen: list[str] = []
        todo = [normal_name(name) for name in names]
        while todo:
            name = todo.pop()
            if name in seen or name not in self.packages:
                continue
            seen.append(name)
            todo.extend(self.packages[name].depends)
        return sorted(seen)


def write_index_summary(lock_path: Path, target: Path = SUMMARY) -> None:
    """Write the shipped summary of a ``pyodide-lock.json`` (what :class:`PackageIndex` reads)."""
    lock = json.loads(lock_path.read_text(encoding="utf-8"))
    keep = ("version", "imports", "depends", "file_name")
    packages = {
        name: {key: entry[key] for key in keep if key in entry}
        for name, entry in sorted(lock["packages"].items())
    }
    sizes = {name: (lock_path.parent / name).stat().st_size for name in BOOT_FILES}
    summary = {"info": lock.get("info", {}), "boot_sizes": sizes, "packages": packages}
    target.write_text(json.dumps(summary, indent=0, sort_keys=True) + "\n", encoding="utf-8")


@dataclass(frozen=True)
class VendoredRuntime:
    """What :func:`vendor_runtime` copied: the folder, and runtime packages it lacks."""

    folder: Path
    missing_packages: tuple[str, ...]


def check_runtime_dir(source: Path) -> Path:
    """``source`` (or its ``package/`` folder) when it holds the pinned runtime's boot files.

    Raises:
        RuntimeDirError: a boot file is missing, or the folder holds another version.
    """
    folder = source / "package" if (source / "package" / "pyodide.mjs").is_file() else source
    missing = [name for name in BOOT_FILES if not (folder / name).is_file()]
    if missing:
        raise RuntimeDirError(
            f"--vendor-runtime {source}: missing {', '.join(missing)}; give the package/ "
            f"folder of `npm pack pyodide@{PYODIDE_VERSION}` (unpacked) or a Pyodide release"
        )
    version = _version_of(folder)
    if version and version != PYODIDE_VERSION:
        raise RuntimeDirError(
            f"--vendor-runtime {source} holds Pyodide {version}; this autoui needs "
            f"{PYODIDE_VERSION} (npm pack pyodide@{PYODIDE_VERSION})"
        )
    return folder


def _version_of(folder: Path) -> str | None:
    package_json = folder / "package.json"
    if package_json.is_file():
        return str(json.loads(package_json.read_text(encoding="utf-8")).get("version") or "")
    return None


def vendor_runtime(source: Path, target: Path, packages: list[str]) -> VendoredRuntime:
    """Copy the boot files, and the wheels of ``packages`` that ``source`` has, to ``target``.

    ``packages`` are index names (:func:`normal_name`), dependencies included.
    """
    folder = check_runtime_dir(source)
    target.mkdir(parents=True, exist_ok=True)
    for name in BOOT_FILES:
        shutil.copyfile(folder / name, target / name)
    index = PackageIndex.load(folder)
    missing = []
    for name in packages:  # already closed over their dependencies by the caller
        wheel = folder / index.packages[name].file_name
        if wheel.is_file():
            shutil.copyfile(wheel, target / wheel.name)
        else:
            missing.append(name)
    return VendoredRuntime(target, tuple(missing))
