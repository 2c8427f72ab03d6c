"""A notice leaves once: a task run again after a crash that came after the
mail left finds its delivery recorded and sends nothing; the Message-ID is
derived from the notice's key, the same on every attempt."""

import datetime
import re
import threading
import time

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from outbox import delivery
from outbox.models import Delivery, WorkerLease
from scheduling.services import notifications
from tests.helpers import run_worker

pytestmark = pytest.mark.django_db(transaction=True)


def _confirmation() -> DBTaskResult:
    return DBTaskResult.objects.get(task_path="scheduling.tasks.send_notice", run_after__year=9999)


def test_a_notice_run_again_after_its_mail_left_is_not_sent_twice(db_tasks, book):
    booking = book()
    run_worker()
    (sent,) = mail.outbox
    key = notifications.notice_key(booking.pk, "confirmed", "email", booking.sequence)
    assert Delivery.objects.filter(key=key).exists()
    assert sent.extra_headers["Message-ID"] == delivery.message_id(key)

    # The worker was killed after the mail left, before it marked the task done.
    task = _confirmation()
    DBTaskResult.objects.filter(pk=task.pk).update(
        status="RUNNING", started_at=timezone.now() - datetime.timedelta(hours=1)
    )
    stale = timezone.now() - datetime.timedelta(hours=1)
    WorkerLease.objects.create(worker_id=task.worker_ids[-1], beat_at=stale, started_at=stale)
    run_worker()
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL" and task.return_value == "confirmed sent by email already"
    assert len(mail.outbox) == 1


class Flaky:
    """A mail server that refuses the first attempt."""

    attempts = 0

    def __init__(self, *args, **kwargs):
        from django.core.mail.backends.locmem import EmailBackend

        self.backend = EmailBackend(*args, **kwargs)

    def open(self):
        return self.backend.open()

    def close(self):
        return self.backend.close()

    def send_messages(self, messages):
        Flaky.attempts += 1
        if Flaky.attempts == 1:
            raise ConnectionRefusedError("the mail server does not answer")
        return self.backend.send_messages(messages)


def test_a_failed_attempt_records_nothing_and_the_retry_sends_the_same_message(
    db_tasks, book, settings
):
    from tests.helpers import clock_reaches

    settings.EMAIL_BACKEND = "tests.outbox.test_delivery.Flaky"
    Flaky.attempts = 0
    booking = book()
    run_worker()
    assert mail.outbox == [] and not Delivery.objects.exists()
    clock_reaches(timezone.now() + datetime.timedelta(minutes=5))
    run_worker()
    (sent,) = mail.outbox
    key = notifications.notice_key(booking.pk, "confirmed", "email", 0)
    assert sent.extra_headers["Message-ID"] == delivery.message_id(key)
    assert Delivery.objects.filter(key=key).count() == 1


@pytest.mark.postgres_only
def test_two_attempts_at_once_send_one_message(db_tasks):
    """The record written before the send holds the second attempt until the
    first commits; it then finds the notice sent."""
    started, sent = threading.Event(), []

    def send(name: str):
        def send_now():
            sent.append(name)
            started.set()
            time.sleep(0.5)

        return send_now

    results = {}

    def attempt(name: str) -> None:
        from django.db import connection

        try:
            results[name] = delivery.once("notice:test:1", send(name))
        finally:
            connection.close()

    first = threading.Thread(target=attempt, args=("first",))
    first.start()
    assert started.wait(5)
    second = threading.Thread(target=attempt, args=("second",))
    second.start()
    first.join(5)
    second.join(5)
    assert sent == ["first"] and results == {"first": True, "second": False}


def test_message_ids_name_no_booking_and_are_the_same_for_every_attempt(settings):
    key = "notice:12:confirmed:email:0"
    local, _, domain = delivery.message_id(key).strip("<>").partition("@")
    assert re.fullmatch(r"[0-9a-f]{40}", local)
    assert domain == settings.DEFAULT_FROM_EMAIL.rpartition("@")[2]
    assert delivery.message_id(key) == delivery.message_id(key)
    assert delivery.message_id(key) != delivery.message_id("notice:12:confirmed:email:1")
