"""Changes to a booked appointment: cancel it, move it, check the patient in,
record whether they came. Each tells the patient what they need to know
(scheduling.services.notifications) in the same transaction."""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.context import acting_as
from audit.events import record
from audit.models import Action
from scheduling.models import Booking, Slot
from scheduling.selectors import api_scope
from scheduling.services import notifications, patients
from scheduling.services.booking import checks
from scheduling.services.booking.cancelling import mark_cancelled, slot_freed
from scheduling.services.booking.create import explain, lock_slots_by_id
from scheduling.services.locking import lock_booking, lock_person, retrying
from scheduling.services.refusals import BookingRefused, RefusalCode

# A check of the booking as locked, before anything changes (another system's
# If-Match: the version it read must still be the current one); it raises a
# refusal, and nothing changes.
Expectation = Callable[[Booking], None] | None


def _lock_booking(booking: Booking, expect: Expectation = None) -> Booking:
    # Its slot first, then the booking row alone: the agenda, department and
    # establishment come along unlocked (the commit-time rule check
    # share-locks them; a FOR UPDATE here deadlocked with it).
    locked = lock_booking(
        booking.pk, related=("slot__agenda__department__establishment", "patient")
    )
    if locked is None or locked.status != Booking.Status.BOOKED:
        raise BookingRefused(RefusalCode.NOT_ACTIVE, _("This appointment is no longer active."))
    if expect is not None:
        expect(locked)
    return locked


def _refuse_if_started(booking: Booking, now) -> None:
    """Once its slot has started, an appointment is history: only whether the
    patient came (and their check-in) is recorded, which the database holds
    too (scheduling/rules: the past is immutable but for outcomes)."""
    if booking.slot.start <= now:
        raise BookingRefused(
            RefusalCode.PAST_SLOT,
            _(
                "This appointment has started: it can no longer be cancelled or moved. "
                "Record whether the patient came instead."
            ),
        )


def _record_override(booking: Booking, what: str) -> None:
    record(
        Action.OVERRIDE,
        "scheduling_booking",
        booking.pk,
        detail={"rule": "cancellation_cutoff", "change": what},
    )


@retrying
def cancel(
    booking: Booking, *, reason: str, by=None, now=None, expect: Expectation = None
) -> Booking:
    """Cancel an appointment, whoever asks; the patient is told, with the
    department's number and a link to book again. `expect`: a check of the
    locked booking first (see Expectation)."""
    now = now or timezone.now()
    if not reason.strip():
        raise BookingRefused(
            RefusalCode.REASON_REQUIRED, _("Please give a reason for the cancellation.")
        )
    with acting_as(by), transaction.atomic(durable=True):
        locked = _lock_booking(booking, expect)
        _refuse_if_started(locked, now)
        if checks.check_cutoff(locked, by, now):
            _record_override(locked, "cancel")
        mark_cancelled(locked, reason.strip(), by, now)
        notifications.cancelled(locked, by=by)
    return locked


@retrying
def move(
    booking: Booking,
    *,
    to_slot: Slot | int,
    by=None,
    channel=None,
    now=None,
    expect: Expectation = None,
) -> Booking:
    """Move the appointment to another slot, in place.

    The booking keeps its identity (public id, private link, calendar UID)
    and takes the new slot; its revision (`sequence`) goes up, so calendar
    apps replace the event, reminders follow the new time, and the audit
    trail records the slot change on the booking's row. The checks are those
    of a new booking (`channel`: whose rules apply; staff pass theirs);
    `expect` checks the locked booking first (see Expectation)."""
    now = now or timezone.now()
    new_slot_id = getattr(to_slot, "pk", to_slot)
    try:
        with acting_as(by), transaction.atomic(durable=True):
            lock_person(patients.identity_key(booking.patient))
            # Where it is now (a retry after a deadlock reads it again), then
            # both slots in primary-key order, then the booking.
            current = Booking.objects.filter(pk=booking.pk).values_list("slot_id", flat=True)
            slots = lock_slots_by_id([current.get(), new_slot_id])
            locked = _lock_booking(booking, expect)
            if locked.slot_id not in slots or new_slot_id == locked.slot_id:
                raise checks.slot_taken()  # moved meanwhile, or "moved" to where it is
            _refuse_if_started(locked, now)
            overridden = checks.check_cutoff(locked, by, now)
            target, old = slots[new_slot_id], slots[locked.slot_id]
            checks.check_slot(target, locked.reason, channel or locked.channel, now)
            _check_partner_move(locked, target, old, by)
            refusal = _person_refusal(locked, target, by, now)
            if refusal is None:
                _take_slot(locked, target)
                if overridden:
                    _record_override(locked, "move")
                notifications.moved(locked, old_start=old.start, by=by, now=now)
                slot_freed(old.pk)
                return locked
    except IntegrityError as error:
        return explain(error, None, new_slot_id)
    raise refusal  # once the person's notice has committed; nothing else changed


def _check_partner_move(booking: Booking, target: Slot, old: Slot, by) -> None:
    """A partner portal moves only into the agendas opted in to it; a partner's
    booking, whoever moves it, leaves its agenda only for one opted in to that
    partner (within the agenda, staff may move it after an opt-out)."""
    if api_scope.partner_of(by) is not None or target.agenda_id != old.agenda_id:
        checks.check_partner(target, booking.created_by, booking.channel)


def _person_refusal(booking: Booking, target: Slot, by, now) -> BookingRefused | None:
    """The person checks of a move. Staff and other systems are refused at
    once, in words their scope allows; the holder of a private link (`by`
    None) has shown only that they read the booking's address, not who the
    person is, so they get the generic words and the person a mail
    (checks.person_refusal)."""
    if by is None:
        return checks.person_refusal(booking, target, now)
    checks.check_person(booking.patient, target, now, ignoring=booking, known=checks.known_to(by))
    return None


def _take_slot(booking: Booking, slot: Slot) -> None:
    booking.slot = slot
    booking.sequence += 1
    booking.to_rebook = False
    try:
        booking.save(update_fields=["slot", "sequence", "to_rebook"])
    except ValidationError as error:  # the institution rule, checked by Booking.save()
        raise BookingRefused(RefusalCode.OUTSIDE_INSTITUTION, " ".join(error.messages)) from error


@retrying
def check_in(booking: Booking, *, by, now=None) -> Booking:
    """The front desk saw the patient arrive, on the appointment's day."""
    now = now or timezone.now()
    checks.staff_only(by)
    with acting_as(by), transaction.atomic(durable=True):
        locked = _lock_booking(booking)
        if locked.slot.local_date != timezone.localdate(now):
            raise BookingRefused(
                RefusalCode.NOT_TODAY, _("Patients are checked in on the day of their appointment.")
            )
        if locked.checked_in_at is not None:
            raise BookingRefused(
                RefusalCode.ALREADY_ARRIVED, _("This patient is already checked in.")
            )
        locked.checked_in_at = now
        locked.save(update_fields=["checked_in_at"])
    return locked


@retrying
def record_outcome(
    booking: Booking, *, honoured: bool, by, now=None, expect: Expectation = None
) -> Booking:
    now = now or timezone.now()
    checks.staff_only(by, or_system=True)
    with acting_as(by), transaction.atomic(durable=True):
        locked = _lock_booking(booking, expect)
        if locked.slot.start > now:
            raise BookingRefused(
                RefusalCode.NOT_YET, _("This appointment has not taken place yet.")
            )
        locked.status = Booking.Status.HONOURED if honoured else Booking.Status.MISSED
        locked.to_rebook = False
        locked.save(update_fields=["status", "to_rebook"])
    return locked
