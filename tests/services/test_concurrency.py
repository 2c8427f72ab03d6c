"""No double booking, ever: simultaneous attempts with threads and real commits.

PostgreSQL only: SQLite has a single writer, so there is no race to lose.
"""

import datetime
import threading
from collections import Counter

import pytest
from django.db import connections
from django.test import override_settings
from django.utils import timezone

from scheduling.models import Booking
from scheduling.services import booking as service
from scheduling.services.booking import BookingRefused
from tests import factories as f

# Concurrency is proven on PostgreSQL; SQLite serialises every writer.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres_only]


def _attempt_all(attempts: list, workers: int) -> Counter:
    """Run `attempts` (callables) from `workers` threads released together."""
    outcomes: Counter = Counter()
    lock = threading.Lock()
    start = threading.Barrier(workers)
    queue = list(attempts)

    def worker():
        try:
            start.wait()
            while True:
                with lock:
                    if not queue:
                        return
                    attempt = queue.pop()
                try:
                    attempt()
                    result = "booked"
                except BookingRefused as refused:
                    result = refused.code
                except Exception as error:  # anything else is a defect: counted, then asserted
                    result = f"error: {type(error).__name__}: {error}"
                with lock:
                    outcomes[result] += 1
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


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
        return lambda: service.book(slot=slot.pk, reason=reason, patient=patient, channel="web")

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
        return lambda: service.book(slot=slot.pk, reason=reason, patient=patient, channel="web")

    outcomes = _attempt_all([attempt_for(s) for s in slots], 12)
    assert outcomes == Counter({"booked": 2, "cap_reached": 10})


def test_concurrent_retries_with_one_idempotency_key_book_once(slot):
    reason = slot.agenda.reasons.first()
    patient = f.patient()
    attempt = lambda: service.book(  # noqa: E731
        slot=slot.pk, reason=reason, patient=patient, channel="api", idempotency_key="retry-1"
    )
    outcomes = _attempt_all([attempt] * 16, 16)
    assert outcomes == Counter({"booked": 16})
    assert Booking.objects.filter(idempotency_key="retry-1").count() == 1


def _in_thread(target) -> tuple[threading.Thread, list]:
    outcome: list = []

    def run():
        try:
            outcome.append(target())
        except Exception as error:  # asserted by the caller
            outcome.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def test_a_hospital_leaving_and_a_booking_committing_at_once_never_both_succeed(slot):
    """The rule is checked at COMMIT. The hospital leaves while a booking there
    is still uncommitted: the departure cannot see that booking, and commits;
    the booking's own check at its COMMIT then share-locks the establishment,
    sees it has left, and is refused. Never both."""
    from django.db import IntegrityError, transaction

    from hospital.models import Establishment

    hospital = slot.agenda.department.establishment
    booked, left = threading.Event(), threading.Event()

    def book_and_hold():
        with transaction.atomic():
            service.book(
                slot=slot.pk, reason=slot.agenda.reasons.first(), patient=f.patient(), channel="web"
            )
            booked.set()
            left.wait(10)
        return "booked"

    def leave():
        booked.wait(10)
        with transaction.atomic():
            changed = Establishment.objects.filter(pk=hospital.pk).update(is_member=False)
        left.set()
        return changed

    booker, booking_outcome = _in_thread(book_and_hold)
    leaver, leave_outcome = _in_thread(leave)
    booker.join(15), leaver.join(15)
    assert leave_outcome == [1]
    assert isinstance(booking_outcome[0], IntegrityError)
    assert "outside the institution" in str(booking_outcome[0])
    assert not Booking.objects.filter(slot=slot).exists()
    assert not Establishment.objects.get(pk=hospital.pk).is_member


def test_a_booking_waits_for_a_concurrent_departure_and_is_then_refused(slot):
    from django.db import transaction

    from hospital.models import Establishment

    hospital = slot.agenda.department.establishment
    flipped, release = threading.Event(), threading.Event()

    def leave_and_hold():
        with transaction.atomic():
            Establishment.objects.filter(pk=hospital.pk).update(is_member=False)
            flipped.set()
            release.wait(10)
        return "left"

    def book():
        flipped.wait(10)
        return service.book(
            slot=slot.pk, reason=slot.agenda.reasons.first(), patient=f.patient(), channel="web"
        )

    leaver, leave_outcome = _in_thread(leave_and_hold)
    booker, booking_outcome = _in_thread(book)
    flipped.wait(10)
    booker.join(1.0)
    assert booker.is_alive(), "the booking must wait for the departure to commit"
    release.set()
    leaver.join(10), booker.join(10)
    assert leave_outcome == ["left"]
    refused = booking_outcome[0]
    assert isinstance(refused, BookingRefused) and refused.code == "outside_institution"
    assert not Booking.objects.filter(slot=slot).exists()
