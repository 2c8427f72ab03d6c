"""Two slots freeing and two offers accepted at once: never one slot to two
patients, and the first in line never gets both. Real commits and threads."""

import datetime
import threading

import pytest
from django.utils import timezone

from audit.models import Event
from scheduling.models import Booking, WaitlistEntry
from scheduling.selectors.search import free_slots
from scheduling.services import booking as service
from scheduling.services import waitlist
from scheduling.services.patients import PatientDetails
from tests import factories as f
from tests.threads import in_thread

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres_only]


def _join(world, name: str) -> WaitlistEntry:
    return waitlist.join(
        reason=world["first"],
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


def test_two_slots_freeing_and_two_offers_accepted_at_once(clinic_world):
    later = timezone.now() + datetime.timedelta(days=5)
    slots = list(free_slots(reason=clinic_world["first"], start=later)[:2])
    bookings = [
        service.book(
            slot=slot,
            reason=clinic_world["first"],
            patient=f.patient(last_name=f"X{n}"),
            channel="phone",
            returning=False,
        )
        for n, slot in enumerate(slots)
    ]
    first, second = _join(clinic_world, "Premier"), _join(clinic_world, "Second")

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
                reason=clinic_world["first"],
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
    decisions = Event.objects.filter(action="decision", object_type="scheduling_waitlistentry")
    assert decisions.count() == 2
    assert all("first come, first served" in d.changes for d in decisions)
