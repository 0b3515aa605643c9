"""Where each third-party import of the app comes from in the browser.

- a compiled package the runtime's index has (numpy, Pillow, pandas...): loaded from
  that index by name when the runtime boots (:class:`~autoui.wasm.runtime.PackageIndex`);
- anything else: the distribution that provides it here, pinned to its installed
  version and resolved to wasm-compatible wheels (:mod:`autoui.wasm.wheels`), together
  with what autoui's in-browser subset itself needs;
- an optional import (inside ``try: ... except ImportError``) that is not installed here
  is left out, and the app keeps its own fallback;
- a pinned distribution PyPI has no wasm wheel of (pydantic, whose ``pydantic-core`` is
  compiled) but the runtime's index has: the index's version, with a note saying so
  (:func:`fetch_wheels`).
"""

from __future__ import annotations

import importlib.metadata
from dataclasses import dataclass, replace
from pathlib import Path

from autoui.wasm.appfiles import AppFiles
from autoui.wasm.runtime import PackageIndex, normal_name
from autoui.wasm.wheels import AUTOUI_BROWSER_DEPS, Requirement, WheelError, download_wheels, pin

__all__ = ["DependencyPlan", "fetch_wheels", "plan_dependencies"]


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
        requirements.setdefault(normal_name(requirement.name), requirement)
    unique = {normal_name(r.name): r for r in requirements.values()}
    return DependencyPlan(
        requirements=tuple(unique[name] for name in sorted(unique)),
        runtime_packages=tuple(index.closure(runtime)),
        left_out=tuple(sorted(left_out)),
    )




def fetch_wheels(
    plan: DependencyPlan, index: PackageIndex, target: Path
) -> tuple[list[Path], DependencyPlan, list[str]]:
    """Download the plan's wheels; what PyPI lacks but the runtime's index has comes from it.

    Returns:
        The wheels, the plan as it ends up (runtime packages added), and a note per swap.

    Raises:
        WheelError: a requirement neither PyPI nor the runtime's index can provide.
    """
    try:
        return download_wheels(list(plan.requirements), target), plan, []
    except WheelError as error:
        swapped = [r for r in error.failed if normal_name(r.name) in index.packages]
        if not error.failed or len(swapped) < len(error.failed):
            raise
    rest = [r for r in plan.requirements if r not in swapped]
    wheels = download_wheels(rest, target)
    names = [normal_name(r.name) for r in swapped]
    notes = [
        f"{r.pinned} (installed here) has no wasm wheel on PyPI: the browser gets "
        f"{name} {index.packages[name].version} from the Pyodide distribution"
        for r, name in zip(swapped, names, strict=True)
    ]
    in_wheels = {normal_name(wheel.name.split("-")[0]) for wheel in wheels}
    runtime = [n for n in index.closure([*plan.runtime_packages, *names]) if n not in in_wheels]
    return wheels, replace(plan, requirements=tuple(rest), runtime_packages=tuple(runtime)), notes
