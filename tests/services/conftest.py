import threading

import pytest

from scheduling.services import booking as service
from scheduling.services.booking import create as making
from tests import factories as f
from tests.threads import in_thread


@pytest.fixture
def booking_in_progress(monkeypatch):
    """Start a booking through the service, in a thread, and pause it after its
    insert, before its commit: it holds its locks. Returns the thread, its
    outcome and the event that lets it commit."""
    inserted, release = threading.Event(), threading.Event()
    create = making._create

    def create_then_wait(*args, **kwargs):
        made = create(*args, **kwargs)
        inserted.set()
        release.wait(10)
        return made

    monkeypatch.setattr(making, "_create", create_then_wait)

    def start(slot):
        reason = slot.agenda.reasons.first()
        thread, outcome = in_thread(
            lambda: service.book(
                slot=slot.pk, reason=reason, patient=f.patient(), channel="web", returning=False
            )
        )
        assert inserted.wait(10), "the booking did not reach its insert"
        return thread, outcome, release

    return start
