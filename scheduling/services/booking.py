"""Book, cancel, move, and record the outcome of an appointment.

The one path for every change to a booking: the public site, the admin, the
portal, the API and the commands all call these functions. Each owns its
transaction (durable: never inside a caller's), with its audit events
(written by the database triggers), and refuses with a BookingRefused that
says why, never a 500.

Locking (scheduling.services.locking): the person first (their cap and
overlaps span all their records), then the slot rows in primary-key order.
One slot is therefore booked by one transaction at a time; everyone else
waits for the lock, then sees the slot taken.
"""

import datetime
import hashlib
import hmac
import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.context import acting_as
from audit.events import record
from audit.models import Action
from hospital.db_refusals import is_rule_refusal, refusal_message
from scheduling.models import Booking, Patient, Slot, VisitReason
from scheduling.selectors.reasons import is_staff_channel, offered_reasons
from scheduling.services import patients
from scheduling.services.locking import lock_person, lock_slots
from scheduling.services.patients import PatientDetails
from scheduling.services.refusals import BookingRefused, RefusalCode


def _is_staff(user) -> bool:
    return user is not None and user.is_staff


# --- book -------------------------------------------------------------------


def book(
    *,
    slot: Slot | int,
    reason: VisitReason | int,
    patient: Patient | PatientDetails,
    channel: str,
    returning: bool,
    by=None,
    idempotency_key: str | None = None,
    now: datetime.datetime | None = None,
) -> Booking:
    """Book a slot for a patient: final at once (staff, API).

    `patient` is a record, or the details a form or a caller gave (the
    patients service then finds or creates the record). `returning` says
    whether the patient has consulted this practitioner before, as the
    patient or the secretary declared it: a reason may be kept to first
    visits or to patients already followed."""
    return _book(
        slot=slot,
        reason=reason,
        patient=patient,
        channel=channel,
        by=by,
        returning=returning,
        idempotency_key=idempotency_key,
        now=now or timezone.now(),
        hold=None,
    )


def hold(
    *,
    slot: Slot | int,
    reason: VisitReason | int,
    patient: Patient | PatientDetails,
    returning: bool,
    channel: str = Booking.Channel.WEB,
    idempotency_key: str | None = None,
    now: datetime.datetime | None = None,
) -> tuple[Booking, str | None]:
    """Hold a slot while the patient confirms their email address.

    Returns the pending booking and the one-time code to send them (None when
    the request is a replay and the code went out already); the code is kept
    only as a keyed digest. The hold lapses after BOOKING_HOLD_MINUTES.
    """
    code = f"{secrets.randbelow(10**6):06d}"
    booking = _book(
        slot=slot,
        reason=reason,
        patient=patient,
        channel=channel,
        by=None,
        returning=returning,
        idempotency_key=idempotency_key,
        now=now or timezone.now(),
        hold=code,
    )
    if booking.confirmation_digest != _digest(booking.public_id, code):
        return booking, None  # a replayed request: the code was sent the first time
    return booking, code


def _book(*, slot, reason, patient, channel, by, returning, idempotency_key, now, hold):
    slot_id = getattr(slot, "pk", slot)
    if idempotency_key and (replayed := _replay(idempotency_key, slot_id)):
        return replayed
    try:
        with acting_as(by), transaction.atomic(durable=True):
            lock_person(patients.identity_key(patient))
            # A concurrent retry may have committed while this one waited for the lock.
            if idempotency_key and (replayed := _replay(idempotency_key, slot_id)):
                return replayed
            if not isinstance(patient, Patient):
                patient = patients.record_for(patient, by=by)
            locked = _lock_slots([slot_id])[slot_id]
            if not isinstance(reason, VisitReason):
                reason = VisitReason.objects.get(pk=reason)
            _check_newcomer(reason, returning)
            return _create(locked, reason, patient, channel, by, idempotency_key, now, hold=hold)
    except IntegrityError as error:
        return _explain(error, idempotency_key, slot_id)


def _create(
    slot, reason, patient, channel, by, idempotency_key, now, *, replacing=None, hold=None
) -> Booking:
    _check_slot(slot, reason, channel, now)
    _check_person(patient, slot, now, ignoring=replacing)
    try:
        return Booking.objects.create(
            slot=slot,
            reason=reason,
            patient=patient,
            channel=channel,
            created_by=by,
            idempotency_key=idempotency_key or None,
            **(_hold_fields(hold, now) if hold else {}),
        )
    except ValidationError as error:  # the institution rule, checked by Booking.save()
        raise BookingRefused(RefusalCode.OUTSIDE_INSTITUTION, " ".join(error.messages)) from error


def _lock_slots(slot_ids: list[int]) -> dict[int, Slot]:
    # Only the slot rows are locked; their agenda, department and establishment
    # come along for the checks (the database trigger share-locks those).
    slots = Slot.objects.select_related(
        "agenda__department__establishment", "agenda__practitioner"
    ).filter(pk__in=slot_ids)
    found = {slot.pk: slot for slot in lock_slots(slots)}
    if len(found) != len(set(slot_ids)):
        raise BookingRefused(RefusalCode.UNKNOWN_SLOT, _("This appointment slot does not exist."))
    return found


def _check_slot(slot: Slot, reason: VisitReason, channel: str, now) -> None:
    if slot.start <= now:
        raise BookingRefused(RefusalCode.PAST_SLOT, _("This slot is in the past."))
    notice = datetime.timedelta(minutes=settings.BOOKING_MIN_NOTICE_MINUTES)
    if not is_staff_channel(channel) and slot.start < now + notice:
        raise BookingRefused(RefusalCode.TOO_SOON, _("This slot is too soon to be booked online."))
    if slot.status != Slot.Status.OPEN:
        raise BookingRefused(RefusalCode.SLOT_CLOSED, _("This slot is closed."))
    _ensure_free(slot, now)
    _check_reason(slot, reason, channel)


def _check_reason(slot: Slot, reason: VisitReason, channel: str) -> None:
    if reason.agenda_id != slot.agenda_id:
        raise BookingRefused(
            RefusalCode.WRONG_REASON, _("This visit reason is not offered in this agenda.")
        )
    if not is_staff_channel(channel) and not reason.online_bookable:
        raise BookingRefused(
            RefusalCode.NOT_ONLINE, _("This visit reason cannot be booked online.")
        )
    if not offered_reasons(slot, channel).filter(pk=reason.pk).exists():
        raise BookingRefused(
            RefusalCode.WRONG_REASON, _("This visit reason is not offered in this slot.")
        )


def _check_newcomer(reason: VisitReason, returning: bool) -> None:
    """A reason for first visits only, or for patients already followed only."""
    if returning and not reason.for_returning_patients:
        raise BookingRefused(
            RefusalCode.NOT_FOR_RETURNING_PATIENTS, _("This reason is for a first visit.")
        )
    if not returning and not reason.for_new_patients:
        raise BookingRefused(
            RefusalCode.NOT_FOR_NEW_PATIENTS,
            _("This reason is for patients already followed here."),
        )


def _check_person(patient: Patient, slot: Slot, now, *, ignoring=None) -> None:
    """No two overlapping appointments, and no more than the cap per specialty,
    counted over every record of the person."""
    upcoming = (
        Booking.objects.holding(now)
        .filter(patient__in=patients.records_of(patient).values("pk"))
        .filter(status__in=[Booking.Status.BOOKED, Booking.Status.PENDING])
        .filter(slot__start__gte=now)
        .exclude(pk=getattr(ignoring, "pk", None))
        .values_list("slot__start", "slot__end", "slot__agenda__department__specialty_id")
        .order_by()
    )
    held = list(upcoming)
    if any(start < slot.end and end > slot.start for start, end, _ in held):
        raise BookingRefused(
            RefusalCode.OVERLAP, _("You already have an appointment at this time.")
        )
    specialty_id = slot.agenda.department.specialty_id
    same = sum(1 for _, _, specialty in held if specialty == specialty_id)
    if specialty_id is not None and same >= settings.MAX_UPCOMING_BOOKINGS_PER_SPECIALTY:
        raise BookingRefused(
            RefusalCode.CAP_REACHED,
            _("You already hold %(count)d upcoming appointments in this specialty.")
            % {"count": same},
        )


def _replay(idempotency_key: str, slot_id: int) -> Booking | None:
    previous = Booking.objects.filter(idempotency_key=idempotency_key).first()
    if previous is None:
        return None
    if previous.slot_id != slot_id:
        raise BookingRefused(
            RefusalCode.IDEMPOTENCY_MISMATCH,
            _("This request key was already used for another booking."),
        )
    return previous


def _explain(error: IntegrityError, idempotency_key: str | None, slot_id: int) -> Booking:
    """Turn a refusal by the database into a BookingRefused (or the replayed booking)."""
    if idempotency_key and (replayed := _replay(idempotency_key, slot_id)):
        return replayed
    if is_rule_refusal(error):
        raise BookingRefused(RefusalCode.OUTSIDE_INSTITUTION, refusal_message(error)) from error
    raise _slot_taken() from error


def _slot_taken() -> BookingRefused:
    return BookingRefused(
        RefusalCode.SLOT_TAKEN, _("This slot has just been taken. Please choose another.")
    )


# --- holds and their confirmation -----------------------------------------------


def _digest(booking_public_id, code: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{booking_public_id}:{code}".encode(), hashlib.sha256).hexdigest()


def _hold_fields(code: str, now) -> dict:
    # The digest needs the booking's public id, which exists before the row does.
    public_id = uuid.uuid4()
    return {
        "public_id": public_id,
        "status": Booking.Status.PENDING,
        "hold_expires_at": now + datetime.timedelta(minutes=settings.BOOKING_HOLD_MINUTES),
        "confirmation_digest": _digest(public_id, code),
    }


def _ensure_free(slot: Slot, now) -> None:
    """Under the slot's lock: refuse a slot with a live booking; a lapsed hold
    gives the slot back (and stays, cancelled)."""
    for booking in slot.bookings.active().order_by():
        if booking.status == Booking.Status.PENDING and booking.hold_expires_at <= now:
            _mark_cancelled(booking, "confirmation expired", None, now)
        else:
            raise _slot_taken()


def release_expired_holds(now=None) -> int:
    """For cron: cancel every lapsed hold. Returns how many were released."""
    now = now or timezone.now()
    released = 0
    lapsed = Booking.objects.filter(status=Booking.Status.PENDING, hold_expires_at__lte=now)
    for booking in lapsed.order_by("pk").values_list("pk", flat=True):
        with transaction.atomic(durable=True):
            locked = (
                Booking.objects.select_for_update()
                .filter(pk=booking, status=Booking.Status.PENDING, hold_expires_at__lte=now)
                .first()
            )
            if locked:
                _mark_cancelled(locked, "confirmation expired", None, now)
                released += 1
    return released


def confirm(booking: Booking, *, code: str, now=None) -> Booking:
    """Turn a hold into a booking once the patient gives the code they received.

    A refusal is raised after the transaction commits, so that a wrong code
    still counts as an attempt and a lapsed hold still releases its slot."""
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        locked = Booking.objects.select_for_update().get(pk=booking.pk)
        refusal = _confirmation_refusal(locked, code, now)
        if refusal is None:
            locked.status = Booking.Status.BOOKED
            locked.hold_expires_at = None
            locked.confirmation_digest = ""
            locked.save(update_fields=["status", "hold_expires_at", "confirmation_digest"])
    if refusal is not None:
        raise refusal
    return locked


def _confirmation_refusal(booking: Booking, code: str, now) -> BookingRefused | None:
    if booking.status == Booking.Status.BOOKED:
        # A replay changes nothing, and reveals nothing: the link to manage
        # the booking went to the patient's mailbox only.
        return BookingRefused(
            RefusalCode.ALREADY_CONFIRMED,
            _("This appointment is already confirmed: the link to manage it is in your email."),
        )
    if booking.status != Booking.Status.PENDING:
        return BookingRefused(
            RefusalCode.NOT_PENDING, _("This booking can no longer be confirmed.")
        )
    if booking.hold_expires_at <= now:
        _mark_cancelled(booking, "confirmation expired", None, now)
        return BookingRefused(
            RefusalCode.HOLD_EXPIRED,
            _("The time to confirm has run out and the slot was released."),
        )
    if hmac.compare_digest(booking.confirmation_digest, _digest(booking.public_id, code.strip())):
        return None
    booking.confirmation_attempts += 1
    booking.save(update_fields=["confirmation_attempts"])
    if booking.confirmation_attempts >= settings.BOOKING_CONFIRMATION_ATTEMPTS:
        _mark_cancelled(booking, "too many wrong confirmation codes", None, now)
        return BookingRefused(
            RefusalCode.TOO_MANY_ATTEMPTS,
            _("Too many wrong codes: the slot was released. Please start again."),
        )
    return BookingRefused(
        RefusalCode.WRONG_CODE, _("This code is not the one we sent. Please check it.")
    )


# --- cancel, move, outcome ----------------------------------------------------


def _lock_booking(booking: Booking) -> Booking:
    locked = Booking.objects.select_for_update().select_related("slot").get(pk=booking.pk)
    if locked.status != Booking.Status.BOOKED:
        raise BookingRefused(RefusalCode.NOT_ACTIVE, _("This appointment is no longer active."))
    return locked


def _check_cutoff(booking: Booking, by, now) -> bool:
    """True when staff override the patients' cutoff (the caller records it)."""
    cutoff = datetime.timedelta(hours=settings.PATIENT_CANCELLATION_CUTOFF_HOURS)
    if booking.slot.start - now >= cutoff:
        return False
    if not _is_staff(by):
        raise BookingRefused(
            RefusalCode.CUTOFF,
            _("Appointments can be changed online up to %(hours)d hours before. Please call us.")
            % {"hours": settings.PATIENT_CANCELLATION_CUTOFF_HOURS},
        )
    return True


def _record_override(booking: Booking, what: str) -> None:
    record(
        Action.OVERRIDE,
        "scheduling_booking",
        booking.pk,
        detail={"rule": "cancellation_cutoff", "change": what},
    )


def cancel(booking: Booking, *, reason: str, by=None, now=None) -> Booking:
    now = now or timezone.now()
    if not reason.strip():
        raise BookingRefused(
            RefusalCode.REASON_REQUIRED, _("Please give a reason for the cancellation.")
        )
    with acting_as(by), transaction.atomic(durable=True):
        locked = _lock_booking(booking)
        if _check_cutoff(locked, by, now):
            _record_override(locked, "cancel")
        _mark_cancelled(locked, reason.strip(), by, now)
    return locked


def _mark_cancelled(booking: Booking, reason: str, by, now) -> None:
    booking.status = Booking.Status.CANCELLED
    booking.cancelled_at = now
    booking.cancelled_by = by
    booking.cancel_reason = reason[:250]
    booking.save(update_fields=["status", "cancelled_at", "cancelled_by", "cancel_reason"])


def move(booking: Booking, *, to_slot: Slot | int, by=None, channel=None, now=None) -> Booking:
    """Cancel and rebook in one transaction: both happen, or neither."""
    now = now or timezone.now()
    new_slot_id = getattr(to_slot, "pk", to_slot)
    try:
        with acting_as(by), transaction.atomic(durable=True):
            lock_person(patients.identity_key(booking.patient))
            slots = _lock_slots([booking.slot_id, new_slot_id])  # a booking never changes slot
            locked = _lock_booking(booking)
            overridden = _check_cutoff(locked, by, now)
            moved = _create(
                slots[new_slot_id],
                locked.reason,
                locked.patient,
                channel or locked.channel,
                by,
                None,
                now,
                replacing=locked,
            )
            _mark_cancelled(locked, _("Moved to another slot"), by, now)
            if overridden:
                _record_override(locked, "move")
            return moved
    except IntegrityError as error:
        return _explain(error, None, new_slot_id)


def record_outcome(booking: Booking, *, honoured: bool, by, now=None) -> Booking:
    now = now or timezone.now()
    if not _is_staff(by):
        raise BookingRefused(
            RefusalCode.STAFF_ONLY, _("Only staff can record whether a patient came.")
        )
    with acting_as(by), transaction.atomic(durable=True):
        locked = _lock_booking(booking)
        if locked.slot.start > now:
            raise BookingRefused(
                RefusalCode.NOT_YET, _("This appointment has not taken place yet.")
            )
        locked.status = Booking.Status.HONOURED if honoured else Booking.Status.MISSED
        locked.save(update_fields=["status"])
    return locked
