"""A database that does not answer costs a request seconds and a 503, never a
hang: gunicorn as deployed, against a real TCP listener that accepts
connections and never answers (a frozen database host), and against the real
PostgreSQL holding a lock longer than the statement timeout."""

import contextlib
import json
import os
import socket
import subprocess
import sys
import threading

import psycopg
import pytest
from django.db import connection

from tests.deploy.servers import ROOT, Browser, database_url, gunicorn, redis_server

CONNECT_TIMEOUT = 2  # seconds; psycopg's floor


class SilentHost:
    """Accepts every TCP connection, reads nothing, answers nothing."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0), backlog=128)
        self.port = self.listener.getsockname()[1]
        self.held: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        with contextlib.suppress(OSError):
            while True:
                self.held.append(self.listener.accept()[0])

    def close(self) -> None:
        self.listener.close()
        for held in self.held:
            held.close()


@pytest.fixture
def frozen_database_site(tmp_path):
    host = SilentHost()
    try:
        with (
            redis_server(tmp_path) as redis,
            gunicorn(
                tmp_path,
                ready_path="/health/live",  # readiness is what this test is about
                DATABASE_URL=f"postgres://hospital_app:pw@127.0.0.1:{host.port}/hospital",
                DATABASE_CONNECT_TIMEOUT_SECONDS=str(CONNECT_TIMEOUT),
                REDIS_URL=redis.url,
                GUNICORN_WORKERS="1",
            ) as port,
        ):
            yield port, tmp_path / "gunicorn.log"
    finally:
        host.close()


def test_a_frozen_database_host_answers_503_within_the_connect_timeout(frozen_database_site):
    port, log = frozen_database_site
    api = {"Authorization": "Bearer hsa_not-checked-the-database-is-down"}
    page = Browser(port).get("/")
    english = Browser(port).get("/en/specialties/cardiologie/")
    rest = Browser(port).get("/api/v1/specialties/", headers=api)
    fhir = Browser(port).get("/fhir/Slot", headers=api)
    ready = Browser(port).get("/health/ready")
    live = Browser(port).get("/health/live")

    for answer in (page, english, rest, fhir, ready):
        assert answer.status == 503, answer.body[:500]
        assert answer.seconds < CONNECT_TIMEOUT + 2.5, "not the 30 s the worker was held before"
    assert page.headers["Retry-After"] == "30"
    assert "Service temporairement indisponible" in page.body, "French by default"
    assert "Service temporarily unavailable" in english.body
    assert json.loads(rest.body)["code"] == "unavailable"
    assert json.loads(fhir.body)["issue"][0]["code"] == "transient"
    assert json.loads(ready.body)["status"] == "unavailable"
    assert json.loads(ready.body)["checks"]["database"] == "down: OperationalError"
    assert (live.status, live.seconds < 1) == (200, True), "the process itself answers"
    assert "Service Unavailable: /" in log.read_text(), "each failure is logged, for operations"


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_statement_held_past_the_statement_timeout_is_cancelled_and_answered_503(
    tmp_path, actors
):
    _ = actors.neuro_agenda  # Dr Neuro's consultations, met through the site's pages
    with (
        redis_server(tmp_path) as redis,
        gunicorn(
            tmp_path,
            DATABASE_URL=database_url(),
            DATABASE_STATEMENT_TIMEOUT_SECONDS="1",
            REDIS_URL=redis.url,
            GUNICORN_WORKERS="1",
        ) as port,
    ):
        assert Browser(port).get("/specialties/neurochirurgie/").status == 200
        params = connection.get_connection_params()
        with psycopg.connect(
            host=params.get("host") or "127.0.0.1",
            port=params.get("port") or 5432,
            dbname=connection.settings_dict["NAME"],
            user=connection.settings_dict["USER"],
        ) as locker:
            locker.execute("LOCK TABLE hospital_specialty IN ACCESS EXCLUSIVE MODE")
            held = Browser(port).get("/specialties/neurochirurgie/")
            locker.rollback()
        assert held.status == 503 and held.seconds < 1 + 2.5, (held.status, held.seconds)
        assert Browser(port).get("/specialties/neurochirurgie/").status == 200


@pytest.mark.postgres_only
@pytest.mark.django_db
def test_web_connections_have_the_timeouts_and_commands_no_statement_timeout():
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "30s", "the web's default (pytest runs as the web does)"
    assert connection.get_connection_params()["connect_timeout"] == 5
    shown = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", _SHOW_TIMEOUT],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database_url()},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert shown.stdout.strip().splitlines()[-1] == "0", shown.stderr[-2000:]


_SHOW_TIMEOUT = (
    "from django.db import connection\n"
    "with connection.cursor() as c:\n"
    "    c.execute('SHOW statement_timeout')\n"
    "    print(c.fetchone()[0])"
)
