"""The README's "Web app" snippets, run for real: ``--css``, ``--js`` and the JS client."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"


def web_app_blocks(language: str) -> list[str]:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Web app\n") : text.index("\n## ", text.index("## Web app\n") + 1)]
    blocks = re.findall(rf"^( *)```{language}\n(.*?)^\1```", section, re.M | re.S)
    return [re.sub(rf"^{indent}", "", body, flags=re.M) for indent, body in blocks]


@pytest.fixture(scope="module")
def servers(launch: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp("custom")
    css, js = folder / "custom.css", folder / "custom.js"
    css.write_text(web_app_blocks("css")[0], encoding="utf-8")
    js.write_text(web_app_blocks("js")[0], encoding="utf-8")
    hello = ROOT / "samples" / "hello.py"
    return launch.many({"custom": (hello, "--css", str(css), "--js", str(js)), "plain": (hello,)})


def test_css_file_overrides_theme_properties(open_app: Any, servers: Any) -> None:
    page = open_app(servers["custom"])
    submit = page.get_by_role("button", name="Submit")
    assert submit.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(217, 72, 15)"
    assert submit.evaluate("b => getComputedStyle(b).borderTopLeftRadius") == "4px"


def test_js_module_registers_a_renderer(page: Any, servers: Any) -> None:
    logs: list[str] = []
    page.on("console", lambda message: logs.append(message.text))
    page.goto(servers["custom"].url)
    page.wait_for_function("document.documentElement.dataset.ready === 'true'")
    page.get_by_label("Name").fill("Ada")
    page.get_by_label("Name").press("Enter")
    page.locator("[data-output] .text-out", has_text="HELLO, ADA.").wait_for()
    assert "functions: 1" in logs


def test_plain_server_has_no_custom_assets(open_app: Any, servers: Any) -> None:
    page = open_app(servers["plain"])
    assert page.locator("link[href='custom.css'], script[src='custom.js']").count() == 0


def test_js_client_snippet(page: Any, servers: Any) -> None:
    url = servers["plain"].url + "/"
    code = web_app_blocks("js")[1].replace("http://127.0.0.1:7860/", url)
    code = re.sub(
        r'^import \{ (\w+) \} from "([^"]+)";', r'const { \1 } = await import("\2");', code
    )
    logs: list[str] = []
    page.on("console", lambda message: logs.append(message.text) if message.type == "log" else None)
    page.goto(url + "api/spec")
    page.evaluate(f"async () => {{ {code} }}")
    assert logs[0] == "Hello, Ada!"
    assert [line.split()[0] for line in logs[1:-1]] == ["started", "complete"]
    assert '"Hello, Grace."' in logs[-2]
    assert logs[-1] == "notes.txt 9"
