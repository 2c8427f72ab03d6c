"""A short mixed load in CI: pages, searches, public holds and confirmations,
API bookings, moves and cancellations, the secretaries' actions, all at once
against gunicorn as deployed, the task worker and Redis (bench/mixed_load.py,
whose ten-minute runs are in bench/README.md). Any 5xx or any deadlock fails
it: PostgreSQL's own count for the database, and the servers' logs.
"""

import os

import pytest
from django.db import connection
from django.test import override_settings

from bench import mixed_load
from tests.deploy.servers import database_url

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="deadlocks are PostgreSQL's: SQLite runs one writer at a time",
    ),
]
SECONDS = 30
# Every write path the load takes must have succeeded at least once.
WRITES = ("public hold", "public confirm", "api book", "api cancel", "staff cancel")


def test_a_mixed_load_gives_no_server_error_and_no_deadlock(tmp_path, capsys):
    with override_settings(SLOT_HORIZON_WEEKS=4):
        world = mixed_load.seed(agendas=4, booked=60)
    result = mixed_load.drive(
        database_url(),
        world,
        seconds=SECONDS,
        clients=6,
        think=0.05,
        workers=2,
        directory=tmp_path,
        redis_url=os.environ.get("TEST_REDIS_URL"),
    )
    with capsys.disabled():
        print("\n" + mixed_load.report(result))
    assert result.server_errors == 0, result.server_error_samples
    assert result.deadlocks_counted == 0, "PostgreSQL broke deadlocks during the load"
    assert result.deadlocks_logged == 0, (tmp_path / "gunicorn.log").read_text()[-3000:]
    done = {row["kind"]: row["statuses"] for row in result.rows}
    for kind in WRITES:
        assert any(200 <= status < 400 for status in done[kind]), (kind, done[kind])
