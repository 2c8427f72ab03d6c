"""Agenda changes lock before they check: a booking in progress is waited for,
then seen, then named in the refusal. Threads and real commits, on PostgreSQL.
"""

import datetime

import pytest
from django.utils import timezone

from scheduling.models import Absence, Booking
from scheduling.services import agendas
from tests import factories as f
from tests.threads import in_thread

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres_only]


@pytest.fixture
def slot():
    agenda = f.agenda()
    f.reason(agenda)
    return f.slot(agenda, start=timezone.now().replace(microsecond=0) + datetime.timedelta(days=3))


def _finish(change_thread, booker, release) -> None:
    change_thread.join(1.0)
    assert change_thread.is_alive(), "the change must wait for the booking's lock"
    release.set()
    booker.join(10), change_thread.join(10)


def test_an_absence_waits_for_a_booking_in_progress_then_flags_it(slot, booking_in_progress):
    booker, booked, release = booking_in_progress(slot)
    change, outcome = in_thread(
        lambda: agendas.add_absence(
            slot.agenda,
            start=slot.start - datetime.timedelta(hours=1),
            end=slot.end + datetime.timedelta(hours=1),
            label="Congrès",
            by=None,
        )
    )
    _finish(change, booker, release)
    assert isinstance(booked[0], Booking)
    change = outcome[0]
    assert isinstance(change, agendas.AbsenceChange), change
    # The absence saw the booking that committed first: flagged, not cancelled.
    assert [b.pk for b in change.to_rebook] == [booked[0].pk]
    assert Absence.objects.count() == 1
    booking = Booking.objects.get(slot=slot)
    assert (booking.status, booking.to_rebook, booking.slot.status) == ("booked", True, "closed")


def test_ending_hours_waits_for_a_booking_in_progress_then_names_it(slot, booking_in_progress):
    booker, booked, release = booking_in_progress(slot)
    change, outcome = in_thread(lambda: agendas.remove_rule(slot.rule, by=None))
    _finish(change, booker, release)
    refused = outcome[0]
    assert isinstance(refused, agendas.AgendaChangeRefused), refused
    assert booked[0].public_id.hex[:8] in refused.message
    slot.rule.refresh_from_db()
    assert slot.rule.valid_until is None
