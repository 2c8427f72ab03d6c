"""Changes practitioners make to their own agendas, one path each.

Each runs in one transaction with the acting user, and refuses a change that
conflicts with booked appointments, naming them, rather than applying it:
nothing a patient booked is silently moved, shortened or cancelled.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.context import Channel, acting_as
from scheduling.models import Absence, Agenda, Booking, OpeningRule, Slot, VisitReason
from scheduling.rules.invariant import BlockingBookings
from scheduling.services.slots import GenerationResult, generate_slots


class AgendaChangeRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _as(user):
    return acting_as(user, default_channel=Channel.PORTAL)


def _refuse_if(blocking: BlockingBookings, what: str) -> None:
    if blocking:
        raise AgendaChangeRefused(f"{what} {blocking.as_message()}")


def add_rule(
    agenda: Agenda, *, weekday, start_time, end_time, valid_from, valid_until, reasons, by
) -> GenerationResult:
    """A new weekly opening, and its slots over the horizon."""
    with _as(by), transaction.atomic():
        rule = OpeningRule(
            agenda=agenda,
            weekday=weekday,
            start_time=start_time,
            end_time=end_time,
            valid_from=valid_from,
            valid_until=valid_until,
        )
        rule.full_clean()
        rule.save()
        rule.reasons.set(reasons)
        return generate_slots(agenda)


def remove_rule(rule: OpeningRule, *, by) -> GenerationResult:
    """End a weekly opening: its free slots go, booked ones are refused first."""
    booked = Booking.objects.filter(slot__rule=rule).select_related("slot")
    _refuse_if(
        BlockingBookings(list(booked.upcoming().order_by("slot__start"))),
        _("This opening has booked appointments."),
    )
    with _as(by), transaction.atomic():
        agenda = rule.agenda
        rule.valid_until = max(rule.valid_from, timezone.localdate() - datetime.timedelta(days=1))
        rule.save(update_fields=["valid_until"])
        return generate_slots(agenda)


def add_absence(agenda: Agenda, *, start, end, label: str, by) -> Absence:
    """A closed range: refused while booked appointments fall in it; free slots close."""
    overlapping = Booking.objects.filter(
        slot__agenda=agenda, slot__start__lt=end, slot__end__gt=start
    ).select_related("slot")
    _refuse_if(
        BlockingBookings(list(overlapping.upcoming().order_by("slot__start"))),
        _("Appointments are booked during this absence."),
    )
    with _as(by), transaction.atomic():
        absence = Absence(agenda=agenda, start=start, end=end, label=label)
        absence.full_clean()
        absence.save()
        Slot.objects.filter(
            agenda=agenda, start__lt=end, end__gt=start, status=Slot.Status.OPEN
        ).update(status=Slot.Status.CLOSED)
        return absence


def set_slot_open(slot: Slot, *, is_open: bool, by) -> Slot:
    """Open or close one slot; a booked slot cannot be closed."""
    with _as(by), transaction.atomic():
        locked = Slot.objects.select_for_update().get(pk=slot.pk)
        if not is_open:
            _refuse_if(
                BlockingBookings(list(locked.bookings.upcoming())), _("This slot is booked.")
            )
        locked.status = Slot.Status.OPEN if is_open else Slot.Status.CLOSED
        locked.save(update_fields=["status"])
        return locked


def update_reason(
    reason: VisitReason, *, duration_minutes: int, online_bookable: bool, by
) -> VisitReason:
    """Change a reason's duration or online flag; a longer duration is refused
    while appointments of that reason are booked in slots it would no longer fit."""
    with _as(by), transaction.atomic():
        locked = VisitReason.objects.select_for_update().get(pk=reason.pk)
        if duration_minutes > locked.duration_minutes:
            too_short = [
                b
                for b in locked.bookings.upcoming().select_related("slot").order_by("slot__start")
                if (b.slot.end - b.slot.start).total_seconds() < duration_minutes * 60
            ]
            _refuse_if(BlockingBookings(too_short), _("Booked appointments would no longer fit."))
        locked.duration_minutes = duration_minutes
        locked.online_bookable = online_bookable
        locked.full_clean()
        locked.save(update_fields=["duration_minutes", "online_bookable"])
        return locked
