"""Streaming inputs: a live microphone or camera into a function, chunk by chunk.

- :mod:`.backlog`: the drop policies (``coalesce``, ``latest``, ``all``), pure;
- :mod:`.channel`: how chunks travel from the adapter to the function
  (:class:`~.channel.ChunkSink` / :class:`~.channel.ChunkSource`; in-process
  :class:`~.channel.LocalInput`);
- :mod:`.bridge`: the iterator the function receives;
- :mod:`.codecs`: PCM and JPEG chunks, whole files cut into items.

The components (``autoui.Microphone``, ``autoui.Webcam``) live in
:mod:`autoui.components.live`; the WebSocket route in :mod:`autoui.server.routes_stream`.
"""

from __future__ import annotations

from concurrent.futures import Executor
from typing import Any

from autoui.cancel import CancelToken
from autoui.components.live import LIVE, LiveInput
from autoui.errors import ValidationError
from autoui.limits import InputLimits
from autoui.spec import FunctionSpec
from autoui.streaming.channel import ChunkSource

__all__ = ["attach_live_input", "fed_live"]


def fed_live(fn_spec: FunctionSpec, data: dict[str, Any] | list[Any]) -> bool:
    """Whether a call of ``fn_spec`` leaves its live parameter out (its chunks come later,
    over the job's stream), judged from the call's wire ``data``."""
    param = fn_spec.live_input
    if param is None:
        return False
    from autoui.components.base import MISSING
    from autoui.pipeline import input_params, values_by_name

    value = values_by_name(input_params(fn_spec), data).get(param.name, MISSING)
    return value is MISSING or value is None


def attach_live_input(
    fn_spec: FunctionSpec,
    kwargs: dict[str, Any],
    source: ChunkSource | None,
    *,
    cancel: CancelToken | None = None,
    executor: Executor | None = None,
    limits: InputLimits | None = None,
) -> dict[str, Any]:
    """The call's arguments with its live parameter fed by ``source``.

    A live parameter left without a value (:data:`~autoui.components.live.LIVE`) takes
    its chunks from ``source``; a whole file given instead was already cut into items
    when the inputs were decoded, and ``source`` is not needed.

    Raises:
        ValidationError: the parameter has neither a file nor a live stream.
    """
    param = fn_spec.live_input
    if param is None or kwargs.get(param.name) is not LIVE:
        return kwargs
    name, component = param.name, param.component
    assert isinstance(component, LiveInput)
    if source is None:
        raise ValidationError(
            f"no {component.media} was given: send a whole file for it, or start a job "
            f"(POST /api/{fn_spec.name}/jobs) and stream the chunks to its stream_url",
            param=name,
        )
    from autoui.streaming.bridge import live_iterator

    items = live_iterator(component, source, cancel=cancel, executor=executor, limits=limits)
    return {**kwargs, name: items}
