"""The limit for autoui's two-request job protocol on this machine: the same HTTP shape as
DESIGN.md (POST /api/<fn>/jobs, then GET /api/jobs/<id>/events as SSE) with no queue, no
validation and no components — just a dict of finished results. Functions: echo, count, upper.

    PORT=7870 python bare_app.py      (needs fastapi + uvicorn)

Copied from the shared bench kit; only change: ``count`` streams strings ("0".."19"), as the
autoui and Gradio twins do, so loadgen's in-order check applies to all three servers.
"""

import asyncio
import json
import os
import uuid
from collections.abc import AsyncIterator
from typing import Any

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, StreamingResponse

app = FastAPI()
results: dict[str, tuple[str, list[Any]]] = {}


@app.get("/api/spec")
async def spec() -> dict[str, list[dict[str, str]]]:
    return {"functions": [{"name": n} for n in ("echo", "count", "upper")]}


@app.post("/api/{fn}/jobs", status_code=202)
async def submit(fn: str, request: Request) -> JSONResponse:
    data = (await request.json())["data"]
    job_id = uuid.uuid4().hex
    results[job_id] = (fn, data)
    return JSONResponse({"job_id": job_id, "position": 0}, status_code=202)


@app.get("/api/jobs/{job_id}/events")
async def events(job_id: str) -> StreamingResponse:
    fn, data = results.pop(job_id)

    async def stream() -> AsyncIterator[str]:
        yield "event: started\ndata: {}\n\n"
        if fn == "count":
            for i in range(20):
                yield f"event: output\ndata: {json.dumps({'data': [str(i)]})}\n\n"
                await asyncio.sleep(0)
            out: list[Any] = [str(i)]
        elif fn == "upper":
            out = [str(data[0]).upper()]
        else:
            out = list(data)
        yield f"event: complete\ndata: {json.dumps({'data': out})}\n\n"

    return StreamingResponse(stream(), media_type="text/event-stream")


if __name__ == "__main__":
    uvicorn.run(
        app, host="127.0.0.1", port=int(os.environ.get("PORT", "7870")), log_level="warning"
    )
