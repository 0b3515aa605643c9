"""Other ecosystems' protocols, spoken by the same server over the same queue.

- :mod:`autoui.protocols.mcp`: the Model Context Protocol (tools for LLM agents), over
  Streamable HTTP inside ``autoui serve --mcp`` and over stdio with ``autoui mcp``;
- :mod:`autoui.protocols.gradio`: the routes the official Gradio clients
  (``gradio_client``, ``@gradio/client``) use, on by default in ``autoui serve``.

Both are adapters: they translate their wire format to autoui's payloads and hand them
to the job queue through :mod:`autoui.protocols.jobs`, so concurrency limits, batching,
per-client caps and cancellation work exactly as for ``POST /api/<fn>``.
"""

from __future__ import annotations
