"""Every lock the services take, in one place and in one order.

The order is: an API client, then a group of waiting lists, then the person, then the agenda,
then slot rows in primary-key order, then booking rows, then waiting-list
rows. Transactions that take their locks in this order
wait for each other but never deadlock.

A person and an agenda are locked with PostgreSQL advisory locks, not row
locks: a person's second record may not exist yet (there is no row to lock),
and a booking's insert share-locks its agenda's row (the institution rule's
trigger) while it holds its slot, so an agenda change that held the agenda
row and then waited for that slot would deadlock with it. SQLite runs one
writer at a time: there is nothing to lock there.
"""

import hashlib

from django.db import connection
from django.db.models import QuerySet

from scheduling.models import Slot

# Namespaces of the two-key advisory locks. The audit trail's sealing lock
# uses the one-key form, which PostgreSQL keeps in a separate key space.
_PERSON, _AGENDA, _WAITLIST, _API_CLIENT = 1, 2, 3, 4


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
