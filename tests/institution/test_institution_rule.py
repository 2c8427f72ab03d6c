"""No booking can resolve outside the institution, whatever the path.

The actors (tests/actors.py): Dr Coeur is affiliated to the cardiology
department of a member hospital *and* to a private clinic that is recorded in
the registry. The clinic can be shown, never booked.
"""

import contextlib
import datetime
import uuid
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from hospital.models import Affiliation, Department, Establishment, Membership
from scheduling.models import Agenda, Booking, Slot
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


@pytest.fixture
def world(actors):
    f.affiliation(actors.practitioner, actors.clinic_department)
    agenda = actors.agenda
    reason = f.reason(agenda)
    return {
        "hospital": actors.hospital,
        "clinic": actors.clinic,
        "department": actors.cardio,
        "clinic_department": actors.clinic_department,
        "doctor": actors.practitioner,
        "agenda": agenda,
        "reason": reason,
        "slot": f.slot(agenda),
    }


def _clinic_agenda(world) -> Agenda:
    """An agenda at the clinic, as it could exist only if the clinic had been a
    member when it was opened and left the institution since."""
    clinic = world["clinic"]
    Membership.objects.create(establishment=clinic, starts_on=timezone.localdate())
    agenda = Agenda.objects.create(
        practitioner=world["doctor"], department=world["clinic_department"]
    )
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


def test_booking_at_member_hospital_is_accepted(world):
    booking = f.booking(world["slot"], world["reason"])
    assert Booking.objects.filter(pk=booking.pk, status="booked").exists()


def test_agenda_at_external_clinic_is_refused_by_validation(world):
    agenda = Agenda(practitioner=world["doctor"], department=world["clinic_department"])
    with pytest.raises(ValidationError, match="not a member of the institution"):
        agenda.full_clean()


def test_agenda_at_external_clinic_is_refused_by_database(world):
    with refused_by_database():
        Agenda.objects.bulk_create(
            [Agenda(practitioner=world["doctor"], department=world["clinic_department"])]
        )


def test_agenda_cannot_be_repointed_to_clinic_by_update(world):
    with refused_by_database():
        Agenda.objects.filter(pk=world["agenda"].pk).update(department=world["clinic_department"])


def test_booking_at_external_clinic_is_refused_by_save(world):
    agenda = _clinic_agenda(world)
    slot, reason = f.slot(agenda), f.reason(agenda)
    with pytest.raises(ValidationError, match="not a member of the institution"):
        Booking(**_booking_values(slot, reason, f.patient())).save()
    assert not Booking.objects.exists()


def test_booking_at_external_clinic_is_refused_by_full_clean(world):
    agenda = _clinic_agenda(world)
    booking = Booking(**_booking_values(f.slot(agenda), f.reason(agenda), f.patient()))
    with pytest.raises(ValidationError, match="not a member of the institution"):
        booking.full_clean()


def test_booking_at_external_clinic_is_refused_by_bulk_create(world):
    agenda = _clinic_agenda(world)
    values = _booking_values(f.slot(agenda), f.reason(agenda), f.patient())
    with refused_by_database("outside the institution"):
        Booking.objects.bulk_create([Booking(**values)])
    assert not Booking.objects.exists()


def test_booking_moved_to_clinic_slot_by_queryset_update_is_refused(world):
    booking = f.booking(world["slot"], world["reason"])
    agenda = _clinic_agenda(world)
    clinic_slot = f.slot(agenda)
    with refused_by_database("outside the institution"):
        # A move raises the booking's revision (a rule of its own, below).
        Booking.objects.filter(pk=booking.pk).update(slot=clinic_slot, sequence=F("sequence") + 1)
    booking.refresh_from_db()
    assert booking.slot == world["slot"]


def test_booking_moved_without_raising_its_revision_is_refused(world):
    booking = f.booking(world["slot"], world["reason"])
    other = f.slot(world["slot"].agenda)
    with refused_by_database("revision of a booking goes up"):
        Booking.objects.filter(pk=booking.pk).update(slot=other)
    with refused_by_database("revision of a booking goes up"):
        Booking.objects.filter(pk=booking.pk).update(to_rebook=False)
        Booking.objects.filter(pk=booking.pk).update(sequence=F("sequence") + 2)
        Booking.objects.filter(pk=booking.pk).update(sequence=1)
    booking.refresh_from_db()
    assert (booking.slot, booking.sequence) == (world["slot"], 0)


def test_booking_at_external_clinic_is_refused_by_raw_sql(world):
    agenda = _clinic_agenda(world)
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


def test_cancelled_booking_reactivated_at_clinic_by_update_is_refused(world):
    agenda = _clinic_agenda(world)
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


def test_booking_when_not_affiliated_on_the_slot_date_is_refused(world):
    agenda = f.agenda(world["doctor"], f.department(world["hospital"]), affiliated=False)
    slot_day = timezone.localtime(f.slot(agenda).start).date()
    f.affiliation(world["doctor"], agenda.department, start=slot_day + timedelta(days=1))
    slot = agenda.slots.get()
    with pytest.raises(ValidationError, match="not affiliated"):
        f.booking(slot, f.reason(agenda))
    with refused_by_database("not be affiliated|outside the institution"):
        Booking.objects.bulk_create(
            [Booking(**_booking_values(slot, agenda.reasons.get(), f.patient()))]
        )


def test_slot_date_is_the_local_date_not_the_utc_date(world):
    """00:30 in Paris on the affiliation's first day is 22:30 or 23:30 UTC the day before."""
    agenda = f.agenda(world["doctor"], f.department(world["hospital"]), affiliated=False)
    first_day = timezone.localdate() + timedelta(days=30)
    f.affiliation(world["doctor"], agenda.department, start=first_day)
    local_start = datetime.datetime.combine(first_day, datetime.time(0, 30), tzinfo=PARIS)
    slot = f.slot(agenda, start=local_start.astimezone(datetime.UTC))
    Booking.objects.bulk_create([Booking(**_booking_values(slot, f.reason(agenda), f.patient()))])
    assert Booking.objects.filter(slot=slot).exists()

    before = f.slot(agenda, start=(local_start - timedelta(hours=1)).astimezone(datetime.UTC))
    with refused_by_database("not be affiliated|outside the institution"):
        Booking.objects.bulk_create(
            [Booking(**_booking_values(before, agenda.reasons.get(), f.patient()))]
        )


def test_ending_affiliation_before_an_upcoming_booking_is_refused_with_the_booking_named(world):
    booking = f.booking(world["slot"], world["reason"])
    affiliation = Affiliation.objects.get(
        practitioner=world["doctor"], department=world["department"]
    )
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


def test_ending_affiliation_after_the_last_upcoming_booking_is_allowed(world):
    f.booking(world["slot"], world["reason"])
    affiliation = Affiliation.objects.get(
        practitioner=world["doctor"], department=world["department"]
    )
    affiliation.end_date = world["slot"].local_date
    affiliation.full_clean()
    affiliation.save()
    Affiliation.objects.filter(pk=affiliation.pk).update(end_date=world["slot"].local_date)
    assert Affiliation.objects.get(pk=affiliation.pk).end_date == world["slot"].local_date


def test_overlapping_affiliations_are_refused(world):
    duplicate = Affiliation(
        practitioner=world["doctor"],
        department=world["department"],
        start_date=datetime.date(2021, 1, 1),
    )
    with pytest.raises(ValidationError, match="already affiliated"):
        duplicate.full_clean()
    with refused_by_database("overlap|conflicting key"):
        Affiliation.objects.bulk_create([duplicate])


def test_affiliation_ending_before_it_starts_is_refused(world):
    with refused_by_database("end_after_start"):
        Affiliation.objects.create(
            practitioner=world["doctor"],
            department=f.department(world["hospital"]),
            start_date=datetime.date(2030, 1, 2),
            end_date=datetime.date(2030, 1, 1),
        )


# --- establishments, departments, agendas, slots ------------------------------


def test_member_hospital_cannot_leave_while_upcoming_bookings_depend_on_it(world):
    booking = f.booking(world["slot"], world["reason"])
    hospital = world["hospital"]
    period = Membership.objects.get(establishment=hospital)
    period.ends_on = timezone.localdate()
    with pytest.raises(ValidationError, match=booking.public_id.hex[:8]):
        period.full_clean()
    with refused_by_database("outside the institution"):
        Membership.objects.filter(pk=period.pk).update(ends_on=timezone.localdate())
    assert Establishment.objects.get(pk=hospital.pk).is_member


def test_member_hospital_may_leave_once_its_bookings_are_cancelled(world):
    booking = f.booking(world["slot"], world["reason"])
    Booking.objects.filter(pk=booking.pk).update(status="cancelled", cancelled_at=timezone.now())
    f.leave(world["hospital"])
    assert not Establishment.objects.get(pk=world["hospital"].pk).is_member
    assert Booking.objects.filter(pk=booking.pk).exists(), "the cancelled booking is kept"


def test_department_with_agendas_cannot_move_to_another_establishment(world):
    neuro = world["department"]
    neuro.establishment = world["clinic"]
    with pytest.raises(ValidationError, match="cannot be moved"):
        neuro.full_clean()
    with refused_by_database("cannot move"):
        Department.objects.filter(pk=neuro.pk).update(establishment=world["clinic"])


def test_agenda_with_upcoming_bookings_cannot_change_practitioner(world):
    booking = f.booking(world["slot"], world["reason"])
    other = f.practitioner()
    f.affiliation(other, world["department"])
    agenda = world["agenda"]
    agenda.practitioner = other
    with pytest.raises(ValidationError, match=booking.public_id.hex[:8]):
        agenda.full_clean()
    with refused_by_database("cannot change practitioner"):
        Agenda.objects.filter(pk=agenda.pk).update(practitioner=other)


def test_booked_slot_cannot_be_moved(world):
    f.booking(world["slot"], world["reason"])
    with refused_by_database("slot is booked"):
        Slot.objects.filter(pk=world["slot"].pk).update(
            start=world["slot"].start + timedelta(days=1), end=world["slot"].end + timedelta(days=1)
        )


def test_reason_of_another_agenda_is_refused(world):
    other_agenda = f.agenda(f.practitioner(), world["department"])
    other_reason = f.reason(other_agenda)
    with pytest.raises(ValidationError, match="another agenda"):
        f.booking(world["slot"], other_reason)
    with refused_by_database("another agenda|outside the institution"):
        Booking.objects.bulk_create(
            [Booking(**_booking_values(world["slot"], other_reason, f.patient()))]
        )


# --- one active booking per slot, nothing deleted -------------------------------


def test_second_active_booking_on_a_slot_is_refused(world):
    f.booking(world["slot"], world["reason"])
    with refused_by_database("one_active_per_slot|UNIQUE"):
        Booking.objects.bulk_create(
            [Booking(**_booking_values(world["slot"], world["reason"], f.patient()))]
        )


def test_slot_can_be_rebooked_after_cancellation_and_the_cancelled_booking_stays(world):
    first = f.booking(world["slot"], world["reason"])
    Booking.objects.filter(pk=first.pk).update(status="cancelled", cancelled_at=timezone.now())
    second = f.booking(world["slot"], world["reason"])
    assert set(Booking.objects.values_list("pk", flat=True)) == {first.pk, second.pk}


def test_booking_delete_is_refused(world):
    booking = f.booking(world["slot"], world["reason"])
    with pytest.raises(ValidationError, match="never deleted"):
        booking.delete()
    assert Booking.objects.filter(pk=booking.pk).exists()


def test_overlapping_slots_in_one_agenda_are_refused(world):
    slot = world["slot"]
    overlapping = Slot(
        agenda=world["agenda"],
        start=slot.start + timedelta(minutes=10),
        end=slot.end + timedelta(minutes=10),
    )
    with pytest.raises(ValidationError, match="overlaps"):
        overlapping.full_clean()
    with refused_by_database("overlap|conflicting key"):
        Slot.objects.bulk_create([overlapping])
