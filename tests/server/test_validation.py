"""Bad input is a 422 naming the parameter, for every input component kind; nothing runs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from server_harness import HERE, asgi_client

from autoui.introspect import load_app
from autoui.server import ServerSettings, create_app
from autoui.spec import AppSpec

BAD: dict[str, tuple[Any, str]] = {
    "k_textbox": ({"words": 3}, "words"),
    "k_number": ({"amount": "abc"}, "amount"),
    "k_slider": ({"level": 99}, "level"),
    "k_checkbox": ({"flag": "maybe"}, "flag"),
    "k_dropdown": ({"letter": "z"}, "letter"),
    "k_radio": ({"side": "up"}, "side"),
    "k_checkbox_group": ({"picks": ["q"]}, "picks"),
    "k_date": ({"day": "not a date"}, "day"),
    "k_datetime": ({"moment": "yesterday"}, "moment"),
    "k_time": ({"clock": "25:99"}, "clock"),
    "k_color": ({"shade": "blue?"}, "shade"),
    "k_file": ({"document": {"id": "no-such-upload"}}, "document"),
    "k_files": ({"documents": [{"id": "no-such-upload"}]}, "documents"),
    "k_image": ({"picture": "data:image/png;base64,@@@"}, "picture"),
    "k_audio": ({"sound": {"id": "no-such-upload"}}, "sound"),
    "k_video": ({"clip": 12}, "clip"),
    "k_dataframe": ({"table": "not a table"}, "table"),
    "k_json": ({"settings": {"a": "x"}}, "settings"),
    "k_chat": ({"message": "hi", "history": "nope"}, "history"),
    "k_form": ({"order": {"item": "pen", "qty": "many"}}, "order.qty"),
    "k_markdown": ({"notes": ["not", "text"]}, "notes"),
    "k_code": ({"source": 5}, "source"),
}



@pytest.fixture(scope="module")
def spec() -> AppSpec:
    return load_app(str(HERE / "fns_kinds.py"))


@pytest.fixture
async def api(
    spec: AppSpec, marker_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[httpx.AsyncClient]:
    monkeypatch.setenv("AUTOUI_TEST_MARKERS", str(marker_dir))
    async with asgi_client(create_app(spec, ServerSettings())) as client:
        yield client


async def test_every_component_kind_is_covered(api: httpx.AsyncClient) -> None:
    spec = (await api.get("/api/spec")).json()
    covered = {inp["component"] for fn in spec["functions"] for inp in fn["inputs"]}
    assert covered >= {
        "textbox", "number", "slider", "checkbox", "dropdown", "radio", "checkbox_group",
        "date", "datetime", "time", "color", "file", "files", "image", "audio", "video",
        "dataframe", "json", "chat", "form", "markdown", "code",
    }  # fmt: skip
    assert {fn["name"] for fn in spec["functions"]} == set(BAD)


@pytest.mark.parametrize("fn", sorted(BAD))
async def test_bad_input_is_a_422_naming_the_parameter(
    api: httpx.AsyncClient, marker_dir: Path, fn: str
) -> None:
    data, param = BAD[fn]
    for route in (f"/api/{fn}/jobs", f"/api/{fn}"):
        answer = await api.post(route, json={"data": data})
        assert answer.status_code == 422, answer.text
        body = answer.json()
        assert body["param"] == param
        assert body["error"].startswith(f"{param}: ")
        assert body["detail"][0]["loc"] == ["body", "data", param]
        assert body["detail"][0]["msg"] and "Traceback" not in answer.text
    assert not (marker_dir / f"{fn}.called").exists()


async def test_malformed_bodies(api: httpx.AsyncClient) -> None:
    answer = await api.post(
        "/api/k_number/jobs", content=b"{not json", headers={"content-type": "x"}
    )
    assert answer.status_code == 400 and "not valid JSON" in answer.json()["error"]
    answer = await api.post("/api/k_number/jobs", json={"wrong": 1})
    assert answer.status_code == 422 and '{"data"' in answer.json()["error"]
    answer = await api.post("/api/k_number/jobs", json={"data": {"amount": 1, "other": 2}})
    assert answer.status_code == 422 and answer.json()["param"] == "other"
    answer = await api.post("/api/k_number/jobs", json={"data": {}})
    assert answer.status_code == 422 and answer.json()["param"] == "amount"
    answer = await api.post("/api/k_number/jobs", json={"data": [1, 2, 3]})
    assert answer.status_code == 422 and "too many values" in answer.json()["error"]
