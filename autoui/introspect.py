"""Callables → :class:`~autoui.spec.FunctionSpec`: what a function already says, read.

The parts of inference that concern a parameter or an output on its own (``int`` →
number, ``Annotated`` overrides, ...) live in :mod:`autoui.registry`. This module owns
the rules that need the *whole* function:

- the signature, type hints (also under ``from __future__ import annotations``; a hint
  that cannot be resolved falls back to "no hint" with a warning) and defaults;
- a parameter whose default is an ``autoui.Progress()`` is the progress tracker, not an
  input; ``*args`` / ``**kwargs`` are skipped with a warning;
- a generator (``Iterator[X]``, ``Generator[X, ...]``, ``AsyncIterator[X]``, or any
  generator function) streams outputs of ``X``; ``async def`` runs on the event loop;
- ``tuple[A, B]`` and NamedTuple returns are several outputs; ``-> None`` none; no
  return annotation one ``json`` output (with a warning);
- ``@autoui.batch`` functions take ``list[X]`` and return ``list[Y]``: their inputs and
  outputs are ``X`` and ``Y`` (``tuple[list[A], list[B]]`` → two outputs);
- the chat rule (:mod:`autoui.chatrule`): ``message`` and a ``history`` that fits a
  conversation make a chatbot, whose one output is a chat;
- a live input (``Iterator[Audio]``, ...): one per function, sync or async as the
  function is (:func:`autoui.components.live.checked_live_input`);
- the docstring gives the description, each input's ``info`` (unless ``Annotated`` set
  one), output labels, and examples.
"""

from __future__ import annotations

import functools
import inspect
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from autoui.chatrule import chat_history_param, history_input
from autoui.components.base import MISSING, Component
from autoui.components.params import wire_default
from autoui.docstrings import DocInfo, parse_docstring, parse_examples
from autoui.errors import SpecError
from autoui.markers import BatchConfig, batch_config
from autoui.progress import Progress
from autoui.registry.annotations import field_info_default
from autoui.spec import AppSpec, FunctionSpec, ParamSpec, pretty_label
from autoui.stream_mode import output_stream_mode
from autoui.typehints import (
    OutputPlan,
    is_list_of,
    list_item,
    plan_outputs,
    resolve_hints,
    type_repr,
)

if TYPE_CHECKING:
    from autoui.registry import Inference

__all__ = ["introspect", "introspect_app", "load_app", "warning_lines"]

_EMPTY = inspect.Parameter.empty
_SKIPPED_KINDS = (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)


def load_app(
    target: str, *, title: str | None = None, batch: BatchConfig | None = None
) -> AppSpec:
    """Load a target and introspect what it names: the usual first step of every command.

    The title is the function's name for one function, the module's for several; the
    description is the module docstring when a whole module is served. ``batch``
    treats every function not marked ``@autoui.batch`` as if it were (``serve --batch``).
    """
    from autoui.loader import load, split_target

    source, attr = split_target(target)
    fns = load(target)
    module_name = Path(source).stem if source.endswith((".py", ".pyw")) else source
    default_title = fns[0].__name__ if attr is not None else module_name.rpartition(".")[2]
    description = ""
    if attr is None:
        module = sys.modules.get(fns[0].__module__)
        description = inspect.cleandoc(module.__doc__) if module and module.__doc__ else ""
    return introspect_app(
        fns, title=title or pretty_label(default_title), description=description, batch=batch
    )


def warning_lines(app: AppSpec) -> list[str]:
    """``warning: fn: text`` per inference warning: what inspect, serve and run print at start."""
    return [f"warning: {fn.name}: {warning}" for fn in app.functions for warning in fn.warnings]


def introspect_app(
    fns: Sequence[Callable[..., Any]],
    title: str | None = None,
    description: str | None = None,
    *,
    batch: BatchConfig | None = None,
) -> AppSpec:
    """Introspect several functions into one app (one tab and one route each).

    Raises:
        SpecError: two functions would get the same route name.
    """
    specs = tuple(introspect(fn, batch=batch) for fn in fns)
    seen: set[str] = set()
    for spec in specs:
        if spec.name in seen:
            raise SpecError(f"two functions are named {spec.name!r}: rename one of them")
        seen.add(spec.name)
    if title is None:
        title = pretty_label(specs[0].name) if len(specs) == 1 else "autoui"
    return AppSpec(title=title, functions=specs, description=description or "")


def introspect(
    fn: Callable[..., Any], name: str | None = None, *, batch: BatchConfig | None = None
) -> FunctionSpec:
    """Read a function's signature, type hints, defaults and docstring into a spec.

    Args:
        fn: any callable: a function, ``async def``, generator, static/class method or
            callable object.
        name: the route name; defaults to the function's ``__name__``.
        batch: treat the function as ``@autoui.batch(...)`` with these settings unless
            it is marked already (its lists are then unwrapped like a marked one's).

    Raises:
        SpecError: the function cannot be turned into an app (a type nothing can show).
    """
    reading = _Reading(fn, name or _name_of(fn), batch_config(fn) or batch)
    return reading.spec()


def _name_of(fn: Callable[..., Any]) -> str:
    return str(getattr(_unpartial(fn), "__name__", type(fn).__name__))


def _unpartial(fn: Callable[..., Any]) -> Callable[..., Any]:
    """The function a ``functools.partial`` wraps (its docstring and name are the user's)."""
    while isinstance(fn, functools.partial):
        fn = fn.func
    return fn


def _code_of(fn: Callable[..., Any]) -> Callable[..., Any]:
    """The function whose code runs (a callable object's ``__call__``)."""
    if inspect.isroutine(fn) or isinstance(fn, functools.partial) or not callable(fn):
        return fn
    return fn.__call__  # type: ignore[no-any-return,operator]  # the object's bound __call__


@dataclass
class _Reading:
    """The state of reading one function; each step is a small method."""

    fn: Callable[..., Any]
    name: str
    batch: BatchConfig | None
    warnings: list[str] = field(default_factory=list)

    def spec(self) -> FunctionSpec:
        code = _code_of(self.fn)
        signature = self._signature()
        hints = resolve_hints(code, self.warnings)
        doc = parse_docstring(inspect.getdoc(_unpartial(self.fn)))
        batch = self.batch
        streaming = inspect.isgeneratorfunction(code) or inspect.isasyncgenfunction(code)
        is_async = inspect.iscoroutinefunction(code) or inspect.isasyncgenfunction(code)
        chat = chat_history_param(signature, hints)
        inputs, progress = self._inputs(signature, hints, doc, batch, chat)
        from autoui.components.live import checked_live_input

        inputs = checked_live_input(self.name, inputs, is_async=is_async, batch=batch is not None)
        plan = plan_outputs(
            hints.get("return", _EMPTY),
            declared_generator=streaming,
            batch=batch is not None,
            warnings=self.warnings,
            is_one_value=_is_one_value,
        )
        if plan.streaming and batch is not None:
            raise SpecError(f"{self.name}: a batch function cannot be a generator")
        outputs = self._outputs(plan, doc, chat)
        examples = self._examples(doc, inputs)
        return FunctionSpec(
            name=self.name,
            fn=self.fn,
            description=doc.description,
            inputs=tuple(inputs),
            outputs=tuple(outputs),
            streaming=plan.streaming,
            is_async=is_async,
            batch=batch,
            progress_param=progress.name if progress else None,
            track_tqdm=progress.track_tqdm if progress else False,
            multiple_outputs=plan.multiple,
            examples=tuple(examples),
            warnings=tuple(self.warnings),
        )

    def _signature(self) -> inspect.Signature:
        try:
            return inspect.signature(self.fn)
        except (TypeError, ValueError) as exc:
            raise SpecError(f"{self.name}: cannot read its signature ({exc})") from None

    # -- inputs -----------------------------------------------------------------------
    def _inputs(
        self,
        signature: inspect.Signature,
        hints: dict[str, Any],
        doc: DocInfo,
        batch: BatchConfig | None,
        chat: str | None,
    ) -> tuple[list[ParamSpec], _ProgressParam | None]:
        inputs: list[ParamSpec] = []
        progress: _ProgressParam | None = None
        for param in signature.parameters.values():
            if param.kind in _SKIPPED_KINDS:
                star = "*" if param.kind is inspect.Parameter.VAR_POSITIONAL else "**"
                self.warnings.append(
                    f"{star}{param.name}: skipped (autoui cannot make inputs for it); "
                    "give the values you need as named parameters"
                )
                continue
            if isinstance(param.default, Progress):
                progress = _ProgressParam(param.name, param.default.track_tqdm)
                continue
            annotation = hints.get(param.name, _EMPTY)
            if param.name == chat:
                inputs.append(history_input(param, annotation, doc.params.get(param.name)))
                continue
            if batch is not None:
                annotation = self._batch_item(param.name, annotation)
            spec = self._input(param, annotation, doc)
            if spec is not None:
                inputs.append(spec)
        return inputs, progress

    def _input(
        self, param: inspect.Parameter, annotation: Any, doc: DocInfo
    ) -> ParamSpec | None:
        """The input for ``param``; None when it is hidden (its own default is used)."""
        from autoui.registry import infer_input

        annotation, default = field_info_default(annotation, param.default)
        try:
            inference = infer_input(annotation, name=param.name, default=default)
        except SpecError as exc:
            if default is MISSING:
                raise SpecError(f"{self.name}: {param.name}: {exc}") from None
            self.warnings.append(_hidden_warning(param.name, annotation, default, exc))
            return None
        self._note(param.name, inference.warning)
        component = inference.component.with_defaults(info=doc.params.get(param.name))
        spec = ParamSpec(
            name=param.name,
            component=component,
            annotation=inference.annotation,
            default=default,
            optional=inference.optional,
            positional_only=param.kind is inspect.Parameter.POSITIONAL_ONLY,
        )
        if default not in (MISSING, None) and wire_default(spec) is None:
            self.warnings.append(
                f"{param.name}: its default {_short_repr(default)} has no form front ends can "
                "show, so the input starts empty; left empty, the function's own default is used"
            )
        return spec

    def _note(self, name: str, warning: str | None) -> None:
        if warning:
            self.warnings.append(warning if warning.startswith(name) else f"{name}: {warning}")

    def _batch_item(self, name: str, annotation: Any) -> Any:
        if annotation is _EMPTY:
            return annotation
        if is_list_of(annotation):
            return list_item(annotation)
        self.warnings.append(
            f"{name}: a batch function should take list[...] (one element per call), got "
            f"{type_repr(annotation)}; each call's value is passed inside a list"
        )
        return annotation

    def _guard(self, name: str, infer: Callable[[], Inference]) -> Inference:
        try:
            inference = infer()
        except SpecError as exc:
            raise SpecError(f"{self.name}: {name}: {exc}") from None
        self._note(name, inference.warning)
        return inference

    # -- outputs ----------------------------------------------------------------------
    def _outputs(self, plan: OutputPlan, doc: DocInfo, chat: str | None) -> list[Any]:
        from autoui.components import Chat
        from autoui.registry import infer_output
        from autoui.spec import OutputSpec

        labels = _output_labels(plan, doc)
        outputs = []
        for index, item in enumerate(plan.items):
            if chat and len(plan.items) == 1:
                component: Component = Chat()
                annotation = type_repr(item.annotation)
            else:
                inference = self._guard(item.name, functools.partial(
                    infer_output, item.annotation, name=item.name
                ))
                component, annotation = inference.component, inference.annotation
            label, info = labels[index]
            component = component.with_defaults(label=label, info=info)
            mode = output_stream_mode(item.annotation, plan.streaming, self.name, item.name,
                                      self.warnings)  # fmt: skip
            outputs.append(OutputSpec(item.name, component, annotation, stream=mode))
        return outputs

    # -- examples ---------------------------------------------------------------------
    def _examples(self, doc: DocInfo, inputs: list[ParamSpec]) -> list[dict[str, Any]]:
        if not doc.examples:
            return []
        parsed = parse_examples(doc.examples, self.fn, name=_name_of(_unpartial(self.fn)))
        self.warnings.extend(f"example {reason} (skipped)" for reason in parsed.skipped)
        by_name = {param.name: param for param in inputs}
        rows = []
        for row in parsed.rows:
            unknown = sorted(set(row) - set(by_name))
            if unknown:
                self.warnings.append(
                    f"example {row!r} names {', '.join(unknown)}, which is not an input "
                    "(skipped)"
                )
                continue
            rows.append(self._encode_row(row, by_name))
        return [row for row in rows if row is not None]

    def _encode_row(
        self, row: dict[str, Any], by_name: dict[str, ParamSpec]
    ) -> dict[str, Any] | None:
        encoded = {}
        for key, value in row.items():
            try:
                encoded[key] = by_name[key].component.encode_default(value)
            except Exception as exc:  # a user's value the component cannot encode
                self.warnings.append(f"example {row!r}: {key}: {exc} (skipped)")
                return None
        return encoded


def _hidden_warning(name: str, annotation: Any, default: Any, exc: SpecError) -> str:
    from autoui.registry import UnsupportedType

    used = f"the function's own default ({_short_repr(default)}) is used"
    if annotation is _EMPTY:
        return f"{name}: not shown (no type hint, and no input fits its default): {used}; " \
            "add a type hint to show it"
    if isinstance(exc, UnsupportedType):
        return f"{name}: not shown ({exc.reason}): {used}; to show it, {exc.fix}"
    return f"{name}: not shown ({exc}): {used}"


def _short_repr(value: Any) -> str:
    text = getattr(value, "__name__", None) if callable(value) else None
    text = text or repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


@dataclass(frozen=True)
class _ProgressParam:
    name: str
    track_tqdm: bool


def _is_one_value(annotation: Any) -> bool:
    """A tuple type the registry shows as one component (``tuple[int, ndarray]``: audio)."""
    from autoui.registry import infer_output

    try:
        kind = infer_output(annotation, name="output").component.kind
    except SpecError:
        return False
    return kind not in ("json", "textbox")


def _output_labels(plan: OutputPlan, doc: DocInfo) -> list[tuple[str | None, str | None]]:
    """``(label, info)`` per output from the Returns/Yields section.

    Named entries (NumPy ``name : type``, Google ``name: text`` lines) give the label
    and their text the help; an unnamed short entry is the label itself, a long one
    only help. Entries are used only when they match the outputs one to one.
    """
    count = len(plan.items)
    entries = doc.returns
    if count == 0 or len(entries) != count:
        return [(None, None)] * count
    labels: list[tuple[str | None, str | None]] = []
    for item, entry in zip(plan.items, entries, strict=True):
        text = entry.description.strip()
        if item.named:
            labels.append((None, text or None))
        elif entry.name:
            labels.append((pretty_label(entry.name), text or None))
        elif text and "\n" not in text and len(text) <= 40:
            labels.append((text.rstrip("."), None))
        else:
            labels.append((None, text or None))
    return labels
