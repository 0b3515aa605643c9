"""The job path's commands, over connections held here rather than borrowed per command.

A job costs a front-end one command (``submit``) and a worker two (the claim and the
event write). Sent through redis-py's client, each pays a pool turn (a condition, a
lock, a timeout and observability hooks), a Python encoder per argument and a task for
the write's timeout: more CPU than Redis spends running the job's scripts. A
:class:`Link` keeps a few connections taken from the client's pool (same URL, TLS,
credentials, timeouts and bound), uses each for one exchange at a time, and packs
commands with hiredis; several commands of one exchange go out in one write (a
pipeline). Everything off the job path keeps using the client.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["Link", "exchange", "no_script", "run_script"]

Command = Sequence[Any]  # ("EVALSHA", sha, 0, arg, ...): str, bytes or int each


class Link:
    """Up to ``size`` connections of ``client``'s pool, held for the job path's commands.

    Args:
        client: the process's asyncio client (its pool lends the connections, once).
        size: exchanges in flight at once; more wait for a free connection.
    """

    def __init__(self, client: Any, size: int) -> None:
        self.client = client
        self._idle: list[Any] = []
        self._free = asyncio.Semaphore(size)

    async def script(self, script: Any, args: Sequence[Any]) -> Any:
        """Run a registered script (``EVALSHA``; loaded first if Redis forgot it).

        Raises:
            redis.exceptions.ResponseError: the script failed.
            ConnectionError, TimeoutError, OSError: Redis is unreachable.
        """
        async with self._free:
            connection = self._idle.pop() if self._idle else await self._borrow()
            try:
                reply = await run_script(connection, script, args)
            finally:
                self._idle.append(connection)  # reconnects by itself if it was dropped
        return reply

    async def _borrow(self) -> Any:
        return await self.client.connection_pool.get_connection()


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


async def exchange(connection: Any, commands: Sequence[Command]) -> list[Any]:
    """Send ``commands`` in one write and read every reply; an error reply is returned
    as its exception, in its place. A lost or cut exchange drops the connection (it
    reconnects on its next use), so no reply is ever read by the wrong command.

    Raises:
        ConnectionError, TimeoutError, OSError: Redis is unreachable.
    """
    pack, error_reply, _ = _redis()
    try:
        await connection.send_packed_command(pack(connection, commands), False)
        replies: list[Any] = []
        for _ in commands:
            try:
                replies.append(await connection.read_response())
            except error_reply as exc:  # the connection is still in step
                replies.append(exc)
        return replies
    except BaseException:
        await asyncio.shield(connection.disconnect(nowait=True))
        raise


def no_script(reply: Any) -> bool:
    """Whether a reply is Redis's ``NOSCRIPT`` (it restarted and forgot the scripts)."""
    return isinstance(reply, _redis()[2])


@functools.cache
def _redis() -> tuple[Callable[[Any, Sequence[Command]], Any], type[Exception], type[Exception]]:
    """The packer (hiredis's, else redis-py's own), the error-reply and ``NOSCRIPT`` types:
    imported once, when the job path first needs them."""
    from redis.exceptions import NoScriptError, ResponseError

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

    return pack, ResponseError, NoScriptError
