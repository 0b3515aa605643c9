"""Gradio anchor app for the live-input benchmark: ``benchmarks/stream_apps.py`` as
``.stream()`` events (issue 11).

The same three functions, written the Gradio way: a function is called once per chunk
(the latest one wins), and what an autoui generator keeps in a local variable travels
through ``gr.State``:

- ``flip``: ``gr.Image(sources=["webcam"], streaming=True)`` → the frame upside down,
  as a JPEG ``gr.Image`` (each output is a file the page then fetches);
- ``hear``: ``gr.Audio(sources=["microphone"], streaming=True)`` → the number of
  samples heard so far (each chunk is uploaded as a WAV file, as the page does);
- ``slow_hear``: ``hear`` after 150 ms of work per call (slower than real time).

Run: PORT=7863 python live.py   (binds 127.0.0.1 only)
"""

import os
import time

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import gradio as gr
import numpy as np

LIMIT = 600  # seconds a stream may last (Gradio's own default for a live Interface: 30)


def flip(frame: np.ndarray) -> np.ndarray:
    return frame[::-1]


def hear(chunk: tuple[int, np.ndarray], total: int) -> tuple[str, int]:
    total = (total or 0) + len(chunk[1])
    return str(total), total


def slow_hear(chunk: tuple[int, np.ndarray], total: int) -> tuple[str, int]:
    time.sleep(0.15)
    return hear(chunk, total)


with gr.Blocks() as demo:
    camera = gr.Image(sources=["webcam"], streaming=True, type="numpy")
    flipped = gr.Image(format="jpeg")
    camera.stream(flip, camera, flipped, stream_every=1 / 30, time_limit=LIMIT, api_name="flip")
    for name, fn in (("hear", hear), ("slow_hear", slow_hear)):
        microphone = gr.Audio(sources=["microphone"], streaming=True, type="numpy")
        total = gr.State(0)
        heard = gr.Textbox()
        microphone.stream(
            fn, [microphone, total], [heard, total], stream_every=0.1, time_limit=LIMIT,
            api_name=name,
        )

demo.queue(default_concurrency_limit=None)

if __name__ == "__main__":
    demo.launch(server_name="127.0.0.1", server_port=int(os.environ["PORT"]))
