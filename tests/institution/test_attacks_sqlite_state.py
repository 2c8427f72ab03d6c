"""Issue 21, point 5: SQLite's rules read no state of the Python process.

Before 0035_rules_sqlite_state the rule triggers asked the process two
things through functions it registered on its connections: whether the rules
stood aside (`platform_maintenance()`, true while a Python flag was set) and
what a slot's local date was (`django_datetime_cast_date()`). Code in the
process could register either again, or set the flag, and a booking outside
the institution went through. They now read two tables, which SQL sent
through the application cannot write (scheduling/rules/state.py).

Each attack below is run as it used to work, against the same statement that
the rules suspended (the file holder's way) would let through — so each
refusal is the rules' and nothing else's. What code in the process can still
do (clear the authorizer, open the file) is the README's "SQLite" section.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from scheduling.rules import connection as sqlite_guard
from scheduling.rules.postgresql import MARKER
from scheduling.rules.sqlite import local_date
from scheduling.rules.state import rules_suspended
from tests.helpers import (
    bookings_resolving_outside,
    bookings_state,
    fresh_uuid,
    when,
)

pytestmark = [pytest.mark.sqlite_only, pytest.mark.django_db(transaction=True)]


class _RolledBack(Exception):
    pass


def _booking_on_clinic_slot(w) -> tuple:
    """A booking on the clinic's free slot next week: the clinic left today."""
    return (
        "INSERT INTO scheduling_booking (public_id, slot_id, patient_id, reason_id, channel,"
        " status, created_at, cancel_reason, confirmation_digest, confirmation_attempts)"
        " VALUES (%s, %s, %s, %s, 'web', 'booked', %s, '', '', 0)",
        [
            fresh_uuid(),
            w.clinic_slot.pk,
            w.booking.patient_id,
            w.clinic_reason.pk,
            when(timezone.now()),
        ],
    )


def _lets_through_with_rules_suspended(statement: tuple) -> bool:
    """The control: the statement is refused by the rules and nothing else."""
    try:
        with rules_suspended(), connection.cursor() as cursor:
            cursor.execute(*statement)
            raise _RolledBack
    except _RolledBack:
        return True


def _refused_by_the_rules(attacker, statement: tuple) -> None:
    before = bookings_state()
    with pytest.raises(DatabaseError) as refusal:
        attacker.run(statement)
    assert MARKER in str(refusal.value)
    assert bookings_state() == before
    assert bookings_resolving_outside() == []


@pytest.fixture
def raw():
    """The application connection's sqlite3 object; closed afterwards, so the
    next test's connection registers Django's own functions again."""
    connection.ensure_connection()
    yield connection.connection
    connection.close()


class TestTheMaintenanceStateIsInTheDatabase:
    def test_registering_platform_maintenance_again_turns_no_rule_off(self, attacker, world, raw):
        statement = _booking_on_clinic_slot(world)
        assert _lets_through_with_rules_suspended(statement)
        raw.create_function("platform_maintenance", 0, lambda: 1)
        assert raw.execute("SELECT platform_maintenance()").fetchone() == (1,)
        _refused_by_the_rules(attacker, statement)

    def test_setting_the_python_flag_turns_no_rule_off(self, attacker, world, raw):
        """`maintenance()` is what `migrate` enters: the triggers stay on."""
        statement = _booking_on_clinic_slot(world)
        assert _lets_through_with_rules_suspended(statement)
        with sqlite_guard.maintenance():
            assert sqlite_guard.in_maintenance()
            _refused_by_the_rules(attacker, statement)
        token = sqlite_guard._maintenance.set(True)
        try:
            _refused_by_the_rules(attacker, statement)
        finally:
            sqlite_guard._maintenance.reset(token)

    @pytest.mark.parametrize(
        "write",
        [
            "INSERT INTO platform_maintenance (id) VALUES (1)",
            "INSERT OR REPLACE INTO platform_maintenance (id) VALUES (1)",
            "REPLACE INTO platform_maintenance (id) VALUES (1)",
        ],
    )
    def test_sql_through_the_application_cannot_write_the_maintenance_row(
        self, attacker, world, write
    ):
        with pytest.raises(DatabaseError, match="not authorized"):
            attacker.run(write, _booking_on_clinic_slot(world))
        assert bookings_resolving_outside() == []
        with connection.cursor() as cursor:  # the authorizer refused it: nothing else did
            cursor.execute("SELECT count(*) FROM platform_maintenance")
            assert cursor.fetchone() == (0,)

    def test_the_row_lives_inside_one_transaction(self, world):
        with rules_suspended(), connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM platform_maintenance")
            assert cursor.fetchone() == (1,)
            assert connection.in_atomic_block
            with rules_suspended():  # nested: the outer block keeps its row
                pass
            cursor.execute("SELECT count(*) FROM platform_maintenance")
            assert cursor.fetchone() == (1,)
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM platform_maintenance")
            assert cursor.fetchone() == (0,)

    def test_a_failure_inside_leaves_no_row(self, world):
        with pytest.raises(_RolledBack), rules_suspended():
            raise _RolledBack
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM platform_maintenance")
            assert cursor.fetchone() == (0,)


class TestLocalDatesAreComputedInTheDatabase:
    def test_registering_the_date_function_again_moves_no_slot(self, attacker, world, raw):
        """Before, the rules called django_datetime_cast_date(): answering
        "today" for every slot put next week's clinic slot inside the clinic's
        membership, which ends today."""
        statement = _booking_on_clinic_slot(world)
        assert _lets_through_with_rules_suspended(statement)
        today = timezone.localdate().isoformat()
        raw.create_function("django_datetime_cast_date", 3, lambda *args: today)
        assert raw.execute(
            "SELECT django_datetime_cast_date(start, 'UTC', 'UTC') FROM scheduling_slot"
            f" WHERE id = {world.clinic_slot.pk}"
        ).fetchone() == (today,)
        _refused_by_the_rules(attacker, statement)

    @pytest.mark.parametrize(
        "write",
        [
            "UPDATE platform_time_zone SET utc_offset_seconds = utc_offset_seconds - 7 * 86400",
            "DELETE FROM platform_time_zone",
            "INSERT INTO platform_time_zone (since, utc_offset_seconds, zone)"
            " VALUES ('2000-01-01 00:00:00', -604800, 'UTC')",
        ],
    )
    def test_sql_through_the_application_cannot_write_the_zone(self, attacker, world, write):
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM platform_time_zone ORDER BY since")
            before = cursor.fetchall()
        with pytest.raises(DatabaseError, match="not authorized"):
            attacker.run(write, _booking_on_clinic_slot(world))
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM platform_time_zone ORDER BY since")
            assert cursor.fetchall() == before
        assert bookings_resolving_outside() == []

    def test_without_the_zone_every_date_is_unknown_and_every_booking_refused(
        self, attacker, world
    ):
        """Fails closed: a copy of the file without the zone's rows (or code
        that emptied them) books nothing, inside the institution included."""
        colleague = (
            "INSERT INTO scheduling_booking (public_id, slot_id, patient_id, reason_id, channel,"
            " status, created_at, cancel_reason, confirmation_digest, confirmation_attempts)"
            " VALUES (%s, %s, %s, %s, 'web', 'booked', %s, '', '', 0)",
            [
                fresh_uuid(),
                world.colleague_slot.pk,
                world.booking.patient_id,
                world.colleague_reason.pk,
                when(timezone.now()),
            ],
        )
        with pytest.raises(DatabaseError) as refusal:
            with sqlite_guard.maintenance(), transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("DELETE FROM platform_time_zone")
                    cursor.execute(*colleague)
        assert MARKER in str(refusal.value)
        attacker.run(colleague)  # with the zone's rows, the same booking is taken

    def test_the_local_date_is_the_zones_around_every_change_of_offset(self, world):
        zone = ZoneInfo(settings.TIME_ZONE)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT since FROM platform_time_zone WHERE since > '1970' ORDER BY since LIMIT 40"
            )
            changes = [datetime.datetime.fromisoformat(row[0]) for row in cursor.fetchall()]
            assert changes, "the zone has no change of offset to check around"
            instants = [
                (change + datetime.timedelta(seconds=delta)).replace(tzinfo=datetime.UTC)
                for change in changes
                for delta in (-3601, -1, 0, 1, 3600)
            ]
            # and midnight, local, either side, on days without a change
            for day in (datetime.date(2026, 1, 15), datetime.date(2026, 7, 15)):
                midnight = datetime.datetime.combine(day, datetime.time(), tzinfo=zone)
                instants += [midnight - datetime.timedelta(seconds=1), midnight]
            for instant in instants:
                text = instant.astimezone(datetime.UTC).replace(tzinfo=None).isoformat(" ")
                cursor.execute(f"SELECT {local_date('%s')}", [text, text])
                expected = instant.astimezone(zone).date().isoformat()
                assert cursor.fetchone()[0] == expected, text
