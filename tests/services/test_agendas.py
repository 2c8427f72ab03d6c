"""Agenda changes refuse with the one vocabulary, and do all their work at once."""

import datetime

import pytest
from django.utils import timezone

from scheduling.models import Absence, Slot
from scheduling.services import agendas
from scheduling.services.refusals import AgendaChangeRefused, RefusalCode
from tests import factories as f

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def agenda():
    agenda = f.agenda()
    f.reason(agenda)
    return agenda


def _later(hours: int) -> datetime.datetime:
    return timezone.now().replace(microsecond=0) + hours * HOUR


def test_an_absence_over_a_booking_is_refused_with_a_code_and_the_booking_named(agenda):
    booking = f.booking(f.slot(agenda, start=_later(48)))
    with pytest.raises(AgendaChangeRefused) as refused:
        agendas.add_absence(
            agenda, start=booking.slot.start - HOUR, end=booking.slot.end + HOUR, label="", by=None
        )
    assert refused.value.code == RefusalCode.BOOKINGS_IN_THE_WAY
    assert booking.public_id.hex[:8] in refused.value.message
    assert not Absence.objects.exists()


def test_an_invalid_change_is_a_refusal_not_an_error(agenda):
    with pytest.raises(AgendaChangeRefused) as refused:
        agendas.add_absence(agenda, start=_later(50), end=_later(48), label="", by=None)
    assert refused.value.code == RefusalCode.INVALID
    assert "must end after it starts" in refused.value.message


def _weekly_slot(agenda) -> Slot:
    """A slot of real weekly hours (every day, 9:00 to 12:00), two days ahead or more."""
    for weekday in range(7):
        agendas.add_rule(
            agenda,
            weekday=weekday,
            start_time=datetime.time(9),
            end_time=datetime.time(12),
            valid_from=timezone.localdate(),
            valid_until=None,
            reasons=agenda.reasons.all(),
            by=None,
        )
    return Slot.objects.filter(agenda=agenda, start__gte=_later(48)).order_by("start").first()


def test_removing_an_absence_reopens_the_slots_it_closed(agenda):
    inside = _weekly_slot(agenda)
    one_pm = timezone.localtime(inside.start).replace(hour=13, minute=0)
    hand_made = agendas.add_slot(agenda, start=one_pm, end=one_pm + HOUR, by=None)
    absence = agendas.add_absence(
        agenda, start=inside.start - HOUR, end=hand_made.end, label="Congrès", by=None
    )
    inside.refresh_from_db(), hand_made.refresh_from_db()
    assert inside.status == hand_made.status == Slot.Status.CLOSED
    agendas.remove_absence(absence, by=None)
    inside.refresh_from_db(), hand_made.refresh_from_db()
    assert not Absence.objects.exists()
    assert inside.status == Slot.Status.OPEN
    assert hand_made.status == Slot.Status.CLOSED  # opened by hand: reopened by hand


def test_a_last_day_before_a_booking_is_refused_after_it_accepted(agenda):
    booking = f.booking(f.slot(agenda, start=_later(72)))
    rule = booking.slot.rule
    booked_day = timezone.localtime(booking.slot.start).date()
    with pytest.raises(AgendaChangeRefused) as refused:
        agendas.end_rule(rule, valid_until=booked_day - datetime.timedelta(days=1), by=None)
    assert booking.public_id.hex[:8] in refused.value.message
    agendas.end_rule(rule, valid_until=booked_day, by=None)
    rule.refresh_from_db()
    assert rule.valid_until == booked_day


def test_a_reason_changes_through_the_service_but_never_leaves_its_agenda(agenda):
    reason = agenda.reasons.get()
    changed = agendas.update_reason(reason, label="Suivi", for_new_patients=False, by=None)
    assert (changed.label, changed.for_new_patients) == ("Suivi", False)
    with pytest.raises(TypeError):
        agendas.update_reason(reason, agenda=f.agenda(), by=None)


def test_weekly_hours_offer_only_their_own_agendas_reasons(agenda):
    elsewhere = f.reason(f.agenda())
    with pytest.raises(AgendaChangeRefused) as refused:
        agendas.add_rule(
            agenda,
            weekday=2,
            start_time=datetime.time(9),
            end_time=datetime.time(12),
            valid_from=timezone.localdate(),
            valid_until=None,
            reasons=[elsewhere],
            by=None,
        )
    assert refused.value.code == RefusalCode.INVALID
    assert not agenda.opening_rules.filter(weekday=2).exists()
