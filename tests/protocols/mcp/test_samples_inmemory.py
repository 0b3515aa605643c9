"""M1 + M3: every sample's tools, listed and called with the official SDK client in memory.

The schemas must be valid JSON Schema 2020-12, list exactly the required parameters, and
accept every docstring example; each function is called once with its first example (or
its components' example payloads) and must not fail. The client itself validates
structured results against the declared output schema.
"""

from __future__ import annotations

import base64
import datetime
import io
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from protocol_harness import SAMPLES

from autoui.introspect import load_app
from autoui.protocols.mcp.server import build_mcp_server
from autoui.server.settings import ServerSettings
from autoui.server.state import ServerState
from autoui.spec import AppSpec, FunctionSpec

mcp = pytest.importorskip("mcp")

SAMPLE_FILES = sorted(p.name for p in SAMPLES.glob("*.py"))


@asynccontextmanager
async def _client(spec: AppSpec, tmp_path: Path) -> AsyncIterator[Any]:
    state = ServerState(spec, ServerSettings(root_path=tmp_path))
    try:
        async with mcp.Client(build_mcp_server(state), raise_exceptions=True) as client:
            yield client
    finally:
        await state.aclose()


# Functions whose components' generic example payloads do not suit them.
_NEXT_MONTH = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
ARGUMENTS: dict[str, dict[str, Any]] = {
    "running_total": {"rows": [[1.5], [2.0]]},
    "place_order": {
        "order": {
            "size": "SMALL",
            "quantity": 2,
            "delivery": _NEXT_MONTH,
            "extra_cheese": True,
            "address": {"street": "1 Main St", "city": "Springfield"},
        }
    },
}


def _arguments(fn: FunctionSpec) -> dict[str, Any]:
    if fn.name in ARGUMENTS:
        return ARGUMENTS[fn.name]
    if fn.examples:
        return dict(fn.examples[0])
    return {
        p.name: p.component.example_payload()
        for p in fn.inputs
        if p.required and p.name != fn.progress_param
    }


@pytest.mark.parametrize("sample", SAMPLE_FILES)
async def test_every_sample_lists_valid_tools_and_answers(sample: str, tmp_path: Path) -> None:
    spec = load_app(str(SAMPLES / sample))
    async with _client(spec, tmp_path) as client:
        tools = {tool.name: tool for tool in (await client.list_tools()).tools}
        assert sorted(tools) == sorted(fn.name for fn in spec.functions)
        for fn in spec.functions:
            tool = tools[fn.name]
            schema = tool.input_schema
            jsonschema.Draft202012Validator.check_schema(schema)
            assert schema["type"] == "object" and schema["additionalProperties"] is False
            wanted = [p.name for p in fn.inputs if p.required and p.name != fn.progress_param]
            assert schema.get("required", []) == wanted
            assert fn.progress_param not in schema["properties"]
            for row in fn.examples:
                jsonschema.validate(row, schema, cls=jsonschema.Draft202012Validator)
            result = await client.call_tool(fn.name, _arguments(fn))
            assert not result.is_error, (fn.name, result.content)
            if tool.output_schema is not None:
                jsonschema.validate(result.structured_content, tool.output_schema)


async def test_text_number_and_label_results(tmp_path: Path) -> None:
    async with _client(load_app(str(SAMPLES / "hello.py")), tmp_path) as client:
        greeting = await client.call_tool("greet", {"name": "Ada", "excited": True})
        assert [block.text for block in greeting.content] == ["Hello, Ada!"]
        assert greeting.structured_content == {"output": "Hello, Ada!"}
    async with _client(load_app(str(SAMPLES / "calculator.py")), tmp_path) as client:
        product = await client.call_tool("calculate", {"a": 6, "op": "×", "b": 7})
        assert product.structured_content == {"output": 42}
        zero = await client.call_tool("calculate", {"a": 1, "op": "÷", "b": 0})
        assert zero.is_error and zero.content[0].text == "cannot divide by zero: pick another b"


def _png(colour: tuple[int, int, int]) -> str:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), colour).save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


async def test_image_in_label_out_and_image_out(tmp_path: Path) -> None:
    from PIL import Image

    async with _client(load_app(str(SAMPLES / "classifier.py")), tmp_path) as client:
        label = await client.call_tool("classify", {"image": _png((20, 60, 200))})
        scene = label.structured_content["output"]
        assert scene["label"] == "sky or sea"
        assert {c["label"] for c in scene["confidences"]} >= {"night", "sky or sea"}
    async with _client(load_app(str(SAMPLES / "sepia.py")), tmp_path) as client:
        toned = await client.call_tool("sepia", {"image": _png((0, 0, 255)), "strength": 1})
        images = [block for block in toned.content if block.type == "image"]
        assert len(images) == 1 and images[0].mime_type == "image/png"
        picture = Image.open(io.BytesIO(base64.b64decode(images[0].data)))
        assert picture.size == (8, 6)
        red, green, blue = picture.convert("RGB").getpixel((0, 0))
        assert red > green > blue  # blue turned sepia-brown
        assert toned.structured_content is None  # an image is content, not JSON


async def test_no_return_hint_answers_the_kind_each_value_was(tmp_path: Path) -> None:
    """An unhinted function's picture is an image block, its dict the dict, its text text."""
    from PIL import Image

    no_hints = Path(__file__).parents[2] / "fixtures" / "no_hints.py"
    async with _client(load_app(str(no_hints)), tmp_path) as client:
        tool = next(t for t in (await client.list_tools()).tools if t.name == "show")
        assert tool.output_schema is None  # the kind is known only once the value is
        picture = await client.call_tool("show", {"what": "picture"})
        [image] = [block for block in picture.content if block.type == "image"]
        pixel = Image.open(io.BytesIO(base64.b64decode(image.data))).convert("RGB").getpixel((0, 0))
        assert pixel == (200, 30, 30)
        stats = await client.call_tool("show", {"what": "stats"})
        assert [block.text for block in stats.content] == ['{"mean":2.5,"max":4.0}']
        text = await client.call_tool("show", {"what": "text"})
        assert [block.text for block in text.content] == ["hello"]



async def test_an_append_stream_answers_the_whole_text(tmp_path: Path) -> None:
    """``yield token``: the tool's result is the whole text, not the last token."""
    async with _client(load_app(str(SAMPLES / "tokens.py")), tmp_path) as client:
        words = "one two three four"
        result = await client.call_tool("reply", {"prompt": words, "delay": 0})
        assert [block.text for block in result.content] == [words]
        assert result.structured_content == {"output": words}
