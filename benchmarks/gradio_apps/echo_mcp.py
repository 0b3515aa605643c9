"""Gradio anchor app: echo, served as an MCP tool too (``launch(mcp_server=True)``).

Run: PORT=7861 python echo_mcp.py   (binds 127.0.0.1 only; needs gradio[mcp])
The MCP endpoint is http://127.0.0.1:PORT/gradio_api/mcp/ (Streamable HTTP).
"""

import os

# No telemetry / version-check traffic: this machine may only talk to loopback.
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import gradio as gr


def echo(text: str) -> str:
    """Return the text unchanged.

    Args:
        text: any text.
    """
    return text


demo = gr.Interface(fn=echo, inputs=gr.Textbox(), outputs=gr.Textbox(), api_name="echo")
demo.queue(default_concurrency_limit=None)

if __name__ == "__main__":
    demo.launch(server_name="127.0.0.1", server_port=int(os.environ["PORT"]), mcp_server=True)
