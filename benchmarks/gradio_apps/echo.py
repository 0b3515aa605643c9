"""Gradio anchor app: echo, queue NOT serialized (default_concurrency_limit=None).

Run: PORT=7861 python echo.py   (binds 127.0.0.1 only)
Note: sync fns still run in Gradio's threadpool, capped by launch(max_threads=40) (Gradio default).
"""

import os

# No telemetry / version-check traffic: this machine may only talk to loopback.
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import gradio as gr


def echo(text: str) -> str:
    return text


demo = gr.Interface(fn=echo, inputs=gr.Textbox(), outputs=gr.Textbox(), api_name="echo")
demo.queue(default_concurrency_limit=None)

if __name__ == "__main__":
    demo.launch(server_name="127.0.0.1", server_port=int(os.environ["PORT"]))
