"""Retried submits of the booking form, all at once: one hold, one patient record.

PostgreSQL only: SQLite has a single writer, so there is no race to lose.
"""

import datetime

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from scheduling.models import Booking, Patient
from scheduling.selectors.search import free_slots
from tests.threads import attempt_all

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres_only]


@override_settings(BOOKING_RATE="1000/h")
def test_fifty_identical_posts_leave_one_hold_and_no_orphan_patient(clinic_world):
    slot = free_slots(
        reason=clinic_world["first"], start=timezone.now() + datetime.timedelta(days=3)
    ).first()
    details = {
        "reason": clinic_world["first"].pk,
        "seen_before": "new",
        "for_whom": "self",
        "first_name": "Zoé",
        "last_name": "Lambert",
        "birth_date": "1990-04-12",
        "email": "zoe@example.org",
        "phone": "06 12 34 56 78",
        "consent": "on",
        "form_token": "the-same-form",
    }

    def post():
        return Client().post(f"/book/{slot.pk}/", details)

    outcomes = attempt_all([post] * 50, 50, lambda attempt: attempt().status_code)
    assert outcomes == {302: 50}
    assert Booking.objects.filter(slot=slot).count() == 1
    assert Patient.objects.count() == 1
