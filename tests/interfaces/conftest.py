import datetime

import pytest
from django.utils import timezone

from interfaces.models import Endpoint
from scheduling.selectors.search import free_slots
from scheduling.services import booking as service
from tests import factories as f


@pytest.fixture
def his(db):
    """The patient administration system, fed HL7 v2 over MLLP (no listener yet)."""
    return Endpoint.objects.create(name="GAM", kind="mllp", address="127.0.0.1:1")


@pytest.fixture
def book(actors):
    """Book the next free slot after `days` days, at once (a secretary on the phone)."""

    def book_one(days: int = 4, **patient):
        start = timezone.now() + datetime.timedelta(days=days)
        return service.book(
            slot=free_slots(reason=actors.first_visit, start=start).first(),
            reason=actors.first_visit,
            patient=f.patient(sms_consent=False, **patient),
            channel="phone",
            returning=False,
        )

    return book_one
