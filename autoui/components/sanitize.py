"""Server-side HTML sanitising: an allowlist of tags, attributes and URL schemes.

A function's HTML output is parsed with the standard library's :mod:`html.parser` and
*re-serialised* from the parsed tokens: every text node is escaped again and every
kept attribute is re-quoted, so markup the parser saw differently from a browser
cannot smuggle anything through. What is not on the allowlist is dropped:

- tags outside :data:`ALLOWED_TAGS` lose their markup but keep their text, except
  :data:`DROPPED_WITH_CONTENT` (``script``, ``style``, ``iframe``, ``object``, forms, ...)
  whose content goes too;
- attributes outside :data:`ALLOWED_ATTRIBUTES` go, including every ``on*`` handler
  and ``style`` (CSS can exfiltrate through ``url(...)``);
- ``href``/``src`` keep only ``http``, ``https``, ``mailto``, relative URLs and
  ``data:image/...`` for images (never ``javascript:``, ``vbscript:`` or ``data:text/html``).
"""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser

__all__ = ["ALLOWED_ATTRIBUTES", "ALLOWED_TAGS", "DROPPED_WITH_CONTENT", "sanitize_html"]

ALLOWED_TAGS = frozenset(
    "a abbr b blockquote br caption code dd del details div dl dt em figcaption figure "
    "h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p pre q s samp small span strong sub "
    "summary sup table tbody td tfoot th thead tr u ul".split()
)
VOID_TAGS = frozenset({"br", "hr", "img"})
DROPPED_WITH_CONTENT = frozenset(
    "script style iframe frame frameset object embed applet form noscript template "
    "textarea select option button input math svg title head base link meta".split()
)
# No "id"/"name": they would let output markup clobber globals of the page (DOM clobbering).
_GLOBAL_ATTRIBUTES = frozenset({"title", "class", "lang", "dir"})
ALLOWED_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "target"}),
    "img": frozenset({"src", "alt", "width", "height"}),
    "td": frozenset({"colspan", "rowspan", "align"}),
    "th": frozenset({"colspan", "rowspan", "align", "scope"}),
    "ol": frozenset({"start", "type"}),
    "details": frozenset({"open"}),
    "abbr": frozenset({"title"}),
    "q": frozenset({"cite"}),
    "blockquote": frozenset({"cite"}),
}
_URL_ATTRIBUTES = frozenset({"href", "src", "cite"})
_SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
# Browsers ignore these anywhere in a URL, so "java\tscript:" must be read as "javascript:".
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]+")
_DATA_IMAGE = re.compile(r"^data:image/(png|jpeg|gif|webp|bmp);base64,", re.IGNORECASE)


def sanitize_html(text: str) -> str:
    """``text`` with everything outside the allowlist removed; safe to insert as HTML."""
    parser = _Sanitizer()
    parser.feed(text)
    parser.close()
    return parser.result()


def _safe_url(tag: str, value: str) -> bool:
    url = _IGNORED_IN_URL.sub("", value)
    if tag == "img" and _DATA_IMAGE.match(url):
        return True
    match = _SCHEME.match(url)
    return match is None or match.group(1).lower() in _SAFE_SCHEMES


class _Sanitizer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._out: list[str] = []
        self._open: list[str] = []
        self._dropping: list[str] = []

    def result(self) -> str:
        return "".join(self._out) + "".join(f"</{tag}>" for tag in reversed(self._open))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._dropping:
            if tag in DROPPED_WITH_CONTENT and tag not in VOID_TAGS:
                self._dropping.append(tag)
            return
        if tag in DROPPED_WITH_CONTENT:
            if tag not in {"input", "base", "link", "meta"}:
                self._dropping.append(tag)
            return
        if tag not in ALLOWED_TAGS:
            return
        self._out.append(f"<{tag}{self._attributes(tag, attrs)}>")
        if tag not in VOID_TAGS:
            self._open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID_TAGS or tag not in ALLOWED_TAGS:
            self.handle_starttag(tag, attrs)
        else:  # "<b/>" is an open tag in HTML; close it at once to keep nesting sane
            self.handle_starttag(tag, attrs)
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._dropping:
            if tag == self._dropping[-1]:
                self._dropping.pop()
            return
        if tag not in self._open:
            return
        while self._open:  # close anything left open inside it, as browsers do
            inner = self._open.pop()
            self._out.append(f"</{inner}>")
            if inner == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self._dropping:
            self._out.append(escape(data, quote=False))

    def _attributes(self, tag: str, attrs: list[tuple[str, str | None]]) -> str:
        allowed = ALLOWED_ATTRIBUTES.get(tag, frozenset()) | _GLOBAL_ATTRIBUTES
        kept: list[str] = []
        for name, value in attrs:
            if name not in allowed:
                continue
            text = value or ""
            if name in _URL_ATTRIBUTES and not _safe_url(tag, text):
                continue
            kept.append(f' {name}="{escape(text, quote=True)}"')
        if tag == "a" and any(name == "target" for name, _ in attrs):
            kept.append(' rel="noopener noreferrer"')
        return "".join(kept)
