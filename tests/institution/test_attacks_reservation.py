"""Attacks on capacity reserved per channel (issue 24): the booking's channel
and slot, and the slot's reservation, times and release, are inputs of a rule
the database holds whatever the path. Every attack runs as the application
role in plain SQL, both databases; the referee reads the rows with plain SQL
and its own copy of which channels each reservation admits (none of the
rule code).

The world of conftest.py, plus: a slot of Dr Neuro's agenda reserved for the
phone until 48 h before it starts (next week), one reserved for partner
portals, one reserved for the phone whose release has passed (tomorrow),
and a phone booking on another phone-reserved slot.
"""

import datetime
import threading
import time
from dataclasses import dataclass

import psycopg
import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection
from django.utils import timezone

from scheduling.models import Booking, Slot
from scheduling.rules.holds import acting_for
from tests import factories as f
from tests.helpers import bookings_state, fresh_uuid, when

pytestmark = pytest.mark.django_db(transaction=True)

# The referee's own copy of who may book a reserved slot before its release.
ADMITS = {
    "phone": {"phone", "call_centre", "portal"},
    "partners": {"api", "portal"},
}


@dataclass
class Reserved:
    w: object
    phone_slot: Slot
    partners_slot: Slot
    released_slot: Slot
    booked_slot: Slot
    phone_booking: Booking


def _reserved_slot(agenda, group: str, start, release) -> Slot:
    return f.slot(agenda, start=start, reserved_for=group, opens_to_all_at=release)


@pytest.fixture
def reserved(world):
    now = timezone.now().replace(microsecond=0)
    week = now + datetime.timedelta(days=8)
    hours48 = datetime.timedelta(hours=48)
    phone_slot = _reserved_slot(world.agenda, "phone", week, week - hours48)
    partners_slot = _reserved_slot(
        world.agenda, "partners", week + datetime.timedelta(hours=1), week - hours48
    )
    tomorrow = now + datetime.timedelta(days=1)
    released_slot = _reserved_slot(world.agenda, "phone", tomorrow, tomorrow - hours48)
    booked_slot = _reserved_slot(
        world.agenda, "phone", week + datetime.timedelta(hours=2), week - hours48
    )
    phone_booking = f.booking(booked_slot, world.reason, channel="phone")
    return Reserved(w=world, **{k: v for k, v in locals().items() if k in Reserved.__annotations__})


# --- the referee --------------------------------------------------------------


def bookings_through_reservations() -> list[int]:
    """Bookings not cancelled, made through a channel their slot was reserved
    against while the reservation held (created before its release)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT b.id, b.channel, b.created_at, s.reserved_for, s.opens_to_all_at
                 FROM scheduling_booking b JOIN scheduling_slot s ON s.id = b.slot_id
                WHERE b.status <> 'cancelled' AND s.reserved_for <> ''"""
        )
        rows = cursor.fetchall()
    return [
        booking
        for booking, channel, created, group, release in rows
        if channel not in ADMITS[group] and _aware(created) < _aware(release)
    ]


def slot_reservations() -> dict[int, tuple]:
    with connection.cursor() as cursor:
        cursor.execute(
            'SELECT id, reserved_for, opens_to_all_at, start, "end" FROM scheduling_slot'
        )
        return {row[0]: tuple(str(v) for v in row[1:]) for row in cursor.fetchall()}


def _aware(value) -> datetime.datetime:
    if isinstance(value, datetime.datetime):
        return value if value.tzinfo else value.replace(tzinfo=datetime.UTC)
    return datetime.datetime.fromisoformat(value).replace(tzinfo=datetime.UTC)


def _refused(attacker, *statements) -> None:
    """Refused whole: no booking and no slot changes, and no booking went
    through a reservation."""
    bookings, slots = bookings_state(), slot_reservations()
    with pytest.raises(DatabaseError, match="reserv"):
        attacker.run(*statements)
    assert bookings_state() == bookings, "a booking changed"
    assert slot_reservations() == slots, "a slot changed"
    assert bookings_through_reservations() == []


def _accepted(attacker, *statements) -> None:
    attacker.run(*statements)
    assert bookings_through_reservations() == []


def _insert(r: Reserved, slot: Slot, channel: str, status: str = "booked", reason=None) -> tuple:
    return (
        "INSERT INTO scheduling_booking (public_id, slot_id, patient_id, reason_id, channel,"
        " status, created_at, cancelled_at, cancel_reason, confirmation_digest,"
        " confirmation_attempts)"
        " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, '', '', 0)",
        [
            fresh_uuid(),
            slot.pk,
            r.w.booking.patient_id,
            (reason or r.w.reason).pk,
            channel,
            status,
            when(timezone.now()),
            when(timezone.now()) if status == "cancelled" else None,
        ],
    )


def _set_slot(slot: Slot, **values) -> tuple:
    columns = ", ".join(f'"{column}" = %s' for column in values)
    params = [when(v) if isinstance(v, datetime.datetime) else v for v in values.values()]
    return (f"UPDATE scheduling_slot SET {columns} WHERE id = %s", [*params, slot.pk])


class TestTheChannelIsAnInput:
    """A booking through a channel a reservation does not admit is refused
    until the slot's release; the channels it admits book it."""

    @pytest.mark.parametrize("channel", ["web", "api"])
    def test_a_booking_on_a_phone_slot_through_another_channel(self, reserved, attacker, channel):
        _refused(attacker, _insert(reserved, reserved.phone_slot, channel))

    @pytest.mark.parametrize("channel", ["web", "phone", "call_centre"])
    def test_a_booking_on_a_partners_slot_through_another_channel(
        self, reserved, attacker, channel
    ):
        _refused(attacker, _insert(reserved, reserved.partners_slot, channel))

    def test_a_hold_through_the_web_on_a_phone_slot(self, reserved, attacker):
        """Declared as its maker, as the public site does (rules/holds.py)."""
        hold = _insert(reserved, reserved.phone_slot, "web", status="pending")
        sql = hold[0].replace(
            "confirmation_attempts)", "confirmation_attempts, hold_expires_at, held_by)"
        )
        sql = sql.replace("0)", "0, %s, 'web:attacker')")
        expiry = when(timezone.now() + datetime.timedelta(hours=1))
        declare = "SELECT set_config('scheduling.acting_for', 'web:attacker', true)"
        statements = [(sql, [*hold[1], expiry])]
        with acting_for("web:attacker"):
            _refused(attacker, *([declare] if attacker.vendor == "postgresql" else []), *statements)

    @pytest.mark.parametrize("channel", ["phone", "call_centre", "portal"])
    def test_the_channels_a_phone_slot_admits_book_it(self, reserved, attacker, channel):
        _accepted(attacker, _insert(reserved, reserved.phone_slot, channel))

    def test_a_released_slot_is_booked_through_the_web(self, reserved, attacker):
        _accepted(attacker, _insert(reserved, reserved.released_slot, "web"))

    def test_a_web_booking_moved_onto_a_reserved_slot(self, reserved, attacker):
        _refused(
            attacker,
            f"UPDATE scheduling_booking SET slot_id = {reserved.phone_slot.pk},"
            f" sequence = sequence + 1 WHERE id = {reserved.w.booking.pk}",
        )

    def test_a_phone_booking_rewritten_as_a_web_one(self, reserved, attacker):
        with pytest.raises(DatabaseError):
            attacker.run(
                f"UPDATE scheduling_booking SET channel = 'web'"
                f" WHERE id = {reserved.phone_booking.pk}"
            )
        assert bookings_through_reservations() == []

    def test_a_cancelled_web_booking_revived(self, reserved, attacker):
        attacker.run(_insert(reserved, reserved.phone_slot, "web", status="cancelled"))
        with pytest.raises(DatabaseError):
            attacker.run(
                "UPDATE scheduling_booking SET status = 'booked', cancelled_at = NULL"
                f" WHERE slot_id = {reserved.phone_slot.pk}"
            )
        assert bookings_through_reservations() == []

    def test_the_orm_as_the_application_is_refused_too(self, reserved, attacker):
        with attacker.orm():
            with pytest.raises(ValidationError):
                f.booking(reserved.phone_slot, reserved.w.reason, channel="web")
            booking = Booking(
                slot_id=reserved.phone_slot.pk,
                reason_id=reserved.w.reason.pk,
                patient_id=reserved.w.booking.patient_id,
                channel="web",
            )
            with pytest.raises(DatabaseError):
                Booking.objects.bulk_create([booking])
        assert bookings_through_reservations() == []


class TestTheReservationIsNotRewritten:
    """No write to a slot lets a booking through its reservation."""

    @pytest.mark.parametrize(
        "values",
        [
            {"reserved_for": "", "opens_to_all_at": None},
            {"reserved_for": "partners"},
            {"opens_to_all_at": "an hour ago"},
        ],
        ids=["unreserved", "regrouped", "released-early"],
    )
    def test_a_reservation_loosened_then_booked_through_the_web(self, reserved, attacker, values):
        if values.get("opens_to_all_at") == "an hour ago":
            values = {"opens_to_all_at": timezone.now() - datetime.timedelta(hours=1)}
        _refused(
            attacker,
            _set_slot(reserved.phone_slot, **values),
            _insert(reserved, reserved.phone_slot, "web"),
        )

    def test_a_reservation_loosened_alone(self, reserved, attacker):
        _refused(attacker, _set_slot(reserved.phone_slot, reserved_for="", opens_to_all_at=None))

    def test_the_slot_moved_with_its_release(self, reserved, attacker):
        """The release is its own column: moving the slot earlier, release
        and all, is a loosening."""
        soon = timezone.now() + datetime.timedelta(hours=3)
        _refused(
            attacker,
            _set_slot(
                reserved.phone_slot,
                start=soon,
                end=soon + datetime.timedelta(minutes=20),
                opens_to_all_at=soon - datetime.timedelta(hours=48),
            ),
            _insert(reserved, reserved.phone_slot, "web"),
        )

    def test_the_slot_moved_before_its_release(self, reserved, attacker):
        soon = timezone.now() + datetime.timedelta(hours=3)
        with pytest.raises(DatabaseError):
            attacker.run(
                _set_slot(
                    reserved.phone_slot, start=soon, end=soon + datetime.timedelta(minutes=20)
                )
            )
        assert bookings_through_reservations() == []

    def test_a_booked_slot_keeps_its_reservation(self, reserved, attacker):
        later = reserved.booked_slot.opens_to_all_at + datetime.timedelta(hours=1)
        _refused(attacker, _set_slot(reserved.booked_slot, opens_to_all_at=later))

    def test_a_web_booking_then_a_reservation_over_it(self, reserved, attacker):
        """The world's web booking, on a free slot made reserved around it."""
        slot = reserved.w.booking.slot
        _refused(
            attacker,
            _set_slot(
                slot,
                reserved_for="phone",
                opens_to_all_at=slot.start - datetime.timedelta(hours=48),
            ),
        )

    def test_a_free_slot_is_reserved_and_its_release_delayed(self, reserved, attacker):
        """Tightening is allowed: it lets nobody through."""
        slot = reserved.w.colleague_slot
        release = slot.start - datetime.timedelta(hours=48)
        _accepted(attacker, _set_slot(slot, reserved_for="phone", opens_to_all_at=release))
        _accepted(
            attacker,
            _set_slot(slot, opens_to_all_at=release + datetime.timedelta(hours=1)),
        )
        _refused(
            attacker,
            _insert(reserved, slot, "web", reason=reserved.w.colleague_reason),
        )


def _second_session(attacker) -> psycopg.Connection:
    info = attacker._pg.info
    return psycopg.connect(
        host=info.host, port=info.port, dbname=info.dbname, user=info.user, autocommit=True
    )


@pytest.mark.skipif("connection.vendor != 'postgresql'")
class TestConcurrentSessions:
    """Two sessions of the application role at once (PostgreSQL): a reservation
    being tightened and a booking through another channel never both commit."""

    def _race(self, attacker, first, second) -> tuple[Exception | None, Exception | None]:
        other = _second_session(attacker)
        errors: list = [None, None]
        try:
            with attacker._pg.transaction(), attacker._pg.cursor() as cursor:
                cursor.execute(*_split_sql(first))

                def run_second():
                    try:
                        with other.transaction(), other.cursor() as cursor2:
                            cursor2.execute(*_split_sql(second))
                    except psycopg.Error as error:
                        errors[1] = error

                thread = threading.Thread(target=run_second)
                thread.start()
                time.sleep(0.5)
                assert thread.is_alive(), "the second session did not wait for the first"
        except psycopg.Error as error:
            errors[0] = error
        thread.join(10)
        other.close()
        return errors[0], errors[1]

    def test_a_web_booking_waits_for_a_reservation_then_is_refused(self, reserved, attacker):
        slot = reserved.w.colleague_slot
        release = slot.start - datetime.timedelta(hours=48)
        first, second = self._race(
            attacker,
            _set_slot(slot, reserved_for="phone", opens_to_all_at=release),
            _insert(reserved, slot, "web", reason=reserved.w.colleague_reason),
        )
        assert first is None
        assert second is not None and "reserv" in str(second)
        assert bookings_through_reservations() == []

    def test_a_reservation_waits_for_a_web_booking_then_is_refused(self, reserved, attacker):
        slot = reserved.w.colleague_slot
        release = slot.start - datetime.timedelta(hours=48)
        first, second = self._race(
            attacker,
            _insert(reserved, slot, "web", reason=reserved.w.colleague_reason),
            _set_slot(slot, reserved_for="phone", opens_to_all_at=release),
        )
        assert first is None
        assert second is not None and "booked slot keeps its reservation" in str(second)
        assert bookings_through_reservations() == []


def _split_sql(statement) -> tuple:
    sql, params = statement if isinstance(statement, tuple) else (statement, None)
    if connection.vendor == "postgresql" and params is not None:
        params = [v.isoformat() if isinstance(v, datetime.datetime) else v for v in params]
    return sql, params
