"""Background tasks (Django's Tasks API, the django-tasks backport).

The task functions stay thin: each names what to do by ids (never a
patient's details, never a code: the task table is not the audit trail and
is not masked) and calls a service. Services enqueue them with `later()`,
which waits for the commit of the change that causes them, so a rolled-back
change sends nothing and no request ever waits for a mail server.

Retries: the Tasks API runs a task once; `send_notice` re-enqueues itself
with a growing delay when sending fails (NOTICE_ATTEMPTS, NOTICE_RETRY_SECONDS)
on a backend that can defer (the database backend), then gives up, which the
notifications service turns into what the patient needs (a hold whose code
could not be sent is released).
"""

import datetime
import logging
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)


def can_defer() -> bool:
    """Whether the task backend runs a task at a given time (the database
    backend does; the immediate backend of development does not)."""
    from django_tasks import default_task_backend

    return default_task_backend.supports_defer


def later(task_: Callable, *args, run_after: datetime.datetime | None = None, **kwargs) -> None:
    """Enqueue `task_` once the current transaction commits (at once outside one)."""

    def enqueue() -> None:
        chosen = task_.using(run_after=run_after) if run_after is not None else task_
        chosen.enqueue(*args, **kwargs)

    transaction.on_commit(enqueue, robust=True)


@task()
def send_notice(
    booking_id: int,
    kind: str,
    *,
    channel: str,
    expected: int,
    language: str,
    attempt: int = 1,
    **extra,
) -> str:
    from scheduling.services import notifications

    what = {"channel": channel, "expected": expected, "language": language, **extra}
    try:
        return notifications.deliver(booking_id, kind, **what)
    except Exception:
        if attempt < settings.NOTICE_ATTEMPTS and can_defer():
            delay = settings.NOTICE_RETRY_SECONDS * 2 ** (attempt - 1)
            retry_at = timezone.now() + datetime.timedelta(seconds=delay)
            send_notice.using(run_after=retry_at).enqueue(
                booking_id, kind, attempt=attempt + 1, **what
            )
            logger.warning("%s notice of booking %s failed; retry in %ds", kind, booking_id, delay)
        else:
            notifications.gave_up(booking_id, kind, expected=expected)
            logger.error("%s notice of booking %s failed %d times", kind, booking_id, attempt)
        raise


@task()
def release_hold(booking_id: int) -> bool:
    """At the end of a hold: give the slot back if the patient has not confirmed."""
    from audit.context import AuditChannel, acting
    from scheduling.services.booking import release_hold as release

    with acting(actor="system:tasks", channel=AuditChannel.COMMAND):
        return release(booking_id)


@task()
def offer_freed_slot(slot_id: int) -> int | None:
    """A slot became free: the first in line of its waiting list is offered it."""
    from audit.context import AuditChannel, acting
    from scheduling.services import waitlist

    with acting(actor="system:tasks", channel=AuditChannel.COMMAND):
        entry = waitlist.offer_slot(slot_id)
    return entry.pk if entry else None
