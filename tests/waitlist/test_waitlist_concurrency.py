"""Two slots freeing and two offers accepted at once: never one slot to two
patients, and the first in line never gets both. Real commits and threads."""

import datetime
import threading

import pytest
from django.utils import timezone

from scheduling.models import Booking, WaitlistEntry
from scheduling.selectors.search import free_slots
from scheduling.services import booking as service
from scheduling.services import waitlist
from scheduling.services.patients import PatientDetails
from tests import factories as f
from tests.helpers import events_after, last_seq
from tests.threads import in_thread

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres_only]


def _join(actors, name: str) -> WaitlistEntry:
    return waitlist.join(
        reason=actors.first_visit,
        patient=PatientDetails("Camille", name, datetime.date(1980, 1, 1), f"{name}@example.org"),
        returning=False,
        wanted_before=timezone.localdate() + datetime.timedelta(days=60),
    )


def _together(*targets):
    """Run the targets in threads released at the same instant; their outcomes."""
    barrier = threading.Barrier(len(targets))

    def released(target):
        def run():
            barrier.wait()
            return target()

        return run

    started = [in_thread(released(target)) for target in targets]
    for thread, _outcome in started:
        thread.join(30)
    return [outcome[0] for _thread, outcome in started]


def test_two_slots_freeing_and_two_offers_accepted_at_once(actors):
    since = last_seq()  # the trail outlives each test's flush: read this test's events only
    later = timezone.now() + datetime.timedelta(days=5)
    slots = list(free_slots(reason=actors.first_visit, start=later)[:2])
    bookings = [
        service.book(
            slot=slot,
            reason=actors.first_visit,
            patient=f.patient(last_name=f"X{n}"),
            channel="phone",
            returning=False,
        )
        for n, slot in enumerate(slots)
    ]
    first, second = _join(actors, "Premier"), _join(actors, "Second")

    # Both patients cancel at the same instant; each commit offers its slot (the
    # offer task runs after the commit, here in the same thread).
    _together(*(lambda b=b: service.cancel(b, reason="Empêchement") for b in bookings))
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.status, second.status) == ("offered", "offered")
    assert {first.offer.slot_id, second.offer.slot_id} == {s.pk for s in slots}

    # Both accept at the same instant, while a third person tries each slot.
    stranger = f.patient(last_name="Tiers")
    outcomes = _together(
        lambda: waitlist.accept(first.offer),
        lambda: waitlist.accept(second.offer),
        *(
            lambda s=s: service.book(
                slot=s,
                reason=actors.first_visit,
                patient=stranger,
                channel="phone",
                returning=False,
            )
            for s in slots
        ),
    )
    assert all(isinstance(o, Booking) for o in outcomes[:2]), outcomes
    assert all(getattr(o, "code", None) == "slot_taken" for o in outcomes[2:]), outcomes
    for slot in slots:
        (live,) = Booking.objects.filter(slot=slot).exclude(status="cancelled")
        assert live.status == "booked"
    assert sorted(
        Booking.objects.filter(status="booked", slot__in=slots).values_list(
            "patient__email", flat=True
        )
    ) == ["Premier@example.org", "Second@example.org"]

    # The rule is in the audit trail, with the line as it stood.
    decisions = events_after(since, action="decision", object_type="scheduling_waitlistentry")
    assert decisions.count() == 2
    assert all("first come, first served" in d.changes for d in decisions)
