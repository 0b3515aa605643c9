"""Where each third-party import of the app comes from in the browser.

- a compiled package the runtime's index has (numpy, Pillow, pandas...): loaded from
  that index by name when the runtime boots (:class:`~autoui.wasm.runtime.PackageIndex`);
- anything else: the distribution that provides it here, pinned to its installed
  version and resolved to wasm-compatible wheels (:mod:`autoui.wasm.wheels`), together
  with what autoui's in-browser subset itself needs;
- an optional import (inside ``try: ... except ImportError``) that is not installed here
  is left out, and the app keeps its own fallback.
"""

from __future__ import annotations

import importlib.metadata
from dataclasses import dataclass

from autoui.wasm.appfiles import AppFiles
from autoui.wasm.runtime import PackageIndex
from autoui.wasm.wheels import AUTOUI_BROWSER_DEPS, Requirement, WheelError, pin

__all__ = ["DependencyPlan", "plan_dependencies"]


@dataclass(frozen=True)
class DependencyPlan:
    """Pinned wheels to fetch, runtime packages to load, optional imports left out."""

    requirements: tuple[Requirement, ...]
    runtime_packages: tuple[str, ...]
    left_out: tuple[str, ...]


def plan_dependencies(app: AppFiles, index: PackageIndex) -> DependencyPlan:
    """Decide, for autoui and each import of ``app``, how the browser gets it.

    Raises:
        WheelError: a required import is not installed here (so cannot be pinned).
    """
    distributions = importlib.metadata.packages_distributions()
    requirements = {name: pin(name, "autoui") for name in AUTOUI_BROWSER_DEPS}
    runtime: list[str] = []
    left_out: list[str] = []
    for imported in app.imports:
        binary = index.binary_for_import(imported.name)
        if binary is not None:
            runtime.append(binary.name)
            continue
        names = distributions.get(imported.name)
        if not names:
            if imported.optional:
                left_out.append(imported.name)
                continue
            raise WheelError(
                f"{imported.file} imports {imported.name}, which is not installed here: "
                "install it (its installed version is the one the bundle pins)"
            )
        requirement = pin(names[0], imported.file)
        requirements.setdefault(_normal(requirement.name), requirement)
    unique = {_normal(r.name): r for r in requirements.values()}
    return DependencyPlan(
        requirements=tuple(unique[name] for name in sorted(unique)),
        runtime_packages=tuple(index.closure(runtime)),
        left_out=tuple(sorted(left_out)),
    )


def _normal(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")
