"""Users and their passwords: plain pairs from ``--auth``, argon2 hashes from ``--auth-file``.

An auth file has one ``user:hash`` line per user (``#`` comments and blank lines are
skipped), the hash made by argon2-cffi (the ``autoui[auth]`` extra)::

    python -c "from argon2 import PasswordHasher; print(PasswordHasher().hash('secret'))"

Checking an argon2 hash costs tens of milliseconds of CPU on purpose, and HTTP Basic
sends the password with every request, so a *successful* check is remembered (a keyed
digest of user and password, never the password) and later requests cost a dictionary
lookup; failures are never remembered, and the sign-in throttle bounds how many there
can be. Plain pairs are compared with :func:`hmac.compare_digest` against every user.
"""

from __future__ import annotations

import hashlib
import hmac
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = ["INSTALL_HINT", "PasswordBook", "read_auth_file"]

INSTALL_HINT = "--auth-file needs argon2-cffi: pip install 'autoui[auth]'"
_REMEMBERED = 1024  # successful hash checks kept


def read_auth_file(path: Path) -> dict[str, str]:
    """``user → argon2 hash`` from an auth file.

    Raises:
        ValueError: a line is not ``user:hash`` with an argon2 hash (names the line).
    """
    users: dict[str, str] = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        user, sep, hashed = line.partition(":")
        if not sep or not user or not hashed.startswith("$argon2"):
            raise ValueError(
                f"{path}:{number}: expected user:<argon2 hash> (make one with "
                "python -c \"from argon2 import PasswordHasher; "
                "print(PasswordHasher().hash('secret'))\")"
            )
        users[user] = hashed
    return users


class PasswordBook:
    """Checks user/password pairs against plain pairs and argon2 hashes.

    Args:
        plain: ``(user, password)`` pairs.
        hashed: ``user → argon2 hash``.
        secret: keys the digests of remembered successful checks.
    """

    def __init__(
        self, plain: Sequence[tuple[str, str]], hashed: dict[str, str], secret: bytes
    ) -> None:
        self._plain = [(u.encode(), p.encode()) for u, p in plain]
        self._hashed = dict(hashed)
        self._secret = secret
        self._verifier: Any = _verifier() if hashed else None
        self._remembered: OrderedDict[bytes, None] = OrderedDict()

    def users(self) -> set[str]:
        return {u.decode() for u, _ in self._plain} | set(self._hashed)

    def check(self, user: str, password: str) -> bool:
        """Whether ``user``/``password`` is a configured pair."""
        given_user, given_password = user.encode(), password.encode()
        found = False
        for known_user, known_password in self._plain:  # no early exit: constant time
            same_user = hmac.compare_digest(given_user, known_user)
            same_password = hmac.compare_digest(given_password, known_password)
            found |= same_user and same_password
        return found or self._check_hash(user, password)

    def _check_hash(self, user: str, password: str) -> bool:
        hashed = self._hashed.get(user)
        if hashed is None or self._verifier is None:
            return False
        key = hmac.new(self._secret, f"{user}\0{password}".encode(), hashlib.sha256).digest()
        if key in self._remembered:
            self._remembered.move_to_end(key)
            return True
        try:
            self._verifier.verify(hashed, password)
        except Exception:  # noqa: BLE001 - argon2's mismatch and malformed-hash errors alike
            return False
        self._remembered[key] = None
        if len(self._remembered) > _REMEMBERED:
            self._remembered.popitem(last=False)
        return True


def _verifier() -> Any:
    try:
        from argon2 import PasswordHasher
    except ImportError:
        raise ValueError(INSTALL_HINT) from None
    return PasswordHasher()
