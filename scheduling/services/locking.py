"""Every lock the services take, in one place and in one order.

The order, for every write path (book, hold, confirm, cancel, move, outcome,
check-in, waiting-list offer, absence, agenda closing):

1. advisory locks: an API client (its open holds are counted), then a group
   of waiting lists, then the person, then the agenda;
2. slot rows, FOR UPDATE, in primary-key order (`lock_slots`);
3. booking rows, FOR UPDATE, in primary-key order (`lock_booking`,
   `lock_bookings`), always after the slot each booking is on;
4. waiting-list rows;
5. at COMMIT, by the database: the institution rule's check (FOR SHARE of the
   slot, agenda, department, establishment, reason and affiliation rows),
   then the first-availability listing's rows (FOR UPDATE, by agenda id);
6. last of all, the audit trail's chain head (the seal: audit/sql.py makes it
   the final deferred step of every transaction).

Only the rows a service changes are locked FOR UPDATE (`of=("self",)`): never
an establishment, department or agenda row, which the commit-time rule check
share-locks. Transactions that take their locks in this order wait for each
other but never deadlock.

A person and an agenda are locked with PostgreSQL advisory locks, not row
locks: a person's second record may not exist yet (there is no row to lock),
and a booking's insert share-locks its agenda's row (the institution rule's
trigger) while it holds its slot, so an agenda change that held the agenda
row and then waited for that slot would deadlock with it. SQLite runs one
writer at a time: there is nothing to lock there.

A deadlock or serialization failure that still happens (a registry change, a
hand-written SQL session) is not a 500: `retrying` runs the service's whole
transaction again, a bounded number of times, and then lets the error through
as a 503 with Retry-After (config.errors).
"""

import functools
import hashlib
import logging
import random
import time
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.db import OperationalError, connection
from django.db.models import QuerySet

from scheduling.models import Booking, Slot

log = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable)

# Namespaces of the two-key advisory locks. The audit trail's sealing lock
# uses the one-key form, which PostgreSQL keeps in a separate key space.
_PERSON, _AGENDA, _WAITLIST, _API_CLIENT = 1, 2, 3, 4

# SQLSTATEs after which the whole transaction may simply run again.
RETRYABLE = {"40P01": "deadlock detected", "40001": "serialization failure"}
ATTEMPTS = 3


class RowsMoved(OperationalError):
    """A row changed between reading where it was and locking it (a booking
    moved to another slot): the transaction runs again, in lock order."""

    sqlstate = "40001"


def _require_atomic() -> None:
    if not connection.in_atomic_block:
        raise RuntimeError("locks are taken inside the service's transaction, never outside it")


def advisory_key(text: str) -> int:
    """The 32-bit key of the advisory lock named `text` (two names may share a
    key: they then wait for each other, which is safe)."""
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "big", signed=True)


def _advisory(namespace: int, name: str) -> None:
    _require_atomic()
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [namespace, advisory_key(name)])


def lock_api_client(client_id: int) -> None:
    """One hold at a time per API client, so that its open holds are counted
    right under concurrent requests (scheduling.services.booking.checks)."""
    _advisory(_API_CLIENT, str(client_id))


def lock_person(identity_key: str) -> None:
    """One change at a time per person (their cap and overlaps span all their records)."""
    _advisory(_PERSON, identity_key)


def lock_agenda(agenda_id: int) -> None:
    """One change at a time to an agenda's rules, absences and generated slots."""
    _advisory(_AGENDA, str(agenda_id))


def lock_waitlist(scope: str) -> None:
    """One offer decision at a time per group of waiting lists (a specialty at
    an establishment: services.waitlist.scope_of): two slots freeing at once
    are offered in turn, so the first in line never gets both."""
    _advisory(_WAITLIST, scope)


def lock_slots(slots: QuerySet[Slot]) -> list[Slot]:
    """The slot rows, locked in primary-key order. A booking holds its slot's
    lock until it commits: a change that locks the slot first then sees it."""
    _require_atomic()
    return list(slots.select_for_update(of=("self",)).order_by("pk"))


def lock_bookings(bookings: QuerySet[Booking]) -> list[Booking]:
    """Booking rows, locked in primary-key order, only them (their slots are
    locked already: slots come first)."""
    _require_atomic()
    return list(bookings.select_for_update(of=("self",)).order_by("pk"))


def lock_booking(booking_id: int, *, related: Iterable[str] = ()) -> Booking | None:
    """One booking, locked after its slot (None if there is no such booking).
    A booking moved between the two reads makes the transaction run again
    (RowsMoved, under `retrying`), so the slot lock always comes first."""
    _require_atomic()
    slot_id = Booking.objects.filter(pk=booking_id).values_list("slot_id", flat=True).first()
    if slot_id is None:
        return None
    lock_slots(Slot.objects.filter(pk=slot_id))
    rows = Booking.objects.filter(pk=booking_id).select_related(*related)
    booking = rows.select_for_update(of=("self",)).first()
    if booking is not None and booking.slot_id != slot_id:
        raise RowsMoved(f"booking {booking_id} moved while it was being locked")
    return booking


def retryable(error: BaseException) -> str | None:
    """What makes `error` worth running the transaction again, or None."""
    while error is not None:
        sqlstate = getattr(error, "sqlstate", None)
        if sqlstate in RETRYABLE:
            return RETRYABLE[sqlstate]
        error = error.__cause__
    return None


def retrying(service: F) -> F:
    """Run a service's whole transaction again after a deadlock or a
    serialization failure, up to ATTEMPTS times with a jittered pause; then the
    error goes through (config.errors answers it with a 503 and Retry-After).

    Only for services that own their transaction (durable): inside a caller's
    transaction there is nothing to run again."""

    @functools.wraps(service)
    def run(*args, **kwargs):
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return service(*args, **kwargs)
            except OperationalError as error:
                why = retryable(error)
                if why is None or attempt == ATTEMPTS or connection.in_atomic_block:
                    raise
                log.warning("%s: %s, attempt %d of %d", service.__name__, why, attempt, ATTEMPTS)
                time.sleep(random.uniform(0.01, 0.05) * 2**attempt)  # noqa: S311 (jitter)
        raise AssertionError("unreachable")

    return run  # type: ignore[return-value]
