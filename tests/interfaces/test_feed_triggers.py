"""Every booking change another system must hear of writes an outbound event,
in its own transaction, whatever path made it: the database writes it."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from audit.models import Event
from interfaces import relay, sql
from interfaces.models import Dispatch, Endpoint, OutboundEvent
from scheduling.models import Booking
from scheduling.services import booking as service
from tests import factories as f
from tests.helpers import WEBHOOK_SECRET, next_free

pytestmark = pytest.mark.django_db


def kinds(booking) -> list[str]:
    return list(
        OutboundEvent.objects.filter(booking=booking).order_by("id").values_list("kind", flat=True)
    )


def test_book_move_cancel_each_write_an_event_with_the_time_they_had(his, book, actors):
    booking = book()
    first_start = booking.slot.start
    target = next_free(actors, first_start + datetime.timedelta(days=1))
    service.move(booking, to_slot=target)
    service.cancel(booking, reason="Patient hospitalised")
    events = list(OutboundEvent.objects.filter(booking=booking).order_by("id"))
    assert [e.kind for e in events] == ["created", "moved", "cancelled"]
    assert [e.starts_at for e in events] == [first_start, target.start, target.start]
    assert [e.sequence for e in events] == [0, 1, 2]
    assert events[0].agenda_id == actors.neuro_agenda.pk


def test_each_active_endpoint_is_owed_each_event_and_an_inactive_one_nothing(his, book):
    Endpoint.objects.create(name="Old", kind="mllp", address="127.0.0.1:2", active=False)
    booking = book()
    assert list(
        Dispatch.objects.filter(booking_id=booking.pk).values_list("endpoint", "status")
    ) == [(his.pk, "pending")]


def test_a_hold_is_announced_when_confirmed_and_never_if_it_lapses(his, actors):
    start = timezone.now() + datetime.timedelta(days=4)
    held, code = service.hold(
        slot=next_free(actors, start),
        reason=actors.first_visit,
        patient=f.patient(),
        returning=False,
        maker="web:test",
    )
    assert kinds(held) == []
    service.confirm(held, code=code)
    assert kinds(held) == ["created"]

    lapsed, _code = service.hold(
        slot=next_free(actors, start + datetime.timedelta(days=2)),
        reason=actors.first_visit,
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


def test_outcome_and_check_in_are_announced(his, actors):
    staff = f.user("accueil", superuser=True)
    past = f.slot(actors.neuro_agenda, start=timezone.now() - datetime.timedelta(hours=3))
    missed = f.booking(past, actors.first_visit)
    service.record_outcome(missed, honoured=False, by=staff)
    assert kinds(missed) == [*HISTORY_CREATED, "noshow"]
    today = f.started_slot(actors.neuro_agenda)
    came = f.booking(today, actors.first_visit)
    service.check_in(came, by=staff)
    service.record_outcome(came, honoured=True, by=staff)
    assert kinds(came) == [*HISTORY_CREATED, "modified", "modified"]


def test_raw_sql_cannot_change_a_booking_without_an_event(his, book, actors):
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


@pytest.mark.django_db(transaction=True)
def test_every_column_of_an_endpoint_is_in_the_trail():
    """Which API client a subscription feeds and what it selects are changes to
    who receives patients' data: SQLite's triggers named only the columns of
    0001 (interfaces 0004 renders them from the model)."""
    endpoint = Endpoint.objects.create(
        name="Portail", kind="webhook", address="https://p.example/h", secret=WEBHOOK_SECRET
    )
    Endpoint.objects.filter(pk=endpoint.pk).update(
        criteria="Appointment?status=booked", payload="application/fhir+json"
    )
    events = Event.objects.filter(object_type="interfaces_endpoint", object_id=str(endpoint.pk))
    inserted = events.get(action="insert")
    updated = events.get(action="update")
    assert "client_id" in inserted.changes and "criteria" in inserted.changes
    assert "Appointment?status=booked" in updated.changes
    assert "application/fhir+json" in updated.changes


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
    expected = {o.name.split(".")[-1] for o in sql.render(connection.vendor)}
    assert {n for n in expected if "booking" in n} <= names


def test_a_dispatch_s_delivery_state_changes_and_nothing_else(his, book):
    """The relay's writes (claim, outcome, replay) pass the trigger that keeps
    a dispatch's event, endpoint and booking (interfaces/sql.py)."""
    booking = book()
    other = Endpoint.objects.create(name="Ailleurs", kind="mllp", address="127.0.0.1:2")
    dispatch = Dispatch.objects.get()
    now = timezone.now()
    assert relay.claim(dispatch.pk, now)
    owed = Dispatch.objects.filter(pk=dispatch.pk)
    owed.update(status="dead", delivered_at=None, next_attempt_at=now, last_error="refused")
    assert relay.replay(dispatch)
    owed.update(status="delivered", delivered_at=now, claimed_until=None)
    dispatch.refresh_from_db()
    assert (dispatch.status, dispatch.attempts, dispatch.booking_id) == (
        "delivered", 0, booking.pk
    )  # fmt: skip

    for change in ({"endpoint": other}, {"booking_id": booking.pk + 1}):
        with pytest.raises(IntegrityError, match="keeps its event, endpoint and booking"):
            with transaction.atomic():
                owed.update(**change)
    assert Dispatch.objects.get().endpoint_id == his.pk
