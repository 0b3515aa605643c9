"""The README's live-input section: its snippet runs and says what autoui infers."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from autoui.introspect import introspect

README = Path(__file__).resolve().parents[2] / "README.md"


def section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("## Live inputs")
    return text[start : text.index("\n## ", start + 5)]


def test_the_snippet_defines_three_live_functions() -> None:
    code = re.search(r"```python\n(.*?)```", section(), re.S).group(1)  # type: ignore[union-attr]
    scope: dict[str, Any] = {}
    exec(compile(code, "README.md", "exec"), scope)  # noqa: S102 - the README's own code
    live = {name: introspect(scope[name]).to_json()["streaming_input"]
            for name in ("transcribe", "count_keys", "detect")}  # fmt: skip
    assert live["transcribe"]["kind"] == "audio" and live["transcribe"]["rate"] == 16000
    assert (live["count_keys"]["rate"], live["count_keys"]["chunk_ms"]) == (8000, 20)
    assert live["detect"]["kind"] == "video" and live["detect"]["fps"] == 15
    assert introspect(scope["transcribe"]).input("language").component.kind == "textbox"


def test_the_documented_flags_and_defaults_exist() -> None:
    from autoui.server.settings import ServerSettings

    text = section()
    settings = ServerSettings()
    assert "--stream-time-limit` (default 300 s)" in text and settings.stream_time_limit == 300
    assert "--stream-idle-timeout` (default\n  30 s" in text and settings.stream_idle_timeout == 30
