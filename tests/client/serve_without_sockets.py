"""``autoui serve`` as a host whose WebSockets cannot be opened (a proxy that strips them).

uvicorn runs with ``ws="none"``: an upgrade request is answered as plain HTTP, so a
client must fall back to ``POST /api/jobs/{id}/input``. Prints its URL the way
``autoui serve`` does, for ``serving.Server``.

    python serve_without_sockets.py TARGET
"""

from __future__ import annotations

import socket
import sys

import uvicorn

from autoui.introspect import load_app
from autoui.server import ServerSettings, create_app


def main() -> None:
    app = create_app(load_app(sys.argv[1]), ServerSettings())
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    print(f"autoui without WebSockets at http://127.0.0.1:{sock.getsockname()[1]}", flush=True)
    server = uvicorn.Server(uvicorn.Config(app, ws="none", log_level="warning"))
    server.run(sockets=[sock])


if __name__ == "__main__":
    main()
