"""Gradio anchor app: batched fn (batch=True, max_batch_size=16), 0.5 s per batch,
returns inputs upper-cased. api_name "upper".

Run: PORT=7864 python batch.py   (binds 127.0.0.1 only)
Default concurrency (1) so that waiting calls are gathered into batches.
"""

import os
import time

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import gradio as gr

BATCH_SIZES: list[int] = []  # observed batch sizes, printed to the server log


def upper(texts: list[str]) -> tuple[list[str]]:
    BATCH_SIZES.append(len(texts))
    print(f"batch size={len(texts)}", flush=True)
    time.sleep(0.5)
    return ([t.upper() for t in texts],)


demo = gr.Interface(
    fn=upper,
    inputs=gr.Textbox(),
    outputs=gr.Textbox(),
    api_name="upper",
    batch=True,
    max_batch_size=16,
)

if __name__ == "__main__":
    demo.launch(server_name="127.0.0.1", server_port=int(os.environ["PORT"]))
