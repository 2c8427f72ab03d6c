"""Opening rules become slots in local time, around holidays and absences."""

import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from dateutil.easter import easter
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from scheduling.models import Absence, OpeningRule, Slot
from scheduling.services.slots import generate_slots, is_public_holiday
from tests import factories as f

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
UTC = datetime.UTC


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=PARIS)


# The days below are worked out from today: the history rules refuse a slot
# whose start has passed, so a test generating from a fixed date would start
# failing once that date is behind us.


def _working_monday(at_least: datetime.timedelta) -> datetime.date:
    """The first Monday that is no public holiday, at least `at_least` from today."""
    day = timezone.localdate() + at_least
    day += datetime.timedelta(days=-day.weekday() % 7)
    while is_public_holiday(day):
        day += datetime.timedelta(weeks=1)
    return day


def _friday_ahead() -> datetime.date:
    """A Friday at least a week from today, before a working Monday."""
    return _working_monday(datetime.timedelta(weeks=1, days=3)) - datetime.timedelta(days=3)


def _first_year_after(day_in) -> datetime.date:
    """day_in(year) for the first year it falls at least a fortnight from today."""
    year = timezone.localdate().year
    while day_in(year) < timezone.localdate() + datetime.timedelta(weeks=2):
        year += 1
    return day_in(year)


def _last_sunday(month: int):
    def day_in(year: int) -> datetime.date:
        last = datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)
        return last - datetime.timedelta(days=(last.weekday() + 1) % 7)

    return day_in


CLOCKS_FORWARD, CLOCKS_BACK = _last_sunday(3), _last_sunday(10)  # in the EU


@pytest.fixture
def monday_mornings():
    agenda = f.agenda()
    reason = f.reason(agenda, minutes=30)
    rule = OpeningRule.objects.create(
        agenda=agenda,
        weekday=OpeningRule.Weekday.MONDAY,
        start_time=datetime.time(9),
        end_time=datetime.time(12),
        valid_from=datetime.date(2020, 1, 1),
    )
    rule.reasons.add(reason)
    return agenda, rule


def _local_starts(agenda, day: datetime.date) -> list[str]:
    slots = Slot.objects.filter(agenda=agenda, start__gte=_at(day, 0), start__lt=_at(day, 23))
    return [timezone.localtime(s.start, PARIS).strftime("%H:%M") for s in slots.order_by("start")]


def test_rule_produces_slots_of_the_reason_duration(monday_mornings):
    agenda, _ = monday_mornings
    friday = _friday_ahead()
    generate_slots(agenda, now=_at(friday, 12))
    assert _local_starts(agenda, friday + datetime.timedelta(days=3)) == [
        "09:00",
        "09:30",
        "10:00",
        "10:30",
        "11:00",
        "11:30",
    ]


@pytest.mark.parametrize(
    ("change", "days", "utc_hour"),
    [
        (CLOCKS_FORWARD, -6, 8),  # the Monday before: winter time, UTC+1
        (CLOCKS_FORWARD, 8, 7),  # a week after clocks go forward: UTC+2
        (CLOCKS_BACK, -6, 7),  # still summer time before clocks go back
        (CLOCKS_BACK, 8, 8),  # winter time again, UTC+1
    ],
)
def test_nine_oclock_is_local_time_on_both_sides_of_daylight_saving(
    monday_mornings, change, days, utc_hour
):
    agenda, _ = monday_mornings
    monday = _first_year_after(change) + datetime.timedelta(days=days)
    assert monday.weekday() == 0
    generate_slots(agenda, now=_at(monday - datetime.timedelta(days=3), 12))
    first = Slot.objects.filter(agenda=agenda, start__gte=_at(monday, 0)).order_by("start").first()
    assert timezone.localtime(first.start, PARIS) == _at(monday, 9)
    assert first.start.astimezone(UTC).hour == utc_hour


def test_daylight_saving_weekends_keep_local_hours():
    """Rules on the Sunday of each change: 09:00 local both times, 1 and 2 h from UTC."""
    agenda = f.agenda()
    reason = f.reason(agenda, minutes=60)
    rule = OpeningRule.objects.create(
        agenda=agenda,
        weekday=OpeningRule.Weekday.SUNDAY,
        start_time=datetime.time(1),
        end_time=datetime.time(4),
        valid_from=datetime.date(2020, 1, 1),
    )
    rule.reasons.add(reason)
    spring, autumn = _first_year_after(CLOCKS_FORWARD), _first_year_after(CLOCKS_BACK)
    generate_slots(agenda, now=_at(spring - datetime.timedelta(days=2), 12))
    # 02:00–03:00 does not exist when clocks go forward: the 02:00 slot is skipped.
    assert _local_starts(agenda, spring) == ["01:00", "03:00"]
    generate_slots(agenda, now=_at(autumn - datetime.timedelta(days=2), 12))
    autumn_slots = Slot.objects.filter(
        agenda=agenda, start__gte=_at(autumn, 0), start__lt=_at(autumn, 5)
    )
    # 01:00, 02:00 (first pass, UTC+2), 03:00 local; every slot is an hour long in real time.
    assert [(s.end - s.start) for s in autumn_slots] == [
        datetime.timedelta(hours=1)
    ] * autumn_slots.count()
    assert autumn_slots.count() >= 3


def test_public_holidays_are_skipped(monday_mornings):
    agenda, _ = monday_mornings
    easter_monday = _first_year_after(easter) + datetime.timedelta(days=1)
    generate_slots(agenda, now=_at(easter_monday - datetime.timedelta(days=3), 12))
    assert _local_starts(agenda, easter_monday) == []
    assert _local_starts(agenda, easter_monday + datetime.timedelta(weeks=1)) != []


def test_absences_are_skipped(monday_mornings):
    agenda, _ = monday_mornings
    monday = _working_monday(datetime.timedelta(weeks=1))
    Absence.objects.create(
        agenda=agenda, start=_at(monday, 10), end=_at(monday, 11), label="Staff meeting"
    )
    generate_slots(agenda, now=_at(monday - datetime.timedelta(days=3), 12))
    assert _local_starts(agenda, monday) == ["09:00", "09:30", "11:00", "11:30"]


def test_generation_is_idempotent(monday_mornings):
    agenda, _ = monday_mornings
    friday = _friday_ahead()
    first = generate_slots(agenda, now=_at(friday, 12))
    second = generate_slots(agenda, now=_at(friday, 12))
    horizon = settings.SLOT_HORIZON_WEEKS
    mondays = [friday + datetime.timedelta(days=3 + 7 * n) for n in range(horizon)]
    assert first.created == 6 * sum(not is_public_holiday(day) for day in mondays) > 0
    assert (second.created, second.removed) == (0, 0)


def test_regeneration_removes_free_slots_and_reports_booked_ones(monday_mornings):
    agenda, rule = monday_mornings
    now = timezone.now()
    generate_slots(agenda, now=now)
    booked = Slot.objects.filter(agenda=agenda).order_by("start")[3]
    f.booking(booked)
    rule.start_time, rule.end_time = datetime.time(14), datetime.time(16)
    rule.save()
    result = generate_slots(agenda, now=now)
    assert result.conflicts == [booked]
    assert Slot.objects.filter(pk=booked.pk).exists(), "a booked slot is never removed"
    morning_left = [
        s for s in Slot.objects.filter(agenda=agenda) if timezone.localtime(s.start).hour < 12
    ]
    assert morning_left == [booked]
    assert result.created > 0 and result.removed > 0


def test_slot_with_cancelled_history_is_closed_not_deleted(monday_mornings):
    agenda, rule = monday_mornings
    now = timezone.now()
    generate_slots(agenda, now=now)
    slot = Slot.objects.filter(agenda=agenda).order_by("start")[2]
    booking = f.booking(slot)
    booking.status, booking.cancelled_at = "cancelled", now
    booking.save()
    rule.valid_until = rule.valid_from  # the rule ends: every future slot is unwanted
    rule.save()
    generate_slots(agenda, now=now)
    slot.refresh_from_db()
    assert slot.status == Slot.Status.CLOSED


def test_generate_slots_command_reports_progress_and_is_idempotent(monday_mornings):
    out = StringIO()
    call_command("generate_slots", stdout=out)
    assert "1/1 agendas" in out.getvalue()
    again = StringIO()
    call_command("generate_slots", stdout=again)
    assert "done: 0 created, 0 removed, 0 conflicts" in again.getvalue()


def _next_monday() -> datetime.date:
    return _working_monday(datetime.timedelta(days=1))


def test_rules_change_again_after_a_cancelled_booking_and_a_new_duration(monday_mornings):
    """Cancel a booking, lengthen its reason, then change the rules (twice): the
    slot with the cancelled booking is closed and kept, nothing overlaps it."""
    from scheduling.services import agendas
    from scheduling.services import booking as service

    agenda, rule = monday_mornings
    generate_slots(agenda)
    reason = rule.reasons.get()
    slot = Slot.objects.get(agenda=agenda, start=_at(_next_monday(), 9))
    booked = service.book(
        slot=slot, reason=reason, patient=f.patient(), channel="phone", returning=False
    )
    service.cancel(booked, reason="empêchement", by=f.user("secretaire"))
    agendas.update_reason(reason, duration_minutes=45, by=None)
    for weekday in (OpeningRule.Weekday.TUESDAY, OpeningRule.Weekday.WEDNESDAY):
        agendas.add_rule(
            agenda,
            weekday=weekday,
            start_time=datetime.time(14),
            end_time=datetime.time(16),
            valid_from=datetime.date(2020, 1, 1),
            valid_until=None,
            reasons=[reason],
            by=None,
        )
    slot.refresh_from_db()
    assert slot.status == Slot.Status.CLOSED
    assert _local_starts(agenda, _next_monday()) == ["09:00", "09:45", "10:30", "11:15"]


def test_regeneration_never_overlaps_the_slot_under_way(monday_mornings):
    """A shorter duration while a slot is under way: the new slots start after it."""
    from scheduling.models import VisitReason

    agenda, rule = monday_mornings
    monday = _next_monday()
    generate_slots(agenda, now=_at(monday, 8))
    VisitReason.objects.filter(opening_rules=rule).update(duration_minutes=20)
    generate_slots(agenda, now=_at(monday, 9, 10))  # 09:00–09:30 is under way
    starts = _local_starts(agenda, monday)
    assert starts[0] == "09:00" and starts[1] == "09:40"
