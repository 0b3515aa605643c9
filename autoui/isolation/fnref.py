"""How a slot process finds the very function its parent serves.

A :class:`~autoui.spec.FunctionSpec` holds a live callable, which cannot cross to
another process. :meth:`FunctionRef.of` records instead where the callable lives (its
module, and that module's file when the loader imported it from a path) and the
callable pickled *by reference*; the child imports the module, unpickles the callable
and reads it again with :func:`~autoui.introspect.introspect`. A fingerprint of what
the parent read is compared with what the child read, so a slot never runs a function
that would take other inputs or give other outputs (say, a type registered only in
the parent) than the ones the clients were told about.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import json
import pickle
import sys
from dataclasses import dataclass
from typing import Any

from autoui.errors import SpecError
from autoui.markers import BatchConfig
from autoui.spec import FunctionSpec

__all__ = ["FunctionRef", "fingerprint"]


@dataclass(frozen=True)
class FunctionRef:
    """A function of the app, in a form a child process can turn back into its spec.

    Attributes:
        name: the function's route name.
        pickled: the callable, pickled by reference (module + qualified name).
        module: the module to import before unpickling: ``(name, source file)``.
        batch: the batch settings the parent read it with.
        fingerprint: :func:`fingerprint` of the parent's spec.
    """

    name: str
    pickled: bytes
    module: tuple[str, str | None] | None
    batch: BatchConfig | None
    fingerprint: str

    @classmethod
    def of(cls, fn_spec: FunctionSpec) -> FunctionRef:
        """The reference of a served function.

        Raises:
            SpecError: the callable cannot be found again by another process (a lambda,
                a function defined inside another function, ...).
        """
        fn = fn_spec.fn
        try:
            pickled = pickle.dumps(fn)
        except (pickle.PicklingError, TypeError, AttributeError) as exc:
            raise SpecError(
                f"{fn_spec.name}: --isolation process needs a function another process can "
                f"import (defined at the top level of a module or file), not {fn!r} ({exc})"
            ) from None
        return cls(fn_spec.name, pickled, _module_of(fn), fn_spec.batch, fingerprint(fn_spec))

    def resolve(self) -> FunctionSpec:
        """Import the function in this process and read it again (in the child).

        Raises:
            SpecError: it reads differently here than in the parent.
            LoadError: its module cannot be imported.
        """
        from autoui.introspect import introspect

        if self.module is not None:
            _import(*self.module)
        fn = pickle.loads(self.pickled)  # noqa: S301 - our own parent pickled it
        fn_spec = introspect(fn, self.name, batch=self.batch)
        if fingerprint(fn_spec) != self.fingerprint:
            raise SpecError(
                f"{self.name} reads differently in a worker process than in the server "
                "(a type registered with autoui.register outside the function's module?); "
                "register it in the module that defines the function"
            )
        return fn_spec


def fingerprint(fn_spec: FunctionSpec) -> str:
    """A digest of everything about a function that decides how it is called."""
    document = fn_spec.to_json()
    document.pop("concurrency_limit", None)  # the parent's business only
    document["call"] = [
        fn_spec.is_async,
        fn_spec.progress_param,
        fn_spec.track_tqdm,
        fn_spec.multiple_outputs,
    ]
    text = json.dumps(document, sort_keys=True, default=repr)
    return hashlib.sha256(text.encode()).hexdigest()


def _module_of(fn: Any) -> tuple[str, str | None] | None:
    """The module defining ``fn`` (a partial's function, a bound method's, an object's class)."""
    while isinstance(fn, functools.partial):
        fn = fn.func
    fn = getattr(fn, "__func__", fn)
    name = getattr(fn, "__module__", None) or type(fn).__module__
    if not isinstance(name, str) or name in ("__main__", "builtins"):
        return None  # multiprocessing imports the main script as __mp_main__ itself
    module = sys.modules.get(name)
    file = getattr(module, "__file__", None)
    return name, file if isinstance(file, str) else None


def _import(name: str, file: str | None) -> None:
    """Make ``sys.modules[name]`` the module the parent knows by that name."""
    if name in sys.modules:
        return
    if file is None or "." in name or not file.endswith((".py", ".pyw")):
        importlib.import_module(name)
        return
    from autoui.loader import load_module

    module = load_module(file)  # a file target: loaded the way the parent loaded it
    sys.modules.setdefault(name, module)
