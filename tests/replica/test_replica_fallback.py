"""The replica down, or lagging beyond REPLICA_MAX_LAG_SECONDS: the finding
pages read the primary, and say nothing of it to the patient. gunicorn as
deployed reads a real streaming standby that the test pauses, then stops;
readiness and the log report each change, once."""

import json
import time

import pytest

from tests.deploy.servers import Browser, gunicorn, redis_server, wait_for
from tests.helpers import step, wait_for_replay

PAGE = "/specialties/cardiologie/"


def _ready(port: int) -> tuple[int, dict]:
    answer = Browser(port).get("/health/ready")
    return answer.status, json.loads(answer.body)


def _replica_check(port: int) -> str:
    return _ready(port)[1]["checks"]["replica"]


def _warnings(log) -> list[str]:
    lines = [json.loads(raw) for raw in log.read_text().splitlines() if raw.startswith("{")]
    return [line["message"] for line in lines if line.get("logger") == "scheduling.public.replica"]


@pytest.mark.postgres_only  # streaming replicas are PostgreSQL's
def test_finding_pages_read_the_primary_while_the_replica_lags_or_is_down(
    replica_clusters, deployment, tmp_path
):
    primary, standby, env = deployment
    step(env, "write-doctor", DOCTOR="Fallback", FIRST_ID="20000")
    wait_for_replay(primary, standby)
    with (
        redis_server(tmp_path) as redis,
        gunicorn(
            tmp_path,
            DATABASE_URL=env["DATABASE_URL"],
            DATABASE_REPLICA_URL=env["DATABASE_REPLICA_URL"],
            REPLICA_MAX_LAG_SECONDS="1",
            REPLICA_CHECK_SECONDS="1",
            REDIS_URL=redis.url,
            GUNICORN_WORKERS="1",
        ) as port,
    ):
        log = tmp_path / "gunicorn.log"
        patient = Browser(port)
        assert "Lisa Fallback" in patient.get(PAGE).body
        assert _replica_check(port).startswith("ok (lag")

        # Replay paused: what the primary commits now, the standby does not show.
        with standby.connect() as conn:
            conn.execute("SELECT pg_wal_replay_pause()")
        try:
            step(env, "write-doctor", DOCTOR="Unreplayed", FIRST_ID="30000")
            time.sleep(1.1)  # beyond the bound
            pages = []
            wait_for(
                lambda: pages.append(patient.get(PAGE)) or "Lisa Unreplayed" in pages[-1].body,
                "the page read from the primary",
                15,
            )
            assert {page.status for page in pages} == {200}
            status, ready = _ready(port)
            assert (status, ready["status"]) == (200, "degraded")
            assert ready["checks"]["replica"].startswith("lagging"), ready
            assert ready["checks"]["replica"].endswith("reads from the primary")
        finally:
            with standby.connect() as conn:
                conn.execute("SELECT pg_wal_replay_resume()")
        wait_for_replay(primary, standby)
        wait_for(lambda: _replica_check(port).startswith("ok"), "the replica read again", 15)

        # The standby stops: not one page fails, the next are served by the primary.
        replica_clusters.stop(standby)
        try:
            answers = [patient.get(PAGE) for _ in range(6)]
            assert [a.status for a in answers] == [200] * 6
            assert all("Lisa Unreplayed" in a.body for a in answers)
            wait_for(lambda: _replica_check(port).startswith("down"), "readiness to say so", 15)
            status, ready = _ready(port)
            assert (status, ready["status"], ready["checks"]["database"]) == (200, "degraded", "ok")
        finally:
            replica_clusters.start(standby)
        wait_for_replay(primary, standby)

    warnings = _warnings(log)
    assert [w.split(",")[0].split(":")[0] for w in warnings] == [
        "Replica usable",
        "Replica not usable",  # lagging
        "Replica usable",
        "Replica not usable",  # down
    ], warnings
    assert "lagging" in warnings[1] and "down" in warnings[3]
