"""A slot that has started is history (issue 21): the services that close,
reopen, reserve or remove slots touch only the slots still to come, and
refuse in words a change to one that has started. The database refuses it
too (tests/institution/test_attacks_past.py)."""

import datetime

import pytest
from django.utils import timezone

from scheduling.models import Slot
from scheduling.services import agendas
from scheduling.services.refusals import AgendaChangeRefused, RefusalCode
from scheduling.services.slots import generate_slots
from tests import factories as f

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def agenda():
    agenda = f.agenda()
    f.reason(agenda)
    return agenda


def _now() -> datetime.datetime:
    return timezone.now().replace(microsecond=0)


def _statuses(*slots: Slot) -> list[str]:
    return [Slot.objects.get(pk=s.pk).status for s in slots]


def test_an_absence_over_past_days_leaves_their_slots_as_they_were(agenda):
    past = f.slot(agenda, start=_now() - 48 * HOUR)
    ahead = f.slot(agenda, start=_now() + 24 * HOUR)
    agendas.add_absence(
        agenda, start=past.start - HOUR, end=ahead.end + HOUR, label="Arrêt", by=None
    )
    assert _statuses(past, ahead) == [Slot.Status.OPEN, Slot.Status.CLOSED]


def test_an_absence_over_today_leaves_the_slot_under_way_open(agenda):
    under_way = f.started_slot(agenda)
    later = f.slot(agenda, start=_now() + 2 * HOUR)
    agendas.add_absence(
        agenda, start=under_way.start - HOUR, end=later.end + HOUR, label="Malade", by=None
    )
    assert _statuses(under_way, later) == [Slot.Status.OPEN, Slot.Status.CLOSED]


def test_removing_an_absence_leaves_the_past_s_closed_slots_closed(agenda):
    past = f.slot(agenda, start=_now() - 48 * HOUR, status=Slot.Status.CLOSED)
    ahead = f.slot(agenda, start=_now() + 24 * HOUR)
    change = agendas.add_absence(
        agenda, start=past.start - HOUR, end=ahead.end + HOUR, label="Arrêt", by=None
    )
    assert _statuses(past) == [Slot.Status.CLOSED]
    agendas.remove_absence(change.absence, by=None)  # the slots still to come reopen
    assert _statuses(past) == [Slot.Status.CLOSED]


def test_closing_an_agenda_leaves_the_slot_under_way_as_it_is(agenda):
    under_way = f.started_slot(agenda)
    ahead = f.slot(agenda, start=_now() + 24 * HOUR)
    agendas.close_agenda(agenda, reason="Départ", by=None)
    assert _statuses(under_way, ahead) == [Slot.Status.OPEN, Slot.Status.CLOSED]


def test_an_agenda_is_not_closed_during_an_appointment_and_says_why(agenda):
    """The database refuses to cancel an appointment that has started, and an
    agenda closed over it would leave it outside: closing the agenda then
    answered an integrity error; it is refused in words, nothing changed."""
    under_way = f.booking(f.started_slot(agenda))
    ahead = f.booking(f.slot(agenda, start=_now() + 24 * HOUR))
    with pytest.raises(AgendaChangeRefused) as refused:
        agendas.close_agenda(agenda, reason="Départ", by=None)
    assert refused.value.code == RefusalCode.BOOKINGS_IN_THE_WAY
    assert "under way" in str(refused.value)
    under_way.refresh_from_db()
    ahead.refresh_from_db()
    agenda.refresh_from_db()
    assert (under_way.status, ahead.status, agenda.is_active) == ("booked", "booked", True)


def test_regenerating_from_a_past_now_keeps_the_started_slots_and_opens_none_behind(agenda):
    """A generated slot its rules no longer produce goes, if still to come;
    one that has started stays, and no slot is opened before the clock."""
    under_way = f.started_slot(agenda)
    assert under_way.rule_id is not None
    before = set(Slot.objects.filter(agenda=agenda).values_list("pk", flat=True))
    generate_slots(agenda, now=_now() - 3 * HOUR)
    after = Slot.objects.filter(agenda=agenda)
    assert under_way.pk in set(after.values_list("pk", flat=True))
    assert not after.exclude(pk__in=before).filter(start__lte=_now()).exists()


def test_a_started_slot_is_neither_closed_nor_reopened_by_the_service(agenda):
    under_way = f.started_slot(agenda)
    for is_open in (False, True):
        with pytest.raises(AgendaChangeRefused) as refused:
            agendas.set_slot_open(under_way, is_open=is_open, by=None)
        assert refused.value.code == RefusalCode.PAST_SLOT
        assert "has started" in refused.value.message
    assert _statuses(under_way) == [Slot.Status.OPEN]


def test_a_slot_still_to_come_is_closed_and_reopened(agenda):
    ahead = f.slot(agenda, start=_now() + HOUR)
    agendas.set_slot_open(ahead, is_open=False, by=None)
    assert _statuses(ahead) == [Slot.Status.CLOSED]
    agendas.set_slot_open(ahead, is_open=True, by=None)
    assert _statuses(ahead) == [Slot.Status.OPEN]


def test_no_slot_is_opened_by_hand_in_the_past(agenda):
    start = _now() - 2 * HOUR
    with pytest.raises(AgendaChangeRefused) as refused:
        agendas.add_slot(agenda, start=start, end=start + HOUR, by=None)
    assert refused.value.code == RefusalCode.INVALID
    assert not Slot.objects.filter(agenda=agenda, start=start).exists()
