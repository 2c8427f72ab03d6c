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


def test_an_absence_waits_for_a_booking_in_progress_then_names_it(slot, booking_in_progress):
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
    refused = outcome[0]
    assert isinstance(refused, agendas.AgendaChangeRefused), refused
    assert refused.code == "bookings_in_the_way"
    assert booked[0].public_id.hex[:8] in refused.message
    assert not Absence.objects.exists()
    assert Booking.objects.get(slot=slot).slot.status == "open"


def test_ending_hours_waits_for_a_booking_in_progress_then_names_it(slot, booking_in_progress):
    booker, booked, release = booking_in_progress(slot)
    change, outcome = in_thread(lambda: agendas.remove_rule(slot.rule, by=None))
    _finish(change, booker, release)
    refused = outcome[0]
    assert isinstance(refused, agendas.AgendaChangeRefused), refused
    assert booked[0].public_id.hex[:8] in refused.message
    slot.rule.refresh_from_db()
    assert slot.rule.valid_until is None
