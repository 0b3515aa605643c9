"""``autoui export --wasm``: a static app whose functions run in the visitor's browser.

Two halves, kept apart by where they run:

- at export time (CPython, the exporter's machine): :mod:`~autoui.wasm.browsercheck`
  refuses what a browser cannot run, :mod:`~autoui.wasm.appfiles` collects the target's
  module and its siblings, :mod:`~autoui.wasm.deps` decides where each import comes
  from, :mod:`~autoui.wasm.wheels` fetches pinned wasm-compatible wheels and builds
  autoui's own, :mod:`~autoui.wasm.runtime` knows the pinned Pyodide and vendors it, and
  :mod:`~autoui.wasm.bundle` (with :mod:`~autoui.wasm.page`) writes the folder or the
  single HTML file;
- in the browser (Pyodide, inside a module Web Worker started by
  ``autoui/web/wasm/worker.js``): :mod:`~autoui.wasm.host` runs each call through the
  same pipeline and runner as ``autoui serve``, so validation messages and events are
  the server's own.

Nothing here is imported by ``import autoui``.
"""

from __future__ import annotations
