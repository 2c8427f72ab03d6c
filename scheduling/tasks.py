"""Background tasks (Django's Tasks API, the django-tasks backport).

Tasks sit on top of the services: each is registered under the name the
services enqueue it by (outbox.queue), never imported by them. The task
functions stay thin: each names what to do by ids (never a patient's
details, never a code: the task table is not the audit trail and is not
masked) and calls a service.

Retries: the Tasks API runs a task once; `send_notice` re-enqueues itself
with a growing delay when sending fails (NOTICE_ATTEMPTS, NOTICE_RETRY_SECONDS)
on a backend that can defer (the database backend), then gives up: a hold
whose code could not be sent is released, so no slot stays held by nobody.
"""

import datetime
import logging

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from audit.context import AuditChannel, acting
from outbox import queue
from scheduling.services import booking as bookings
from scheduling.services import listing_clock, notifications, rights, waitlist

logger = logging.getLogger(__name__)


@queue.named("send_notice")
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
    what = {"channel": channel, "expected": expected, "language": language, **extra}
    try:
        return notifications.deliver(booking_id, kind, **what)
    except Exception:
        if attempt < settings.NOTICE_ATTEMPTS and queue.can_defer():
            delay = settings.NOTICE_RETRY_SECONDS * 2 ** (attempt - 1)
            retry_at = timezone.now() + datetime.timedelta(seconds=delay)
            send_notice.using(run_after=retry_at).enqueue(
                booking_id, kind, attempt=attempt + 1, **what
            )
            logger.warning("%s notice of booking %s failed; retry in %ds", kind, booking_id, delay)
        else:
            _gave_up(booking_id, kind, expected=expected)
            logger.error("%s notice of booking %s failed %d times", kind, booking_id, attempt)
        raise


@queue.named("send_waitlist_notice")
@task()
def send_waitlist_notice(entry_id: int, kind: str, *, attempt: int = 1, **what) -> str:
    """A notice about a waiting-list entry (joined, an offer taken back),
    retried as send_notice's are; these hold nothing, so giving up costs none."""
    try:
        return notifications.deliver_waitlist(entry_id, kind, **what)
    except Exception:
        if attempt < settings.NOTICE_ATTEMPTS and queue.can_defer():
            delay = settings.NOTICE_RETRY_SECONDS * 2 ** (attempt - 1)
            retry_at = timezone.now() + datetime.timedelta(seconds=delay)
            send_waitlist_notice.using(run_after=retry_at).enqueue(
                entry_id, kind, attempt=attempt + 1, **what
            )
        logger.warning("%s notice of waiting-list entry %s failed (%d)", kind, entry_id, attempt)
        raise


def _gave_up(booking_id: int, kind: str, *, expected: int) -> None:
    """Every attempt failed. A code that cannot reach the patient must not
    keep a slot held by nobody: the hold is released."""
    if kind == notifications.Notice.CODE:
        bookings.release_unreachable(booking_id, code_round=expected)


@queue.named("release_hold")
@task()
def release_hold(booking_id: int) -> bool:
    """At the end of a hold: give the slot back if the patient has not confirmed."""
    with acting(actor="system:tasks", channel=AuditChannel.COMMAND):
        return bookings.release_hold(booking_id)


@queue.periodic
def release_overdue_holds() -> int:
    """Every worker, when it starts and at every heartbeat: the holds whose time
    has run out are released even if their own task did not run (no worker was
    up at their expiry, or one died running it)."""
    with acting(actor="system:tasks", channel=AuditChannel.COMMAND):
        return bookings.release_expired_holds()


@queue.periodic
def keep_listing_clock() -> None:
    """Every worker, at every heartbeat: the lists' first availability is
    counted from now on, so a listed time never falls behind the minimum
    notice (the pages would then recompute it from the slots on every read)."""
    listing_clock.refresh_clock_when_behind()


@queue.named("offer_freed_slot")
@task()
def offer_freed_slot(slot_id: int) -> int | None:
    """A slot became free: the first in line of its waiting list is offered it."""
    with acting(actor="system:tasks", channel=AuditChannel.COMMAND):
        entry = waitlist.offer_slot(slot_id)
    return entry.pk if entry else None


@queue.named("send_person_link")
@task()
def send_person_link(patient_id: int, *, issued: str, language: str) -> str:
    """A patient asked for the link to their appointments and data (issue 25)."""
    return notifications.deliver_person_link(patient_id, issued=issued, language=language)


_retention_ran_at: datetime.datetime | None = None


@queue.periodic
def erase_expired_patients() -> int:
    """Once an hour per worker: the records whose retention period is over
    lose their identity (services.rights.erase_expired)."""
    global _retention_ran_at
    now = timezone.now()
    if _retention_ran_at and now - _retention_ran_at < datetime.timedelta(hours=1):
        return 0
    _retention_ran_at = now
    return rights.erase_expired(now=now)
