import datetime

import pytest
from django.utils import timezone

from interfaces.models import Endpoint
from scheduling.selectors.search import free_slots
from scheduling.services import booking as service
from tests import factories as f

WEBHOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


@pytest.fixture
def his(db):
    """The patient administration system, fed HL7 v2 over MLLP (no listener yet)."""
    return Endpoint.objects.create(name="GAM", kind="mllp", address="127.0.0.1:1")


@pytest.fixture
def book(clinic_world):
    """Book the next free slot after `days` days, at once (a secretary on the phone)."""

    def book_one(days: int = 4, **patient):
        start = timezone.now() + datetime.timedelta(days=days)
        return service.book(
            slot=free_slots(reason=clinic_world["first"], start=start).first(),
            reason=clinic_world["first"],
            patient=f.patient(sms_consent=False, **patient),
            channel="phone",
            returning=False,
        )

    return book_one


def next_free(clinic_world, after: datetime.datetime):
    return free_slots(reason=clinic_world["first"], start=after).first()
