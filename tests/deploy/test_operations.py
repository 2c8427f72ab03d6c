"""What operations rely on: the health endpoint and structured logs that carry
the request id of the audit trail."""

import datetime
import json
import logging

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.utils import timezone

from audit.log_context import RequestIdFilter, json_formatter
from config import health

pytestmark = pytest.mark.django_db


def test_health_says_ok_when_the_database_answers_and_is_migrated(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {
            "database": "ok",
            "migrations": "ok",
            # The suite's settings: development's immediate tasks, local memory, no replica.
            "tasks": "not checked: tasks run in the process that enqueues them",
            "redis": "not configured: per-process limits",
            "replica": "not configured",
        },
    }
    assert "no-store" in response["Cache-Control"] and not Session.objects.exists()


def test_readiness_is_the_health_endpoint_and_liveness_checks_nothing_else(client):
    assert client.get("/health/ready").json() == client.get("/health/").json()
    live = client.get("/health/live")
    assert live.status_code == 200 and live.json() == {"status": "ok"}
    assert "no-store" in live["Cache-Control"] and not Session.objects.exists()


def test_health_answers_a_probe_in_plain_http_by_address(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/health/", HTTP_HOST="10.0.0.5:8000").status_code == 200
    assert client.get("/").status_code == 301


def test_health_answers_503_when_migrations_are_missing(client, monkeypatch):
    monkeypatch.setattr(health, "_migrated", False)
    monkeypatch.setattr(
        health.MigrationExecutor, "migration_plan", lambda self, targets: [("app", "0099")]
    )
    response = client.get("/health/")
    assert response.status_code == 503 and response.json()["status"] == "unavailable"
    assert response.json()["checks"]["migrations"] == "missing: run manage.py migrate"
    assert client.get("/health/live").status_code == 200, "the process itself answers"


def test_health_answers_503_when_the_database_is_down(client, monkeypatch):
    def refuse(*args, **kwargs):
        from django.db import OperationalError

        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "down: OperationalError"


def test_readiness_reports_a_late_task_worker_and_still_answers_200(client, settings):
    """Notices wait while the worker is down, but patients are served: degraded,
    not unavailable. Late: a task waiting to run that was due over 10 minutes ago."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult, get_date_max

    settings.TASK_BACKEND = "django_tasks_db.DatabaseBackend"
    now = timezone.now()

    def task(run_after, enqueued_minutes_ago=0, status=TaskResultStatus.READY):
        row = DBTaskResult.objects.create(
            task_path="scheduling.tasks.send_notice",
            args_kwargs={"args": [], "kwargs": {}},
            backend_name="default",
            run_after=run_after,
            status=status,
        )
        enqueued = now - datetime.timedelta(minutes=enqueued_minutes_ago)
        DBTaskResult.objects.filter(pk=row.pk).update(enqueued_at=enqueued)

    task(now - datetime.timedelta(minutes=2))  # due a moment ago: the worker is on it
    task(now + datetime.timedelta(hours=24))  # a reminder, for tomorrow
    task(get_date_max(), enqueued_minutes_ago=30, status=TaskResultStatus.SUCCESSFUL)
    assert client.get("/health/ready").json()["checks"]["tasks"] == "ok"

    task(get_date_max(), enqueued_minutes_ago=11)  # "as soon as possible", 11 minutes ago
    task(now - datetime.timedelta(minutes=15))  # scheduled for 15 minutes ago
    response = client.get("/health/ready")
    assert (response.status_code, response.json()["status"]) == (200, "degraded")
    assert response.json()["checks"]["tasks"] == (
        "late: 2 tasks due more than 10 min ago (is db_worker running?)"
    )


def _json_line(logger_name: str, emit) -> dict:
    records: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(self.format(record))

    handler = Keep()
    handler.setFormatter(json_formatter())
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger(logger_name)
    logger.addHandler(handler)
    try:
        emit()
    finally:
        logger.removeHandler(handler)
    return json.loads(records[-1])


def test_a_request_log_line_is_json_with_the_request_id_and_no_query_string(client):
    line = _json_line(
        "django.request",
        lambda: client.get("/practitioners/00000000000/?q=LEFORT", HTTP_X_REQUEST_ID="req-42"),
    )
    assert line["request_id"] == "req-42" and line["level"] == "WARNING"
    assert line["status_code"] == 404 and "LEFORT" not in json.dumps(line)
    assert {"time", "logger", "message"} <= set(line)


def test_a_log_line_inside_a_request_carries_its_id():
    from audit.context import acting

    def emit():
        with acting(actor="t", channel="web", request_id="abc123"):
            logging.getLogger("scheduling").warning("slot %s taken", 7)

    line = _json_line("scheduling", emit)
    assert line["request_id"] == "abc123" and line["message"] == "slot 7 taken"
