"""The routes the official Gradio clients use, over autoui's queue and file store.

- :mod:`.config`: ``/config`` and ``/gradio_api/info`` from the spec;
- :mod:`.payloads`: Gradio FileData ⇄ autoui file ids, output values, streamed diffs;
- :mod:`.stream`: per-session SSE (``queue/data``) over each job's own event log;
- :mod:`.routes`: the endpoints, added by :func:`autoui.protocols.install.add_protocol_routes`.
"""

from __future__ import annotations
