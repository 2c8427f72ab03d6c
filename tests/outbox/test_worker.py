"""A task left RUNNING by a worker that died runs again; a task whose worker
is alive does not; a task that killed its workers TASK_ATTEMPTS times fails;
a worker that cannot show it is alive stops."""

import contextlib
import datetime
import sqlite3
import threading

import psycopg
import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from outbox.models import WorkerLease
from outbox.worker import LEASE_BEATS, Lease, WorkerDied
from tests.helpers import run_worker

pytestmark = pytest.mark.django_db(transaction=True)


def _left_running(*workers: str, minutes_ago: float = 1) -> DBTaskResult:
    """The booking's confirmation, claimed by `workers` in turn, the last of
    which was killed while sending it."""
    task = DBTaskResult.objects.get(task_path="scheduling.tasks.send_notice", run_after__year=9999)
    task.status = "RUNNING"
    task.worker_ids = list(workers)
    task.started_at = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    task.save()
    return task


def _lease(worker: str, seconds_ago: float) -> None:
    beat = timezone.now() - datetime.timedelta(seconds=seconds_ago)
    WorkerLease.objects.create(worker_id=worker, beat_at=beat, started_at=beat)


def _lease_seconds(settings) -> float:
    return settings.TASK_HEARTBEAT_SECONDS * LEASE_BEATS


def test_a_task_left_running_by_a_dead_worker_runs_again(db_tasks, book, settings):
    booking = book()
    task = _left_running("killed")
    _lease("killed", seconds_ago=_lease_seconds(settings) + 1)
    run_worker()
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL" and task.worker_ids[0] == "killed"
    assert [m.to for m in mail.outbox] == [[booking.patient.email]]
    assert not WorkerLease.objects.filter(worker_id="killed").exists()


def test_a_task_whose_worker_is_alive_is_left_to_it(db_tasks, book):
    book()
    task = _left_running("busy")
    _lease("busy", seconds_ago=1)
    run_worker()
    task.refresh_from_db()
    assert task.status == "RUNNING" and mail.outbox == []


def test_a_worker_restarted_under_its_id_takes_its_tasks_back_at_once(db_tasks, book):
    book()
    task = _left_running("host-1", minutes_ago=0)
    _lease("host-1", seconds_ago=1)  # killed a second ago, restarted at once (systemd)
    run_worker("--worker-id", "host-1")
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL" and len(mail.outbox) == 1


def test_a_task_claimed_without_a_lease_gets_one_lease_s_time(db_tasks, book, settings):
    book()
    fresh = _left_running("old-style", minutes_ago=0)
    run_worker()
    fresh.refresh_from_db()
    assert fresh.status == "RUNNING"
    _left_running("old-style", minutes_ago=_lease_seconds(settings) / 60 + 1)
    run_worker()
    fresh.refresh_from_db()
    assert fresh.status == "SUCCESSFUL"


def test_a_task_that_killed_its_workers_every_time_fails(db_tasks, book, settings):
    book()
    task = _left_running(*[f"w{n}" for n in range(settings.TASK_ATTEMPTS)])
    run_worker()
    task.refresh_from_db()
    assert task.status == "FAILED" and task.exception_class_path == "outbox.worker.WorkerDied"
    assert "w0, w1, w2" in task.traceback and mail.outbox == []
    assert WorkerDied.__module__ == "outbox.worker"


def _watched_lease(worker: str) -> tuple[Lease, threading.Event, list[str]]:
    fenced, reasons = threading.Event(), []

    def fence(reason: str) -> None:
        reasons.append(reason)
        fenced.set()

    return Lease(worker, beat=1, attempts=3, fence=fence), fenced, reasons


def test_a_worker_that_finds_its_lease_taken_stops(db_tasks):
    lease, fenced, reasons = _watched_lease("deemed-dead")
    lease.start()
    try:
        WorkerLease.objects.filter(worker_id="deemed-dead").delete()  # another worker's reclaim
        assert fenced.wait(5), "the worker went on"
        assert "deemed dead" in reasons[0]
    finally:
        lease.stop()


@contextlib.contextmanager
def _lease_rows_locked():
    """Another session holds the lease table: the heartbeat's UPDATE waits,
    as it does when the database stops answering."""
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        other = psycopg.connect(
            dbname=db["NAME"], user=db["USER"], host=db["HOST"] or None, port=db["PORT"] or None
        )
        other.execute("LOCK TABLE outbox_workerlease IN ACCESS EXCLUSIVE MODE")
    else:
        other = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        other.rollback()
        other.close()


def test_a_worker_that_cannot_renew_its_lease_stops(db_tasks):
    lease, fenced, reasons = _watched_lease("cut-off")
    lease.start()
    try:
        with _lease_rows_locked():
            assert fenced.wait(6), "the worker went on"
        assert "no heartbeat" in reasons[0]
    finally:
        lease.stop()
