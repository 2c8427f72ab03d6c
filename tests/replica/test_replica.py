"""The public pages read a real streaming standby; writes, the booking form
and a visitor who has just written read the primary. Replica lag is what a
paused replay makes visible: the standby's pages lag, the primary's do not."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.replica.conftest import wait_for_replay

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def deployment(request):
    primary, standby = request.getfixturevalue("primary_and_standby")
    with primary.connect() as conn:
        conn.execute("CREATE DATABASE hospital")
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": primary.url("hospital"),
        "DATABASE_REPLICA_URL": standby.url("hospital"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "ALLOWED_HOSTS": "testserver",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=ROOT, timeout=600)
    return primary, standby, env


def _step(env: dict, step: str, **extra) -> dict:
    script = [sys.executable, str(ROOT / "tests" / "replica" / "scenario.py"), step]
    done = subprocess.run(
        script, env={**env, **extra}, cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.postgres_only  # streaming replicas are PostgreSQL's
def test_public_pages_read_the_standby_and_writes_the_primary(deployment):
    primary, standby, env = deployment
    _step(env, "write-first")
    wait_for_replay(primary, standby)
    seen = _step(env, "read")
    assert seen["replica_in_recovery"] is True
    assert seen["streamed_listed"] and seen["replica_queries"] > 0

    with standby.connect() as conn:
        conn.execute("SELECT pg_wal_replay_pause()")
    try:
        slot = _step(env, "write-while-paused")["slot"]
        seen = _step(env, "read-while-paused", SLOT=str(slot))
    finally:
        with standby.connect() as conn:
            conn.execute("SELECT pg_wal_replay_resume()")
    assert not seen["lagging_listed"], "the standby's pages lag while its replay is paused"
    assert seen["booking_form"] == 200, "the booking form reads the primary"
    assert seen["pinned_lagging_listed"], "after a write, the visitor reads the primary"

    wait_for_replay(primary, standby)
    seen = _step(env, "read")
    assert seen["lagging_listed"] and seen["lagging_found"], "once replayed, the standby shows it"
