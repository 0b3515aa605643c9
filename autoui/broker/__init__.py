"""Scale-out on Redis: stateless front-ends and ``autoui worker`` processes.

``autoui serve TARGET --broker redis://host:port/db`` makes the server a front-end
(:mod:`frontend`: the web UI, job API, SSE and uploads; it runs no user function);
``autoui worker TARGET --broker ...`` runs the jobs (:mod:`worker`, :mod:`lane`). Jobs,
their events and files live in Redis (:mod:`keys`, :mod:`scripts`, :mod:`files`), so
any front-end serves any client and no job is lost when a process dies. Importing this
package imports no redis; the modules that talk to Redis import it when used.
"""

from __future__ import annotations

__all__ = ["require_redis"]


def require_redis() -> None:
    """Raise :class:`~autoui.errors.LoadError` naming the extra when redis-py is missing."""
    from autoui.errors import LoadError

    try:
        import redis
    except ImportError:
        raise LoadError(
            "--broker needs the Redis client: pip install 'autoui[redis]' (redis-py 8 or later)"
        ) from None
    major = int(redis.__version__.split(".")[0])
    if major < 8:
        raise LoadError(
            f"--broker needs redis-py 8 or later, found {redis.__version__}: "
            "pip install -U 'autoui[redis]'"
        )
