"""The Rich front end: ``autoui run`` (local functions) and ``autoui call`` (a server).

Everything that reads a function reads its *JSON spec* (``FunctionSpec.to_json()``, or
one function of ``GET /api/spec``), never Python types, so both commands share it:

- :mod:`.options` ``build_command(fn_json, callback, *, extra_options=()) ->
  TyperCommand``: one option per input (``--top-k``, ``--flag/--no-flag``,
  ``--order.quantity``), ``--help`` with types, choices, defaults and docstring help,
  shell completion of choices. ``callback(inputs, extras)`` gets the raw values given.
- :mod:`.convert` ``collect_payloads(fn_json, inputs) -> {param: payload}``: what was
  typed → wire payloads (files as ``{"path": ...}``), errors naming the option.
- :mod:`.prompts` ``prompt_missing(console, fn_json, payloads)``: asks for missing
  required inputs (choices, defaults, retry on a bad answer).
- :mod:`.render` ``render_outputs(console, fn_json, payloads, *, open_file)``: one Rich
  renderer per component kind; ``open_file(payload) -> Path`` fetches a file output.
- :mod:`.live` ``LiveJobView(console, fn_json, open_file=...)``: progress bars, alerts,
  streaming yields, the result or a red error panel, from :mod:`autoui.events`.
- :mod:`.halfblock` ``HalfBlockImage``: image previews in colour with ``▀``.

``autoui run`` only: :mod:`.session` (the command's flow), :mod:`.local` (one local
call, Ctrl+C, exit codes), :mod:`.rows` (``--in rows.jsonl``), :mod:`.chat` (a chat
function as a conversation). :mod:`.filevalues` reads paths, stdin and CSV for
:mod:`.convert`.

Nothing is imported here, so importing a submodule stays cheap.
"""

from __future__ import annotations
