"""Capacity reserved per channel (issue 24): generation stamps each slot's
reservation, the booking service refuses the wrong channel before the release,
and each channel's search sees what it may book."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from scheduling.models import CallCentre, OpeningRule, Slot
from scheduling.selectors import api_scope, call_centre
from scheduling.selectors.board import grid
from scheduling.selectors.search import free_slots
from scheduling.services import agendas
from scheduling.services.api_clients import create_client
from scheduling.services.booking import book
from scheduling.services.refusals import BookingRefused, RefusalCode
from scheduling.services.slots import generate_slots, in_share, is_public_holiday
from tests import factories as f

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def _monday_mornings(agenda, **rule_fields) -> OpeningRule:
    reason = f.reason(agenda, minutes=30)
    rule = OpeningRule.objects.create(
        agenda=agenda,
        weekday=OpeningRule.Weekday.MONDAY,
        start_time=datetime.time(9),
        end_time=datetime.time(12),
        valid_from=datetime.date(2020, 1, 1),
        **rule_fields,
    )
    rule.reasons.add(reason)
    return rule


def _monday(now: datetime.datetime) -> datetime.date:
    """The Monday of next week, local, or a later one if it is a public
    holiday (no slot is generated then: the week before Easter, say)."""
    today = timezone.localdate(now)
    monday = today + datetime.timedelta(days=7 - today.weekday())
    while is_public_holiday(monday):
        monday += datetime.timedelta(weeks=1)
    return monday


def _day(agenda, day: datetime.date) -> list[tuple[str, str, datetime.datetime | None]]:
    start = datetime.datetime.combine(day, datetime.time(), tzinfo=PARIS)
    slots = Slot.objects.filter(
        agenda=agenda, start__gte=start, start__lt=start + datetime.timedelta(days=1)
    )
    return [
        (timezone.localtime(s.start, PARIS).strftime("%H:%M"), s.reserved_for, s.opens_to_all_at)
        for s in slots.order_by("start")
    ]


@pytest.mark.parametrize(
    ("share", "reserved"), [(0, []), (20, [4]), (50, [1, 3, 5]), (100, [0, 1, 2, 3, 4, 5])]
)
def test_a_share_is_spread_evenly_over_a_day(share, reserved):
    assert [i for i in range(6) if in_share(i, share)] == reserved


def test_the_agenda_s_share_is_stamped_on_its_slots_with_their_release():
    agenda = f.agenda()
    agenda.reserved_share, agenda.release_hours = 50, 24
    agenda.save()
    _monday_mornings(agenda)
    now = timezone.now()
    generate_slots(agenda, now=now)
    day = _day(agenda, _monday(now))
    assert [(t, r) for t, r, _ in day] == [
        ("09:00", ""),
        ("09:30", "phone"),
        ("10:00", ""),
        ("10:30", "phone"),
        ("11:00", ""),
        ("11:30", "phone"),
    ]
    for slot in Slot.objects.filter(agenda=agenda):
        if slot.reserved_for:
            assert slot.opens_to_all_at == slot.start - datetime.timedelta(hours=24)
        else:
            assert slot.opens_to_all_at is None


def test_an_opening_rule_reserves_all_its_slots_for_its_channels():
    agenda = f.agenda()
    _monday_mornings(agenda, reserved_for="partners")
    now = timezone.now()
    generate_slots(agenda, now=now)
    assert {r for _t, r, _o in _day(agenda, _monday(now))} == {"partners"}


def test_a_new_share_reserves_free_slots_not_booked_ones():
    agenda = f.agenda()
    _monday_mornings(agenda)
    now = timezone.now()
    generate_slots(agenda, now=now)
    monday = _monday(now)
    nine_thirty = Slot.objects.get(
        agenda=agenda, start=datetime.datetime.combine(monday, datetime.time(9, 30), tzinfo=PARIS)
    )
    f.booking(nine_thirty, channel="web")
    agenda.reserved_share = 50
    agenda.release_hours = 1
    agendas.save_agenda(agenda, by=f.user("admin", superuser=True))
    assert [r for _t, r, _o in _day(agenda, monday)] == ["", "", "", "phone", "", "phone"]


@pytest.fixture
def reserved_slot():
    agenda = f.agenda()
    reason = f.reason(agenda, online_bookable=True)
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=5)
    slot = f.slot(
        agenda,
        start=start,
        reserved_for="phone",
        opens_to_all_at=start - datetime.timedelta(hours=48),
    )
    return slot, reason


def _book(slot, reason, channel: str):
    return book(
        slot=slot,
        reason=reason,
        patient=f.patient(),
        channel=channel,
        returning=False,
    )


@pytest.mark.parametrize("channel", ["web", "api"])
def test_the_service_refuses_a_reserved_slot_to_another_channel(reserved_slot, channel):
    slot, reason = reserved_slot
    with pytest.raises(BookingRefused) as refused:
        _book(slot, reason, channel)
    assert refused.value.code == RefusalCode.SLOT_RESERVED
    assert not slot.bookings.exists()


def test_the_service_books_a_reserved_slot_through_its_channel(reserved_slot):
    slot, reason = reserved_slot
    assert _book(slot, reason, "phone").slot == slot


def test_a_released_slot_is_booked_online(reserved_slot):
    _slot, reason = reserved_slot
    start = timezone.now() + datetime.timedelta(days=1)
    released = f.slot(
        reason.agenda,
        start=start,
        reserved_for="phone",
        opens_to_all_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    assert _book(released, reason, "web").slot == released


def test_each_channel_searches_what_it_may_book(reserved_slot):
    slot, reason = reserved_slot
    agenda = slot.agenda
    unreserved = f.slot(agenda, start=slot.start + datetime.timedelta(hours=1))
    later = slot.start + datetime.timedelta(hours=2)
    released = f.slot(agenda, start=later, reserved_for="partners", opens_to_all_at=timezone.now())

    def found(channel):
        return set(free_slots(practitioner=agenda.practitioner, channel=channel))

    assert found("web") == {unreserved, released}
    assert found("phone") == {slot, unreserved, released}
    assert found("api") == {unreserved, released}


@pytest.fixture
def three_slots():
    """A free slot of each kind in one agenda: kept for the phone, kept for
    partner portals, and open to all."""
    specialty = f.specialty("cardiologie")
    establishment = f.establishment()
    agenda = f.agenda(department_=f.department(establishment, specialty=specialty))
    f.reason(agenda)
    # At 10:00 five days on: the three on one local day whatever the hour the
    # test runs (from now + 5 days, late in the evening, the last two fell on the next).
    day = timezone.localdate() + datetime.timedelta(days=5)
    start = datetime.datetime.combine(day, datetime.time(10), tzinfo=PARIS)
    release = start - datetime.timedelta(hours=48)
    phone = f.slot(agenda, start=start, reserved_for="phone", opens_to_all_at=release)
    partners = f.slot(
        agenda,
        start=start + datetime.timedelta(hours=1),
        reserved_for="partners",
        opens_to_all_at=release,
    )
    everyone = f.slot(agenda, start=start + datetime.timedelta(hours=2))
    return agenda, specialty, establishment, phone, partners, everyone


def test_the_call_centre_console_sees_the_phone_s_slots_not_the_partners(three_slots):
    agenda, specialty, establishment, phone, partners, everyone = three_slots
    team = CallCentre.objects.create(name="Centre Nord")
    team.establishments.add(establishment)
    team.specialties.add(specialty)
    assert set(call_centre.free_slots(team)) == {phone, everyone}


def test_other_systems_see_the_partners_slots_not_the_phone_s(three_slots):
    agenda, _specialty, establishment, phone, partners, everyone = three_slots
    client, _token = create_client(name="Système", establishments=[establishment])
    assert set(api_scope.free_slots_in_scope(client)) == {partners, everyone}


def test_the_board_shows_a_slot_kept_for_partners_as_reserved(three_slots):
    agenda, _specialty, _establishment, phone, partners, everyone = three_slots
    day = timezone.localtime(phone.start).date()
    cells = [c for _t, row in grid(agenda.department, day, 1).rows for c in row if c]
    states = {c.slot.pk: c.state for c in cells}  # the board reads rows, not Slot objects
    assert states[phone.pk] == states[everyone.pk] == "free"
    assert states[partners.pk] == "reserved"
