"""Sign-in throttling, logout revocation, framing, hosts and malformed input, on a real server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from server_harness import HERE, Server

pytestmark = pytest.mark.timeout(60)


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    args = ["--auth", "ann:secret", "--auth", "ben:hidden"]
    with Server(str(HERE / "fns_budgets.py"), *args) as running:
        yield running


def test_an_auth_file_of_argon2_hashes(tmp_path: Path) -> None:
    from argon2 import PasswordHasher

    users = tmp_path / "users.txt"
    users.write_text(f"# who may sign in\ncat:{PasswordHasher().hash('meow')}\n")
    with Server(str(HERE / "fns_budgets.py"), "--auth-file", str(users)) as server:
        assert httpx.get(f"{server.url}/api/spec", auth=("cat", "meow")).status_code == 200
        assert httpx.get(f"{server.url}/api/spec", auth=("cat", "woof")).status_code == 401
        assert "meow" not in users.read_text()


def test_a_cookie_replayed_after_logout_is_refused(server: Server) -> None:
    with httpx.Client(timeout=30, follow_redirects=False) as client:
        signed_in = client.post(
            f"{server.url}/login",
            data={"username": "ben", "password": "hidden", "next": "/"},
        )
        assert signed_in.status_code == 303
        cookie = signed_in.cookies["autoui_auth"]
        jar = {"cookie": f"autoui_auth={cookie}"}
        assert client.get(f"{server.url}/api/spec", headers=jar).status_code == 200
        client.get(f"{server.url}/logout", headers=jar)
        assert client.get(f"{server.url}/api/spec", headers=jar).status_code == 401  # was 200


# Last: it leaves this address throttled for the rest of the server's life.
def test_password_guessing_is_throttled_for_basic_and_the_form(server: Server) -> None:
    with httpx.Client(timeout=30) as client:
        statuses = [
            client.get(f"{server.url}/api/spec", auth=("ann", f"guess{i}")).status_code
            for i in range(60)
        ]
        assert statuses[:5] == [401] * 5 and set(statuses[5:]) == {429}  # was: 60 × 401
        refused = client.get(f"{server.url}/api/spec", auth=("ann", "secret"))
        assert refused.status_code == 429  # even the right password waits its turn
        assert int(refused.headers["retry-after"]) >= 1
        form = client.post(
            f"{server.url}/login", data={"username": "ben", "password": "x", "next": "/"}
        )
        assert form.status_code == 429 and int(form.headers["retry-after"]) >= 1  # same address
