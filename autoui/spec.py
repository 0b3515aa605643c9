"""What introspection found, as plain frozen records every later stage reads.

``AppSpec`` → ``FunctionSpec`` → ``ParamSpec`` (inputs) / ``OutputSpec`` (outputs).
:meth:`AppSpec.to_json` is exactly what ``GET /api/spec`` returns and what the web UI,
the clients and ``autoui inspect --json`` read.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from autoui._version import __version__
from autoui.components.base import Component
from autoui.components.params import FieldSpec, pretty_label
from autoui.markers import BatchConfig

__all__ = ["AppSpec", "FunctionSpec", "OutputSpec", "ParamSpec", "pretty_label"]


@dataclass(frozen=True)
class ParamSpec(FieldSpec):
    """One input of a function: a :class:`~autoui.components.params.FieldSpec` (name,
    component, annotation, default, optional) that may be positional-only.

    Attributes:
        positional_only: must be passed positionally (``def f(x, /)``).
    """

    positional_only: bool = False

    @property
    def required(self) -> bool:
        """A value must be given; a live input counts too (a caller that cannot stream
        it sends a whole file), though a job may leave it out and stream it instead."""
        from autoui.components.live import LIVE

        return self.default is LIVE or super().required


@dataclass(frozen=True)
class OutputSpec:
    """One output of a function (a tuple return gives several).

    Attributes:
        stream: for a generator, how each yield makes the output (``"replace"``, or
            ``"append"``: :mod:`autoui.stream_mode`); None for a function that returns.
    """

    name: str
    component: Component
    annotation: str = ""
    stream: str | None = None

    @property
    def label(self) -> str:
        return self.component.label or pretty_label(self.name)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "component": self.component.kind,
            "traits": self.component.traits.to_json(),
            "label": self.label,
            "info": self.component.info,
            "default": None,
            "annotation": self.annotation,
            "props": self.component.props(),
            "stream": self.stream,
        }


@dataclass(frozen=True)
class FunctionSpec:
    """Everything the front ends need to know to call one function.

    Attributes:
        name: the route name (``POST /api/{name}/jobs``).
        fn: the callable itself (never serialised).
        description: the docstring's short + long description (markdown).
        inputs / outputs: in signature / return order.
        streaming: a generator or async generator: each yield is an ``output`` event.
        is_async: a coroutine function or async generator: runs on the event loop.
        batch: set for batch functions (take lists, return lists).
        concurrency_limit: jobs of this function running at once (None = no limit).
        progress_param: the parameter that receives the ``autoui.Progress`` tracker.
        track_tqdm: that tracker was created with ``track_tqdm=True``.
        multiple_outputs: the function returns a tuple, one element per output.
        examples: rows from the docstring's ``Examples:``, as ``{param: payload}``.
        warnings: what inference could not settle, with how to fix it.
    """

    name: str
    fn: Callable[..., Any] = field(repr=False, compare=False)
    description: str = ""
    inputs: tuple[ParamSpec, ...] = ()
    outputs: tuple[OutputSpec, ...] = ()
    streaming: bool = False
    is_async: bool = False
    batch: BatchConfig | None = None
    concurrency_limit: int | None = 1
    progress_param: str | None = None
    track_tqdm: bool = False
    multiple_outputs: bool = False
    examples: tuple[dict[str, Any], ...] = ()
    warnings: tuple[str, ...] = ()

    def input(self, name: str) -> ParamSpec:
        """The input called ``name``; KeyError when there is none."""
        for param in self.inputs:
            if param.name == name:
                return param
        raise KeyError(name)

    @property
    def live_input(self) -> ParamSpec | None:
        """The input fed live, chunk by chunk (``Iterator[Audio]``, ...), if there is one."""
        from autoui.components.live import LiveInput

        return next((p for p in self.inputs if isinstance(p.component, LiveInput)), None)

    def replace(self, **changes: Any) -> FunctionSpec:
        return dataclasses.replace(self, **changes)

    def to_json(self) -> dict[str, Any]:
        batch = None
        if self.batch is not None:
            batch = {
                "max_batch_size": self.batch.max_batch_size,
                "batch_wait": self.batch.batch_wait,
            }
        return {
            "name": self.name,
            "description": self.description,
            "inputs": [p.to_json() for p in self.inputs],
            "outputs": [o.to_json() for o in self.outputs],
            "streaming": self.streaming,
            "streaming_input": self._live_json(),
            "batch": batch,
            "concurrency_limit": self.concurrency_limit,
            "examples": list(self.examples),
        }

    def _live_json(self) -> dict[str, Any] | None:
        live = self.live_input
        if live is None:
            return None
        settings: dict[str, Any] = live.component.live_settings()  # type: ignore[attr-defined]
        return {"param": live.name, **settings}


@dataclass(frozen=True)
class AppSpec:
    """An app: one or more functions (one tab and one API route each)."""

    title: str
    functions: tuple[FunctionSpec, ...]
    description: str = ""
    theme: str = "default"

    def function(self, name: str) -> FunctionSpec:
        """The function called ``name``; KeyError when there is none."""
        for fn in self.functions:
            if fn.name == name:
                return fn
        raise KeyError(name)

    def replace(self, **changes: Any) -> AppSpec:
        return dataclasses.replace(self, **changes)

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "description": self.description,
            "theme": self.theme,
            "version": __version__,
            "functions": [fn.to_json() for fn in self.functions],
        }
