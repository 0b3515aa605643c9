"""The Rich front end: ``autoui run`` (local functions) and ``autoui call`` (a server).

Both are one session (:mod:`.session`) over two backends: :mod:`.local` (the pipeline,
the runner and local files) and :mod:`.remote` (the :class:`autoui.client.Client`).
Everything that reads a function reads its spec as :mod:`autoui.wire` records (the
local spec is read through its own JSON, the remote one from ``GET /api/spec``), never
Python types, so both behave the same by construction:

- :mod:`.options` ``build_command(fn, callback, *, extra_options=()) -> click.Command``:
  one option per input (``--top-k``, ``--flag/--no-flag``, ``--order.quantity``),
  ``--help`` with types, choices, defaults and docstring help, shell completion of
  choices. ``callback(inputs, extras)`` gets the raw values given.
- :mod:`.convert` ``collect_payloads(fn, inputs) -> {param: payload}``: what was typed
  → wire payloads (files as ``{"path": ...}``), errors naming the option.
- :mod:`.prompts` ``prompt_missing(console, fn, payloads)``: asks for missing required
  inputs (choices, defaults, retry on a bad answer).
- :mod:`.render` ``render_outputs(console, fn, payloads, *, open_file)``: one Rich
  renderer per component kind; ``open_file(payload) -> Path`` fetches a file output.
- :mod:`.live` ``LiveJobView(console, fn, open_file=...)``: progress bars, alerts,
  streaming yields, the result or a red error panel, from :mod:`autoui.events`.
- :mod:`.halfblock` ``HalfBlockImage``: image previews in colour with ``▀``.
- :mod:`.outcome`: the session's settings, exit codes and ``--json`` outcome;
  :mod:`.chat` (a chat function as a conversation), :mod:`.rows` (``--in rows.jsonl``,
  local only), :mod:`.filevalues` (paths, stdin and CSV for :mod:`.convert`).

Nothing is imported here, so importing a submodule stays cheap.
"""

from __future__ import annotations
