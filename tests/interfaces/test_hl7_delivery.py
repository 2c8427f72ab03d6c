"""HL7 v2.5 SIU over MLLP to a real listener: every change in order per
appointment, acknowledged; a refusing or absent endpoint loses nothing."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from interfaces import relay
from interfaces.models import Dispatch, DispatchAttempt, Endpoint
from scheduling.services import booking as service
from tests import factories as f
from tests.helpers import mllp_endpoint, next_free
from tests.interfaces.listeners import MllpListener, free_port

pytestmark = pytest.mark.django_db


def time_passes() -> None:
    """Every retry becomes due (the relay's clock moves on)."""
    Dispatch.objects.filter(status="pending").update(next_attempt_at=None)


def test_book_move_cancel_and_no_show_arrive_in_order_and_are_acknowledged(book, actors):
    staff = f.user("secretaire", superuser=True)
    with MllpListener() as his:
        mllp_endpoint(his.address)
        booking = book(first_name="Zoé")
        service.move(booking, to_slot=next_free(actors, booking.slot.end))
        service.cancel(booking, reason="Patient hospitalised")
        past = f.slot(actors.neuro_agenda, start=timezone.now() - datetime.timedelta(hours=2))
        missed = f.booking(past, actors.first_visit, patient=f.patient(last_name="O'Brien|^&"))
        service.record_outcome(missed, honoured=False, by=staff)

        # The no-show's booking is written as history (tests/factories.py): on
        # PostgreSQL no trigger fires for it, so only its outcome is announced.
        history = [("S12", str(missed.public_id))] if connection.vendor == "sqlite" else []
        assert relay.deliver_due(budget=60) == 4 + len(history)

    a, b = str(booking.public_id), str(missed.public_id)
    assert his.seen() == [("S12", a), ("S13", a), ("S15", a), *history, ("S26", b)]
    first, moved, cancelled = his.received[:3]
    assert first.pid.pid_5.pid_5_2.value == "Zoé"
    assert first.pid.pid_3.cx_1.value == str(booking.patient.public_id)
    assert his.received[-1].pid.pid_5.value.startswith("O'BRIEN\\F\\\\S\\\\T\\")  # escaped
    resources = first.message.siu_s12_resources
    assert resources.siu_s12_personnel_resource.aip.aip_3.xcn_1.value == actors.neurosurgeon.rpps
    facility = resources.siu_s12_location_resource.ail.ail_3.pl_4
    assert facility.hd_1.to_er7() == actors.hospital.finess
    assert facility.hd_2.to_er7() == "1.2.250.1.71.4.2.2"
    assert [r.message.sch.sch_25.value for r in his.received] == [
        "Booked", "Booked", "Cancelled", *(["Booked"] * len(history)), "Noshow"
    ]  # fmt: skip
    start_of = lambda r: r.message.sch.sch_11.tq_4.value  # noqa: E731
    assert start_of(first) != start_of(moved) == start_of(cancelled)
    assert set(Dispatch.objects.values_list("status", flat=True)) == {"delivered"}
    assert list(DispatchAttempt.objects.values_list("ack_code", flat=True)) == ["AA"] * (
        4 + len(history)
    )


def test_an_ae_is_a_dead_letter_that_holds_its_booking_back_until_replayed(book, actors):
    answers = iter(["AE"])
    with MllpListener(answer=lambda r: next(answers, "AA")) as his:
        mllp_endpoint(his.address)
        booking = book()
        service.move(booking, to_slot=next_free(actors, booking.slot.end))
        other = book(days=9, first_name="Other")

        relay.deliver_due(budget=30)
        a = str(booking.public_id)
        # S12 refused: a dead letter; the S13 of the same booking waits; the other flows.
        assert his.seen() == [("S12", a), ("S12", str(other.public_id))]
        dead = Dispatch.objects.get(status="dead")
        assert (dead.event.kind, dead.booking_id) == ("created", booking.pk)
        assert dead.log.get().ack_code == "AE" and dead.last_error == "refused"

        assert relay.replay(dead)
        relay.deliver_due(budget=30)

    assert his.seen()[2:] == [("S12", a), ("S13", a)]
    assert his.received[0].control_id == his.received[2].control_id  # the same message again
    assert set(Dispatch.objects.values_list("status", flat=True)) == {"delivered"}


def test_an_endpoint_down_is_retried_with_backoff_and_loses_nothing(book, settings):
    settings.INTERFACE_RETRY_SECONDS = 30
    port = free_port()
    mllp_endpoint(f"127.0.0.1:{port}")
    booking = book()
    before = timezone.now()
    relay.deliver_due(budget=10)
    relay.deliver_due(budget=10)  # not due yet: nothing more is tried
    waiting = Dispatch.objects.get()
    assert (waiting.status, waiting.attempts) == ("pending", 1)
    assert waiting.next_attempt_at >= before + datetime.timedelta(seconds=30)
    assert "ConnectionRefusedError" in waiting.log.get().detail

    time_passes()
    relay.deliver_due(budget=10)
    assert Dispatch.objects.get().next_attempt_at >= timezone.now() + datetime.timedelta(seconds=59)

    with MllpListener(port=port) as his:
        time_passes()
        assert relay.deliver_due(budget=10) == 1
    assert his.seen() == [("S12", str(booking.public_id))]
    assert list(Dispatch.objects.get().log.values_list("outcome", flat=True)) == [
        "failed", "failed", "delivered"
    ]  # fmt: skip


def test_no_ack_in_time_and_ar_are_retried_then_a_dead_letter(book, settings):
    settings.INTERFACE_TIMEOUT_SECONDS = 1
    settings.INTERFACE_ATTEMPTS = 2
    answers = iter([None, "AR"])
    with MllpListener(answer=lambda r: next(answers, "AA")) as his:
        mllp_endpoint(his.address)
        book()
        relay.deliver_due(budget=10)
        time_passes()
        relay.deliver_due(budget=10)
    dispatch = Dispatch.objects.get()
    assert dispatch.status == "dead"
    assert [(a.outcome, a.ack_code) for a in dispatch.log.all()] == [
        ("failed", ""), ("refused", "AR")
    ]  # fmt: skip
    assert "no ACK within 1 s" in dispatch.log.first().detail
    assert len(his.received) == 2


def test_an_inactive_endpoint_is_sent_nothing(book):
    with MllpListener() as his:
        mllp_endpoint(his.address)
        book()
        Endpoint.objects.update(active=False)
        assert relay.deliver_due(budget=5) == 0
    assert his.received == []
