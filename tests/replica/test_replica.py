"""The public pages read a real streaming standby; writes, the booking form
and a visitor who has just written read the primary. Replica lag is what a
paused replay makes visible: the standby's pages lag, the primary's do not."""

import pytest

from tests.helpers import step, wait_for_replay


@pytest.mark.postgres_only  # streaming replicas are PostgreSQL's
def test_public_pages_read_the_standby_and_writes_the_primary(deployment):
    primary, standby, env = deployment
    step(env, "write-first")
    wait_for_replay(primary, standby)
    seen = step(env, "read")
    assert seen["replica_in_recovery"] is True
    assert seen["streamed_listed"] and seen["replica_queries"] > 0

    with standby.connect() as conn:
        conn.execute("SELECT pg_wal_replay_pause()")
    try:
        slot = step(env, "write-while-paused")["slot"]
        seen = step(env, "read-while-paused", SLOT=str(slot))
    finally:
        with standby.connect() as conn:
            conn.execute("SELECT pg_wal_replay_resume()")
    assert not seen["lagging_listed"], "the standby's pages lag while its replay is paused"
    assert seen["booking_form"] == 200, "the booking form reads the primary"
    assert seen["pinned_lagging_listed"], "after a write, the visitor reads the primary"

    wait_for_replay(primary, standby)
    seen = step(env, "read")
    assert seen["lagging_listed"] and seen["lagging_found"], "once replayed, the standby shows it"
