"""A web booking holds its slot until the patient confirms their email code."""

import datetime
import time

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from scheduling.models import Booking
from scheduling.selectors.search import free_slots
from scheduling.services import booking as service
from scheduling.services.booking import BookingRefused
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def slot():
    agenda = f.agenda()
    f.reason(agenda)
    return f.slot(agenda, start=timezone.now().replace(microsecond=0) + datetime.timedelta(days=3))


def _hold(slot, **kwargs):
    return service.hold(
        slot=slot,
        reason=slot.agenda.reasons.first(),
        patient=f.patient(),
        **{"maker": "web:test", **kwargs},
        returning=False,
    )


def test_hold_blocks_the_slot_and_the_right_code_confirms_it(slot):
    booking, code = _hold(slot)
    assert booking.status == "pending" and len(code) == 6
    assert slot not in free_slots()
    with pytest.raises(BookingRefused) as refused:
        _hold(slot)
    assert refused.value.code == "slot_taken"
    confirmed = service.confirm(booking, code=code)
    assert confirmed.status == "booked" and confirmed.confirmation_digest == ""


def test_the_code_is_not_stored_in_clear(slot):
    booking, code = _hold(slot)
    booking.refresh_from_db()
    assert code not in booking.confirmation_digest


def test_wrong_code_is_refused_and_counted(slot):
    booking, code = _hold(slot)
    wrong = "000000" if code != "000000" else "111111"
    with pytest.raises(BookingRefused) as refused:
        service.confirm(booking, code=wrong)
    assert refused.value.code == "wrong_code"
    booking.refresh_from_db()
    assert (booking.status, booking.confirmation_attempts) == ("pending", 1)


@override_settings(BOOKING_CONFIRMATION_ATTEMPTS=3)
def test_too_many_wrong_codes_release_the_slot(slot):
    booking, code = _hold(slot)
    wrong = "000000" if code != "000000" else "111111"
    for expected in ("wrong_code", "wrong_code", "too_many_attempts"):
        with pytest.raises(BookingRefused) as refused:
            service.confirm(booking, code=wrong)
        assert refused.value.code == expected
    booking.refresh_from_db()
    assert booking.status == "cancelled"
    assert slot in free_slots()


def test_lapsed_hold_cannot_be_confirmed_and_frees_the_slot(slot):
    booking, code = _hold(slot)
    later = timezone.now() + datetime.timedelta(minutes=11)
    with pytest.raises(BookingRefused) as refused:
        service.confirm(booking, code=code, now=later)
    assert refused.value.code == "hold_expired"
    booking.refresh_from_db()
    assert booking.status == "cancelled" and booking.cancel_reason == "confirmation expired"


def test_someone_else_can_take_a_slot_whose_hold_lapsed(slot):
    first, _ = _hold(slot)
    later = timezone.now() + datetime.timedelta(minutes=11)
    second, _ = service.hold(
        slot=slot,
        reason=slot.agenda.reasons.first(),
        patient=f.patient(),
        now=later,
        returning=False,
        maker="web:test",
    )
    first.refresh_from_db()
    assert first.status == "cancelled" and second.status == "pending"


def test_replayed_confirmation_changes_nothing(slot):
    booking, code = _hold(slot)
    service.confirm(booking, code=code)
    with pytest.raises(BookingRefused) as refused:
        service.confirm(booking, code=code)
    assert refused.value.code == "already_confirmed"
    booking.refresh_from_db()
    assert booking.status == "booked" and Booking.objects.count() == 1


def test_release_expired_holds_command(slot):
    booking, _ = _hold(slot, now=timezone.now() - datetime.timedelta(minutes=30))
    from io import StringIO

    out = StringIO()
    call_command("release_expired_holds", stdout=out)
    assert "1 expired holds released" in out.getvalue()
    booking.refresh_from_db()
    assert booking.status == "cancelled"


def _wrong(code: str) -> str:
    return "000000" if code != "000000" else "111111"


@override_settings(BOOKING_MIN_NOTICE_MINUTES=0)
@pytest.mark.django_db(transaction=True)  # the history rules read the database's clock
def test_a_hold_lapses_at_its_slots_start_and_a_code_then_gets_a_clean_refusal():
    """With less notice than a hold lasts, a hold made minutes before its
    slot's start must not outlive it: once the appointment has started, the
    history rules record nothing but its outcome and check-in, so a code
    typed then (right or wrong) or sent again was a database error."""
    start = timezone.now() + datetime.timedelta(seconds=2)
    holds = []
    for _ in range(3):
        agenda = f.agenda()
        f.reason(agenda)
        holds.append(_hold(f.slot(agenda, start=start)))
    for booking, _code in holds:
        assert booking.hold_expires_at == start
    time.sleep(max(0.0, (start - timezone.now()).total_seconds()) + 0.2)
    (typed_wrong, code), (typed_right, right), (sent_again, _) = holds
    attempts = [
        lambda: service.confirm(typed_wrong, code=_wrong(code)),
        lambda: service.confirm(typed_right, code=right),
        lambda: service.resend_code(sent_again),
    ]
    for attempt, (booking, _code) in zip(attempts, holds, strict=True):
        with pytest.raises(BookingRefused) as refused:
            attempt()
        assert refused.value.code == "hold_expired"
        booking.refresh_from_db()
        assert booking.status == "cancelled" and booking.cancel_reason == "confirmation expired"


@override_settings(BOOKING_MIN_NOTICE_MINUTES=0, BOOKING_HOLD_MINUTES=10)
def test_the_code_mail_gives_the_time_the_hold_really_lasts(django_capture_on_commit_callbacks):
    agenda = f.agenda()
    f.reason(agenda)
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        _hold(f.slot(agenda, start=now + datetime.timedelta(days=1)))
        _hold(f.slot(agenda, start=now + datetime.timedelta(minutes=4, seconds=30)))
    bodies = [m.body for m in mail.outbox]
    assert len(bodies) == 2
    assert "held for 10 minutes" in bodies[0] and "held for 4 minutes" in bodies[1]
