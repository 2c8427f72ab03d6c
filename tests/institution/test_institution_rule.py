"""No booking can resolve outside the institution, whatever the path.

The actors (tests/actors.py): Dr Coeur is affiliated to the cardiology
department of a member hospital *and* to a private clinic that is recorded in
the registry. The clinic can be shown, never booked.
"""

import contextlib
import datetime
import uuid
from dataclasses import dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from hospital.models import Affiliation, Department, Establishment, Membership, Practitioner
from scheduling.models import Agenda, Booking, Slot, VisitReason
from tests import factories as f

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


@contextlib.contextmanager
def refused_by_database(match: str = "institution rule"):
    """The database refuses, at the latest when the transaction would commit
    (check_constraints() runs PostgreSQL's deferred rule checks right away)."""
    with pytest.raises(IntegrityError, match=match), transaction.atomic():
        yield
        connection.check_constraints()


@dataclass(frozen=True)
class Consulting:
    """Dr Coeur (the actors' practitioner) consults in cardiology at the
    hospital, where her agenda has a reason and a slot, and is affiliated to
    the external clinic's department too."""

    hospital: Establishment
    clinic: Establishment
    department: Department
    clinic_department: Department
    doctor: Practitioner
    agenda: Agenda
    reason: VisitReason
    slot: Slot


@pytest.fixture
def coeur(actors) -> Consulting:
    f.affiliation(actors.practitioner, actors.clinic_department)
    agenda = actors.agenda
    reason = f.reason(agenda)
    return Consulting(
        hospital=actors.hospital,
        clinic=actors.clinic,
        department=actors.cardio,
        clinic_department=actors.clinic_department,
        doctor=actors.practitioner,
        agenda=agenda,
        reason=reason,
        slot=f.slot(agenda),
    )


def _clinic_agenda(coeur) -> Agenda:
    """An agenda at the clinic, as it could exist only if the clinic had been a
    member when it was opened and left the institution since."""
    clinic = coeur.clinic
    Membership.objects.create(establishment=clinic, starts_on=timezone.localdate())
    agenda = Agenda.objects.create(practitioner=coeur.doctor, department=coeur.clinic_department)
    f.leave(clinic)
    return agenda


def canonical(moment: datetime.datetime) -> object:
    """A datetime as raw SQL must give it: SQLite stores one canonical UTC text."""
    if connection.vendor != "sqlite":
        return moment
    return moment.astimezone(datetime.UTC).replace(tzinfo=None).isoformat(" ")


def _booking_values(slot, reason, patient) -> dict:
    return {"slot": slot, "reason": reason, "patient": patient, "channel": Booking.Channel.WEB}


# --- bookings at the clinic ---------------------------------------------------


def test_booking_at_member_hospital_is_accepted(coeur):
    booking = f.booking(coeur.slot, coeur.reason)
    assert Booking.objects.filter(pk=booking.pk, status="booked").exists()


def test_agenda_at_external_clinic_is_refused_by_validation(coeur):
    agenda = Agenda(practitioner=coeur.doctor, department=coeur.clinic_department)
    with pytest.raises(ValidationError, match="not a member of the institution"):
        agenda.full_clean()


def test_agenda_at_external_clinic_is_refused_by_database(coeur):
    with refused_by_database():
        Agenda.objects.bulk_create(
            [Agenda(practitioner=coeur.doctor, department=coeur.clinic_department)]
        )


def test_agenda_cannot_be_repointed_to_clinic_by_update(coeur):
    with refused_by_database():
        Agenda.objects.filter(pk=coeur.agenda.pk).update(department=coeur.clinic_department)


def test_booking_at_external_clinic_is_refused_by_save(coeur):
    agenda = _clinic_agenda(coeur)
    slot, reason = f.slot(agenda), f.reason(agenda)
    with pytest.raises(ValidationError, match="not a member of the institution"):
        Booking(**_booking_values(slot, reason, f.patient())).save()
    assert not Booking.objects.exists()


def test_booking_at_external_clinic_is_refused_by_full_clean(coeur):
    agenda = _clinic_agenda(coeur)
    booking = Booking(**_booking_values(f.slot(agenda), f.reason(agenda), f.patient()))
    with pytest.raises(ValidationError, match="not a member of the institution"):
        booking.full_clean()


def test_booking_at_external_clinic_is_refused_by_bulk_create(coeur):
    agenda = _clinic_agenda(coeur)
    values = _booking_values(f.slot(agenda), f.reason(agenda), f.patient())
    with refused_by_database("outside the institution"):
        Booking.objects.bulk_create([Booking(**values)])
    assert not Booking.objects.exists()


def test_booking_moved_to_clinic_slot_by_queryset_update_is_refused(coeur):
    booking = f.booking(coeur.slot, coeur.reason)
    agenda = _clinic_agenda(coeur)
    clinic_slot = f.slot(agenda)
    with refused_by_database("outside the institution"):
        # A move raises the booking's revision (a rule of its own, below).
        Booking.objects.filter(pk=booking.pk).update(slot=clinic_slot, sequence=F("sequence") + 1)
    booking.refresh_from_db()
    assert booking.slot == coeur.slot


def test_booking_moved_without_raising_its_revision_is_refused(coeur):
    booking = f.booking(coeur.slot, coeur.reason)
    other = f.slot(coeur.slot.agenda)
    with refused_by_database("revision of a booking goes up"):
        Booking.objects.filter(pk=booking.pk).update(slot=other)
    with refused_by_database("revision of a booking goes up"):
        Booking.objects.filter(pk=booking.pk).update(to_rebook=False)
        Booking.objects.filter(pk=booking.pk).update(sequence=F("sequence") + 2)
        Booking.objects.filter(pk=booking.pk).update(sequence=1)
    booking.refresh_from_db()
    assert (booking.slot, booking.sequence) == (coeur.slot, 0)


def test_booking_at_external_clinic_is_refused_by_raw_sql(coeur):
    agenda = _clinic_agenda(coeur)
    slot, reason, patient = f.slot(agenda), f.reason(agenda), f.patient()
    public_id = uuid.uuid4().hex if connection.vendor == "sqlite" else str(uuid.uuid4())
    with refused_by_database("outside the institution"), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO scheduling_booking (public_id, slot_id, patient_id, reason_id, channel,"
            " status, created_at, cancel_reason, confirmation_digest, confirmation_attempts)"
            " VALUES (%s, %s, %s, %s, 'web', 'booked', %s, '', '', 0)",
            [public_id, slot.pk, patient.pk, reason.pk, canonical(timezone.now())],
        )
    assert not Booking.objects.exists()


def test_cancelled_booking_reactivated_at_clinic_by_update_is_refused(coeur):
    agenda = _clinic_agenda(coeur)
    slot, reason = f.slot(agenda), f.reason(agenda)
    # A cancelled booking is outside the rule (it resolves nowhere) ...
    booking = Booking.objects.bulk_create(
        [
            Booking(
                **_booking_values(slot, reason, f.patient()),
                status=Booking.Status.CANCELLED,
                cancelled_at=timezone.now(),
            )
        ]
    )[0]
    # ... and can never become active again (nor resolve outside by doing so).
    with refused_by_database("status is not allowed|cannot become|cancelled booking keeps"):
        Booking.objects.filter(pk=booking.pk).update(status="booked", cancelled_at=None)


# --- affiliations -------------------------------------------------------------


def test_booking_when_not_affiliated_on_the_slot_date_is_refused(coeur):
    agenda = f.agenda(coeur.doctor, f.department(coeur.hospital), affiliated=False)
    slot_day = timezone.localtime(f.slot(agenda).start).date()
    f.affiliation(coeur.doctor, agenda.department, start=slot_day + timedelta(days=1))
    slot = agenda.slots.get()
    with pytest.raises(ValidationError, match="not affiliated"):
        f.booking(slot, f.reason(agenda))
    with refused_by_database("not be affiliated|outside the institution"):
        Booking.objects.bulk_create(
            [Booking(**_booking_values(slot, agenda.reasons.get(), f.patient()))]
        )


def test_slot_date_is_the_local_date_not_the_utc_date(coeur):
    """00:30 in Paris on the affiliation's first day is 22:30 or 23:30 UTC the day before."""
    agenda = f.agenda(coeur.doctor, f.department(coeur.hospital), affiliated=False)
    first_day = timezone.localdate() + timedelta(days=30)
    f.affiliation(coeur.doctor, agenda.department, start=first_day)
    local_start = datetime.datetime.combine(first_day, datetime.time(0, 30), tzinfo=PARIS)
    slot = f.slot(agenda, start=local_start.astimezone(datetime.UTC))
    Booking.objects.bulk_create([Booking(**_booking_values(slot, f.reason(agenda), f.patient()))])
    assert Booking.objects.filter(slot=slot).exists()

    before = f.slot(agenda, start=(local_start - timedelta(hours=1)).astimezone(datetime.UTC))
    with refused_by_database("not be affiliated|outside the institution"):
        Booking.objects.bulk_create(
            [Booking(**_booking_values(before, agenda.reasons.get(), f.patient()))]
        )


def test_ending_affiliation_before_an_upcoming_booking_is_refused_with_the_booking_named(coeur):
    booking = f.booking(coeur.slot, coeur.reason)
    affiliation = Affiliation.objects.get(practitioner=coeur.doctor, department=coeur.department)
    affiliation.end_date = timezone.localdate()
    with pytest.raises(ValidationError) as refused:
        affiliation.full_clean()
    assert booking.public_id.hex[:8] in str(refused.value)
    with refused_by_database("affiliat"):
        Affiliation.objects.filter(pk=affiliation.pk).update(end_date=timezone.localdate())
    with refused_by_database("affiliat"):
        Affiliation.objects.filter(pk=affiliation.pk).delete()
    with pytest.raises(ValidationError, match=booking.public_id.hex[:8]):
        Affiliation.objects.get(pk=affiliation.pk).delete()
    assert Affiliation.objects.get(pk=affiliation.pk).end_date is None


def test_ending_affiliation_after_the_last_upcoming_booking_is_allowed(coeur):
    f.booking(coeur.slot, coeur.reason)
    affiliation = Affiliation.objects.get(practitioner=coeur.doctor, department=coeur.department)
    affiliation.end_date = coeur.slot.local_date
    affiliation.full_clean()
    affiliation.save()
    Affiliation.objects.filter(pk=affiliation.pk).update(end_date=coeur.slot.local_date)
    assert Affiliation.objects.get(pk=affiliation.pk).end_date == coeur.slot.local_date


def test_overlapping_affiliations_are_refused(coeur):
    duplicate = Affiliation(
        practitioner=coeur.doctor,
        department=coeur.department,
        start_date=datetime.date(2021, 1, 1),
    )
    with pytest.raises(ValidationError, match="already affiliated"):
        duplicate.full_clean()
    with refused_by_database("overlap|conflicting key"):
        Affiliation.objects.bulk_create([duplicate])


def test_affiliation_ending_before_it_starts_is_refused(coeur):
    with refused_by_database("end_after_start"):
        Affiliation.objects.create(
            practitioner=coeur.doctor,
            department=f.department(coeur.hospital),
            start_date=datetime.date(2030, 1, 2),
            end_date=datetime.date(2030, 1, 1),
        )


# --- establishments, departments, agendas, slots ------------------------------


def test_member_hospital_cannot_leave_while_upcoming_bookings_depend_on_it(coeur):
    booking = f.booking(coeur.slot, coeur.reason)
    hospital = coeur.hospital
    period = Membership.objects.get(establishment=hospital)
    period.ends_on = timezone.localdate()
    with pytest.raises(ValidationError, match=booking.public_id.hex[:8]):
        period.full_clean()
    with refused_by_database("outside the institution"):
        Membership.objects.filter(pk=period.pk).update(ends_on=timezone.localdate())
    assert Establishment.objects.get(pk=hospital.pk).is_member


def test_member_hospital_may_leave_once_its_bookings_are_cancelled(coeur):
    booking = f.booking(coeur.slot, coeur.reason)
    Booking.objects.filter(pk=booking.pk).update(status="cancelled", cancelled_at=timezone.now())
    f.leave(coeur.hospital)
    assert not Establishment.objects.get(pk=coeur.hospital.pk).is_member
    assert Booking.objects.filter(pk=booking.pk).exists(), "the cancelled booking is kept"


def test_department_with_agendas_cannot_move_to_another_establishment(coeur):
    neuro = coeur.department
    neuro.establishment = coeur.clinic
    with pytest.raises(ValidationError, match="cannot be moved"):
        neuro.full_clean()
    with refused_by_database("cannot move"):
        Department.objects.filter(pk=neuro.pk).update(establishment=coeur.clinic)


def test_agenda_with_upcoming_bookings_cannot_change_practitioner(coeur):
    booking = f.booking(coeur.slot, coeur.reason)
    other = f.practitioner()
    f.affiliation(other, coeur.department)
    agenda = coeur.agenda
    agenda.practitioner = other
    with pytest.raises(ValidationError, match=booking.public_id.hex[:8]):
        agenda.full_clean()
    with refused_by_database("cannot change practitioner"):
        Agenda.objects.filter(pk=agenda.pk).update(practitioner=other)


def test_booked_slot_cannot_be_moved(coeur):
    f.booking(coeur.slot, coeur.reason)
    with refused_by_database("slot is booked"):
        Slot.objects.filter(pk=coeur.slot.pk).update(
            start=coeur.slot.start + timedelta(days=1), end=coeur.slot.end + timedelta(days=1)
        )


def test_reason_of_another_agenda_is_refused(coeur):
    other_agenda = f.agenda(f.practitioner(), coeur.department)
    other_reason = f.reason(other_agenda)
    with pytest.raises(ValidationError, match="another agenda"):
        f.booking(coeur.slot, other_reason)
    with refused_by_database("another agenda|outside the institution"):
        Booking.objects.bulk_create(
            [Booking(**_booking_values(coeur.slot, other_reason, f.patient()))]
        )


# --- one active booking per slot, nothing deleted -------------------------------


def test_second_active_booking_on_a_slot_is_refused(coeur):
    f.booking(coeur.slot, coeur.reason)
    with refused_by_database("one_active_per_slot|UNIQUE"):
        Booking.objects.bulk_create(
            [Booking(**_booking_values(coeur.slot, coeur.reason, f.patient()))]
        )


def test_slot_can_be_rebooked_after_cancellation_and_the_cancelled_booking_stays(coeur):
    first = f.booking(coeur.slot, coeur.reason)
    Booking.objects.filter(pk=first.pk).update(status="cancelled", cancelled_at=timezone.now())
    second = f.booking(coeur.slot, coeur.reason)
    assert set(Booking.objects.values_list("pk", flat=True)) == {first.pk, second.pk}


def test_booking_delete_is_refused(coeur):
    booking = f.booking(coeur.slot, coeur.reason)
    with pytest.raises(ValidationError, match="never deleted"):
        booking.delete()
    assert Booking.objects.filter(pk=booking.pk).exists()


def _delete_row(table: str, pk: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE id = %s", [pk])


@pytest.mark.parametrize(
    "table, row, message",
    [
        ("scheduling_slot", "slot", "bookings were made on this slot"),
        ("scheduling_agenda", "agenda", "bookings were made in this agenda"),
        ("hospital_department", "department", "bookings were made in the agendas of this"),
        ("hospital_establishment", "hospital", "bookings were made in this establishment"),
    ],
)
def test_a_row_a_cancelled_booking_resolves_through_is_never_deleted(coeur, table, row, message):
    """Refused at the DELETE, not at COMMIT: deleted and inserted again with
    its id, the row would come back with other columns past the guards on
    UPDATE (round 4, F7). A cancelled booking keeps pointing at it too."""
    booking = f.booking(coeur.slot, coeur.reason)
    Booking.objects.filter(pk=booking.pk).update(status="cancelled", cancelled_at=timezone.now())
    with pytest.raises(IntegrityError, match=message), transaction.atomic():
        _delete_row(table, getattr(coeur, row).pk)


def test_a_free_slot_and_an_agenda_without_bookings_may_be_deleted(coeur):
    booked = f.booking(coeur.slot, coeur.reason)
    free = f.slot(coeur.agenda)
    _delete_row("scheduling_slot", free.pk)
    other = f.practitioner(last_name="Sansrdv")
    f.affiliation(other, coeur.department)
    empty = Agenda.objects.create(practitioner=other, department=coeur.department)
    f.slot(empty, by_hand=True)
    Slot.objects.filter(agenda=empty).delete()
    empty.delete()
    assert not Slot.objects.filter(pk=free.pk).exists()
    assert not Agenda.objects.filter(pk=empty.pk).exists()
    assert Booking.objects.filter(pk=booked.pk).exists()


def test_overlapping_slots_in_one_agenda_are_refused(coeur):
    slot = coeur.slot
    overlapping = Slot(
        agenda=coeur.agenda,
        start=slot.start + timedelta(minutes=10),
        end=slot.end + timedelta(minutes=10),
    )
    with pytest.raises(ValidationError, match="overlaps"):
        overlapping.full_clean()
    with refused_by_database("overlap|conflicting key"):
        Slot.objects.bulk_create([overlapping])
