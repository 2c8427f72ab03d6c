"""One lock order for every write path, and a deadlock that still happens is
run again: real PostgreSQL, real connections in threads, real deadlocks.

The cycles that mixed load hit (issue 19): a cancellation that locked the
establishment FOR UPDATE while another booking's commit-time rule check
share-locked it, with the audit chain head held on one side; a change that
took the listing's row and then waited for a booking a cancellation held.
PostgreSQL counts every deadlock it breaks (pg_stat_database.deadlocks): the
tests read that count, so a deadlock hidden by the services' retry still fails
them.
"""

import datetime
import threading
import time

import psycopg
import pytest
from django.db import connection
from django.utils import timezone

from scheduling.models import Booking
from scheduling.services import booking as service
from scheduling.services import notifications
from scheduling.services.patients import PatientDetails
from tests import factories as f
from tests.threads import attempt_all, in_thread

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres_only]


def _deadlocks() -> int:
    """Deadlocks PostgreSQL broke in this database so far."""
    time.sleep(1.2)  # backends report their counts at most once a second
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")
        return cursor.fetchone()[0]


def _raw_connection() -> psycopg.Connection:
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params.pop("prepare_threshold", None)
    return psycopg.connect(**params)


def _waiting_for_a_lock(pid_not: int, timeout: float = 10) -> None:
    """Until some backend other than `pid_not` waits for a lock."""
    deadline = time.monotonic() + timeout
    with _raw_connection() as watcher:
        watcher.autocommit = True
        while time.monotonic() < deadline:
            waiting = watcher.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                " AND wait_event_type = 'Lock' AND pid <> %s",
                [pid_not],
            ).fetchone()[0]
            if waiting:
                return
            time.sleep(0.05)
    raise AssertionError("nobody waited for the lock")


@pytest.fixture
def world(actors):
    agenda = actors.agenda  # in cardiology
    reason = f.reason(agenda)
    base = timezone.now().replace(microsecond=0) + datetime.timedelta(days=3)
    slots = [f.slot(agenda, start=base + datetime.timedelta(hours=n)) for n in range(8)]
    return agenda, reason, slots


@pytest.fixture
def paused_cancellation(monkeypatch):
    """Cancel a booking through the service in a thread, paused inside its
    transaction once its locks are taken (when it tells the patient)."""
    locked, release = threading.Event(), threading.Event()
    told = notifications.cancelled

    def tell_then_wait(*args, **kwargs):
        told(*args, **kwargs)
        locked.set()
        release.wait(15)

    monkeypatch.setattr(notifications, "cancelled", tell_then_wait)

    def start(booking):
        thread, outcome = in_thread(lambda: service.cancel(booking, reason="fièvre"))
        assert locked.wait(10), "the cancellation did not take its locks"
        return thread, outcome, release

    return start


def test_a_cancellation_does_not_block_another_booking_of_the_hospital(world, paused_cancellation):
    """The former cycle: the cancellation locked the establishment FOR UPDATE
    (select_related without of=), the other booking's commit share-locked it
    for the institution rule while holding the audit chain head (its new
    patient's event sealed first), and the cancellation's own seal then waited
    for that head: deadlock. Now the cancellation locks its slot and its
    booking only, and the seal is every transaction's last step."""
    agenda, reason, slots = world
    booked = f.booking(slots[0], reason)
    before = _deadlocks()
    canceller, cancelled, release = paused_cancellation(booked)
    newcomer = PatientDetails(
        first_name="Inès",
        last_name="Martin",
        birth_date=datetime.date(1990, 2, 3),
        email="ines.martin@example.org",
        phone="+33600000001",
    )
    booker, made = in_thread(
        lambda: service.book(
            slot=slots[1].pk, reason=reason, patient=newcomer, channel="web", returning=False
        )
    )
    booker.join(8)
    finished_first = not booker.is_alive()
    release.set()
    booker.join(15), canceller.join(15)
    assert finished_first, "the booking waited for the cancellation's locks"
    assert isinstance(made[0], Booking), made
    assert isinstance(cancelled[0], Booking) and cancelled[0].status == "cancelled", cancelled
    assert _deadlocks() == before


def test_a_confirmation_and_a_booking_of_its_lapsing_hold_wait_in_turn(world, monkeypatch):
    """The patient confirms a hold in its last second while someone else books
    the same slot, for whom the hold has lapsed. The confirmation locked the
    booking and, at COMMIT, share-locked the slot (the institution rule); the
    other booking locked the slot, then the lapsed hold to cancel it: opposite
    orders, a deadlock. Now the confirmation locks the slot first."""
    agenda, reason, slots = world
    now = timezone.now()
    held, code = service.hold(
        slot=slots[0].pk,
        reason=reason,
        patient=f.patient(),
        returning=False,
        maker="web:test",
        now=now,
    )
    later = held.hold_expires_at + datetime.timedelta(seconds=1)
    before = _deadlocks()
    locked, release = threading.Event(), threading.Event()
    booked_notice = notifications.booked

    def notice_then_wait(*args, **kwargs):
        booked_notice(*args, **kwargs)
        if threading.current_thread() is confirmer:
            locked.set()
            release.wait(15)

    monkeypatch.setattr(notifications, "booked", notice_then_wait)
    confirmer, confirmed = in_thread(lambda: service.confirm(held, code=code, now=now))
    assert locked.wait(10), "the confirmation did not take its locks"
    other = f.patient(last_name="Autre", email="autre@example.org")
    booker, made = in_thread(
        lambda: service.book(
            slot=slots[0].pk,
            reason=reason,
            patient=other,
            channel="web",
            returning=False,
            now=later,
        )
    )
    booker.join(1.5)
    release.set()
    confirmer.join(15), booker.join(15)
    assert isinstance(confirmed[0], Booking) and confirmed[0].status == "booked", confirmed
    assert isinstance(made[0], service.BookingRefused), made
    assert made[0].code == "slot_taken"
    assert _deadlocks() == before


def test_moves_cancellations_and_bookings_over_the_same_slots_never_deadlock(world):
    """Threads move bookings back and forth over the same slots (each move
    locks two slots, in both directions), cancel and book them, all at once."""
    agenda, reason, slots = world
    patients = [f.patient(last_name=f"P{n}", email=f"p{n}@example.org") for n in range(4)]
    bookings = [f.booking(slots[n], reason, patient=patients[n]) for n in range(4)]
    before = _deadlocks()

    def move(booking, to):
        return lambda: service.move(booking, to_slot=slots[to].pk, channel="phone")

    def book(n):
        return lambda: service.book(
            slot=slots[n].pk,
            reason=reason,
            patient=f.patient(last_name=f"N{n}", email=f"n{n}@example.org"),
            channel="phone",
            returning=False,
        )

    attempts = []
    for round_ in range(6):
        for n, booking in enumerate(bookings):
            attempts.append(move(booking, (n + round_ + 4) % 8))
            attempts.append(move(booking, (n + 4 - round_) % 8))
        attempts.append(book(round_ % 8))
    attempts.append(lambda: service.cancel(bookings[0], reason="fièvre"))

    def outcome(attempt):
        try:
            attempt()
        except service.BookingRefused as refused:
            return refused.code
        return "done"

    outcomes = attempt_all(attempts, 8, outcome)
    assert not [o for o in outcomes if o.startswith("error")], outcomes
    assert outcomes["done"] > 0
    assert _deadlocks() == before


def test_a_real_deadlock_is_run_again_and_succeeds(world, caplog):
    """Another session locks the booking, the service locks its slot and waits
    for the booking, the session then asks for the slot: PostgreSQL breaks
    the deadlock by failing the service's transaction (the session waits ten
    times longer before it looks). The service runs it again and succeeds."""
    agenda, reason, slots = world
    booked = f.booking(slots[0], reason)
    before = _deadlocks()
    with _raw_connection() as other:
        other.execute("SET deadlock_timeout = '10s'")
        other.execute("SELECT 1 FROM scheduling_booking WHERE id = %s FOR UPDATE", [booked.pk])
        pid = other.info.backend_pid
        canceller, cancelled = in_thread(lambda: service.cancel(booked, reason="fièvre"))
        _waiting_for_a_lock(pid_not=pid)  # the service holds the slot, waits for the booking
        other.execute("SELECT 1 FROM scheduling_slot WHERE id = %s FOR UPDATE", [slots[0].pk])
        other.commit()
    canceller.join(15)
    assert isinstance(cancelled[0], Booking), cancelled
    assert cancelled[0].status == "cancelled"
    assert _deadlocks() == before + 1, "PostgreSQL broke one real deadlock"
    assert "deadlock detected, attempt 1 of 3" in caplog.text
