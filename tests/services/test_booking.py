"""The booking service: one path for every change, with clear refusals."""

import datetime

import pytest
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from audit.models import Event
from hospital.models import Membership
from scheduling.models import Booking, Slot
from scheduling.services import booking as service
from scheduling.services.booking import BookingRefused
from tests import factories as f

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def agenda():
    agenda = f.agenda(department_=f.department(specialty=f.specialty("cardiologie")))
    f.reason(agenda, minutes=20)
    return agenda


def _slot(agenda, in_hours: float) -> Slot:
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(hours=in_hours)
    return f.slot(agenda, start=start)


def _book(slot, patient=None, **kwargs) -> Booking:
    return service.book(
        slot=slot,
        reason=slot.agenda.reasons.first(),
        patient=patient or f.patient(),
        channel=kwargs.pop("channel", Booking.Channel.WEB),
        **kwargs,
        returning=False,
    )


def test_booking_a_free_slot_succeeds(agenda):
    slot = _slot(agenda, 72)
    booking = _book(slot)
    assert booking.status == "booked" and booking.slot == slot


def test_taken_slot_is_refused_cleanly(agenda):
    slot = _slot(agenda, 72)
    _book(slot)
    with pytest.raises(BookingRefused) as refused:
        _book(slot)
    assert refused.value.code == "slot_taken"
    assert Booking.objects.count() == 1


def test_past_slot_is_refused(agenda):
    with pytest.raises(BookingRefused, match="in the past") as refused:
        _book(_slot(agenda, -2), channel=Booking.Channel.PHONE)
    assert refused.value.code == "past_slot"


@override_settings(BOOKING_MIN_NOTICE_MINUTES=120)
def test_online_booking_respects_the_minimum_notice_but_staff_may_book_sooner(agenda):
    soon = _slot(agenda, 1)
    with pytest.raises(BookingRefused) as refused:
        _book(soon)
    assert refused.value.code == "too_soon"
    assert _book(soon, channel=Booking.Channel.PHONE).pk


def test_closed_slot_is_refused(agenda):
    slot = _slot(agenda, 72)
    Slot.objects.filter(pk=slot.pk).update(status="closed")
    with pytest.raises(BookingRefused) as refused:
        _book(slot)
    assert refused.value.code == "slot_closed"


def test_reason_not_bookable_online_is_refused_online_only(agenda):
    phone_only = f.reason(agenda, online_bookable=False, label="Bilan")
    slot = _slot(agenda, 72)
    with pytest.raises(BookingRefused) as refused:
        service.book(
            slot=slot, reason=phone_only, patient=f.patient(), channel="web", returning=False
        )
    assert refused.value.code == "not_online"
    assert service.book(
        slot=slot, reason=phone_only, patient=f.patient(), channel="phone", returning=False
    ).pk


def test_reason_longer_than_the_slot_is_refused(agenda):
    long = f.reason(agenda, minutes=60, label="Long")
    with pytest.raises(BookingRefused) as refused:
        service.book(
            slot=_slot(agenda, 72), reason=long, patient=f.patient(), channel="web", returning=False
        )
    assert refused.value.code == "wrong_reason"


def test_unknown_slot_is_refused(agenda):
    with pytest.raises(BookingRefused) as refused:
        service.book(
            slot=999999,
            reason=agenda.reasons.first(),
            patient=f.patient(),
            channel="web",
            returning=False,
        )
    assert refused.value.code == "unknown_slot"


def test_booking_outside_the_institution_is_refused_with_the_reason(agenda):
    slot = _slot(agenda, 72)
    Membership.objects.filter(
        establishment_id=agenda.department.establishment_id, ends_on__isnull=True
    ).update(ends_on=timezone.localdate())
    with pytest.raises(BookingRefused) as refused:
        _book(slot)
    assert refused.value.code == "outside_institution"
    assert "not a member" in refused.value.message


@override_settings(MAX_UPCOMING_BOOKINGS_PER_SPECIALTY=2)
def test_patient_cap_per_specialty(agenda):
    patient = f.patient()
    _book(_slot(agenda, 72), patient)
    _book(_slot(agenda, 96), patient)
    with pytest.raises(BookingRefused) as refused:
        _book(_slot(agenda, 120), patient)
    assert refused.value.code == "cap_reached"
    other_specialty = f.agenda(department_=f.department(specialty=f.specialty("dermatologie")))
    f.reason(other_specialty)
    assert _book(_slot(other_specialty, 72 + 5), patient).pk


def test_patient_cannot_hold_two_overlapping_appointments(agenda):
    patient = f.patient()
    slot = _slot(agenda, 72)
    _book(slot, patient)
    elsewhere = f.agenda(department_=f.department(specialty=f.specialty("pediatrie")))
    f.reason(elsewhere)
    same_time = f.slot(elsewhere, start=slot.start + datetime.timedelta(minutes=10))
    with pytest.raises(BookingRefused) as refused:
        _book(same_time, patient)
    assert refused.value.code == "overlap"


def test_idempotent_retry_returns_the_first_booking(agenda):
    slot, patient = _slot(agenda, 72), f.patient()
    first = _book(slot, patient, idempotency_key="req-42")
    again = _book(slot, patient, idempotency_key="req-42")
    assert again.pk == first.pk
    assert Booking.objects.count() == 1
    with pytest.raises(BookingRefused) as refused:
        _book(_slot(agenda, 96), patient, idempotency_key="req-42")
    assert refused.value.code == "idempotency_mismatch"


@override_settings(PATIENT_CANCELLATION_CUTOFF_HOURS=24)
def test_patient_cancels_before_the_cutoff_and_the_booking_is_kept(agenda):
    booking = _book(_slot(agenda, 72))
    service.cancel(booking, reason="Empêchement")
    booking.refresh_from_db()
    assert (booking.status, booking.cancel_reason) == ("cancelled", "Empêchement")
    assert booking.cancelled_at is not None


@override_settings(PATIENT_CANCELLATION_CUTOFF_HOURS=24)
def test_patient_cannot_cancel_after_the_cutoff(agenda):
    booking = _book(_slot(agenda, 10))
    with pytest.raises(BookingRefused) as refused:
        service.cancel(booking, reason="Trop tard")
    assert refused.value.code == "cutoff"
    booking.refresh_from_db()
    assert booking.status == "booked"


@override_settings(PATIENT_CANCELLATION_CUTOFF_HOURS=24)
def test_staff_override_of_the_cutoff_is_audited(agenda):
    booking = _book(_slot(agenda, 10))
    secretary = f.user("secretaire")
    service.cancel(booking, reason="Appel du patient", by=secretary)
    booking.refresh_from_db()
    assert (booking.status, booking.cancelled_by) == ("cancelled", secretary)
    if connection.vendor == "sqlite":  # PostgreSQL seals events at commit: see test_audit_trail
        override = Event.objects.filter(action="override", object_id=str(booking.pk)).get()
        assert override.actor == f"user:{secretary.pk}:secretaire"


def test_cancellation_needs_a_reason(agenda):
    booking = _book(_slot(agenda, 72))
    with pytest.raises(BookingRefused) as refused:
        service.cancel(booking, reason="  ")
    assert refused.value.code == "reason_required"


def test_move_keeps_the_booking_and_raises_its_revision(agenda):
    booking = _book(_slot(agenda, 72))
    old, target = booking.slot, _slot(agenda, 96)
    service.move(booking, to_slot=target)
    booking.refresh_from_db()
    assert (booking.slot, booking.status, booking.sequence) == (target, "booked", 1)
    assert Booking.objects.count() == 1
    assert old.bookings.not_cancelled().count() == 0  # the old slot is free again


def test_failed_move_changes_nothing(agenda):
    booking = _book(_slot(agenda, 72))
    taken = _slot(agenda, 96)
    _book(taken)
    with pytest.raises(BookingRefused) as refused:
        service.move(booking, to_slot=taken)
    assert refused.value.code == "slot_taken"
    booking.refresh_from_db()
    assert booking.status == "booked"


def test_outcome_is_recorded_by_staff_after_the_appointment(agenda):
    staff = f.user("secretaire")
    upcoming = _book(_slot(agenda, 3), channel="phone")
    with pytest.raises(BookingRefused) as refused:
        service.record_outcome(upcoming, honoured=True, by=staff)
    assert refused.value.code == "not_yet"
    # An appointment that started ten minutes ago (booked before it started).
    started = f.booking(_slot(agenda, -1 / 6), channel="phone")
    assert service.record_outcome(started, honoured=False, by=staff).status == "missed"
    with pytest.raises(BookingRefused) as refused:
        service.record_outcome(started, honoured=True, by=None)
    assert refused.value.code == "staff_only"


def test_a_started_appointment_is_neither_cancelled_nor_moved_and_says_why(agenda):
    """The database refuses it (the past is immutable but for outcomes); the
    service says so in words, where the admin answered 500 before."""
    started = f.booking(f.slot(agenda, start=timezone.now() - datetime.timedelta(minutes=5)))
    later = f.slot(agenda, start=timezone.now() + datetime.timedelta(days=3))
    secretary = f.user("secretaire")
    with pytest.raises(BookingRefused) as cancelling:
        service.cancel(started, reason="Appel du patient", by=secretary)
    with pytest.raises(BookingRefused) as moving:
        service.move(started, to_slot=later, by=secretary)
    assert (cancelling.value.code, moving.value.code) == ("past_slot", "past_slot")
    assert "Record whether the patient came" in cancelling.value.message
    started.refresh_from_db()
    assert (started.status, started.slot_id, started.sequence) == ("booked", started.slot_id, 0)
