"""Changes to agendas: weekly hours, absences, single slots and visit reasons.

The one path for these changes, whether a practitioner makes them in the
portal or staff in the admin. Each owns its transaction with the acting
user, locks the agenda and then the slots it will look at *before* it looks
for bookings in the way, and refuses a change that conflicts with booked
appointments, naming them, rather than applying it: nothing a patient booked
is silently moved, shortened or cancelled. A booking being made at that
moment holds its slot's lock; the change waits for it, then sees it.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.context import acting_as
from scheduling.models import Absence, Agenda, Booking, OpeningRule, Slot, VisitReason
from scheduling.rules.invariant import BlockingBookings
from scheduling.services.locking import lock_agenda, lock_slots
from scheduling.services.refusals import AgendaChangeRefused, RefusalCode
from scheduling.services.slots import GenerationResult, regenerate

REASON_FIELDS = frozenset(
    {
        "label",
        "duration_minutes",
        "online_bookable",
        "for_new_patients",
        "for_returning_patients",
        "instructions",
    }
)


@dataclass(frozen=True)
class RuleChange:
    rule: OpeningRule
    slots: GenerationResult

    @property
    def conflicts(self) -> list[Slot]:
        """Booked slots kept although the rules no longer produce them."""
        return self.slots.conflicts


def _refuse_if(blocking: BlockingBookings, what: str) -> None:
    if blocking:
        raise AgendaChangeRefused(
            RefusalCode.BOOKINGS_IN_THE_WAY, f"{what} {blocking.as_message()}"
        )


def _refuse_if_booked(slots: list[Slot], what: str) -> None:
    """Under the slots' locks: refuse while upcoming bookings hold any of them."""
    booked = Booking.objects.filter(slot__in=[s.pk for s in slots]).select_related("slot")
    _refuse_if(BlockingBookings(list(booked.upcoming().order_by("slot__start"))), what)


def _only_reason_fields(fields: dict) -> None:
    unknown = set(fields) - REASON_FIELDS
    if unknown:
        raise TypeError(f"not a visit reason's field: {', '.join(sorted(unknown))}")


def _save_valid(instance: models.Model, **kwargs) -> None:
    try:
        instance.full_clean()
    except ValidationError as error:
        raise AgendaChangeRefused(RefusalCode.INVALID, " ".join(error.messages)) from error
    instance.save(**kwargs)


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


# --- weekly hours -----------------------------------------------------------------


def add_rule(
    agenda: Agenda, *, weekday, start_time, end_time, valid_from, valid_until, reasons, by
) -> RuleChange:
    """A new weekly opening, and its slots over the horizon."""
    with acting_as(by), transaction.atomic(durable=True):
        lock_agenda(agenda.pk)
        rule = OpeningRule(
            agenda=agenda,
            weekday=weekday,
            start_time=start_time,
            end_time=end_time,
            valid_from=valid_from,
            valid_until=valid_until,
        )
        _save_valid(rule)
        if any(reason.agenda_id != agenda.pk for reason in reasons):
            raise AgendaChangeRefused(
                RefusalCode.INVALID, _("Weekly hours offer the visit reasons of their own agenda.")
            )
        rule.reasons.set(reasons)
        return RuleChange(rule, regenerate(agenda))


def end_rule(rule: OpeningRule, *, valid_until: datetime.date | None, by) -> RuleChange:
    """Set the last day of a weekly opening (None: no end). Refused while
    upcoming bookings fall after it; its free slots after it go."""
    with acting_as(by), transaction.atomic(durable=True):
        lock_agenda(rule.agenda_id)
        if valid_until is not None:
            after = max(timezone.now(), _midnight(valid_until + datetime.timedelta(days=1)))
            slots = lock_slots(Slot.objects.filter(rule=rule, start__gte=after))
            _refuse_if_booked(slots, _("This opening has booked appointments."))
        rule.valid_until = valid_until
        _save_valid(rule, update_fields=["valid_until"])
        return RuleChange(rule, regenerate(rule.agenda))


def remove_rule(rule: OpeningRule, *, by) -> RuleChange:
    """End a weekly opening yesterday: its free slots go, booked ones are refused first."""
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    return end_rule(rule, valid_until=max(rule.valid_from, yesterday), by=by)


# --- absences ---------------------------------------------------------------------


def _slots_between(agenda_id: int, start, end):
    return Slot.objects.filter(agenda_id=agenda_id, start__lt=end, end__gt=start)


def add_absence(agenda: Agenda, *, start, end, label: str, by) -> Absence:
    """A closed range: refused while booked appointments fall in it; its free slots close."""
    with acting_as(by), transaction.atomic(durable=True):
        lock_agenda(agenda.pk)
        slots = lock_slots(_slots_between(agenda.pk, start, end))
        _refuse_if_booked(slots, _("Appointments are booked during this absence."))
        absence = Absence(agenda=agenda, start=start, end=end, label=label)
        _save_valid(absence)
        Slot.objects.filter(pk__in=[s.pk for s in slots], status=Slot.Status.OPEN).update(
            status=Slot.Status.CLOSED
        )
        return absence


def remove_absence(absence: Absence, *, by) -> GenerationResult:
    """The range opens again: the slots it closed reopen (those of the weekly
    hours that no other absence covers), the missing ones are generated."""
    with acting_as(by), transaction.atomic(durable=True):
        lock_agenda(absence.agenda_id)
        booked = Exists(Booking.objects.active().filter(slot=OuterRef("pk")))
        slots = lock_slots(
            _slots_between(absence.agenda_id, absence.start, absence.end)
            .filter(status=Slot.Status.CLOSED, rule__isnull=False)
            .annotate(is_booked=booked)
        )
        absence.delete()
        others = list(Absence.objects.filter(agenda_id=absence.agenda_id))
        reopened = [
            s.pk
            for s in slots
            if not s.is_booked and not any(a.start < s.end and a.end > s.start for a in others)
        ]
        Slot.objects.filter(pk__in=reopened).update(status=Slot.Status.OPEN)
        return regenerate(absence.agenda)


# --- single slots -----------------------------------------------------------------


def add_slot(agenda: Agenda, *, start, end, by) -> Slot:
    """A slot opened by hand, outside the weekly hours: staff book it for any reason."""
    with acting_as(by), transaction.atomic(durable=True):
        lock_agenda(agenda.pk)
        slot = Slot(agenda=agenda, start=start, end=end)
        _save_valid(slot)
        return slot


def set_slot_open(slot: Slot, *, is_open: bool, by) -> Slot:
    """Open or close one slot; a booked slot cannot be closed."""
    with acting_as(by), transaction.atomic(durable=True):
        lock_agenda(slot.agenda_id)
        (locked,) = lock_slots(Slot.objects.filter(pk=slot.pk))
        if not is_open:
            _refuse_if_booked([locked], _("This slot is booked."))
        locked.status = Slot.Status.OPEN if is_open else Slot.Status.CLOSED
        locked.save(update_fields=["status"])
        return locked


# --- visit reasons ----------------------------------------------------------------


def add_reason(agenda: Agenda, *, by, **fields) -> VisitReason:
    """A new visit reason; weekly hours offer it once a rule lists it."""
    _only_reason_fields(fields)
    with acting_as(by), transaction.atomic(durable=True):
        lock_agenda(agenda.pk)
        reason = VisitReason(agenda=agenda, **fields)
        _save_valid(reason)
        return reason


def update_reason(reason: VisitReason, *, by, **changes) -> VisitReason:
    """Change a reason (never its agenda). A longer duration is refused while
    appointments of that reason are booked in slots it would no longer fit."""
    _only_reason_fields(changes)
    with acting_as(by), transaction.atomic(durable=True):
        lock_agenda(reason.agenda_id)
        locked = VisitReason.objects.select_for_update().get(pk=reason.pk)
        minutes = changes.get("duration_minutes", locked.duration_minutes)
        if minutes > locked.duration_minutes:
            _refuse_if(_too_short(locked, minutes), _("Booked appointments would no longer fit."))
        for name, value in changes.items():
            setattr(locked, name, value)
        _save_valid(locked, update_fields=sorted(changes))
        return locked


def _too_short(reason: VisitReason, minutes: int) -> BlockingBookings:
    upcoming = reason.bookings.upcoming().select_related("slot").order_by("slot__start")
    return BlockingBookings(
        [b for b in upcoming if (b.slot.end - b.slot.start).total_seconds() < minutes * 60]
    )
