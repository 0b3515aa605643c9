"""The Model Context Protocol: every function of an app as a tool for LLM agents.

- :mod:`.tools`: spec → tool definitions (schemas from the components);
- :mod:`.progress`: job events → progress notifications;
- :mod:`.results`: terminal event → ``CallToolResult`` (text, structured, image, audio);
- :mod:`.localpaths`: stdio file arguments under ``--allow-dir``;
- :mod:`.server`: the SDK ``Server`` whose ``tools/call`` runs through the job queue;
- :mod:`.http`: ``/mcp`` inside ``autoui serve --mcp``;
- :mod:`.stdio`: ``autoui mcp TARGET``.

Only :mod:`.server`, :mod:`.http` and :mod:`.stdio` import the ``mcp`` package, and
only when MCP is on (it costs over a second to import).
"""

from __future__ import annotations

__all__ = ["INSTALL_HINT", "mcp_available"]

INSTALL_HINT = "MCP needs the official mcp package: pip install 'autoui[mcp]'"


def mcp_available() -> bool:
    """Whether the ``mcp`` package can be imported (found without importing it)."""
    import importlib.util

    return importlib.util.find_spec("mcp") is not None
