"""Gradio anchor app: slow(x) sleeps 0.2 s, concurrency 1 (queue fairness / limit behaviour).
api_name "slow".

Run: PORT=7865 python slow.py   (binds 127.0.0.1 only)
"""

import os
import time

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import gradio as gr


def slow(x: str) -> str:
    time.sleep(0.2)
    return x


demo = gr.Interface(
    fn=slow, inputs=gr.Textbox(), outputs=gr.Textbox(), api_name="slow", concurrency_limit=1
)

if __name__ == "__main__":
    demo.launch(server_name="127.0.0.1", server_port=int(os.environ["PORT"]))
