"""Secretaries book for callers, cancel, move and record outcomes, through the
booking service, inside their departments only."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from hospital.models import Membership
from scheduling.models import Absence, Booking, Patient, Slot
from tests import factories as f
from tests.helpers import caller, in_hours

pytestmark = pytest.mark.django_db


def test_secretary_books_a_phone_appointment_for_a_new_caller(client, desk):
    slot = f.slot(desk.agenda_a, start=in_hours(30))
    response = client.post(
        "/admin/scheduling/booking/phone/",
        {"slot": slot.pk, "reason": desk.reason_a.pk, **caller()},
    )
    booking = Booking.objects.get(slot=slot)
    assert response.status_code == 302 and str(booking.pk) in response.url
    assert (booking.channel, booking.created_by, booking.status) == (
        "phone",
        desk.secretary,
        "booked",
    )
    assert booking.patient.last_name == "Morel"


def test_the_same_caller_is_the_same_patient(client, desk):
    for hours in (30, 60):
        slot = f.slot(desk.agenda_a, start=in_hours(hours))
        client.post(
            "/admin/scheduling/booking/phone/",
            {"slot": slot.pk, "reason": desk.reason_a.pk, **caller(last_name="MOREL")},
        )
    assert Patient.objects.count() == 1 and Booking.objects.count() == 2


def test_a_caller_named_like_another_departments_patient_gets_a_record_of_their_own(client, desk):
    """Typing the name and birth date of another department's patient must not
    attach the call to that patient, nor open their record to this secretary."""
    theirs = f.patient(
        last_name="Morel",
        first_name="Jeanne",
        birth_date=datetime.date(1950, 2, 3),
        email="jeanne.morel@example.org",
        phone="+33600000001",
    )
    f.booking(f.slot(desk.agenda_b, start=in_hours(80)), desk.reason_b, patient=theirs)
    slot = f.slot(desk.agenda_a, start=in_hours(30))
    client.post(
        "/admin/scheduling/booking/phone/",
        {"slot": slot.pk, "reason": desk.reason_a.pk, **caller(email="autre@example.org")},
    )
    booking = Booking.objects.get(slot=slot)
    assert booking.patient != theirs
    assert client.get(f"/admin/scheduling/patient/{theirs.pk}/change/").status_code == 404
    listed = client.get("/admin/scheduling/patient/").context["cl"].result_list
    assert theirs not in listed and booking.patient in listed
    theirs.refresh_from_db()
    assert (theirs.email, theirs.phone) == ("jeanne.morel@example.org", "+33600000001")


def test_phone_booking_keeps_new_and_returning_patients_to_their_reasons(client, desk):
    from scheduling.models import VisitReason

    VisitReason.objects.filter(pk=desk.reason_a.pk).update(for_new_patients=False)
    slot = f.slot(desk.agenda_a, start=in_hours(30))
    page = client.post(
        "/admin/scheduling/booking/phone/",
        {"slot": slot.pk, "reason": desk.reason_a.pk, **caller(seen_before="new")},
        follow=True,
    )
    assert "already followed" in page.content.decode()
    assert not Booking.objects.exists()
    client.post(
        "/admin/scheduling/booking/phone/",
        {"slot": slot.pk, "reason": desk.reason_a.pk, **caller(seen_before="returning")},
    )
    assert Booking.objects.get(slot=slot).status == "booked"


def test_slot_of_another_department_cannot_be_booked(client, desk):
    slot = f.slot(desk.agenda_b, start=in_hours(30))
    page = client.post(
        "/admin/scheduling/booking/phone/",
        {"slot": slot.pk, "reason": desk.reason_b.pk, **caller()},
    )
    assert page.status_code == 200 and "slot" in page.context["form"].errors
    assert not Booking.objects.exists()


def test_slot_just_taken_is_a_clear_message(client, desk):
    slot = f.slot(desk.agenda_a, start=in_hours(30))
    f.booking(slot)
    page = client.post(
        "/admin/scheduling/booking/phone/",
        {"slot": slot.pk, "reason": desk.reason_a.pk, **caller()},
        follow=True,
    )
    assert "just been taken" in page.content.decode()
    assert Booking.objects.filter(slot=slot).count() == 1


def test_outside_the_institution_is_a_clear_message(client, desk):
    slot = f.slot(desk.agenda_a, start=in_hours(30))
    Membership.objects.filter(establishment_id=desk.hospital.pk, ends_on__isnull=True).update(
        ends_on=timezone.localdate()
    )
    page = client.post(
        "/admin/scheduling/booking/phone/",
        {"slot": slot.pk, "reason": desk.reason_a.pk, **caller()},
        follow=True,
    )
    assert "not a member of the institution" in page.content.decode()
    assert not Booking.objects.exists()


@override_settings(MAX_UPCOMING_BOOKINGS_PER_SPECIALTY=1)
def test_cap_reached_is_a_clear_message(client, desk):
    from hospital.models import Department

    Department.objects.filter(pk=desk.cardio.pk).update(specialty=f.specialty("cardiologie"))
    first, second = (
        f.slot(desk.agenda_a, start=in_hours(30)),
        f.slot(desk.agenda_a, start=in_hours(60)),
    )
    client.post(
        "/admin/scheduling/booking/phone/",
        {"slot": first.pk, "reason": desk.reason_a.pk, **caller()},
    )
    page = client.post(
        "/admin/scheduling/booking/phone/",
        {"slot": second.pk, "reason": desk.reason_a.pk, **caller()},
        follow=True,
    )
    assert "upcoming appointments in this specialty" in page.content.decode()


def test_staff_cancel_with_a_reason_keeps_the_booking(client, desk):
    booking = f.booking(f.slot(desk.agenda_a, start=in_hours(2)))  # inside the patients' cutoff
    client.post(
        f"/admin/scheduling/booking/{booking.pk}/cancel/", {"reason": "Appel de la patiente"}
    )
    booking.refresh_from_db()
    assert (booking.status, booking.cancelled_by, booking.cancel_reason) == (
        "cancelled",
        desk.secretary,
        "Appel de la patiente",
    )


def test_staff_move_to_another_slot(client, desk):
    booking = f.booking(f.slot(desk.agenda_a, start=in_hours(30)))
    target = f.slot(desk.agenda_a, start=in_hours(60))
    client.post(f"/admin/scheduling/booking/{booking.pk}/move/", {"slot": target.pk})
    booking.refresh_from_db()
    assert (booking.slot, booking.status, booking.sequence) == (target, "booked", 1)


def test_staff_records_a_missed_appointment(client, desk):
    booking = f.booking(f.slot(desk.agenda_a, start=timezone.now() - datetime.timedelta(hours=3)))
    client.post(f"/admin/scheduling/booking/{booking.pk}/outcome/", {"outcome": "missed"})
    booking.refresh_from_db()
    assert booking.status == "missed"


def test_another_departments_booking_cannot_be_cancelled(client, desk):
    booking = f.booking(f.slot(desk.agenda_b, start=in_hours(30)))
    assert (
        client.post(f"/admin/scheduling/booking/{booking.pk}/cancel/", {"reason": "x"}).status_code
        == 404
    )
    assert (
        client.post(
            f"/admin/scheduling/booking/{booking.pk}/outcome/", {"outcome": "missed"}
        ).status_code
        == 404
    )
    booking.refresh_from_db()
    assert booking.status == "booked"


def test_department_day_shows_bookings_free_slots_and_absences(client, desk):
    day = timezone.localdate() + datetime.timedelta(days=3)
    nine = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
    booked, free = (
        f.slot(desk.agenda_a, start=nine),
        f.slot(desk.agenda_a, start=nine + datetime.timedelta(hours=1)),
    )
    f.booking(booked, patient=f.patient(last_name="Lemaire"))
    Absence.objects.create(
        agenda=desk.agenda_a,
        start=nine + datetime.timedelta(hours=4),
        end=nine + datetime.timedelta(hours=8),
        label="Bloc opératoire",
    )
    page = client.get(
        "/admin/scheduling/booking/day/", {"department": desk.cardio.pk, "day": day.isoformat()}
    )
    content = page.content.decode()
    assert "LEMAIRE" in content and "Bloc opératoire" in content and "free" in content
    assert Slot.objects.filter(pk=free.pk).exists()
    week = client.get(
        "/admin/scheduling/booking/day/",
        {"department": desk.cardio.pk, "day": day.isoformat(), "week": "on"},
    )
    assert "LEMAIRE" in week.content.decode()
    other = client.get(
        "/admin/scheduling/booking/day/", {"department": desk.neuro.pk, "day": day.isoformat()}
    )
    assert "department" in other.context["form"].errors
