"""Append mode in the web UI (``samples/tokens.py``): the reply grows in place, token by token."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import ROOT

pytestmark = pytest.mark.browser

WORDS = "alpha beta gamma delta epsilon zeta eta theta iota kappa"
RECORD_TEXT = """sel => {
  window.__seen = [];
  const el = document.querySelector(sel);
  new MutationObserver(() => window.__seen.push(el.textContent))
    .observe(el, {childList: true, characterData: true, subtree: true});
}"""


@pytest.fixture(scope="module")
def server(launch: Any) -> Any:
    return launch(ROOT / "samples" / "tokens.py")


def test_the_reply_grows_in_place_and_ends_whole(open_app: Any, server: Any) -> None:
    page = open_app(server)
    page.get_by_label("Prompt").fill(WORDS)
    page.get_by_label("Delay").fill("0.05")
    page.evaluate(RECORD_TEXT, "[data-output='output'] .markdown-out")
    page.get_by_role("button", name="Submit").click()
    page.locator(".job-status[data-state='complete']").wait_for()
    out = page.locator("[data-output='output'] .markdown-out")
    assert " ".join(out.text_content().split()) == WORDS
    seen = [" ".join(s.split()) for s in page.evaluate("window.__seen")]
    seen = [s for s in seen if s]
    assert len(set(seen)) >= 4, f"each token should show as it arrives, saw {seen}"
    assert all(WORDS.startswith(s) for s in seen), f"every state is the text so far: {seen}"
    assert seen[0] == "alpha"
