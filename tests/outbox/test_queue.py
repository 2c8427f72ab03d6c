"""A task is written in the transaction of the change it announces (the
database backend): it commits with it or rolls back with it. The immediate
backend of development runs it after the commit, and not at all after a
rollback. Services name their tasks; they never import them."""

import pytest
from django.core import mail
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from outbox import queue
from tests import factories as f

pytestmark = pytest.mark.django_db(transaction=True)


class Rollback(Exception):
    pass


def test_the_task_is_in_the_change_s_transaction_before_it_commits(db_tasks, actors):
    _ = actors.neuro_agenda  # Dr Neuro's agenda, there before the change
    with transaction.atomic():
        queue.enqueue("release_hold", 123)
        assert DBTaskResult.objects.filter(task_path__endswith="release_hold").count() == 1
    assert DBTaskResult.objects.filter(task_path__endswith="release_hold").count() == 1


def test_a_change_rolled_back_leaves_no_task(db_tasks, actors):
    _ = actors.neuro_agenda  # Dr Neuro's agenda, there before the change
    with pytest.raises(Rollback), transaction.atomic():
        f.patient()
        queue.enqueue("release_hold", 123)
        raise Rollback
    assert not DBTaskResult.objects.exists()


def test_a_booking_s_notices_are_written_with_it(db_tasks, book):
    booking = book()
    tasks = DBTaskResult.objects.filter(task_path="scheduling.tasks.send_notice")
    kinds = sorted(
        t.args_kwargs["args"][1] for t in tasks if t.args_kwargs["args"][0] == booking.pk
    )
    assert kinds == ["confirmed", "reminder"]  # the 48 h reminder by mail, at its time


def _notice(booking, expected: int) -> None:
    queue.enqueue(
        "send_notice", booking.pk, "confirmed", channel="email", expected=expected, language="en"
    )


def test_with_the_immediate_backend_the_task_runs_after_the_commit_only(actors, book):
    booking = book()
    mail.outbox.clear()
    with pytest.raises(Rollback), transaction.atomic():
        _notice(booking, expected=1)
        raise Rollback
    assert mail.outbox == []
    with transaction.atomic():
        _notice(booking, expected=2)
        assert mail.outbox == []
    assert len(mail.outbox) == 1


def test_an_unknown_task_name_is_refused_at_once(db_tasks):
    with pytest.raises(LookupError, match="send_notise"):
        queue.enqueue("send_notise", 1)
