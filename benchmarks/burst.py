"""A burst: thousands of clients released at once, each reading its own answer late.

Issue 16, finding 6: 5,000 clients released at once on an echo function, and 3,000 got
404 on their event stream: the burst finished faster than they subscribed and their
results were dropped. Here every virtual user, played by one of ``--procs`` load
generator processes (``fleet.py``, released at one instant), does what a person with a
browser tab does:

- it has its own session cookie (autoui counts jobs per client by it) and, with
  ``--addresses K``, one of K loopback source addresses (127.0.0.2…; Linux routes all of
  127.0.0.0/8 to ``lo``): 5,000 people come from many addresses, which the per-address
  caps see, and a server's loopback exemption (``--trusted-proxies`` unset) does not
  hide them from the per-address *job* cap;
- it submits ``POST /api/<fn>/jobs`` with its own random text at the release instant,
  over its own connection (``leanhttp.py``: h11, one connection per user);
- a 429 or 503 that carries ``Retry-After`` is waited out and sent again, as the
  documented client behaviour; such a client still counts as *answered* when it gets
  its answer in the end, and the refusals are counted apart. A 429/503 without
  ``Retry-After`` is an error;
- it waits ``--read-delay`` seconds (a late reader), then reads
  ``GET /api/jobs/<id>/events`` to the terminal event: *answered* when the ``complete``
  event carries its own text, else the outcome says what it got (``events_404``,
  ``wrong_answer``, ``submit_500``, ``connection_error:…``, ``timeout``).

Every client is bounded by ``--client-deadline`` seconds from the release; the whole
run by that plus two minutes. Against a server already running on loopback::

    python benchmarks/burst.py --base-url http://127.0.0.1:8000 --server-pid PID \\
        --clients 5000 --procs 4 --addresses 5000

``budgets.py burst`` starts the server (this checkout or ``--source`` tree) and runs this.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import secrets
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import h11
from fleet import FleetResults, Gate
from leanhttp import LeanClient, LeanResponse, loopback_address
from loadgen import Meter, check_loopback, in_processes, pct, sse_events

__all__ = ["BurstPlan", "run_burst"]

REFUSED = (429, 503)  # "come back later": retried after Retry-After


@dataclass(frozen=True)
class BurstPlan:
    """What one burst does; ``clients`` users dealt over ``procs`` processes."""

    base_url: str
    clients: int = 5000
    procs: int = 4
    addresses: int = 0  # 0: every user from 127.0.0.1; K: spread over 127.0.0.2…
    read_delay: float = 2.0
    client_deadline: float = 300.0
    fn: str = "echo"
    cookie: str = "autoui_session"


@dataclass(frozen=True)
class BurstShare:
    plan: BurstPlan
    users: list[int]


@dataclass
class Outcome:
    """One virtual user's burst; times in seconds from the release."""

    outcome: str = "timeout"
    submit_s: float | None = None  # accepted (202), after any refusals
    answer_s: float | None = None  # its own answer read
    end_s: float = 0.0  # done, whatever the outcome
    refused: list[tuple[int, float]] = field(default_factory=list)  # (status, Retry-After)


async def _burst_share(share: BurstShare, gate: Gate) -> list[Outcome]:
    """This process's users, each waiting at the gate, then one call each."""
    plan = share.plan
    tasks = [asyncio.create_task(_one_user(plan, user, gate)) for user in share.users]
    await gate.open()
    return list(await asyncio.gather(*tasks))


async def _one_user(plan: BurstPlan, user: int, gate: Gate) -> Outcome:
    text = f"{user}-{secrets.token_hex(8)}"
    source = loopback_address(user % plan.addresses) if plan.addresses else None
    cookie = {"cookie": f"{plan.cookie}={secrets.token_urlsafe(16)}"}
    result = Outcome()
    async with LeanClient(plan.base_url, cookie, source) as client:
        await gate.opened.wait()
        try:
            async with asyncio.timeout(plan.client_deadline):
                await _submit_and_read(client, plan, text, result, gate.release_at)
        except TimeoutError:
            refused_only = result.refused and result.submit_s is None
            result.outcome = "timeout_while_refused" if refused_only else "timeout"
        except (OSError, h11.ProtocolError) as error:
            result.outcome = f"connection_error:{type(error).__name__}"
        result.end_s = time.perf_counter() - gate.release_at
    return result


async def _submit_and_read(
    client: LeanClient, plan: BurstPlan, text: str, result: Outcome, release_at: float
) -> None:
    answer = await _submit(client, plan, text, result)
    if answer is None:
        return
    result.submit_s = time.perf_counter() - release_at
    await asyncio.sleep(plan.read_delay)  # a late reader
    url = f"{plan.base_url}/api/jobs/{answer.json()['job_id']}/events"
    async with client.stream("GET", url) as events:
        if events.status_code != 200:
            result.outcome = f"events_{events.status_code}"
            return
        async for name, data in sse_events(events.aiter_lines()):
            if name == "complete":
                own = isinstance(data, dict) and data.get("data") == [text]
                result.outcome = "answered" if own else "wrong_answer"
                result.answer_s = time.perf_counter() - release_at
                return
            if name in ("error", "cancelled"):
                result.outcome = f"job_{name}"
                return
    result.outcome = "events_ended_early"


async def _submit(
    client: LeanClient, plan: BurstPlan, text: str, result: Outcome
) -> LeanResponse | None:
    """The accepted submit (202), after waiting out any 429/503 with Retry-After."""
    url = f"{plan.base_url}/api/{plan.fn}/jobs"
    while True:
        answer = await client.post(url, json={"data": [text]})
        if answer.status_code == 202:
            return answer
        retry_after = answer.headers.get("retry-after")
        if answer.status_code not in REFUSED or retry_after is None:
            result.outcome = f"submit_{answer.status_code}"
            return None
        result.refused.append((answer.status_code, float(retry_after)))
        await asyncio.sleep(float(retry_after))


def shares_of(plan: BurstPlan) -> list[BurstShare]:
    procs = max(1, min(plan.procs, plan.clients))
    return [BurstShare(plan, list(range(p, plan.clients, procs))) for p in range(procs)]


async def run_burst(plan: BurstPlan, server_pid: int | None = None) -> dict[str, Any]:
    """Release ``plan.clients`` users at once; their outcomes and the server's CPU and RSS."""
    check_loopback(plan.base_url)
    meter = Meter(server_pid, sample_s=0.02)
    timeout = plan.client_deadline + plan.read_delay + 120
    out = await in_processes(_burst_share, shares_of(plan), meter, timeout)
    return {**figures(plan, out), **meter.summary()}


def figures(plan: BurstPlan, out: FleetResults[list[Outcome]]) -> dict[str, Any]:
    """The merged outcomes: who got their own answer, what the others got, how fast."""
    users = [outcome for share in out.results for outcome in share]
    answered = [u for u in users if u.outcome == "answered"]
    submits = [u.submit_s for u in users if u.submit_s is not None]
    answers = [u.answer_s for u in answered if u.answer_s is not None]
    refusals = [r for u in users for r in u.refused]
    waits = [seconds for _, seconds in refusals]
    return {
        "clients": plan.clients,
        "procs": len(out.results),
        "addresses": plan.addresses or 1,
        "read_delay_s": plan.read_delay,
        "answered_own": len(answered),
        "answered_after_refusal": sum(1 for u in answered if u.refused),
        "errors": len(users) - len(answered),
        "outcomes": dict(Counter(u.outcome for u in users).most_common()),
        "refusals": dict(Counter(str(status) for status, _ in refusals)),
        "retry_after_s": _spread(waits),
        "submit_p50_s": _round(pct(submits, 50)),
        "submit_p99_s": _round(pct(submits, 99)),
        "answer_p50_s": _round(pct(answers, 50)),
        "answer_p99_s": _round(pct(answers, 99)),
        "wall_s": _round(max((u.end_s for u in users), default=None)),
        "release_spread_ms": round(1000 * out.late_max_s, 1),
        "loadgen_cpu_s": round(out.cpu_s, 1),
    }


def _spread(values: list[float]) -> dict[str, float | None] | None:
    """The Retry-After values a burst was told: typical, the tail, the worst."""
    if not values:
        return None
    return {"p50": pct(values, 50), "p99": pct(values, 99), "max": max(values)}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", required=True, help="http://127.0.0.1:PORT (loopback)")
    parser.add_argument("--server-pid", type=int, help="sample this server's CPU and RSS")
    parser.add_argument("--clients", type=int, default=5000)
    parser.add_argument("--procs", type=int, default=4, help="load generator processes")
    parser.add_argument("--addresses", type=int, default=0, help="loopback source addresses")
    parser.add_argument("--read-delay", type=float, default=2.0, help="s before reading")
    parser.add_argument("--client-deadline", type=float, default=300.0, help="s per client")
    parser.add_argument("--fn", default="echo")
    args = parser.parse_args()
    plan = BurstPlan(
        args.base_url.rstrip("/"),
        args.clients,
        args.procs,
        args.addresses,
        args.read_delay,
        args.client_deadline,
        args.fn,
    )
    print(json.dumps(asyncio.run(run_burst(plan, args.server_pid)), indent=1))


if __name__ == "__main__":
    main()
