"""No double booking, ever: simultaneous attempts with threads and real commits.

PostgreSQL only: SQLite has a single writer, so there is no race to lose.
"""

import datetime
import threading
from collections import Counter

import pytest
from django.test import override_settings
from django.utils import timezone

from hospital.models import Membership
from scheduling.models import Booking, Patient
from scheduling.services import booking as service
from scheduling.services.booking import BookingRefused
from scheduling.services.patients import PatientDetails
from tests import factories as f
from tests.threads import attempt_all, in_thread

# Concurrency is proven on PostgreSQL; SQLite serialises every writer.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres_only]


def _booked_or_code(attempt) -> str:
    try:
        attempt()
    except BookingRefused as refused:
        return refused.code
    return "booked"


def _attempt_all(attempts: list, workers: int) -> Counter:
    return attempt_all(attempts, workers, _booked_or_code)


@pytest.fixture
def slot():
    agenda = f.agenda()
    f.reason(agenda)
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=3)
    return f.slot(agenda, start=start)


@pytest.mark.parametrize(("attempts", "workers"), [(2, 2), (16, 16), (64, 64), (200, 80)])
def test_simultaneous_attempts_on_one_slot_give_exactly_one_booking(slot, attempts, workers):
    reason = slot.agenda.reasons.first()
    patients = [f.patient(last_name=f"P{n}") for n in range(attempts)]

    def attempt_for(patient):
        return lambda: service.book(
            slot=slot.pk, reason=reason, patient=patient, channel="web", returning=False
        )

    outcomes = _attempt_all([attempt_for(p) for p in patients], workers)
    assert outcomes == Counter({"booked": 1, "slot_taken": attempts - 1})
    assert Booking.objects.filter(slot=slot).count() == 1


@override_settings(MAX_UPCOMING_BOOKINGS_PER_SPECIALTY=2)
def test_one_patient_racing_for_many_slots_gets_no_more_than_the_cap():
    agenda = f.agenda(department_=f.department(specialty=f.specialty("cardiologie")))
    reason = f.reason(agenda)
    base = timezone.now().replace(microsecond=0) + datetime.timedelta(days=3)
    slots = [f.slot(agenda, start=base + datetime.timedelta(hours=n)) for n in range(12)]
    patient = f.patient()

    def attempt_for(slot):
        return lambda: service.book(
            slot=slot.pk, reason=reason, patient=patient, channel="web", returning=False
        )

    outcomes = _attempt_all([attempt_for(s) for s in slots], 12)
    assert outcomes == Counter({"booked": 2, "cap_reached": 10})


@override_settings(MAX_UPCOMING_BOOKINGS_PER_SPECIALTY=2)
def test_one_person_racing_under_several_addresses_gets_no_more_than_the_cap():
    """Each attempt gives another address (so another record): the person's lock
    still makes them wait for each other, and the cap counts the person."""
    agenda = f.agenda(department_=f.department(specialty=f.specialty("cardiologie")))
    reason = f.reason(agenda)
    base = timezone.now().replace(microsecond=0) + datetime.timedelta(days=3)
    slots = [f.slot(agenda, start=base + datetime.timedelta(hours=n)) for n in range(12)]

    def attempt_for(n, slot):
        zoe = PatientDetails("Zoé", "Lambert", datetime.date(1990, 4, 12), f"zoe+{n}@example.org")
        return lambda: service.book(
            slot=slot.pk, reason=reason, patient=zoe, channel="web", returning=False
        )

    outcomes = _attempt_all([attempt_for(n, s) for n, s in enumerate(slots)], 12)
    assert outcomes == Counter({"booked": 2, "cap_reached": 10})
    assert Patient.objects.count() == 2  # the refused attempts left no record


def test_concurrent_retries_with_one_idempotency_key_book_once(slot):
    reason = slot.agenda.reasons.first()
    patient = f.patient()
    attempt = lambda: service.book(  # noqa: E731
        slot=slot.pk,
        reason=reason,
        patient=patient,
        channel="api",
        idempotency_key="retry-1",
        returning=False,
    )
    outcomes = _attempt_all([attempt] * 16, 16)
    assert outcomes == Counter({"booked": 16})
    assert Booking.objects.filter(idempotency_key="retry-1").count() == 1


def test_a_hospital_leaving_and_a_booking_committing_at_once_never_both_succeed(
    slot, booking_in_progress
):
    """The rule is checked at COMMIT. The hospital leaves while a booking there
    is inserted but not committed: the departure cannot see that booking, and
    commits; the booking's own check at its COMMIT then share-locks the
    establishment, sees that it has left, and refuses. Never both."""
    from django.db import transaction

    from hospital.models import Establishment

    hospital = slot.agenda.department.establishment
    booker, booking_outcome, release = booking_in_progress(slot)

    def leave():
        with transaction.atomic():
            return Membership.objects.filter(
                establishment_id=hospital.pk, ends_on__isnull=True
            ).update(ends_on=timezone.localdate())

    leaver, leave_outcome = in_thread(leave)
    leaver.join(10)
    release.set()
    booker.join(10)
    assert leave_outcome == [1]
    refused = booking_outcome[0]
    assert isinstance(refused, BookingRefused) and refused.code == "outside_institution"
    assert not Booking.objects.filter(slot=slot).exists()
    assert not Establishment.objects.get(pk=hospital.pk).is_member


def test_a_booking_waits_for_a_concurrent_departure_and_is_then_refused(slot):
    from django.db import transaction

    hospital = slot.agenda.department.establishment
    flipped, release = threading.Event(), threading.Event()

    def leave_and_hold():
        with transaction.atomic():
            Membership.objects.filter(establishment_id=hospital.pk, ends_on__isnull=True).update(
                ends_on=timezone.localdate()
            )
            flipped.set()
            release.wait(10)
        return "left"

    def book():
        flipped.wait(10)
        return service.book(
            slot=slot.pk,
            reason=slot.agenda.reasons.first(),
            patient=f.patient(),
            channel="web",
            returning=False,
        )

    leaver, leave_outcome = in_thread(leave_and_hold)
    booker, booking_outcome = in_thread(book)
    flipped.wait(10)
    booker.join(1.0)
    assert booker.is_alive(), "the booking must wait for the departure to commit"
    release.set()
    leaver.join(10), booker.join(10)
    assert leave_outcome == ["left"]
    refused = booking_outcome[0]
    assert isinstance(refused, BookingRefused) and refused.code == "outside_institution"
    assert not Booking.objects.filter(slot=slot).exists()
