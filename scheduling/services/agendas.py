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
from django.utils.translation import ngettext

from audit.context import acting_as
from scheduling.invariant import BlockingBookings
from scheduling.models import Absence, Agenda, Booking, OpeningRule, Slot, VisitReason
from scheduling.services import booking as bookings
from scheduling.services import notifications, waitlist
from scheduling.services.locking import lock_agenda, lock_bookings, lock_slots, retrying
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
        "label_en",
        "instructions_en",
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


def _lock_future_slots(agenda_id: int) -> None:
    """Every slot of the agenda not yet over, before a change regenerates its
    slots: the regeneration locks some of them after its first write, which
    takes the listing's row, and a booking holding one of them waits for that
    row at COMMIT. Locked here first, the two simply wait in turn."""
    lock_slots(Slot.objects.filter(agenda_id=agenda_id, end__gt=timezone.now()))


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


# --- the agenda itself -------------------------------------------------------------


@retrying
def save_agenda(agenda: Agenda, *, by) -> Agenda:
    """Create or change an agenda (its practitioner, department, whether it
    is open, the capacity it reserves per channel: its free slots follow)."""
    with acting_as(by), transaction.atomic(durable=True):
        existed = bool(agenda.pk)
        if existed:
            lock_agenda(agenda.pk)
            # Its slots before its row: the rule check at COMMIT share-locks
            # the slots of its bookings, and a booking holding one of them
            # share-locks this agenda's row at its own COMMIT.
            _lock_future_slots(agenda.pk)
        _save_valid(agenda)
        if existed and agenda.is_active:
            regenerate(agenda)
        return agenda


def set_reservation(
    agenda: Agenda, *, reserved_share: int, reserved_for: str, release_hours: int, by
) -> Agenda:
    """The capacity an agenda reserves per channel; its free slots not yet
    reserved follow at once (save_agenda regenerates)."""
    agenda.reserved_share = reserved_share
    agenda.reserved_for = reserved_for
    agenda.release_hours = release_hours
    return save_agenda(agenda, by=by)


@retrying
def close_agenda(agenda: Agenda, *, reason: str, by) -> list[Booking]:
    """The hospital closes an agenda: its upcoming appointments are cancelled,
    each patient told (with the department's number and a link to book again),
    its free slots still to come close (the one under way stays: history), and
    it is no longer bookable. Returns the cancelled bookings; nothing is
    cancelled silently."""
    now = timezone.now()
    with acting_as(by), transaction.atomic(durable=True):
        lock_agenda(agenda.pk)
        slots = lock_slots(Slot.objects.filter(agenda_id=agenda.pk, end__gt=now))
        live = lock_bookings(
            Booking.objects.filter(slot__in=[s.pk for s in slots])
            .filter(status__in=[Booking.Status.BOOKED, Booking.Status.PENDING])
            .select_related("slot", "patient")
        )
        # An appointment under way is history: the database refuses to cancel
        # it, and an agenda closed over it would leave it outside.
        if any(booking.slot.start <= now for booking in live):
            raise AgendaChangeRefused(
                RefusalCode.BOOKINGS_IN_THE_WAY,
                _("An appointment of this agenda is under way: close it once that one has ended."),
            )
        cancelled = []
        for booking in sorted(live, key=lambda b: b.slot.start):
            told = booking.status == Booking.Status.BOOKED
            bookings.mark_cancelled(booking, reason, by, now, freed=False)
            waitlist.offer_taken_back(booking)
            if told:
                notifications.cancelled(booking, by=by)
                cancelled.append(booking)
        # The slot under way stays as it is: a slot that has started is history
        # (the routing report counts it), and the database refuses to close it.
        Slot.objects.filter(
            pk__in=[s.pk for s in slots], status=Slot.Status.OPEN
        ).not_started().update(status=Slot.Status.CLOSED)
        agenda.is_active = False
        agenda.save(update_fields=["is_active"])
        return cancelled


# --- weekly hours -----------------------------------------------------------------


@retrying
def add_rule(
    agenda: Agenda,
    *,
    weekday,
    start_time,
    end_time,
    valid_from,
    valid_until,
    reasons,
    by,
    reserved_for: str = "",
) -> RuleChange:
    """A new weekly opening, and its slots over the horizon (kept for the
    channels of `reserved_for` until their release, if given)."""
    with acting_as(by), transaction.atomic(durable=True):
        lock_agenda(agenda.pk)
        _lock_future_slots(agenda.pk)
        rule = OpeningRule(
            agenda=agenda,
            weekday=weekday,
            start_time=start_time,
            end_time=end_time,
            valid_from=valid_from,
            valid_until=valid_until,
            reserved_for=reserved_for,
        )
        _save_valid(rule)
        if any(reason.agenda_id != agenda.pk for reason in reasons):
            raise AgendaChangeRefused(
                RefusalCode.INVALID, _("Weekly hours offer the visit reasons of their own agenda.")
            )
        rule.reasons.set(reasons)
        change = RuleChange(rule, regenerate(agenda))
        _opened(_free_ahead(agenda.pk))
        return change


@retrying
def end_rule(rule: OpeningRule, *, valid_until: datetime.date | None, by) -> RuleChange:
    """Set the last day of a weekly opening (None: no end). Refused while
    upcoming bookings fall after it; its free slots after it go."""
    with acting_as(by), transaction.atomic(durable=True):
        lock_agenda(rule.agenda_id)
        _lock_future_slots(rule.agenda_id)
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


@dataclass(frozen=True)
class AbsenceChange:
    absence: Absence
    to_rebook: list[Booking]


def displaced_message(displaced: list[Booking]) -> str:
    """What the portal and the admin say of the appointments an absence displaced."""
    return ngettext(
        "%(count)d booked appointment falls in this absence: it is flagged to rebook "
        "for the department's secretaries, and the patient is being told.",
        "%(count)d booked appointments fall in this absence: they are flagged to rebook "
        "for the department's secretaries, and each patient is being told.",
        len(displaced),
    ) % {"count": len(displaced)}


@retrying
def add_absence(agenda: Agenda, *, start, end, label: str, by) -> AbsenceChange:
    """A closed range. Its slots still to come close; appointments booked in it are not
    cancelled: each is flagged "to rebook" for the department's secretaries
    (their worklist) and its patient is told, with the department's number.
    Unconfirmed holds in it are released."""
    now = timezone.now()
    with acting_as(by), transaction.atomic(durable=True):
        lock_agenda(agenda.pk)
        slots = lock_slots(_slots_between(agenda.pk, start, end))
        displaced = _lock_live_bookings(slots, now)  # before any write takes the listing's lock
        absence = Absence(agenda=agenda, start=start, end=end, label=label)
        _save_valid(absence)
        # Only the slots still to come close: over past days or this morning,
        # the slots that have started are history and stay as they were (the
        # database refuses to change them; the routing report counts them).
        Slot.objects.filter(
            pk__in=[s.pk for s in slots], status=Slot.Status.OPEN
        ).not_started().update(status=Slot.Status.CLOSED)
        return AbsenceChange(absence, _displaced(displaced, by, now))


def _lock_live_bookings(slots: list[Slot], now) -> list[Booking]:
    return lock_bookings(
        Booking.objects.filter(slot__in=[s.pk for s in slots], slot__end__gt=now)
        .filter(status__in=[Booking.Status.BOOKED, Booking.Status.PENDING])
        .select_related("slot", "patient")
    )


def _displaced(live: list[Booking], by, now) -> list[Booking]:
    flagged = []
    for booking in sorted(live, key=lambda b: b.slot.start):
        if booking.status == Booking.Status.PENDING:
            bookings.mark_cancelled(booking, "slot closed by an absence", by, now, freed=False)
            waitlist.offer_taken_back(booking)
        elif not booking.to_rebook:
            booking.to_rebook = True
            booking.save(update_fields=["to_rebook"])
            notifications.to_rebook(booking, by=by)
            flagged.append(booking)
    return flagged


@retrying
def remove_absence(absence: Absence, *, by) -> GenerationResult:
    """The range opens again: the slots it closed reopen (those of the weekly
    hours that no other absence covers), the missing ones are generated."""
    with acting_as(by), transaction.atomic(durable=True):
        lock_agenda(absence.agenda_id)
        _lock_future_slots(absence.agenda_id)
        booked = Exists(Booking.objects.not_cancelled().filter(slot=OuterRef("pk")))
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
        # Slots that have started stay closed: history (see add_absence).
        Slot.objects.filter(pk__in=reopened).not_started().update(status=Slot.Status.OPEN)
        result = regenerate(absence.agenda)
        _opened(_free_ahead(absence.agenda_id))
        return result


def _opened(slot_ids: list[int]) -> None:
    """New free slots: their waiting list is offered the earliest ones."""
    earliest = Slot.objects.filter(pk__in=slot_ids).order_by("start")
    for slot_id in earliest.values_list("pk", flat=True)[:OPENINGS_OFFERED]:
        bookings.slot_freed(slot_id)


def _free_ahead(agenda_id: int) -> list[int]:
    free = Slot.objects.free().filter(agenda_id=agenda_id, start__gt=timezone.now())
    return list(free.order_by("start").values_list("pk", flat=True)[:OPENINGS_OFFERED])


# At most this many new slots of one change are offered to the waiting list at once.
OPENINGS_OFFERED = 20


# --- single slots -----------------------------------------------------------------


@retrying
def add_slot(agenda: Agenda, *, start, end, by) -> Slot:
    """A slot opened by hand, outside the weekly hours: staff book it for any reason."""
    with acting_as(by), transaction.atomic(durable=True):
        lock_agenda(agenda.pk)
        slot = Slot(agenda=agenda, start=start, end=end)
        _save_valid(slot)
        _opened([slot.pk])
        return slot


@retrying
def set_slot_open(slot: Slot, *, is_open: bool, by) -> Slot:
    """Open or close one slot; a booked slot cannot be closed."""
    with acting_as(by), transaction.atomic(durable=True):
        lock_agenda(slot.agenda_id)
        (locked,) = lock_slots(Slot.objects.filter(pk=slot.pk))
        if not Slot.objects.filter(pk=locked.pk).not_started().exists():
            raise AgendaChangeRefused(
                RefusalCode.PAST_SLOT,
                _("This slot has started: it stays open or closed, and reserved, as it was."),
            )
        if not is_open:
            _refuse_if_booked([locked], _("This slot is booked."))
        locked.status = Slot.Status.OPEN if is_open else Slot.Status.CLOSED
        locked.save(update_fields=["status"])
        if is_open:
            _opened([locked.pk])
        return locked


# --- visit reasons ----------------------------------------------------------------


@retrying
def add_reason(agenda: Agenda, *, by, **fields) -> VisitReason:
    """A new visit reason; weekly hours offer it once a rule lists it."""
    _only_reason_fields(fields)
    with acting_as(by), transaction.atomic(durable=True):
        lock_agenda(agenda.pk)
        reason = VisitReason(agenda=agenda, **fields)
        _save_valid(reason)
        return reason


@retrying
def update_reason(reason: VisitReason, *, by, **changes) -> VisitReason:
    """Change a reason (never its agenda). A longer duration is refused while
    appointments of that reason are booked in slots it would no longer fit."""
    _only_reason_fields(changes)
    with acting_as(by), transaction.atomic(durable=True):
        lock_agenda(reason.agenda_id)
        # The slots of its upcoming bookings first: the rule check at COMMIT
        # share-locks them, and a booking holding one waits for this reason.
        lock_slots(Slot.objects.filter(pk__in=reason.bookings.upcoming().values("slot_id")))
        locked = VisitReason.objects.select_for_update(of=("self",)).get(pk=reason.pk)
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
