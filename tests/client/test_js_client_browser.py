"""The JavaScript client (``/api/client.js``) in headless Chromium, against a real server."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser

CALLS = """
async (base) => {
  const { connect, ClientError } = await import(base + "/api/client.js");
  const client = connect(base);
  const out = {};
  out.functions = (await client.spec()).functions.map((f) => f.name);
  out.echo = await client.predict("echo", { text: "héllo" });
  out.positional = await client.predict("echo", ["by position"]);
  const job = await client.submit("count", { n: 3, delay: 0.01 });
  out.events = [];
  for await (const event of job) out.events.push([event.type, event.data]);
  try {
    await client.predict("next_day", { day: "nope" });
  } catch (err) {
    out.invalid = [err instanceof ClientError, err.status, err.param, err.message];
  }
  try {
    await client.predict("fail", { reason: "no face found" });
  } catch (err) {
    out.failed = [err instanceof ClientError, err.type, err.message];
  }
  try {
    await client.predict("ecko", { text: "x" });
  } catch (err) {
    out.unknown = [err.status, err.message];
  }
  return out;
}
"""

FILES = """
async (base) => {
  const { connect } = await import(base + "/api/client.js");
  const client = connect(base);
  const uploaded = await client.upload(new File(["quiet words"], "q.txt", { type: "text/plain" }));
  const [loud, size] = await client.predict("shout", { doc: { id: uploaded.id } });
  const text = await (await fetch(client.url(loud.url))).text();
  const canvas = document.createElement("canvas");
  canvas.width = 3; canvas.height = 2;
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "rgb(10, 20, 30)"; ctx.fillRect(0, 0, 3, 2);
  const [image] = await client.predict("invert", { image: canvas.toDataURL("image/png") });
  const bitmap = await createImageBitmap(await (await fetch(client.url(image.url))).blob());
  const probe = new OffscreenCanvas(bitmap.width, bitmap.height).getContext("2d");
  probe.drawImage(bitmap, 0, 0);
  const pixel = Array.from(probe.getImageData(0, 0, 1, 1).data);
  return { uploaded, loud, text, size, image, pixel };
}
"""

CANCEL = """
async (base) => {
  const { connect } = await import(base + "/api/client.js");
  const client = connect(base);
  const job = await client.submit("count", { n: 200, delay: 0.05 });
  const seen = [];
  for await (const event of job) {
    seen.push(event.type);
    const outputs = seen.filter((t) => t === "output").length;
    if (event.type === "output" && outputs === 1) await job.cancel();
  }
  return seen;
}
"""


def open_blank(page: Any, base: str) -> None:
    page.goto(base + "/health")  # any page of the server's origin


def test_predict_submit_and_errors(page: Any, demo_url: str) -> None:
    open_blank(page, demo_url)
    out = page.evaluate(CALLS, demo_url)
    assert {"echo", "count", "invert", "shout"} <= set(out["functions"])
    assert out["echo"] == ["héllo"] and out["positional"] == ["by position"]
    kinds = [kind for kind, _ in out["events"]]
    assert kinds[-1] == "complete" and kinds.count("output") == 3 and "progress" in kinds
    assert [data["data"] for kind, data in out["events"] if kind == "output"] == [[1], [2], [3]]
    assert ["alert", {"level": "info", "message": "counting"}] in out["events"]
    assert out["invalid"][:3] == [True, 422, "day"] and "date" in out["invalid"][3]
    assert out["failed"] == [True, "Error", "no face found"]
    assert out["unknown"][0] == 404 and "echo" in out["unknown"][1]


def test_files_both_ways(page: Any, demo_url: str) -> None:
    open_blank(page, demo_url)
    out = page.evaluate(FILES, demo_url)
    assert out["uploaded"]["name"] == "q.txt" and out["uploaded"]["size"] == 11
    assert out["text"] == "QUIET WORDS" and out["size"] == 11
    assert out["image"]["mime_type"] == "image/png"
    assert out["pixel"] == [245, 235, 225, 255]


def test_cancel_stops_a_generator(page: Any, demo_url: str) -> None:
    open_blank(page, demo_url)
    seen = page.evaluate(CANCEL, demo_url)
    assert seen[-1] == "cancelled"
    assert 1 <= seen.count("output") < 200
