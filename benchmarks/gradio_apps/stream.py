"""Gradio anchor app: generator yielding 20 integers, no sleep. api_name "count".

Run: PORT=7863 python stream.py   (binds 127.0.0.1 only)
"""

import os
from collections.abc import Iterator

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import gradio as gr


def count(text: str) -> Iterator[str]:
    for i in range(20):
        yield str(i)


demo = gr.Interface(fn=count, inputs=gr.Textbox(), outputs=gr.Textbox(), api_name="count")
demo.queue(default_concurrency_limit=None)

if __name__ == "__main__":
    demo.launch(server_name="127.0.0.1", server_port=int(os.environ["PORT"]))
