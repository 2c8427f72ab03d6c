"""Attacks on the past (issue 21): every write, as the application role in
plain SQL, that would change what a booking of the past resolves to — or
where a booking lands in the past — is refused, and the routing report over
the past is unchanged. Both databases.

The world of conftest.py, plus its past: an honoured booking at the hospital
three days ago (checked in), a free slot there the same day, and an
establishment that never was a member, with an agenda (as only the tables'
owner could have made it), a slot in the past and one next week.
"""

import datetime
from dataclasses import dataclass

import pytest
from django.db import DatabaseError
from django.utils import timezone

from hospital.models import Membership
from scheduling.models import Agenda, Booking
from scheduling.selectors.routing import routing_report
from tests import factories as f
from tests.helpers import (
    bookings_resolving_outside,
    bookings_state,
    fresh_uuid,
    when,
)

pytestmark = pytest.mark.django_db(transaction=True)


@dataclass
class Past:
    w: object
    honoured: Booking
    free_past_slot: object
    outsider: object
    outsider_neuro: object
    outsider_agenda: object
    outsider_reason: object
    outsider_past_slot: object
    outsider_slot: object
    days_ago: datetime.datetime


@pytest.fixture
def past(world):
    days_ago = timezone.now().replace(microsecond=0) - datetime.timedelta(days=3)
    honoured = f.booking(f.slot(world.agenda, start=days_ago), world.reason, channel="phone")
    with f.as_history():
        Booking.objects.filter(pk=honoured.pk).update(
            status="honoured", checked_in_at=days_ago - datetime.timedelta(minutes=5)
        )
    free_past_slot = f.slot(world.agenda, start=days_ago + datetime.timedelta(hours=1))
    outsider = f.establishment(name="Centre extérieur", is_member=False)
    outsider_neuro = f.department(outsider, name="Neurologie extérieure")
    f.affiliation(world.doctor, outsider_neuro)
    with f.as_history():
        outsider_agenda = Agenda.objects.create(
            practitioner=world.doctor, department=outsider_neuro
        )
    outsider_reason = f.reason(outsider_agenda)
    outsider_past_slot = f.slot(outsider_agenda, start=days_ago + datetime.timedelta(hours=2))
    outsider_slot = f.slot(outsider_agenda)
    honoured.refresh_from_db()
    return Past(w=world, **{k: v for k, v in locals().items() if k in Past.__annotations__})


def _report():
    today = timezone.localdate()
    report = routing_report(today - datetime.timedelta(days=30), today)
    return (report.total, report.outside_institution, report.per_establishment, report.per_channel)


def _refused(attacker, *statements) -> None:
    """The attack is refused whole, nothing changes, and the report over the
    past month says what it said."""
    before, report = bookings_state(), _report()
    outside = bookings_resolving_outside()
    with pytest.raises(DatabaseError):
        attacker.run(*statements)
    assert bookings_state() == before, "a booking changed"
    assert bookings_resolving_outside() == outside
    assert _report() == report


def _insert(p: Past, slot: int, reason: int, status: str) -> tuple:
    return (
        "INSERT INTO scheduling_booking (public_id, slot_id, patient_id, reason_id, channel,"
        " status, created_at, cancel_reason, confirmation_digest, confirmation_attempts)"
        " VALUES (%s, %s, %s, %s, 'web', %s, %s, '', '', 0)",
        [fresh_uuid(), slot, p.w.booking.patient_id, reason, status, when(timezone.now())],
    )


def _at(moment: datetime.datetime) -> tuple:
    return when(moment), when(moment + datetime.timedelta(minutes=20))


class TestThePastResolvesInside:
    """No booking lands in the past, and none resolves outside as of its time."""

    @pytest.mark.parametrize("status", ["honoured", "booked", "missed"])
    def test_a_booking_inserted_on_an_ended_slot_outside(self, past, attacker, status):
        _refused(
            attacker, _insert(past, past.outsider_past_slot.pk, past.outsider_reason.pk, status)
        )

    def test_a_booking_inserted_on_an_ended_slot_inside(self, past, attacker):
        """Even inside: nothing is booked once the slot has started."""
        _refused(attacker, _insert(past, past.free_past_slot.pk, past.w.reason.pk, "honoured"))

    def test_an_upcoming_booking_turned_into_a_past_honoured_one_outside(self, past, attacker):
        _refused(
            attacker,
            f"UPDATE scheduling_booking SET slot_id = {past.outsider_past_slot.pk},"
            f" reason_id = {past.outsider_reason.pk}, status = 'honoured', sequence = sequence + 1"
            f" WHERE id = {past.w.booking.pk}",
        )

    def test_an_upcoming_booking_moved_to_a_past_slot_inside(self, past, attacker):
        _refused(
            attacker,
            f"UPDATE scheduling_booking SET slot_id = {past.free_past_slot.pk},"
            f" sequence = sequence + 1 WHERE id = {past.w.booking.pk}",
        )

    def test_a_free_slot_moved_into_the_past_then_booked(self, past, attacker):
        start, end = _at(past.days_ago + datetime.timedelta(hours=5))
        _refused(
            attacker,
            (
                'UPDATE scheduling_slot SET start = %s, "end" = %s WHERE id = %s',
                [start, end, past.outsider_slot.pk],
            ),
            _insert(past, past.outsider_slot.pk, past.outsider_reason.pk, "honoured"),
        )

    def test_a_free_slot_moved_into_the_past_alone(self, past, attacker):
        start, end = _at(past.days_ago + datetime.timedelta(hours=5))
        _refused(
            attacker,
            (
                'UPDATE scheduling_slot SET start = %s, "end" = %s WHERE id = %s',
                [start, end, past.w.colleague_slot.pk],
            ),
        )


class TestHistoryIsImmutable:
    """A booking of the past changes only by its outcome and its check-in."""

    @pytest.mark.parametrize(
        "change",
        [
            "status = 'cancelled', cancelled_at = '{now}', cancel_reason = 'x'",
            "channel = 'api'",
            "created_by_id = {user}",
            "created_at = '{now}'",
            "checked_in_at = '{now}'",
            "checked_in_at = NULL",
            "reason_id = {other_reason}",
            "patient_id = {other_patient}",
        ],
    )
    def test_a_past_booking_rewritten(self, past, attacker, change):
        values = {
            "now": when(timezone.now()),
            "user": f.user("faussaire").pk,
            "other_reason": f.reason(past.w.agenda, label="Autre").pk,
            "other_patient": f.patient().pk,
        }
        _refused(
            attacker,
            f"UPDATE scheduling_booking SET {change.format(**values)}"
            f" WHERE id = {past.honoured.pk}",
        )

    @pytest.mark.parametrize("column", ["channel", "created_by_id"])
    def test_an_upcoming_booking_keeps_its_channel_and_author(self, past, attacker, column):
        value = "'api'" if column == "channel" else f.user("faussaire").pk
        _refused(
            attacker,
            f"UPDATE scheduling_booking SET {column} = {value} WHERE id = {past.w.booking.pk}",
        )

    def test_a_past_slot_moved(self, past, attacker):
        start, end = _at(past.days_ago - datetime.timedelta(days=1))
        _refused(
            attacker,
            (
                'UPDATE scheduling_slot SET start = %s, "end" = %s WHERE id = %s',
                [start, end, past.honoured.slot_id],
            ),
        )

    def test_a_past_free_slot_moved_to_the_future(self, past, attacker):
        start, end = _at(timezone.now() + datetime.timedelta(days=20))
        _refused(
            attacker,
            (
                'UPDATE scheduling_slot SET start = %s, "end" = %s WHERE id = %s',
                [start, end, past.free_past_slot.pk],
            ),
        )

    def test_a_past_slot_given_to_another_agenda(self, past, attacker):
        _refused(
            attacker,
            f"UPDATE scheduling_slot SET agenda_id = {past.outsider_agenda.pk}"
            f" WHERE id = {past.honoured.slot_id}",
        )

    def test_the_outcome_and_its_correction_are_recorded(self, past, attacker):
        """The legitimate history: honoured ↔ missed, and nothing else moved."""
        attacker.run(
            f"UPDATE scheduling_booking SET status = 'missed' WHERE id = {past.honoured.pk}"
        )
        attacker.run(
            f"UPDATE scheduling_booking SET status = 'honoured' WHERE id = {past.honoured.pk}"
        )
        assert bookings_resolving_outside() == []


class TestNothingIsRepointedUnderThePast:
    """What a past booking resolved through stays what it was."""

    def test_the_agenda_moved_to_another_establishment(self, past, attacker):
        _refused(
            attacker,
            f"UPDATE scheduling_agenda SET department_id = {past.outsider_neuro.pk}"
            f" WHERE id = {past.w.agenda.pk}",
        )

    def test_the_agenda_moved_once_its_upcoming_booking_is_cancelled(self, past, attacker):
        attacker.run(
            (
                "UPDATE scheduling_booking SET status = 'cancelled', cancelled_at = %s,"
                " cancel_reason = 'x' WHERE id = %s",
                [when(timezone.now()), past.w.booking.pk],
            )
        )
        _refused(
            attacker,
            f"UPDATE scheduling_agenda SET department_id = {past.outsider_neuro.pk}"
            f" WHERE id = {past.w.agenda.pk}",
        )

    def test_the_reason_moved_to_another_agenda(self, past, attacker):
        reason = f.reason(past.w.agenda, label="Suivi")
        with f.as_history():
            Booking.objects.filter(pk=past.honoured.pk).update(reason=reason)
        _refused(
            attacker,
            f"UPDATE scheduling_visitreason SET agenda_id = {past.outsider_agenda.pk}"
            f" WHERE id = {reason.pk}",
        )

    def test_the_affiliation_ended_before_the_past_booking(self, past, attacker):
        affiliation = past.w.doctor.affiliations.get(department=past.w.neuro)
        _refused(
            attacker,
            (
                "UPDATE hospital_affiliation SET end_date = %s WHERE id = %s",
                [
                    (timezone.localdate() - datetime.timedelta(days=10)).isoformat(),
                    affiliation.pk,
                ],
            ),
            f"UPDATE scheduling_booking SET status = 'cancelled', cancelled_at = '{when(timezone.now())}',"
            f" cancel_reason = 'x' WHERE id = {past.w.booking.pk}",
        )

    def test_the_affiliation_started_after_the_past_booking(self, past, attacker):
        affiliation = past.w.doctor.affiliations.get(department=past.w.neuro)
        _refused(
            attacker,
            (
                "UPDATE hospital_affiliation SET start_date = %s WHERE id = %s",
                [timezone.localdate().isoformat(), affiliation.pk],
            ),
        )

    def test_the_affiliation_deleted_and_another_made(self, past, attacker):
        affiliation = past.w.doctor.affiliations.get(department=past.w.neuro)
        _refused(
            attacker,
            f"DELETE FROM hospital_affiliation WHERE id = {affiliation.pk}",
            (
                "INSERT INTO hospital_affiliation (practitioner_id, department_id, start_date)"
                " VALUES (%s, %s, %s)",
                [past.w.doctor.pk, past.w.neuro.pk, timezone.localdate().isoformat()],
            ),
        )

    def test_the_finess_numbers_swapped(self, past, attacker):
        hospital, clinic = past.w.hospital, past.w.clinic
        _refused(
            attacker,
            f"UPDATE hospital_establishment SET finess = '000000000' WHERE id = {hospital.pk}",
            f"UPDATE hospital_establishment SET finess = '{hospital.finess}' WHERE id = {clinic.pk}",
            f"UPDATE hospital_establishment SET finess = '{clinic.finess}' WHERE id = {hospital.pk}",
        )

    def test_the_department_moved(self, past, attacker):
        _refused(
            attacker,
            f"UPDATE hospital_department SET establishment_id = {past.outsider.pk}"
            f" WHERE id = {past.w.neuro.pk}",
        )


class TestMembershipHasTime:
    """Membership is dated periods; the past's periods are history."""

    def _period(self, p: Past) -> Membership:
        return Membership.objects.get(establishment=p.w.hospital)

    def test_the_hospital_made_to_leave_in_the_past(self, past, attacker):
        ended = (timezone.localdate() - datetime.timedelta(days=10)).isoformat()
        _refused(
            attacker,
            (
                "UPDATE hospital_membership SET ends_on = %s WHERE id = %s",
                [ended, self._period(past).pk],
            ),
        )

    def test_the_hospital_made_to_join_later(self, past, attacker):
        _refused(
            attacker,
            (
                "UPDATE hospital_membership SET starts_on = %s WHERE id = %s",
                [timezone.localdate().isoformat(), self._period(past).pk],
            ),
        )

    def test_the_hospital_s_period_deleted(self, past, attacker):
        _refused(attacker, f"DELETE FROM hospital_membership WHERE id = {self._period(past).pk}")

    def test_an_ended_period_rewritten(self, past, attacker):
        clinic_period = Membership.objects.get(establishment=past.w.clinic)
        with f.as_history():
            Membership.objects.filter(pk=clinic_period.pk).update(
                ends_on=timezone.localdate() - datetime.timedelta(days=1)
            )
        _refused(
            attacker,
            f"UPDATE hospital_membership SET ends_on = NULL WHERE id = {clinic_period.pk}",
        )

    def test_an_overlapping_period(self, past, attacker):
        _refused(
            attacker,
            (
                "INSERT INTO hospital_membership (establishment_id, starts_on) VALUES (%s, %s)",
                [past.w.hospital.pk, timezone.localdate().isoformat()],
            ),
        )

    def test_the_flag_written_instead_of_the_periods(self, past, attacker):
        _refused(
            attacker,
            f"UPDATE hospital_establishment SET is_member = true WHERE id = {past.outsider.pk}",
        )

    def test_a_period_laundering_a_booking_that_bypassed_the_rule(self, past, attacker):
        """A booking that resolved outside at its time (written behind the
        rule's back, as an older version allowed) stays outside: no new period
        covers it afterwards."""
        forged = Booking(
            slot=past.outsider_past_slot,
            reason=past.outsider_reason,
            patient=past.w.booking.patient,
            channel="web",
        )
        with f.as_history():
            Booking.objects.bulk_create([forged])
        assert _report()[1] == 1
        _refused(
            attacker,
            (
                "INSERT INTO hospital_membership (establishment_id, starts_on) VALUES (%s, %s)",
                [past.outsider.pk, "2000-01-01"],
            ),
        )

    def test_a_hospital_that_left_keeps_its_history_inside(self, past, attacker):
        attacker.run(
            (
                "UPDATE scheduling_booking SET status = 'cancelled', cancelled_at = %s,"
                " cancel_reason = 'x' WHERE id = %s",
                [when(timezone.now()), past.w.booking.pk],
            ),
            (
                "UPDATE hospital_membership SET ends_on = %s WHERE id = %s",
                [timezone.localdate().isoformat(), self._period(past).pk],
            ),
        )
        total, outside, per_establishment, _channels = _report()
        assert (total, outside) == (1, 0)
        assert per_establishment[0]["membership"] == "member"
        past.w.hospital.refresh_from_db()
        assert not past.w.hospital.is_member


def _slot_row(slot_id: int) -> tuple | None:
    from scheduling.models import Slot

    return (
        Slot.objects.filter(pk=slot_id)
        .values_list("agenda_id", "start", "end", "status", "reserved_for", "opens_to_all_at")
        .first()
    )


class TestAStartedSlotIsHistory:
    """The routing report counts the past's open reserved slots, booked and
    free: a slot that has started is never deleted, keeps its status and
    reservation, and none is inserted with a start that has passed."""

    @pytest.fixture
    def reserved(self, past):
        """A free slot of the hospital's two days ago, kept for the phone."""
        start = timezone.now().replace(microsecond=0) - datetime.timedelta(days=2)
        return f.slot(
            past.w.agenda,
            start=start,
            reserved_for="phone",
            opens_to_all_at=start - datetime.timedelta(hours=48),
        )

    @pytest.mark.parametrize(
        "statement",
        [
            "DELETE FROM scheduling_slot WHERE id = {id}",
            "UPDATE scheduling_slot SET status = 'closed' WHERE id = {id}",
            "UPDATE scheduling_slot SET reserved_for = '', opens_to_all_at = NULL WHERE id = {id}",
            "UPDATE scheduling_slot SET reserved_for = 'partners' WHERE id = {id}",
            "UPDATE scheduling_slot SET opens_to_all_at = start WHERE id = {id}",
        ],
        ids=["deleted", "closed", "reservation cleared", "re-reserved", "release moved"],
    )
    def test_a_started_reserved_slot_is_not_rewritten(self, reserved, attacker, statement):
        row = _slot_row(reserved.pk)
        _refused(attacker, statement.format(id=reserved.pk))
        assert _slot_row(reserved.pk) == row

    def test_a_started_closed_slot_is_not_reopened(self, past, attacker):
        closed = f.slot(
            past.w.agenda, start=past.days_ago + datetime.timedelta(hours=3), status="closed"
        )
        _refused(attacker, f"UPDATE scheduling_slot SET status = 'open' WHERE id = {closed.pk}")
        assert _slot_row(closed.pk)[3] == "closed"

    def test_the_slot_under_way_is_not_closed(self, past, attacker):
        under_way = f.started_slot(past.w.agenda)
        _refused(
            attacker, f"UPDATE scheduling_slot SET status = 'closed' WHERE id = {under_way.pk}"
        )

    @pytest.mark.parametrize("days", [3, 0])
    def test_no_slot_is_inserted_in_the_past(self, past, attacker, days):
        from scheduling.models import Slot

        count = Slot.objects.count()
        start, end = _at(timezone.now() - datetime.timedelta(days=days, minutes=30))
        _refused(
            attacker,
            (
                'INSERT INTO scheduling_slot (agenda_id, start, "end", status, reserved_for)'
                " VALUES (%s, %s, %s, 'open', '')",
                [past.w.agenda.pk, start, end],
            ),
        )
        assert Slot.objects.count() == count

    def test_a_slot_still_to_come_is_closed_reopened_and_deleted(self, past, attacker):
        """The legitimate changes of the future stay open to the application."""
        ahead = f.slot(past.w.agenda)
        attacker.run(
            f"UPDATE scheduling_slot SET status = 'closed' WHERE id = {ahead.pk}",
            f"UPDATE scheduling_slot SET status = 'open' WHERE id = {ahead.pk}",
        )
        attacker.run(f"DELETE FROM scheduling_slot WHERE id = {ahead.pk}")
        assert _slot_row(ahead.pk) is None

    def test_a_started_slot_s_opening_rule_may_go(self, reserved, attacker):
        """Deleting an opening rule sets its slots' rule to NULL (SET_NULL):
        the slot's history is its agenda, times, status and reservation."""
        attacker.run(f"UPDATE scheduling_slot SET rule_id = NULL WHERE id = {reserved.pk}")
