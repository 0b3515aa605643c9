"""Python clients for an autoui server: :class:`Client` (blocking) and :class:`AsyncClient`.

::

    from autoui import Client

    client = Client("http://127.0.0.1:7860")
    client.view_api()                          # functions, parameters, outputs
    label = client.predict("classify", image=Path("cat.png"), top_k=3)

    job = client.submit("count", n=5)          # a Job: iterate its events
    for event in job:
        print(event)
    print(job.result(timeout=60))

Both speak only the HTTP API (``/api/spec``, ``/api/{fn}``, ``/api/{fn}/jobs``,
``/api/jobs/{id}/events``, ``/api/files``), read the spec with :mod:`autoui.wire`, and
convert values with each kind's component (its codec), so numpy and Pillow are imported
only when a value needs them.
"""

from __future__ import annotations

from autoui.client._async import AsyncClient, AsyncJob
from autoui.client._job import Job
from autoui.client._jobstate import JobStatus
from autoui.client._sync import Client
from autoui.errors import ClientError
from autoui.wire import WireApp, WireFunction, WireParam

__all__ = [
    "AsyncClient",
    "AsyncJob",
    "Client",
    "ClientError",
    "Job",
    "JobStatus",
    "WireApp",
    "WireFunction",
    "WireParam",
]
