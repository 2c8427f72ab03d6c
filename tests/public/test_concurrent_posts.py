"""Booking forms posted all at once, as several workers receive them: on
PostgreSQL and on SQLite (one writer at a time: IMMEDIATE transactions queue
for the write lock instead of answering "database is locked")."""

import datetime

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from scheduling.models import Booking, Patient
from scheduling.selectors.search import free_slots
from tests.threads import attempt_all

pytestmark = [pytest.mark.django_db(transaction=True)]


def _details(actors, **overrides) -> dict:
    return {
        "reason": actors.first_visit.pk,
        "seen_before": "new",
        "for_whom": "self",
        "first_name": "Zoé",
        "last_name": "Lambert",
        "birth_date": "1990-04-12",
        "email": "zoe@example.org",
        "phone": "06 12 34 56 78",
        "consent": "on",
        "form_token": "the-same-form",
        **overrides,
    }


def _free_slots(actors):
    return free_slots(reason=actors.first_visit, start=timezone.now() + datetime.timedelta(days=3))


@override_settings(BOOKING_RATE="1000/h")
def test_fifty_identical_posts_leave_one_hold_and_no_orphan_patient(actors):
    slot = _free_slots(actors).first()
    details = _details(actors)

    def post():
        return Client().post(f"/book/{slot.pk}/", details)

    outcomes = attempt_all([post] * 50, 50, lambda attempt: attempt().status_code)
    assert outcomes == {302: 50}
    assert Booking.objects.filter(slot=slot).count() == 1
    assert Patient.objects.count() == 1


@override_settings(BOOKING_RATE="1000/h", MAX_UPCOMING_BOOKINGS_PER_SPECIALTY=100)
def test_fifty_patients_booking_at_once_all_get_their_slot(actors):
    """50 simultaneous bookings of 50 slots by 50 people: 50 holds, no server error."""
    slots = list(_free_slots(actors)[:50])
    attempts = [
        (
            lambda slot=slot, n=n: Client().post(
                f"/book/{slot.pk}/",
                _details(
                    actors,
                    first_name=f"Patient{n}",
                    email=f"p{n}@example.org",
                    form_token=f"form-{n}",
                ),
            )
        )
        for n, slot in enumerate(slots)
    ]
    outcomes = attempt_all(attempts, 10, lambda attempt: attempt().status_code)
    assert outcomes == {302: 50}
    assert Booking.objects.filter(status="pending").count() == 50
