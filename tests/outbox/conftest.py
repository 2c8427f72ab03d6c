import datetime

import pytest
from django.utils import timezone

from scheduling.selectors.search import free_slots
from scheduling.services import booking as service
from tests import factories as f


@pytest.fixture
def book(actors):
    """Book the next free slot, four days ahead, for a patient reached by mail only."""

    def book_one(**patient):
        start = timezone.now() + datetime.timedelta(days=4)
        return service.book(
            slot=free_slots(reason=actors.first_visit, start=start).first(),
            reason=actors.first_visit,
            patient=f.patient(sms_consent=False, **patient),
            channel="phone",
            returning=False,
        )

    return book_one
