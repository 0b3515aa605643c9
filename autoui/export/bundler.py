"""Join the web UI's ES modules into one plain script: one request instead of dozens.

The server sends its page this script (:mod:`autoui.server.assets`), and an export
opened from ``file://`` needs it: Chromium refuses to load ES modules from ``file://``
(the page's origin is opaque), so a bundle that must open from disk cannot use
``<script type="module" src=...>``. This module rewrites autoui's *own* modules
(``autoui/web``: static relative imports and the usual ``export`` forms, one statement
per line start, as that code is written) into async factory functions in one classic
script:

- ``import {a, b as c} from "./m.js"`` → ``const {a, b: c} = await __autoui_require("m.js")``
- ``export function f`` / ``export const x`` / ``export {a as b}`` → lazy getters on the
  module's namespace, defined before the body runs (so cycles see live values);
- ``import("./m.js")`` → a lookup in the bundle (the path may be computed at run time);
- ``import.meta.url`` → the module's URL under the page.

It is not a general JavaScript bundler: anything it does not recognise raises
:class:`BundleError` naming the file and line, rather than producing a broken page.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["BundleError", "bundle_modules", "join_as_module", "join_modules", "module_graph"]


class BundleError(Exception):
    """A module uses a form the bundler does not rewrite; the message names where."""


_STRING = r"""(?P<q>["'])(?P<spec>[^"'\n]+)(?P=q)"""
_IMPORT = re.compile(
    rf"^import\s+(?:(?P<clause>[\w$\s{{}},*]+?)\s+from\s+)?{_STRING}\s*;?[ \t]*$", re.M
)
_REEXPORT = re.compile(
    rf"^export\s+(?P<clause>\*(?:\s+as\s+[\w$]+)?|\{{[^}}]*\}})\s+from\s+{_STRING}\s*;?[ \t]*$",
    re.M,
)
_EXPORT_LIST = re.compile(r"^export\s*\{(?P<names>[^}]*)\}\s*;?[ \t]*$", re.M)
_EXPORT_DECL = re.compile(
    r"^export\s+(?P<default>default\s+)?(?P<kind>(?:async\s+)?function\s*\*?|class|const|let|var)"
    r"\s*(?P<name>[\w$]+)",
    re.M,
)
_EXPORT_DEFAULT_EXPR = re.compile(r"^export\s+default\s+", re.M)
_LEFTOVER = re.compile(r"^\s*(?:import\s*[\w{*'\"]|export\s)", re.M)
_DYNAMIC_IMPORT = re.compile(r"(?<![\w$.])import\s*\(")


@dataclass
class _Module:
    path: str
    code: str
    deps: list[str] = field(default_factory=list)


def _resolve(importer: str, spec: str, where: str) -> str:
    if not spec.startswith(("./", "../")):
        raise BundleError(f"{where}: only relative imports can be bundled, not {spec!r}")
    path = posixpath.normpath(posixpath.join(posixpath.dirname(importer), spec))
    if path.startswith("../"):
        raise BundleError(f"{where}: {spec!r} points outside the web folder")
    return path


def _line(code: str, offset: int) -> int:
    return code.count("\n", 0, offset) + 1


def _clause_bindings(clause: str, source: str) -> list[str]:
    """``X, {a, b as c}`` / ``* as ns`` → JavaScript statements binding those names."""
    lines: list[str] = []
    clause = clause.strip()
    if clause.startswith(("{", "*")):
        default, rest = "", clause
    else:
        default, _, rest = clause.partition(",")
    rest = rest.strip()
    names: list[str] = [f"default: {default.strip()}"] if default.strip() else []
    if rest.startswith("*"):
        lines.append(f"const {rest.split('as', 1)[1].strip()} = {source};")
        source = rest.split("as", 1)[1].strip()
    elif rest.startswith("{"):
        for item in rest.strip("{} \n").split(","):
            if item.strip():
                parts = item.split()
                names.append(f"{parts[0]}: {parts[2]}" if len(parts) == 3 else parts[0])
    if names:
        lines.append(f"const {{ {', '.join(names)} }} = {source};")
    elif not lines:
        lines.append(f"{source};")
    return lines


class _Rewriter:
    """Rewrites one module's import/export statements (see the module docstring)."""

    def __init__(self, module: _Module) -> None:
        self.module = module
        self.head: list[str] = []
        self.getters: list[str] = []

    def _dep(self, match: re.Match[str]) -> str:
        where = f"{self.module.path}:{_line(self.module.code, match.start())}"
        dep = _resolve(self.module.path, match["spec"], where)
        self.module.deps.append(dep)
        return dep

    def import_(self, match: re.Match[str]) -> str:
        source = f"await __autoui_require({json.dumps(self._dep(match))})"
        self.head.extend(_clause_bindings(match["clause"] or "", source))
        return ""

    def reexport(self, match: re.Match[str]) -> str:
        alias = f"__autoui_re{len(self.head)}"
        self.head.append(f"const {alias} = await __autoui_require({json.dumps(self._dep(match))});")
        clause = match["clause"]
        if clause == "*":
            self.head.append(f"__autoui_star(__exports, {alias});")
        elif clause.startswith("*"):
            self.getters.append(f"{clause.split('as', 1)[1].strip()}: () => {alias}")
        else:
            self._export_names(clause.strip("{} \n"), prefix=f"{alias}.")
        return ""

    def export_list(self, match: re.Match[str]) -> str:
        self._export_names(match["names"], prefix="")
        return ""

    def _export_names(self, names: str, prefix: str) -> None:
        for item in names.split(","):
            parts = item.split()
            if parts:
                self.getters.append(f"{parts[-1]}: () => {prefix}{parts[0]}")

    def export_decl(self, match: re.Match[str]) -> str:
        name = match["name"]
        self.getters.append(f"{'default' if match['default'] else name}: () => {name}")
        return match.group(0)[match.start("kind") - match.start() :]

    def body(self) -> str:
        """The module's code as the body of an async factory."""
        code = _IMPORT.sub(self.import_, self.module.code)
        code = _REEXPORT.sub(self.reexport, code)
        code = _EXPORT_LIST.sub(self.export_list, code)
        code = _EXPORT_DECL.sub(self.export_decl, code)
        if _EXPORT_DEFAULT_EXPR.search(code):
            self.getters.append("default: () => __autoui_default")
            code = _EXPORT_DEFAULT_EXPR.sub("const __autoui_default = ", code)
        leftover = _LEFTOVER.search(code)
        if leftover:
            line = code[leftover.start() :].strip().splitlines()[0]
            raise BundleError(f"{self.module.path}: cannot bundle {line!r}")
        where = self.module.path
        code = _DYNAMIC_IMPORT.sub(f"__autoui_load({json.dumps(posixpath.dirname(where))}, ", code)
        code = code.replace("import.meta.url", f"__autoui_url({json.dumps(where)})")
        getters = ", ".join(self.getters)
        define = f"__autoui_define(__exports, {{ {getters} }});" if getters else ""
        return "\n".join([define, *self.head, code])


def module_graph(root: Path, entry: str, also: Sequence[str] = ()) -> dict[str, str]:
    """Every module reachable from ``entry`` (a path under ``root``) → its rewritten body.

    ``also``: modules the page imports on demand (``import("./live/index.js")``) that
    this bundle must hold too, with what they import.
    """
    bodies: dict[str, str] = {}
    todo = [entry, *also]
    while todo:
        path = todo.pop()
        if path in bodies:
            continue
        file = root / path
        if not file.is_file():
            raise BundleError(f"{path}: no such module under {root}")
        module = _Module(path, file.read_text(encoding="utf-8"))
        bodies[path] = _Rewriter(module).body()
        todo.extend(module.deps)
    return bodies


_RUNTIME = """\
const __autoui_modules = new Map();
const __autoui_cache = new Map();
const __autoui_define = (ns, getters) => {
  for (const [name, get] of Object.entries(getters)) {
    Object.defineProperty(ns, name, { get, enumerable: true });
  }
};
const __autoui_star = (ns, from) => {
  for (const name of Object.keys(from)) {
    if (name !== "default" && !(name in ns)) {
      Object.defineProperty(ns, name, { get: () => from[name], enumerable: true });
    }
  }
};
const __autoui_url = (path) => {
  try {
    return new URL(__AUTOUI_BASE__ + path, document.baseURI).href;
  } catch {
    return __AUTOUI_BASE__ + path;  // a page without a base URL (about:blank)
  }
};
function __autoui_require(path) {
  const cached = __autoui_cache.get(path);
  if (cached) return cached.done ? cached.promise : cached.ns;
  const factory = __autoui_modules.get(path);
  if (!factory) return Promise.reject(new Error(`autoui bundle: no module ${path}`));
  const entry = { ns: Object.create(null), done: false };
  __autoui_cache.set(path, entry);
  entry.promise = factory(entry.ns).then(() => { entry.done = true; return entry.ns; });
  return entry.promise;
}
function __autoui_load(dir, spec) {
  const parts = [];
  for (const part of `${dir}/${spec}`.split("/")) {
    if (part === "..") parts.pop();
    else if (part && part !== ".") parts.push(part);
  }
  return Promise.resolve().then(() => __autoui_require(parts.join("/")));
}
"""


def bundle_modules(
    root: Path, entry: str, *, base: str = "static/", also: Sequence[str] = ()
) -> str:
    """One classic script that runs ``entry`` (and everything it imports) from ``root``.

    Args:
        root: the folder the module paths are relative to (``autoui/web``).
        entry: the entry module, e.g. ``"app.js"``.
        base: where the original modules would live relative to the page, for
            ``import.meta.url``.
        also: modules loaded on demand to include (see :func:`module_graph`).

    Raises:
        BundleError: a module uses a form this rewriter does not handle.
    """
    return join_modules(module_graph(root, entry, also), entry, base=base)


def join_modules(bodies: dict[str, str], entry: str, *, base: str = "static/") -> str:
    """The script of :func:`bundle_modules` from an already read :func:`module_graph`.

    For callers that also need the graph's paths (the server watches them for changes),
    so the modules are read and rewritten once.
    """
    parts = ['(() => {\n"use strict";', _RUNTIME.replace("__AUTOUI_BASE__", json.dumps(base))]
    for path, body in sorted(bodies.items()):
        parts.append(
            f"__autoui_modules.set({json.dumps(path)}, async (__exports) => {{\n{body}\n}});"
        )
    # Module scripts run once the document is parsed; a classic script may run earlier.
    parts.append(
        f"const __autoui_start = () => __autoui_require({json.dumps(entry)}).catch((err) => {{\n"
        "  console.error(err);\n"
        "  document.documentElement.setAttribute('data-autoui-error', String(err));\n"
        "});\n"
        'if (document.readyState === "loading") {\n'
        '  document.addEventListener("DOMContentLoaded", __autoui_start, { once: true });\n'
        "} else {\n  __autoui_start();\n}"
    )
    parts.append("})();")
    return "\n".join(parts) + "\n"


def join_as_module(root: Path, entry: str, *, also: Sequence[str] = ()) -> str:
    """One ES *module* exporting what ``entry`` exports, every module it needs inside.

    For a page on another origin, which imports one URL and cannot load the modules
    that would sit beside it: ``/api/client.js`` is the client with the live modules its
    ``stream()`` imports on demand (``also``). ``import.meta.url`` in a bundled module is
    the original module's URL beside the bundle's.
    """
    bodies = module_graph(root, entry, also)
    names = _exported_names((root / entry).read_text(encoding="utf-8"))
    runtime = _RUNTIME.replace("__AUTOUI_BASE__", json.dumps("../static/"))
    runtime = runtime.replace("document.baseURI", "import.meta.url")
    parts = [runtime]
    for path, body in sorted(bodies.items()):
        parts.append(
            f"__autoui_modules.set({json.dumps(path)}, async (__exports) => {{\n{body}\n}});"
        )
    parts.append(f"const __autoui_entry = await __autoui_require({json.dumps(entry)});")
    parts.append(f"export const {{ {', '.join(names)} }} = __autoui_entry;")
    return "\n".join(parts) + "\n"


def _exported_names(code: str) -> list[str]:
    names = [m["name"] for m in _EXPORT_DECL.finditer(code) if not m["default"]]
    for match in _EXPORT_LIST.finditer(code):
        names += [item.split()[-1] for item in match["names"].split(",") if item.split()]
    if "\nexport default" in code:
        raise BundleError("a module bundle cannot re-export a default export")
    return sorted(set(names))
