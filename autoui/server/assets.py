"""The web UI's files, answered from memory: gzipped once, with strong ETags.

Starlette's ``StaticFiles`` reads a file on every request and neither compresses it nor
says how long a browser may keep it. The UI is a few dozen small text files, so each is
read, hashed and gzipped once (:class:`FileAssets`) and then answered from memory
(:meth:`Asset.respond`):

- the gzip form when the request's ``Accept-Encoding`` allows it, with
  ``Vary: Accept-Encoding`` so caches keep both forms apart;
- a strong ``ETag`` from the bytes (``"<sha256>"``, ``"<sha256>-gz"`` for the gzip form),
  and ``304 Not Modified`` when ``If-None-Match`` names either;
- ``Cache-Control: no-cache`` (keep it, but revalidate), or a year and ``immutable``
  for the bundle at its content-hashed URL.

A file is read again when its size or mtime changes, so edits to ``autoui/web`` show on
reload without restarting the server. The page's JavaScript is one script
(:class:`PageBundle`, made by :mod:`autoui.export.bundler` at the first request) instead of
~45 modules. Only these assets are compressed: API and SSE responses never pass here.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import re
import stat
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from autoui.export.bundler import BundleError, join_as_module, join_modules, module_graph

if TYPE_CHECKING:  # pragma: no cover
    from starlette.requests import Request
    from starlette.responses import Response

__all__ = [
    "BUNDLE_NAME",
    "NO_CACHE",
    "Asset",
    "FileAssets",
    "PageBundle",
    "accepts_gzip",
    "bundled_page",
    "immutable",
    "web_file",
]

BUNDLE_NAME = "autoui.bundle.js"
NO_CACHE = "no-cache"
_MEDIA_TYPES = {
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".css": "text/css",
    ".html": "text/html",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".txt": "text/plain",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
}
_COMPRESSIBLE = frozenset(
    {"text/javascript", "text/css", "text/html", "application/json", "image/svg+xml", "text/plain"}
)
_MIN_GZIP = 256  # smaller bodies gain less than the header costs
_PRELOAD_RE = re.compile(r'^[ \t]*<link rel="modulepreload"[^>]*>\n?', re.M)
_MODULE_TAG = '<script type="module" src="static/app.js"></script>'
_log = logging.getLogger("autoui.server")


def media_type_of(path: Path) -> str:
    return _MEDIA_TYPES.get(path.suffix.lower(), "application/octet-stream")


def immutable(private: bool) -> str:
    """``Cache-Control`` for a content-hashed URL; ``private`` behind a login."""
    return f"{'private' if private else 'public'}, max-age=31536000, immutable"


def accepts_gzip(accept_encoding: str) -> bool:
    """Whether an ``Accept-Encoding`` header allows gzip (``gzip;q=0`` refuses it)."""
    allowed: dict[str, bool] = {}
    for item in accept_encoding.lower().split(","):
        coding, _, params = item.partition(";")
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        allowed[coding.strip()] = quality > 0
    for coding in ("gzip", "x-gzip", "*"):
        if coding in allowed:
            return allowed[coding]
    return False


@dataclass(frozen=True)
class Asset:
    """One file's bytes, their gzip form (when worth it) and their digest."""

    body: bytes
    media_type: str
    digest: str
    gzipped: bytes | None = None

    @classmethod
    def of(cls, body: bytes, media_type: str) -> Asset:
        """Hash and (for text) gzip ``body`` once, at level 9: it is served many times."""
        digest = hashlib.sha256(body).hexdigest()[:32]
        packed = None
        if media_type in _COMPRESSIBLE and len(body) >= _MIN_GZIP:
            packed = gzip.compress(body, compresslevel=9, mtime=0)
            packed = packed if len(packed) < len(body) else None
        return cls(body, media_type, digest, packed)

    def respond(
        self, request: Request, cache_control: str = NO_CACHE, etag: bool = True
    ) -> Response:
        """The answer to ``request``: gzip if accepted, 304 if its ETag is current."""
        from starlette.responses import Response

        accepted = accepts_gzip(request.headers.get("accept-encoding", ""))
        packed = self.gzipped is not None and accepted
        headers = {"Cache-Control": cache_control}
        if self.gzipped is not None:
            headers["Vary"] = "Accept-Encoding"
        if etag:
            headers["ETag"] = f'"{self.digest}-gz"' if packed else f'"{self.digest}"'
            if self._matches(request.headers.get("if-none-match")):
                return Response(status_code=304, headers=headers)
        if packed:
            headers["Content-Encoding"] = "gzip"
        body = self.gzipped if packed and self.gzipped is not None else self.body
        return Response(body, media_type=self.media_type, headers=headers)

    def _matches(self, if_none_match: str | None) -> bool:
        if not if_none_match:
            return False
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return bool(tags & {"*", f'"{self.digest}"', f'"{self.digest}-gz"'})


def _stamp(path: Path) -> tuple[int, int] | None:
    """``(mtime_ns, size)`` of a regular file; None when it is not one."""
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size) if stat.S_ISREG(info.st_mode) else None


class FileAssets:
    """Files read once and kept in memory; read again when their size or mtime changes.

    Only called on the event loop, with paths the caller vetted (:func:`web_file`, the
    ``--css`` / ``--js`` files), so the cache holds at most the UI's own files.
    """

    def __init__(self) -> None:
        self._cache: dict[Path, tuple[tuple[int, int], Asset]] = {}

    def get(self, path: Path, media_type: str | None = None) -> Asset | None:
        stamp = _stamp(path)
        if stamp is None:
            return None
        cached = self._cache.get(path)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        try:
            body = path.read_bytes()
        except OSError:
            return None
        asset = Asset.of(body, media_type or media_type_of(path))
        self._cache[path] = (stamp, asset)
        return asset


def web_file(root: Path, relative: str) -> Path | None:
    """``root/relative`` when it names a file inside ``root``; None for anything else.

    Refuses traversal (``..``, absolute paths, backslashes, NUL), hidden files and
    symlinks leading out of ``root``, all alike, so a 404 says nothing about what exists.
    """
    parts = relative.split("/")
    if "\\" in relative or "\0" in relative or any(not p or p.startswith(".") for p in parts):
        return None
    try:
        path = root.joinpath(*parts).resolve(strict=True)
        inside = path.is_relative_to(root.resolve())
    except (OSError, RuntimeError):
        return None
    return path if inside and path.is_file() else None


def bundled_page(page: str, script_url: str) -> str | None:
    """``index.html`` loading the one bundle instead of its modules (None: not that page)."""
    if _MODULE_TAG not in page:
        return None
    page = _PRELOAD_RE.sub("", page)
    return page.replace(_MODULE_TAG, f'<script type="module" src="{script_url}"></script>')


class PageBundle:
    """The UI's modules (``entry`` under ``root`` and all it imports) as one script.

    :meth:`current` builds it at first use — every module read and rewritten once
    (:mod:`autoui.export.bundler`), the result gzipped once — and answers from memory after
    that; at most once a second it looks whether a ``.js`` file under ``root`` changed
    and rebuilds if one did. It may block for tens of milliseconds: call it off the
    event loop. ``None`` means the modules cannot be bundled; the page then loads them
    one by one, and the reason is logged once per change.
    """

    CHECK_EVERY = 1.0

    def __init__(
        self,
        root: Path,
        entry: str = "app.js",
        also: tuple[str, ...] = (),
        *,
        module: bool = False,
    ) -> None:
        self.root = root
        self.entry = entry
        self.also = also  # modules the page imports on demand (the live inputs')
        self.module = module  # an ES module exporting the entry's names (/api/client.js)
        self._lock = threading.Lock()
        self._built = False
        self._asset: Asset | None = None
        self._sources: dict[Path, tuple[int, int] | None] = {}
        self._checked = 0.0

    def current(self) -> Asset | None:
        with self._lock:
            if not self._built or self._changed():
                self._build()
            return self._asset

    def _snapshot(self) -> dict[Path, tuple[int, int] | None]:
        return {path: _stamp(path) for path in sorted(self.root.rglob("*.js"))}

    def _changed(self) -> bool:
        now = time.monotonic()
        if now - self._checked < self.CHECK_EVERY:
            return False
        self._checked = now
        return self._snapshot() != self._sources

    def _build(self) -> None:
        self._built, self._checked = True, time.monotonic()
        self._sources = self._snapshot()  # before reading: a change while building shows
        try:
            if self.module:
                script = join_as_module(self.root, self.entry, also=self.also)
            else:
                script = join_modules(module_graph(self.root, self.entry, self.also), self.entry)
        except (BundleError, OSError, UnicodeDecodeError) as exc:
            _log.warning("serving the web UI as separate modules: cannot bundle them (%s)", exc)
            self._asset = None
            return
        self._asset = Asset.of(script.encode("utf-8"), "text/javascript")
