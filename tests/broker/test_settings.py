"""Broker settings and flags: what a user typing them gets, without any Redis."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from autoui.broker.settings import BrokerSettings, FileStoreSpec, app_id, parse_file_store
from autoui.introspect import load_app

HERE = Path(__file__).parent


def test_file_store_forms() -> None:
    assert parse_file_store("redis") == FileStoreSpec()
    assert parse_file_store("redis:32MB").max_file == 32 * 1024 * 1024
    assert parse_file_store("redis:512k").max_file == 512 * 1024
    shared = parse_file_store("dir:/srv/shared")
    assert (shared.kind, shared.path) == ("dir", Path("/srv/shared"))
    for bad in ("s3://bucket", "dir:", "redis:lots"):
        with pytest.raises(ValueError, match="--file-store expects|expected redis:SIZE"):
            parse_file_store(bad)


def test_settings_refuse_what_would_lose_or_duplicate_jobs() -> None:
    with pytest.raises(ValueError, match="--broker expects redis://"):
        BrokerSettings(url="http://127.0.0.1:6379")
    with pytest.raises(ValueError, match="at most half of reclaim_idle"):
        BrokerSettings(url="redis://127.0.0.1:6379/0", reclaim_idle=2, heartbeat=1.5)
    with pytest.raises(ValueError, match="max_deliveries must be >= 1"):
        BrokerSettings(url="redis://127.0.0.1:6379/0", max_deliveries=0)
    shown = BrokerSettings(url="redis://app:s3cret@127.0.0.1:6379/0").shown_url()
    assert "s3cret" not in shown and shown == "redis://app:***@127.0.0.1:6379/0"


def test_app_id_ignores_running_options_but_not_the_functions() -> None:
    spec = load_app(str(HERE / "fns_broker.py"))
    tuned = spec.replace(functions=tuple(fn.replace(concurrency_limit=4) for fn in spec.functions))
    assert app_id(tuned) == app_id(spec)
    fewer = spec.replace(functions=spec.functions[1:])
    assert app_id(fewer) != app_id(spec)


def _autoui(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "autoui", *args], capture_output=True, text=True, timeout=60
    )


def test_bad_broker_flags_are_one_line_errors() -> None:
    target = str(HERE / "fns_broker.py")
    worker = _autoui("worker", target, "--broker", "http://127.0.0.1:1")
    assert worker.returncode == 2
    assert worker.stderr.strip() == (
        "error: --broker expects redis://host:port/db (or rediss://, unix://), "
        "got 'http://127.0.0.1:1'"
    )
    serve = _autoui("serve", target, "--workers", "2")
    assert serve.returncode == 2 and "--workers needs --broker" in serve.stderr
    store = _autoui("serve", target, "--broker", "redis://127.0.0.1:1/0", "--file-store", "s3")
    assert store.returncode == 2 and "--file-store expects" in store.stderr
