"""The limit for a live input on this machine: the same work as ``stream_apps.py`` over a
bare WebSocket, with no queue, no job, no policy and no events — what the machine and
the libraries cost, so autoui's own share can be told from the machine's.

- ``WS /ws/flip``: each binary message is a JPEG; it is decoded, flipped and encoded
  again in a worker thread (as a sync generator's item is) and sent back the way autoui
  sends a media output (a 4-byte header length, an empty header, the JPEG bytes);
- ``WS /ws/hear``: each binary message is int16 PCM; the samples counted so far come
  back as ``{"type": "output", "data": {"data": ["<count>"]}}`` at once.

A text ``{"type": "end"}`` ends either with ``{"type": "complete"}``.

    PORT=7872 python bare_stream_app.py   (uvicorn with websockets-sansio, no deflate)
"""

from __future__ import annotations

import asyncio
import io
import json
import os

import numpy as np
import uvicorn
from PIL import Image
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket

COMPLETE = json.dumps({"type": "complete"})


def flipped(jpeg: bytes) -> bytes:
    frame = np.asarray(Image.open(io.BytesIO(jpeg)).convert("RGB"))[::-1]
    out = io.BytesIO()
    Image.fromarray(frame).save(out, "JPEG")
    return (0).to_bytes(4, "big") + out.getvalue()


async def flip(websocket: WebSocket) -> None:
    await websocket.accept()
    while True:
        message = await websocket.receive()
        if message.get("bytes") is not None:
            await websocket.send_bytes(await asyncio.to_thread(flipped, message["bytes"]))
        elif message["type"] == "websocket.disconnect" or message.get("text"):
            break
    await websocket.send_text(COMPLETE)
    await websocket.close()


async def hear(websocket: WebSocket) -> None:
    await websocket.accept()
    total = 0
    while True:
        message = await websocket.receive()
        if message.get("bytes") is not None:
            total += len(message["bytes"]) // 2
            body = {"type": "output", "data": {"data": [str(total)]}}
            await websocket.send_text(json.dumps(body))
        elif message["type"] == "websocket.disconnect" or message.get("text"):
            break
    await websocket.send_text(COMPLETE)
    await websocket.close()


async def ready(request: object) -> JSONResponse:
    return JSONResponse({"functions": ["flip", "hear"]})


app = Starlette(
    routes=[
        Route("/api/spec", ready),
        WebSocketRoute("/ws/flip", flip),
        WebSocketRoute("/ws/hear", hear),
    ]
)

if __name__ == "__main__":
    uvicorn.run(
        app, host="127.0.0.1", port=int(os.environ["PORT"]), log_level="warning",
        ws="websockets-sansio", ws_per_message_deflate=False,
    )  # fmt: skip
