"""Opening rules to slots, over a rolling horizon.

Local time decides: "Mondays 09:00–12:00" is 09:00 in the institution's time
zone on both sides of a daylight-saving change; slots are stored in UTC.
Regeneration adds and removes *free* slots only. A booked slot that the rules
no longer produce is kept and reported as a conflict, never moved or removed.

Each slot is stamped with its reservation (issue 24): the channels it is kept
for (its opening rule's, or the agenda's for its share of the slots) and when
it opens to every channel (its start less the agenda's release delay). A
free slot not yet reserved takes a new reservation at the next regeneration;
a reservation is never loosened before its release (the database refuses it:
scheduling/rules/reservations.py), so a smaller share applies to new slots.
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from scheduling.models import Absence, Agenda, Booking, OpeningRule, Reservation, Slot
from scheduling.services.locking import lock_agenda, lock_slots

UTC = datetime.UTC


@dataclass
class GenerationResult:
    created: int = 0
    removed: int = 0
    conflicts: list[Slot] = field(default_factory=list)


@cache
def _public_holidays(year: int) -> holidays.HolidayBase:
    return holidays.France(years=year)


def is_public_holiday(day: datetime.date) -> bool:
    return day in _public_holidays(day.year)


def rule_slot_length(rule: OpeningRule) -> datetime.timedelta | None:
    """Slots of a rule fit the longest of its visit reasons, so any of them can be booked."""
    durations = [reason.duration_minutes for reason in rule.reasons.all()]
    return datetime.timedelta(minutes=max(durations)) if durations else None


def _rule_slots(
    rule: OpeningRule, first_day: datetime.date, last_day: datetime.date, zone: ZoneInfo
) -> Iterator[tuple[datetime.datetime, datetime.datetime]]:
    length = rule_slot_length(rule)
    if length is None:
        return
    day = max(first_day, rule.valid_from)
    last = min(last_day, rule.valid_until) if rule.valid_until else last_day
    day += datetime.timedelta(days=(rule.weekday - day.weekday()) % 7)
    while day <= last:
        if not is_public_holiday(day):
            yield from _day_slots(rule, day, length, zone)
        day += datetime.timedelta(weeks=1)


def _day_slots(rule, day, length, zone) -> Iterator[tuple[datetime.datetime, datetime.datetime]]:
    """Opening and closing are local times; the slots between are cut in real
    time, so a slot always lasts its length, even across a clock change."""
    opening = datetime.datetime.combine(day, rule.start_time, tzinfo=zone).astimezone(UTC)
    closing = datetime.datetime.combine(day, rule.end_time, tzinfo=zone).astimezone(UTC)
    start = opening
    while start + length <= closing:
        yield start, start + length
        start += length


def desired_slots(
    agenda: Agenda,
    start: datetime.datetime,
    end: datetime.datetime,
    *,
    rules: list[OpeningRule] | None = None,
    absences: list[Absence] | None = None,
) -> dict[tuple[datetime.datetime, datetime.datetime], OpeningRule]:
    """Every slot the agenda's rules produce from `start` to `end`, absences excluded.

    `rules` (in their default order, reasons prefetched) and `absences` may
    be given by a caller that reads many agendas at once (seed_demo)."""
    zone = ZoneInfo(settings.TIME_ZONE)
    first_day, last_day = start.astimezone(zone).date(), end.astimezone(zone).date()
    if absences is None:
        absences = list(Absence.objects.filter(agenda=agenda, start__lt=end, end__gt=start))
    if rules is None:
        rules = list(OpeningRule.objects.filter(agenda=agenda).prefetch_related("reasons"))
    wanted: dict[tuple[datetime.datetime, datetime.datetime], OpeningRule] = {}
    by_day: dict[datetime.date, list[tuple[datetime.datetime, datetime.datetime]]] = {}
    for rule in rules:
        for slot_start, slot_end in _rule_slots(rule, first_day, last_day, zone):
            if not (start <= slot_start and slot_end <= end):
                continue
            if any(a.start < slot_end and a.end > slot_start for a in absences):
                continue
            if _overlaps_wanted(by_day, slot_start, slot_end):
                continue  # two rules overlap: the first one listed wins
            wanted[(slot_start, slot_end)] = rule
            by_day.setdefault(slot_start.date(), []).append((slot_start, slot_end))
    return wanted


def _overlaps_wanted(by_day, slot_start, slot_end) -> bool:
    # A slot lasts at most a day, so only slots starting the day before, the
    # same day or the day after (UTC) can overlap it.
    day = slot_start.date()
    for other in (day - datetime.timedelta(days=1), day, day + datetime.timedelta(days=1)):
        if any(s < slot_end and e > slot_start for s, e in by_day.get(other, ())):
            return True
    return False


def in_share(index: int, share: int) -> bool:
    """Whether the `index`-th slot of a day's opening falls in a `share` per
    cent: spread evenly (20 %: the 5th, 10th…), the same at every regeneration."""
    return (index + 1) * share // 100 > index * share // 100


def reservation_of(agenda: Agenda, rule: OpeningRule, start: datetime.datetime, end) -> str:
    """The channels a slot of `rule` from `start` to `end` is kept for ('' for none)."""
    if rule.reserved_for:
        return rule.reserved_for
    if not agenda.reserved_share:
        return Reservation.NONE
    zone = ZoneInfo(settings.TIME_ZONE)
    day = start.astimezone(zone).date()
    opening = datetime.datetime.combine(day, rule.start_time, tzinfo=zone).astimezone(UTC)
    index = int((start - opening) / (end - start))
    return agenda.reserved_for if in_share(index, agenda.reserved_share) else Reservation.NONE


def release_of(agenda: Agenda, start: datetime.datetime) -> datetime.datetime:
    return start - datetime.timedelta(hours=agenda.release_hours)


def horizon(now: datetime.datetime | None = None) -> tuple[datetime.datetime, datetime.datetime]:
    """From now to the end of the local day SLOT_HORIZON_WEEKS ahead: whole
    days, so that generating twice in one day gives the same slots."""
    now = now or timezone.now()
    last_day = timezone.localdate(now) + datetime.timedelta(weeks=settings.SLOT_HORIZON_WEEKS)
    end = datetime.datetime.combine(last_day + datetime.timedelta(days=1), datetime.time())
    return now, timezone.make_aware(end)


def generate_slots(agenda: Agenda, *, now: datetime.datetime | None = None) -> GenerationResult:
    """Bring the agenda's future generated slots in line with its rules, in a
    transaction of its own (cron, the demo). Idempotent."""
    with transaction.atomic(durable=True):
        return regenerate(agenda, now=now)


def regenerate(agenda: Agenda, *, now: datetime.datetime | None = None) -> GenerationResult:
    """generate_slots() inside the transaction of an agenda change."""
    lock_agenda(agenda.pk)  # one regeneration at a time
    start, end = horizon(now)
    wanted = desired_slots(agenda, start, end)
    # A slot under way at `start` is kept as it is, but new slots must not overlap it.
    existing = list(
        Slot.objects.filter(agenda=agenda, end__gt=start, start__lt=end).annotate(
            is_booked=_booked()
        )
    )
    result = GenerationResult()
    deleted = _remove_unwanted([s for s in existing if s.start >= start], wanted, result)
    kept = [s for s in existing if s.pk not in deleted]
    _create_missing(agenda, kept, wanted, result)
    _reserve_free(agenda, kept, wanted, now or timezone.now())
    return result


def _booked():
    return Exists(Booking.objects.not_cancelled().filter(slot=OuterRef("pk")))


def _has_history():
    return Exists(Booking.objects.filter(slot=OuterRef("pk")))


def _remove_unwanted(existing: list[Slot], wanted, result: GenerationResult) -> set[int]:
    """Remove the free slots the rules no longer produce; returns those deleted."""
    unwanted = [s for s in existing if s.rule_id and (s.start, s.end) not in wanted]
    candidates = [s.pk for s in unwanted if not s.is_booked and s.status == Slot.Status.OPEN]
    # Locked, then looked at again: a booking that committed meanwhile is seen,
    # and one in progress is waited for.
    # Only slots still to come: one that started since `now` is history, kept.
    locked = lock_slots(
        Slot.objects.filter(pk__in=candidates)
        .not_started()
        .annotate(is_booked=_booked(), has_history=_has_history())
    )
    just_booked = {s.pk for s in locked if s.is_booked}
    result.conflicts = [s for s in unwanted if s.is_booked or s.pk in just_booked]
    free = [s for s in locked if not s.is_booked]
    # A slot with cancelled bookings is closed rather than deleted: the
    # cancelled bookings keep pointing at it.
    Slot.objects.filter(pk__in=[s.pk for s in free if s.has_history]).update(
        status=Slot.Status.CLOSED
    )
    deleted = {s.pk for s in free if not s.has_history}
    Slot.objects.filter(pk__in=deleted).delete()
    result.removed = len(free)
    return deleted


def _create_missing(agenda: Agenda, kept: list[Slot], wanted, result: GenerationResult) -> None:
    """Create the wanted slots that no remaining slot (wanted, booked, closed,
    opened by hand) already covers or overlaps."""
    kept = [(s.start, s.end) for s in kept]
    # No slot is opened in the past (the database refuses it): a wanted slot
    # that started while regenerating is left out.
    now = timezone.now()
    new = [
        _stamped(Slot(agenda=agenda, start=s, end=e, rule=rule), agenda, rule)
        for (s, e), rule in wanted.items()
        if s > now and (s, e) not in kept and not any(ks < e and ke > s for ks, ke in kept)
    ]
    Slot.objects.bulk_create(new, batch_size=1000)
    result.created = len(new)


def _stamped(slot: Slot, agenda: Agenda, rule: OpeningRule) -> Slot:
    slot.reserved_for = reservation_of(agenda, rule, slot.start, slot.end)
    slot.opens_to_all_at = release_of(agenda, slot.start) if slot.reserved_for else None
    return slot


def _reserve_free(agenda: Agenda, kept: list[Slot], wanted, now) -> None:
    """Reserve the kept free slots, not reserved yet, that the agenda's
    reservations now cover and whose release is still ahead."""
    release = datetime.timedelta(hours=agenda.release_hours)
    groups: dict[str, list[int]] = {}
    for slot in kept:
        rule = wanted.get((slot.start, slot.end))
        if rule is None or slot.reserved_for or slot.is_booked or slot.start - release <= now:
            continue
        group = reservation_of(agenda, rule, slot.start, slot.end)
        if group:
            groups.setdefault(group, []).append(slot.pk)
    for group, ids in groups.items():
        # Locked, then looked at again: a slot booked meanwhile keeps its reservation.
        locked = lock_slots(
            Slot.objects.filter(pk__in=ids).not_started().annotate(is_booked=_booked())
        )
        free = [s for s in locked if not s.is_booked and not s.reserved_for]
        for slot in free:
            slot.reserved_for, slot.opens_to_all_at = group, slot.start - release
        Slot.objects.bulk_update(free, ["reserved_for", "opens_to_all_at"], batch_size=500)
