"""`Booking.TRANSITIONS` states what the database allows: every change of
status from one to another is tried, as the application role in plain SQL
with a real commit, on a booking of its own, and the database accepts
exactly the changes the model lists. Both databases.

An outcome (honoured, missed) exists only once the appointment has started,
so a change from or to one is tried on a slot of three days ago (the booking
written there as history is); every other change, on a slot next week. The
transaction declares the hold's maker, as every confirmation does.
"""

import datetime
import itertools

import pytest
from django.db import DatabaseError
from django.utils import timezone

from scheduling.models import Booking
from scheduling.rules.holds import SETTING, acting_for
from tests import factories as f
from tests.helpers import bookings_state, when

pytestmark = pytest.mark.django_db(transaction=True)

S = Booking.Status
OUTCOMES = {S.HONOURED, S.MISSED}
MAKER = "staff:transitions"


def _booking(world, old: str, new: str, start) -> Booking:
    started = old in OUTCOMES or new in OUTCOMES
    slot = f.slot(world.agenda, start=start if started else None)
    with acting_for(MAKER):  # a hold written as history has its maker too
        return f.booking(
            slot,
            world.reason,
            status=old,
            held_by=MAKER if old == S.PENDING else "",
            hold_expires_at=timezone.now() + datetime.timedelta(hours=1),
            cancelled_at=timezone.now() if old == S.CANCELLED else None,
        )


def _try(attacker, booking: Booking, new: str) -> bool:
    """Whether the database commits `booking` becoming `new`."""
    statements = []
    if attacker.vendor == "postgresql":
        statements.append(("SELECT set_config(%s, %s, true)", [SETTING, booking.held_by]))
    cancelled_at = when(timezone.now()) if new == S.CANCELLED else None
    statements.append(
        (
            "UPDATE scheduling_booking SET status = %s, cancelled_at = %s WHERE id = %s",
            [new, cancelled_at, booking.pk],
        )
    )
    try:
        with acting_for(booking.held_by):  # SQLite's triggers read it in this process
            attacker.run(*statements)
    except DatabaseError:
        return False
    return True


def test_the_database_allows_exactly_the_transitions_the_model_lists(world, attacker):
    days_ago = timezone.now().replace(microsecond=0) - datetime.timedelta(days=3)
    pairs = [(old, new) for old, new in itertools.permutations(S.values, 2)]
    bookings = {
        pair: _booking(world, *pair, days_ago + datetime.timedelta(minutes=30 * i))
        for i, pair in enumerate(pairs)
    }
    allowed = {pair for pair in pairs if _try(attacker, bookings[pair], pair[1])}

    assert allowed == {
        (old, new) for old, targets in Booking.TRANSITIONS.items() for new in targets
    }
    state = bookings_state()
    assert [pair for pair, b in bookings.items() if state[b.pk][0] != pair[pair in allowed]] == []


def test_the_model_lists_every_status():
    assert set(Booking.TRANSITIONS) == set(S.values)
    assert all(targets <= set(S.values) for targets in Booking.TRANSITIONS.values())
    assert all(status not in targets for status, targets in Booking.TRANSITIONS.items())
