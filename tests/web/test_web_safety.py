"""The page's own defences, fed hostile input in Chromium: Markdown renderer and HTML sanitiser."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

SAMPLES = Path(__file__).resolve().parents[2] / "samples"

HOSTILE_HTML = [
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(2)><circle r=5 /></svg>",
    "<svg><animate attributeName=href values=javascript:alert(3) /><a><text>x</text></a></svg>",
    '<iframe srcdoc="<script>alert(4)</script>"></iframe>',
    '<a href=" javascript:alert(5)">link</a>',
    '<a href="jav&#x09;ascript:alert(6)">tab</a>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(7)></style></mglyph></table>",
    '<form action="javascript:alert(8)"><button>go</button></form>',
    '<object data="javascript:alert(9)"></object><embed src="javascript:alert(10)">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(11)">',
    "<details open ontoggle=alert(12)><summary>s</summary></details>",
    '<div style="background:url(javascript:alert(13))">styled</div>',
    "<template><img src=x onerror=alert(14)></template><noscript><img src=x onerror=alert(15)>",
    '<p>fine <b>bold</b> <a href="https://example.com/">ok</a></p>',
]

HOSTILE_MARKDOWN = [
    "<script>alert(1)</script>",
    "[click](javascript:alert(2))",
    '[x](https://ok.example/"onmouseover="alert(3))',
    "**<img src=x onerror=alert(4)>**",
    "`<b>code</b>` and ``<i>more</i>``",
    "# <svg onload=alert(5)>",
    "- <iframe src=javascript:alert(6)>\n- item",
    "> <a href=javascript:alert(7)>q</a>",
    "```\n</code></pre><img src=x onerror=alert(8)>\n```",
]


@pytest.fixture(scope="module")
def hello(launch: Any) -> Any:
    return launch(SAMPLES / "hello.py")


def render_all(page: Any, server: Any, module: str, function: str, inputs: list[str]) -> Any:
    """Render every input into a live <div> with the page's own code, then report what exists."""
    page.goto(server.url)
    page.wait_for_function("document.documentElement.dataset.ready === 'true'")
    return page.evaluate(
        f"""async inputs => {{
            const mod = await import("{server.url}/static/{module}");
            const report = [];
            const URLS = ["href", "src", "action", "data", "xlink:href", "formaction", "style"];
            const names = els => els.flatMap(e => e.getAttributeNames());
            for (const input of inputs) {{
                const box = document.createElement("div");
                const out = mod.{function}(input);
                if (typeof out === "string") box.innerHTML = out; else box.append(out);
                document.body.append(box);
                const els = [...box.querySelectorAll("*")];
                report.push({{
                    tags: [...new Set(els.map(e => e.tagName.toLowerCase()))],
                    handlers: names(els).filter(n => n.startsWith("on")),
                    urls: els.flatMap(e => URLS.map(a => e.getAttribute(a)).filter(Boolean)),
                    text: box.textContent,
                }});
            }}
            await new Promise(r => setTimeout(r, 500));
            return report;
        }}""",
        inputs,
    )


def test_sanitiser_strips_everything_that_runs(page: Any, hello: Any, watch: Any) -> None:
    report = render_all(page, hello, "sanitize.js", "sanitizeHtml", HOSTILE_HTML)
    assert watch.dialogs == [], "no alert() may fire"
    for source, result in zip(HOSTILE_HTML, report, strict=True):
        assert not result["handlers"], source
        assert not {"script", "iframe", "object", "embed", "form", "meta", "animate"} & set(
            result["tags"]
        ), source
        for url in result["urls"]:
            assert "javascript" not in url.replace("\t", "").lower(), (source, url)
    assert report[-1]["tags"] == ["p", "b", "a"], "harmless markup survives"


def test_markdown_escapes_raw_html(page: Any, hello: Any, watch: Any) -> None:
    report = render_all(page, hello, "markdown.js", "markdownToHtml", HOSTILE_MARKDOWN)
    assert watch.dialogs == []
    allowed = {"p", "h1", "strong", "em", "code", "pre", "ul", "ol", "li", "blockquote", "a"}
    for source, result in zip(HOSTILE_MARKDOWN, report, strict=True):
        assert set(result["tags"]) <= allowed, (source, result["tags"])
        assert not result["handlers"], source
        assert all(url.startswith("https://") for url in result["urls"]), (source, result["urls"])
    assert "<script>alert(1)</script>" in report[0]["text"], "raw HTML shows as text"
    assert report[4]["text"] == "<b>code</b> and <i>more</i>"
