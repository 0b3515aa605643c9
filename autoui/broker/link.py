"""The job path's commands, over connections kept for it rather than borrowed per command.

A job costs a front-end one command (``submit``) and one message (its events), and a
worker two exchanges (the claim, the event write). Sent through redis-py's client,
each command pays a pool turn (a condition, a lock, observability hooks), a Python
encoder per argument, a task for the write's timeout and a timeout scope per read:
more CPU than Redis spends running the job's scripts. The job path uses
:class:`Link` instead:

- connections made from the client's own settings (URL, TLS, credentials), kept, each
  used by one exchange at a time, so no pool turn;
- commands packed by hiredis, several in one write when they go together;
- one deadline per exchange (a timer that drops the connection), not one per read
  and write: a reply that does not come within ``socket_timeout`` still ends the
  wait with an error (the redis-py 8 trap of :mod:`autoui.broker.connection`), and
  no command is ever retried here.

Everything off the job path keeps using the client.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Sequence
from typing import Any

from autoui.broker.connection import SOCKET_TIMEOUT

__all__ = ["Link", "exchange", "no_script", "run_script"]

Command = Sequence[Any]  # ("EVALSHA", sha, 0, arg, ...): str, bytes or int each


class Link:
    """Connections to ``client``'s Redis for the job path; up to ``size`` for scripts.

    Args:
        client: the process's asyncio client (its connection settings are reused).
        size: script exchanges in flight at once; more wait for a free connection.
    """

    def __init__(self, client: Any, size: int) -> None:
        self.client = client
        self._idle: list[Any] = []
        self._free = asyncio.Semaphore(size)

    def connection(self) -> Any:
        """A new connection of this link's own (connected on first use); its waits have
        no timeout of their own: :func:`exchange` bounds each exchange."""
        pool = self.client.connection_pool
        return pool.connection_class(**{**pool.connection_kwargs, "socket_timeout": None})

    async def script(self, script: Any, args: Sequence[Any]) -> Any:
        """Run a registered script (``EVALSHA``; loaded first if Redis forgot it).

        Raises:
            redis.exceptions.ResponseError: the script failed.
            ConnectionError, TimeoutError, OSError: Redis is unreachable.
        """
        async with self._free:
            connection = self._idle.pop() if self._idle else self.connection()
            try:
                return await run_script(connection, script, args)
            finally:
                self._idle.append(connection)  # reconnects by itself if it was dropped

    async def aclose(self) -> None:
        connections, self._idle = self._idle, []
        for connection in connections:
            await connection.disconnect()


async def run_script(connection: Any, script: Any, args: Sequence[Any]) -> Any:
    """``EVALSHA`` on ``connection``; on ``NOSCRIPT`` (Redis restarted), load and retry."""
    evalsha = ("EVALSHA", script.sha, 0, *args)
    (reply,) = await exchange(connection, [evalsha])
    if no_script(reply):
        await script.registered_client.script_load(script.script)
        (reply,) = await exchange(connection, [evalsha])
    if isinstance(reply, Exception):
        raise reply
    return reply


async def exchange(
    connection: Any, commands: Sequence[Command], *, block: float = 0.0
) -> list[Any]:
    """Send ``commands`` in one write and read every reply, within ``block`` (the
    longest ``BLOCK`` among them, in seconds) plus the socket timeout.

    An error reply is returned as its exception, in its place. A lost, late or cut
    exchange drops the connection (it reconnects on its next use), so no reply is ever
    read by the wrong command.

    Raises:
        ConnectionError, TimeoutError, OSError: Redis is unreachable, or too slow.
    """
    pack, error_reply, late = _redis()[:3]
    deadline = asyncio.get_running_loop().call_later(SOCKET_TIMEOUT + block, _drop, connection)
    try:
        await connection.send_packed_command(pack(connection, commands), False)
        replies: list[Any] = []
        for _ in commands:
            try:
                replies.append(await connection.read_response())
            except error_reply as exc:  # the connection is still in step
                replies.append(exc)
        return replies
    except BaseException as exc:
        deadline.cancel()
        await asyncio.shield(connection.disconnect(nowait=True))
        if isinstance(exc, Exception) and deadline.when() <= asyncio.get_running_loop().time():
            raise late(f"no reply from Redis within {SOCKET_TIMEOUT + block:g} s") from exc
        raise
    finally:
        deadline.cancel()


def no_script(reply: Any) -> bool:
    """Whether a reply is Redis's ``NOSCRIPT`` (it restarted and forgot the scripts)."""
    return isinstance(reply, _redis()[3])


def _drop(connection: Any) -> None:
    """The deadline passed: close the connection, which ends the wait on it."""
    asyncio.get_running_loop().create_task(connection.disconnect(nowait=True))


@functools.cache
def _redis() -> tuple[Callable[[Any, Sequence[Command]], Any], type[Exception],
                      type[Exception], type[Exception]]:
    """The packer (hiredis's, else redis-py's own) and the error types the job path reads:
    imported once, when it first needs them."""
    from redis.exceptions import NoScriptError, ResponseError, TimeoutError

    try:
        from hiredis import pack_command
    except ImportError:  # redis-py without its C parser

        def pack(connection: Any, commands: Sequence[Command]) -> Any:
            return connection.pack_commands(commands)

    else:

        def pack(connection: Any, commands: Sequence[Command]) -> Any:
            if len(commands) == 1:
                return pack_command(tuple(commands[0]))
            return b"".join([pack_command(tuple(command)) for command in commands])

    return pack, ResponseError, TimeoutError, NoScriptError
