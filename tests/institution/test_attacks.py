"""Adversarial suite: an attacker who has read the code and holds the
application's database rights tries to make a booking resolve outside the
institution, or to lose one, or to slip a change past the audit trail.

For every input of the institution rule (any column of the booking, its slot,
agenda, visit reason, department, establishment and the affiliations, their
primary keys, deletes and re-inserts) there is a write below. After each
attempt the referee (conftest.py) checks with plain SQL that no active
booking resolves outside, that every booking that existed still exists with
the same status, slot, reason and patient, and the routing report computes
0 outside from the data.
"""

import datetime

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from audit.chain import chain, verify
from audit.models import Event
from hospital.models import Affiliation, Establishment, Membership
from scheduling.models import Agenda, Booking, Slot, VisitReason
from scheduling.selectors.routing import routing_report
from tests import factories as f
from tests.actors import InstitutionWorld
from tests.helpers import (
    bookings_resolving_outside,
    bookings_state,
    fresh_uuid,
    when,
)

pytestmark = pytest.mark.django_db(transaction=True)

FINESS_FREE = "750999990"  # a valid FINESS number nobody uses in the world


def _nothing_escaped(before: dict) -> None:
    assert bookings_resolving_outside() == []
    assert bookings_state() == before, "a booking was lost or changed"
    today = timezone.localdate()
    report = routing_report(today - datetime.timedelta(days=1), today + datetime.timedelta(days=90))
    assert report.outside_institution == 0


def _swap(table: str, a: int, b: int) -> list[str]:
    return [
        f"UPDATE {table} SET id = -1 WHERE id = {a}",
        f"UPDATE {table} SET id = {a} WHERE id = {b}",
        f"UPDATE {table} SET id = {b} WHERE id = -1",
    ]


def _booking_insert(w: InstitutionWorld, slot: int, reason: int) -> tuple:
    return (
        "INSERT INTO scheduling_booking (public_id, slot_id, patient_id, reason_id, channel,"
        " status, created_at, cancel_reason, confirmation_digest, confirmation_attempts)"
        " VALUES (%s, %s, %s, %s, 'web', 'booked', %s, '', '', 0)",
        [fresh_uuid(), slot, w.booking.patient_id, reason, when(timezone.now())],
    )


def _slot_insert(slot_id: int, agenda: int, start: datetime.datetime) -> tuple:
    return (
        'INSERT INTO scheduling_slot (id, agenda_id, start, "end", status) VALUES'
        " (%s, %s, %s, %s, 'open')",
        [slot_id, agenda, when(start), when(start + datetime.timedelta(minutes=20))],
    )


# Each attack: the statements one transaction runs, then tries to COMMIT.
ATTACKS = {
    # 1. identity swaps and delete-and-reinsert
    "swap hospital and clinic ids": lambda w: _swap(
        "hospital_establishment", w.hospital.pk, w.clinic.pk
    ),
    "swap department ids": lambda w: _swap("hospital_department", w.neuro.pk, w.clinic_neuro.pk),
    "swap agenda ids": lambda w: _swap("scheduling_agenda", w.agenda.pk, w.clinic_agenda.pk),
    "swap slot ids": lambda w: _swap("scheduling_slot", w.slot.pk, w.clinic_slot.pk),
    "swap visit reason ids": lambda w: _swap(
        "scheduling_visitreason", w.reason.pk, w.clinic_reason.pk
    ),
    "delete the hospital, reinsert its id as a non-member": lambda w: [
        f"DELETE FROM hospital_establishment WHERE id = {w.hospital.pk}",
        (
            "INSERT INTO hospital_establishment (id, name, finess, address, postal_code, city,"
            " is_member) VALUES (%s, 'Clinique', %s, '1 rue', '75013', 'Paris', false)",
            [w.hospital.pk, FINESS_FREE],
        ),
    ],
    "delete the department, reinsert its id at the clinic": lambda w: [
        f"DELETE FROM hospital_department WHERE id = {w.neuro.pk}",
        f"INSERT INTO hospital_department (id, establishment_id, name) VALUES"
        f" ({w.neuro.pk}, {w.clinic.pk}, 'Neurochirurgie')",
    ],
    "delete the agenda, reinsert its id for an unaffiliated colleague": lambda w: [
        f"DELETE FROM scheduling_agenda WHERE id = {w.agenda.pk}",
        f"INSERT INTO scheduling_agenda (id, practitioner_id, department_id, is_active) VALUES"
        f" ({w.agenda.pk}, {w.colleague_agenda.practitioner_id}, {w.clinic_neuro.pk}, true)",
    ],
    "delete the booked slot, reinsert its id in the clinic's agenda": lambda w: [
        f"DELETE FROM scheduling_slot WHERE id = {w.slot.pk}",
        _slot_insert(w.slot.pk, w.clinic_agenda.pk, w.slot.start + datetime.timedelta(days=2)),
    ],
    "delete the reason, reinsert its id in the clinic's agenda": lambda w: [
        f"DELETE FROM scheduling_visitreason WHERE id = {w.reason.pk}",
        f"INSERT INTO scheduling_visitreason (id, agenda_id, label, duration_minutes,"
        f" online_bookable, for_new_patients, for_returning_patients, instructions) VALUES"
        f" ({w.reason.pk}, {w.clinic_agenda.pk}, 'x', 20, true, true, true, '')",
    ],
    "delete the affiliation, reinsert it ending yesterday": lambda w: [
        f"DELETE FROM hospital_affiliation WHERE practitioner_id = {w.doctor.pk}"
        f" AND department_id = {w.neuro.pk}",
        (
            "INSERT INTO hospital_affiliation (practitioner_id, department_id, start_date,"
            " end_date) VALUES (%s, %s, %s, %s)",
            [
                w.doctor.pk,
                w.neuro.pk,
                datetime.date(2020, 1, 1),
                timezone.localdate() - datetime.timedelta(days=1),
            ],
        ),
    ],
    # 2. the booking's reason, slot, or chain pointed elsewhere
    "visit reason moved to the clinic's agenda": lambda w: [
        f"UPDATE scheduling_visitreason SET agenda_id = {w.clinic_agenda.pk}"
        f" WHERE id = {w.reason.pk}"
    ],
    "visit reason moved to a colleague's agenda": lambda w: [
        f"UPDATE scheduling_visitreason SET agenda_id = {w.colleague_agenda.pk}"
        f" WHERE id = {w.reason.pk}"
    ],
    "booking given another agenda's reason": lambda w: [
        f"UPDATE scheduling_booking SET reason_id = {w.colleague_reason.pk}"
        f" WHERE id = {w.booking.pk}"
    ],
    "booking moved to the clinic's slot": lambda w: [
        f"UPDATE scheduling_booking SET slot_id = {w.clinic_slot.pk}, reason_id ="
        f" {w.clinic_reason.pk} WHERE id = {w.booking.pk}"
    ],
    "new booking at the clinic": lambda w: [
        _booking_insert(w, w.clinic_slot.pk, w.clinic_reason.pk)
    ],
    "booked slot moved to the clinic's agenda": lambda w: [
        f"UPDATE scheduling_slot SET agenda_id = {w.clinic_agenda.pk} WHERE id = {w.slot.pk}"
    ],
    "booked slot moved into the past": lambda w: [
        (
            'UPDATE scheduling_slot SET start = %s, "end" = %s WHERE id = %s',
            [
                when(timezone.now() - datetime.timedelta(days=2)),
                when(timezone.now() - datetime.timedelta(days=2, minutes=-20)),
                w.slot.pk,
            ],
        )
    ],
    "agenda re-pointed to the clinic's department": lambda w: [
        f"UPDATE scheduling_agenda SET department_id = {w.clinic_neuro.pk} WHERE id = {w.agenda.pk}"
    ],
    "agenda given to an unaffiliated colleague": lambda w: [
        f"UPDATE scheduling_agenda SET practitioner_id = {w.colleague_agenda.practitioner_id}"
        f" WHERE id = {w.agenda.pk}"
    ],
    "agenda closed under its bookings": lambda w: [
        f"UPDATE scheduling_agenda SET is_active = false WHERE id = {w.agenda.pk}"
    ],
    "department moved to the clinic": lambda w: [
        f"UPDATE hospital_department SET establishment_id = {w.clinic.pk} WHERE id = {w.neuro.pk}"
    ],
    "hospital made external": lambda w: [
        f"UPDATE hospital_membership SET ends_on = CURRENT_DATE WHERE establishment_id = {w.hospital.pk}"
    ],
    "affiliation ended yesterday": lambda w: [
        (
            "UPDATE hospital_affiliation SET end_date = %s WHERE practitioner_id = %s"
            " AND department_id = %s",
            [timezone.localdate() - datetime.timedelta(days=1), w.doctor.pk, w.neuro.pk],
        )
    ],
    "affiliation moved to the clinic": lambda w: [
        f"UPDATE hospital_affiliation SET department_id = {w.clinic_neuro.pk}"
        f" WHERE practitioner_id = {w.doctor.pk} AND department_id = {w.neuro.pk}"
    ],
    "affiliation deleted": lambda w: [
        f"DELETE FROM hospital_affiliation WHERE practitioner_id = {w.doctor.pk}"
        f" AND department_id = {w.neuro.pk}"
    ],
    # 3. status games
    "upcoming booking marked honoured, then the hospital leaves": lambda w: [
        f"UPDATE scheduling_booking SET status = 'honoured' WHERE id = {w.booking.pk}",
        f"UPDATE hospital_membership SET ends_on = CURRENT_DATE WHERE establishment_id = {w.hospital.pk}",
    ],
    "upcoming booking marked missed": lambda w: [
        f"UPDATE scheduling_booking SET status = 'missed' WHERE id = {w.booking.pk}"
    ],
    "cancelled booking revived at the clinic": lambda w: [
        f"UPDATE scheduling_booking SET status = 'booked', cancelled_at = NULL,"
        f" slot_id = {w.clinic_slot.pk}, reason_id = {w.clinic_reason.pk}"
        f" WHERE id = {w.cancelled.pk}"
    ],
    "cancelled booking handed to another patient": lambda w: [
        f"UPDATE scheduling_booking SET patient_id = {w.booking.patient_id} + 0,"
        f" slot_id = {w.colleague_slot.pk} WHERE id = {w.cancelled.pk}"
    ],
    # 4. losses
    "raw DELETE of a booking": lambda w: [
        f"DELETE FROM scheduling_booking WHERE id = {w.booking.pk}"
    ],
    "raw DELETE of every booking": lambda w: ["DELETE FROM scheduling_booking"],
    "booking's public id rewritten": lambda w: [
        (
            "UPDATE scheduling_booking SET public_id = %s WHERE id = %s",
            [fresh_uuid(), w.booking.pk],
        )
    ],
    # 5. the checks deferred or hurried: the rule holds either way
    "checks made immediate, then the hospital leaves": lambda w: (
        (["SET CONSTRAINTS ALL IMMEDIATE"] if connection.vendor == "postgresql" else [])
        + [
            f"UPDATE hospital_membership SET ends_on = CURRENT_DATE WHERE establishment_id = {w.hospital.pk}"
        ]
    ),
}

POSTGRESQL_ONLY = {
    "temporary table shadowing the establishments": lambda w: [
        "CREATE TEMP TABLE hospital_establishment AS SELECT * FROM public.hospital_establishment",
        "UPDATE pg_temp.hospital_establishment SET is_member = true",
        _booking_insert(w, w.clinic_slot.pk, w.clinic_reason.pk),
    ],
    "replication role switching triggers off": lambda w: [
        "SET session_replication_role = replica",
        f"UPDATE hospital_membership SET ends_on = CURRENT_DATE WHERE establishment_id = {w.hospital.pk}",
    ],
    "rule trigger disabled": lambda w: [
        "ALTER TABLE hospital_establishment DISABLE TRIGGER ALL",
        f"UPDATE hospital_membership SET ends_on = CURRENT_DATE WHERE establishment_id = {w.hospital.pk}",
    ],
    "rule trigger dropped": lambda w: [
        "DROP TRIGGER institution_rule ON hospital_establishment",
        f"UPDATE hospital_membership SET ends_on = CURRENT_DATE WHERE establishment_id = {w.hospital.pk}",
    ],
    "rule function replaced": lambda w: [
        "CREATE OR REPLACE FUNCTION public.scheduling_invariant_check(bigint[], text)"
        " RETURNS void LANGUAGE sql AS $$ SELECT $$",
        f"UPDATE hospital_membership SET ends_on = CURRENT_DATE WHERE establishment_id = {w.hospital.pk}",
    ],
    "TRUNCATE of the bookings": lambda w: ["TRUNCATE scheduling_booking CASCADE"],
}

SQLITE_ONLY = {
    "rule trigger dropped": lambda w: [
        "DROP TRIGGER hospital_establishment__institution_rule_update",
        f"UPDATE hospital_membership SET ends_on = CURRENT_DATE WHERE establishment_id = {w.hospital.pk}",
    ],
    "foreign keys off, then the hospital deleted": lambda w: [
        "PRAGMA foreign_keys = OFF",
        f"DELETE FROM hospital_establishment WHERE id = {w.hospital.pk}",
    ],
    "writable schema": lambda w: ["PRAGMA writable_schema = ON"],
    "temporary table shadowing the establishments": lambda w: [
        "CREATE TEMP TABLE hospital_establishment AS SELECT * FROM main.hospital_establishment",
        "UPDATE temp.hospital_establishment SET is_member = 1",
        _booking_insert(w, w.clinic_slot.pk, w.clinic_reason.pk),
    ],
    "another database attached": lambda w: ["ATTACH DATABASE ':memory:' AS other"],
    "a trigger of one's own": lambda w: [
        "CREATE TRIGGER mine AFTER INSERT ON scheduling_booking BEGIN SELECT 1; END"
    ],
    # Stored with an offset, the slot would look like another local day to
    # the rule's date logic than to Django, or look past.
    "slot stored with an offset, booked outside the affiliation": lambda w: [
        (
            'INSERT INTO scheduling_slot (agenda_id, start, "end", status) VALUES'
            " (%s, %s, %s, 'open')",
            [w.agenda.pk, "2030-06-30 20:00:00-05:00", "2030-06-30 20:20:00-05:00"],
        )
    ],
    "booked slot's end rewritten with an offset so it looks past": lambda w: [
        (
            'UPDATE scheduling_slot SET "end" = %s WHERE id = %s',
            [w.slot.end.strftime("%Y-%m-%d %H:%M:%S") + "+23:59", w.slot.pk],
        ),
        f"UPDATE hospital_membership SET ends_on = CURRENT_DATE WHERE establishment_id = {w.hospital.pk}",
    ],
    "datetime with a T separator": lambda w: [
        (
            'INSERT INTO scheduling_slot (agenda_id, start, "end", status) VALUES'
            " (%s, %s, %s, 'open')",
            [w.agenda.pk, "2030-06-30T10:00:00", "2030-06-30T10:20:00"],
        )
    ],
}


# The database the suite runs on is known when tests are collected.
ON_POSTGRESQL = connection.vendor == "postgresql"
VENDOR_ATTACKS = {**ATTACKS, **(POSTGRESQL_ONLY if ON_POSTGRESQL else SQLITE_ONLY)}


@pytest.mark.parametrize("name", sorted(VENDOR_ATTACKS))
def test_attack_is_refused_and_nothing_escapes_or_is_lost(name, world, attacker):
    statements = VENDOR_ATTACKS[name](world)
    before = bookings_state()
    assert bookings_resolving_outside() == []
    with pytest.raises(DatabaseError):
        attacker.run(*statements)
    _nothing_escaped(before)


def test_the_attacker_can_do_the_application_s_legitimate_work(world, attacker):
    """The same rights book, cancel and record: the suite's refusals are the
    rules at work, not a role that can do nothing."""
    before = bookings_state()
    attacker.run(_booking_insert(world, world.colleague_slot.pk, world.colleague_reason.pk))
    attacker.run(
        (
            "UPDATE scheduling_booking SET status = 'cancelled', cancelled_at = %s,"
            " cancel_reason = 'test' WHERE id = %s",
            [when(timezone.now()), world.booking.pk],
        )
    )
    after = bookings_state()
    assert len(after) == len(before) + 1
    assert after[world.booking.pk][0] == "cancelled"
    with pytest.raises(DatabaseError, match="institution rule"):
        attacker.run(
            f"UPDATE hospital_membership SET ends_on = CURRENT_DATE WHERE establishment_id = {world.hospital.pk}"
        )
    assert bookings_resolving_outside() == [], "the colleague's booking blocks the departure"


# --- the same, through Django's own paths, with the application's rights -------


def test_orm_id_swap_is_refused(world, attacker):
    before = bookings_state()
    with attacker.orm(), pytest.raises(IntegrityError), transaction.atomic():
        Establishment.objects.filter(pk=world.hospital.pk).update(id=-1)
        Establishment.objects.filter(pk=world.clinic.pk).update(id=world.hospital.pk)
        Establishment.objects.filter(pk=-1).update(id=world.clinic.pk)
    _nothing_escaped(before)


def test_orm_reason_moved_by_update_or_save_is_refused(world, attacker):
    before = bookings_state()
    with attacker.orm():
        with pytest.raises(IntegrityError), transaction.atomic():
            VisitReason.objects.filter(pk=world.reason.pk).update(agenda=world.colleague_agenda)
        reason = VisitReason.objects.get(pk=world.reason.pk)
        reason.agenda = world.colleague_agenda
        with pytest.raises(Exception, match=world.booking.public_id.hex[:8]):
            reason.full_clean()
        with pytest.raises(IntegrityError), transaction.atomic():
            reason.save()
    _nothing_escaped(before)


def test_orm_queryset_delete_of_bookings_is_refused(world, attacker):
    before = bookings_state()
    with attacker.orm():
        with pytest.raises(Exception, match="never deleted"):
            Booking.objects.filter(pk=world.booking.pk).delete()
        with pytest.raises(DatabaseError), transaction.atomic():
            Booking.objects.filter(pk=world.booking.pk)._raw_delete(connection.alias)
    _nothing_escaped(before)


def test_orm_outcome_before_the_appointment_then_leaving_is_refused(world, attacker):
    before = bookings_state()
    with attacker.orm(), pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.filter(pk=world.booking.pk).update(status="honoured")
        Membership.objects.filter(establishment=world.hospital).update(ends_on=timezone.localdate())
    _nothing_escaped(before)


def test_orm_slot_and_agenda_changes_are_refused(world, attacker):
    before = bookings_state()
    changes = [
        lambda: Slot.objects.filter(pk=world.slot.pk).update(agenda=world.clinic_agenda),
        lambda: Agenda.objects.filter(pk=world.agenda.pk).update(is_active=False),
        lambda: Affiliation.objects.filter(
            practitioner=world.doctor, department=world.neuro
        ).update(end_date=timezone.localdate()),
    ]
    with attacker.orm():
        for change in changes:
            with pytest.raises(IntegrityError), transaction.atomic():
                change()
    _nothing_escaped(before)


@pytest.mark.parametrize("as_secretary", [False, True])
def test_admin_moving_a_booked_reason_to_another_agenda_is_refused(
    world, attacker, client, as_secretary
):
    from django.contrib.auth.models import Group
    from guardian.shortcuts import assign_perm

    from scheduling.roles import SECRETARIAT

    before = bookings_state()
    if as_secretary:
        user = f.user("secretaire")
        user.groups.add(Group.objects.get(name=SECRETARIAT))
        assign_perm("hospital.work_in_department", user, world.neuro)
    else:
        user = f.user("admin", superuser=True)
    client.force_login(user)
    url = f"/admin/scheduling/visitreason/{world.reason.pk}/change/"
    with attacker.orm():
        form = client.get(url).context["adminform"].form
        # A reason stays in its agenda: the form does not offer the field ...
        assert "agenda" not in form.fields
        data = {k: v for k, v in form.initial.items() if v is not None}
        data.update(agenda=world.colleague_agenda.pk, duration_minutes=20, label="Consultation")
        # ... and a forged post naming another agenda changes nothing.
        client.post(url, data)
    assert VisitReason.objects.get(pk=world.reason.pk).agenda_id == world.agenda.pk
    _nothing_escaped(before)


# --- the audit trail, with the application's rights ---------------------------


def _trail_intact() -> None:
    assert verify(chain()).ok


AUDIT_ATTACKS = {
    "event forged through the application's entry point": lambda w: [
        "INSERT INTO audit_log_input (action, object_type, object_id, changes)"
        " VALUES ('update', 'scheduling_booking', '1', '{}')"
    ],
}
AUDIT_POSTGRESQL = {
    "direct insert of a pending event": lambda w: [
        "INSERT INTO audit_pending (occurred_at, actor, channel, request_id, action,"
        " object_type, object_id, changes) VALUES ('2020-01-01T00:00:00.000000Z', 'user:1:admin',"
        " 'admin', '', 'delete', 'scheduling_booking', '1', '{}')"
    ],
    "direct insert of an event": lambda w: [
        "INSERT INTO audit_event VALUES (999999, 'x', 'x', 'x', 'x', 'x', 'x', 'x', '{}', 'x', 'x')"
    ],
    "event edited": lambda w: ["UPDATE audit_event SET actor = 'nobody'"],
    "events deleted": lambda w: ["DELETE FROM audit_event"],
    "the writer called directly": lambda w: [
        "SELECT public.audit_write('delete', 'scheduling_booking', '1', '{}')"
    ],
    "the keyed hash used as an oracle": lambda w: ["SELECT public.audit_mask('1980-05-17')"],
    "the key read": lambda w: ["SELECT * FROM audit_secret"],
    "temporary tables shadowing the trail": lambda w: [
        "CREATE TEMP TABLE audit_pending (LIKE public.audit_pending)",
        f"UPDATE hospital_establishment SET name = 'unrecorded' WHERE id = {w.clinic.pk}",
    ],
}
AUDIT_SQLITE = {
    "direct insert of a row event": lambda w: [
        "INSERT INTO audit_row_input (action, object_type, object_id, changes)"
        " VALUES ('delete', 'scheduling_booking', '1', '{}')"
    ],
    "direct insert of an event": lambda w: [
        "INSERT INTO audit_event VALUES (999999, 'x', 'x', 'x', 'x', 'x', 'x', 'x', '{}', 'x', 'x')"
    ],
    "event edited": lambda w: ["UPDATE audit_event SET actor = 'nobody'"],
    "events deleted": lambda w: ["DELETE FROM audit_event"],
    "append-only trigger dropped": lambda w: ["DROP TRIGGER audit_event_no_update"],
    "the keyed hash used as an oracle": lambda w: ["SELECT audit_mask('1980-05-17')"],
    "temporary table shadowing the trail": lambda w: [
        "CREATE TEMP TABLE audit_event AS SELECT * FROM main.audit_event WHERE 0"
    ],
}
VENDOR_AUDIT_ATTACKS = {**AUDIT_ATTACKS, **(AUDIT_POSTGRESQL if ON_POSTGRESQL else AUDIT_SQLITE)}


@pytest.mark.parametrize("name", sorted(VENDOR_AUDIT_ATTACKS))
def test_audit_attack_is_refused_and_the_trail_still_verifies(name, world, attacker):
    count = Event.objects.count()
    with pytest.raises(DatabaseError):
        attacker.run(*VENDOR_AUDIT_ATTACKS[name](world))
    assert Event.objects.count() == count
    _trail_intact()


def test_every_change_by_the_application_role_lands_in_the_trail(world, attacker):
    last = Event.objects.order_by("-seq").values_list("seq", flat=True).first()
    attacker.run(
        f"UPDATE hospital_establishment SET name = 'Hôpital renommé' WHERE id = {world.hospital.pk}"
    )
    event = Event.objects.get(seq__gt=last)
    assert (event.action, event.object_type, event.object_id) == (
        "update",
        "hospital_establishment",
        str(world.hospital.pk),
    )
    _trail_intact()


@pytest.mark.postgres_only
def test_pinned_functions_ignore_temporary_tables_even_where_temp_is_allowed(world):
    """Defence in depth: the test's superuser keeps TEMPORARY; a shadow table
    still cannot stand in for the registry or the trail."""
    before, count = bookings_state(), Event.objects.count()
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE hospital_establishment AS SELECT * FROM public.hospital_establishment"
        )
        cursor.execute("UPDATE pg_temp.hospital_establishment SET is_member = true")
        cursor.execute("CREATE TEMP TABLE audit_pending (LIKE public.audit_pending INCLUDING ALL)")
        cursor.execute("SET search_path = pg_temp, public")
        try:
            with pytest.raises(IntegrityError), transaction.atomic():
                cursor.execute(
                    *_booking_insert(world, world.clinic_slot.pk, world.clinic_reason.pk)
                )
            with transaction.atomic():
                cursor.execute(
                    "UPDATE public.hospital_establishment SET city = 'Paris 13e' WHERE id = %s",
                    [world.hospital.pk],
                )
        finally:
            cursor.execute("SET search_path = DEFAULT")
            cursor.execute("DROP TABLE pg_temp.hospital_establishment, pg_temp.audit_pending")
    assert Event.objects.count() == count + 1, "the change is in the real trail"
    _nothing_escaped(before)
    _trail_intact()
