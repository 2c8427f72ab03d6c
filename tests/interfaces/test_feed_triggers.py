"""Every booking change another system must hear of writes an outbound event,
in its own transaction, whatever path made it: the database writes it."""

import datetime

import pytest
from django.db import connection, transaction
from django.utils import timezone

from audit.models import Event
from interfaces import sql
from interfaces.migrations._frozen_feed import SQL_DIR, frozen_objects
from interfaces.models import Dispatch, Endpoint, OutboundEvent
from scheduling.models import Booking
from scheduling.services import booking as service
from tests import factories as f
from tests.interfaces.conftest import WEBHOOK_SECRET, next_free

pytestmark = pytest.mark.django_db


def kinds(booking) -> list[str]:
    return list(
        OutboundEvent.objects.filter(booking=booking).order_by("id").values_list("kind", flat=True)
    )


def test_book_move_cancel_each_write_an_event_with_the_time_they_had(his, book, clinic_world):
    booking = book()
    first_start = booking.slot.start
    target = next_free(clinic_world, first_start + datetime.timedelta(days=1))
    service.move(booking, to_slot=target)
    service.cancel(booking, reason="Patient hospitalised")
    events = list(OutboundEvent.objects.filter(booking=booking).order_by("id"))
    assert [e.kind for e in events] == ["created", "moved", "cancelled"]
    assert [e.starts_at for e in events] == [first_start, target.start, target.start]
    assert [e.sequence for e in events] == [0, 1, 2]
    assert events[0].agenda_id == clinic_world["agenda"].pk


def test_each_active_endpoint_is_owed_each_event_and_an_inactive_one_nothing(his, book):
    Endpoint.objects.create(name="Old", kind="mllp", address="127.0.0.1:2", active=False)
    booking = book()
    assert list(
        Dispatch.objects.filter(booking_id=booking.pk).values_list("endpoint", "status")
    ) == [(his.pk, "pending")]


def test_a_hold_is_announced_when_confirmed_and_never_if_it_lapses(his, clinic_world):
    start = timezone.now() + datetime.timedelta(days=4)
    held, code = service.hold(
        slot=next_free(clinic_world, start),
        reason=clinic_world["first"],
        patient=f.patient(),
        returning=False,
        maker="web:test",
    )
    assert kinds(held) == []
    service.confirm(held, code=code)
    assert kinds(held) == ["created"]

    lapsed, _code = service.hold(
        slot=next_free(clinic_world, start + datetime.timedelta(days=2)),
        reason=clinic_world["first"],
        patient=f.patient(first_name="Other"),
        returning=False,
        maker="web:test",
    )
    service.release_hold(lapsed.pk, now=lapsed.hold_expires_at + datetime.timedelta(seconds=1))
    assert Booking.objects.get(pk=lapsed.pk).status == "cancelled"
    assert kinds(lapsed) == []


# f.booking writes a started slot's booking as history is written, by the
# tables' owner: on PostgreSQL with no trigger at all (session_replication_role),
# so its creation is not announced there; SQLite's maintenance mode stands only
# the rules aside, and the feed's trigger still fires.
HISTORY_CREATED = ["created"] if connection.vendor == "sqlite" else []


def test_outcome_and_check_in_are_announced(his, clinic_world):
    staff = f.user("accueil", superuser=True)
    past = f.slot(clinic_world["agenda"], start=timezone.now() - datetime.timedelta(hours=3))
    missed = f.booking(past, clinic_world["first"])
    service.record_outcome(missed, honoured=False, by=staff)
    assert kinds(missed) == [*HISTORY_CREATED, "noshow"]
    today = f.slot(clinic_world["agenda"], start=timezone.now() - datetime.timedelta(minutes=5))
    came = f.booking(today, clinic_world["first"])
    service.check_in(came, by=staff)
    service.record_outcome(came, honoured=True, by=staff)
    assert kinds(came) == [*HISTORY_CREATED, "modified", "modified"]


def test_raw_sql_cannot_change_a_booking_without_an_event(his, book, clinic_world):
    booking = book()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE scheduling_booking SET status = 'cancelled', cancelled_at = %s,"
            " sequence = sequence + 1 WHERE id = %s",
            [timezone.now().strftime("%Y-%m-%d %H:%M:%S"), booking.pk],
        )
    assert kinds(booking) == ["created", "cancelled"]


def test_internal_columns_are_not_changes_for_other_systems(his, book):
    booking = book()
    Booking.objects.filter(pk=booking.pk).update(confirmation_attempts=3, code_round=2)
    assert kinds(booking) == ["created"]


@pytest.mark.django_db(transaction=True)
def test_a_change_rolled_back_leaves_no_event(his, book):
    booking = book()
    with pytest.raises(RuntimeError), transaction.atomic():
        Booking.objects.filter(pk=booking.pk).update(to_rebook=True)
        assert kinds(booking) == ["created", "modified"]
        raise RuntimeError("the change fails after the trigger ran")
    assert kinds(booking) == ["created"]


@pytest.mark.django_db(transaction=True)  # PostgreSQL seals the trail's events at COMMIT
def test_an_endpoint_is_audited_and_its_secret_only_as_a_keyed_hash():
    endpoint = Endpoint.objects.create(
        name="Portail", kind="webhook", address="https://p.example/h", secret=WEBHOOK_SECRET
    )
    event = Event.objects.get(object_type="interfaces_endpoint", object_id=str(endpoint.pk))
    assert event.action == "insert"
    assert "Portail" in event.changes
    assert WEBHOOK_SECRET not in event.changes and "hmac:" in event.changes


@pytest.mark.parametrize("vendor", ["postgresql", "sqlite"])
def test_todays_feed_triggers_are_what_the_latest_migration_installs(vendor):
    latest = sorted(SQL_DIR.glob(f"*.{vendor}.sql"))[-1].name.removesuffix(f".{vendor}.sql")
    assert frozen_objects(latest, vendor) == sql.render(vendor), (
        "interfaces/sql.py changed: `manage.py freeze_feed <version>` and a migration"
    )


def test_the_database_holds_the_feed_triggers_on_the_booking_table():
    """A migration that rebuilds the booking table on SQLite drops its
    triggers: this fails until that migration installs them again."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'scheduling_booking'::regclass"
                " AND tgenabled = 'O'"
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger'"
                " AND tbl_name = 'scheduling_booking'"
            )
        names = {row[0] for row in cursor.fetchall()}
    expected = {name.split(".")[-1] for kind, name, *_ in sql.render(connection.vendor)}
    assert {n for n in expected if "booking" in n} <= names
