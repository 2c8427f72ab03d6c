"""Book, cancel, move, and record the outcome of an appointment.

The one path for every change to a booking: the public site, the admin, the
portal, the API and the commands all call these functions. Each owns its
transaction (durable: never inside a caller's), with its audit events
(written by the database triggers), and refuses with a BookingRefused that
says why, never a 500.

Every change tells the patient (scheduling.services.notifications), by a
task enqueued once the change commits.

Locking (scheduling.services.locking): the person first (their cap and
overlaps span all their records), then the slot rows in primary-key order.
One slot is therefore booked by one transaction at a time; everyone else
waits for the lock, then sees the slot taken.
"""

import datetime
import hashlib
import hmac
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
from scheduling import tasks
from scheduling.models import Booking, Patient, Slot, VisitReason
from scheduling.selectors.reasons import is_staff_channel, offered_reasons
from scheduling.services import notifications, patients
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
    resuming: uuid.UUID | None = None,
    now: datetime.datetime | None = None,
) -> tuple[Booking, str | None]:
    """Hold a slot while the patient confirms their email address.

    Returns the pending booking and the one-time code mailed to them (None
    when the request is a replay and the code went out already). The code is
    derived from the hold and its round, never stored; the hold lapses after
    BOOKING_HOLD_MINUTES (a task releases it then).

    `resuming` is the hold this visitor made before (their session knows it):
    resubmitting the form for the same slot resumes it, with a new code,
    instead of finding the slot "just taken"; with another address, it is
    replaced, without the slot ever being free in between."""
    booking = _book(
        slot=slot,
        reason=reason,
        patient=patient,
        channel=channel,
        by=None,
        returning=returning,
        idempotency_key=idempotency_key,
        now=now or timezone.now(),
        hold=True,
        resuming=resuming,
    )
    if getattr(booking, "replayed", False):
        return booking, None  # a replayed request: the code was sent the first time
    return booking, code_for(booking)


def _book(
    *, slot, reason, patient, channel, by, returning, idempotency_key, now, hold, resuming=None
):
    slot_id = getattr(slot, "pk", slot)
    if idempotency_key and (replayed := _replay(idempotency_key, slot_id, patient)):
        return replayed
    try:
        with acting_as(by), transaction.atomic(durable=True):
            lock_person(patients.identity_key(patient))
            # A concurrent retry may have committed while this one waited for the lock.
            if idempotency_key and (replayed := _replay(idempotency_key, slot_id, patient)):
                return replayed
            if idempotency_key and Booking.objects.filter(idempotency_key=idempotency_key).exists():
                idempotency_key = None  # the form's first submission had other details
            if not isinstance(patient, Patient):
                patient = patients.record_for(patient, by=by)
            locked = _lock_slots([slot_id])[slot_id]
            if not isinstance(reason, VisitReason):
                reason = VisitReason.objects.get(pk=reason)
            _check_newcomer(reason, returning)
            if resuming and (resumed := _resume(locked, resuming, patient, now)):
                return resumed
            booking = _create(locked, reason, patient, channel, by, idempotency_key, now, hold=hold)
            if hold:
                _held(booking)
            else:
                notifications.booked(booking, by=by, now=now)
            return booking
    except IntegrityError as error:
        return _explain(error, idempotency_key, slot_id)


def _held(booking: Booking) -> None:
    # Another system (FHIR $hold) confirms its holds itself ($book): the
    # patient gets the booking's confirmation then, and no code to type.
    if booking.channel != Booking.Channel.API:
        notifications.code_sent(booking)
    if tasks.can_defer():
        tasks.later(tasks.release_hold, booking.pk, run_after=booking.hold_expires_at)


def _resume(slot: Slot, public_id: uuid.UUID, patient: Patient, now) -> Booking | None:
    """Under the slot's lock: this visitor's own live hold of this slot, resumed
    with a new code when the patient is the same record; released when they
    changed their details (a new hold follows at once)."""
    own = slot.bookings.filter(
        public_id=public_id, status=Booking.Status.PENDING, hold_expires_at__gt=now
    ).first()
    if own is None:
        return None
    if own.patient_id != patient.pk:
        mark_cancelled(own, "replaced by the patient's new details", None, now, freed=False)
        return None
    if own.code_round < settings.BOOKING_CODE_RESENDS:
        _next_code(own)
    return own


def _create(slot, reason, patient, channel, by, idempotency_key, now, *, hold=False) -> Booking:
    _check_slot(slot, reason, channel, now)
    _check_person(patient, slot, now)
    try:
        return Booking.objects.create(
            slot=slot,
            reason=reason,
            patient=patient,
            channel=channel,
            created_by=by,
            idempotency_key=idempotency_key or None,
            **(_hold_fields(now) if hold else {}),
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
    if not slot.agenda.is_active:
        raise BookingRefused(RefusalCode.AGENDA_CLOSED, _("This agenda is not open for booking."))
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


def _replay(idempotency_key: str, slot_id: int, patient=None) -> Booking | None:
    """The booking a retried request made already. A resubmitted form with
    other details (a new address) is not a replay: it goes on, without the key."""
    previous = (
        Booking.objects.select_related("patient").filter(idempotency_key=idempotency_key).first()
    )
    if previous is None:
        return None
    if previous.slot_id != slot_id:
        raise BookingRefused(
            RefusalCode.IDEMPOTENCY_MISMATCH,
            _("This request key was already used for another booking."),
        )
    if patient is not None and not _same_details(previous.patient, patient):
        return None
    previous.replayed = True
    return previous


def _same_details(record: Patient, patient) -> bool:
    if isinstance(patient, Patient):
        return record.pk == patient.pk
    return record.email.casefold() == patient.email.casefold() and patients.identity_key(
        record
    ) == patients.identity_key(patient)


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


def _derive_code(public_id, code_round: int) -> str:
    key = settings.SECRET_KEY.encode()
    mac = hmac.new(key, f"code:{public_id}:{code_round}".encode(), hashlib.sha256).digest()
    return f"{int.from_bytes(mac[:8], 'big') % 10**6:06d}"


def code_for(booking: Booking) -> str:
    """The code of the hold's current round. Derived from the hold and a key,
    never stored: the task that mails it carries only the booking's id."""
    return _derive_code(booking.public_id, booking.code_round)


def _hold_fields(now) -> dict:
    # The digest needs the booking's public id, which exists before the row does.
    public_id = uuid.uuid4()
    return {
        "public_id": public_id,
        "status": Booking.Status.PENDING,
        "hold_expires_at": now + datetime.timedelta(minutes=settings.BOOKING_HOLD_MINUTES),
        "confirmation_digest": _digest(public_id, _derive_code(public_id, 0)),
    }


def _next_code(booking: Booking) -> None:
    """A new code for a hold: the previous one stops working."""
    booking.code_round += 1
    booking.confirmation_digest = _digest(booking.public_id, code_for(booking))
    booking.save(update_fields=["code_round", "confirmation_digest"])
    notifications.code_sent(booking)


def _ensure_free(slot: Slot, now) -> None:
    """Under the slot's lock: refuse a slot with a live booking; a lapsed hold
    gives the slot back (and stays, cancelled)."""
    for booking in slot.bookings.active().order_by():
        if booking.status == Booking.Status.PENDING and booking.hold_expires_at <= now:
            mark_cancelled(booking, "confirmation expired", None, now, freed=False)
        else:
            raise _slot_taken()


def _lock_pending(booking_id: int) -> Booking | None:
    return (
        Booking.objects.select_for_update()
        .filter(pk=booking_id, status=Booking.Status.PENDING)
        .first()
    )


def release_hold(booking_id: int, now=None) -> bool:
    """Give back the slot of one hold whose time has run out (its scheduled task)."""
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        locked = _lock_pending(booking_id)
        if locked is None or locked.hold_expires_at > now:
            return False
        mark_cancelled(locked, "confirmation expired", None, now)
        return True


def release_expired_holds(now=None) -> int:
    """Cancel every lapsed hold (a command; each hold's own task does it too).
    Returns how many were released."""
    now = now or timezone.now()
    lapsed = Booking.objects.filter(status=Booking.Status.PENDING, hold_expires_at__lte=now)
    return sum(release_hold(pk, now) for pk in lapsed.order_by("pk").values_list("pk", flat=True))


def release_unreachable(booking_id: int, *, code_round: int, now=None) -> bool:
    """The code could not be sent, after every attempt: no slot stays held by
    nobody. The confirmation page then says so."""
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        locked = _lock_pending(booking_id)
        if locked is None or locked.code_round != code_round:
            return False
        mark_cancelled(locked, CODE_NOT_SENT, None, now)
        return True


CODE_NOT_SENT = "the confirmation code could not be sent"


def resend_code(booking: Booking, *, now=None) -> Booking:
    """Send a new code for a live hold, at most BOOKING_CODE_RESENDS times."""
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        locked = _lock_pending(booking.pk)
        if locked is None:
            refusal = BookingRefused(
                RefusalCode.NOT_PENDING, _("This booking can no longer be confirmed.")
            )
        elif locked.hold_expires_at <= now:
            mark_cancelled(locked, "confirmation expired", None, now)
            refusal = BookingRefused(
                RefusalCode.HOLD_EXPIRED,
                _("The time to confirm has run out and the slot was released."),
            )
        elif locked.code_round >= settings.BOOKING_CODE_RESENDS:
            refusal = BookingRefused(
                RefusalCode.TOO_MANY_RESENDS,
                _("The code has been sent too many times. Please check your address."),
            )
        else:
            _next_code(locked)
            return locked
    raise refusal


def confirm(booking: Booking, *, code: str, now=None) -> Booking:
    """Turn a hold into a booking once the patient gives the code they received.

    A refusal is raised after the transaction commits, so that a wrong code
    still counts as an attempt and a lapsed hold still releases its slot."""
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        locked = Booking.objects.select_for_update().get(pk=booking.pk)
        refusal = _confirmation_refusal(locked, code, now)
        if refusal is None:
            _finalise(locked, now)
    if refusal is not None:
        raise refusal
    return locked


def _finalise(booking: Booking, now) -> None:
    """A hold becomes a booking: its confirmation and reminders follow."""
    booking.status = Booking.Status.BOOKED
    booking.hold_expires_at = None
    booking.confirmation_digest = ""
    booking.save(update_fields=["status", "hold_expires_at", "confirmation_digest"])
    notifications.booked(booking, now=now)


def attempts_left(booking: Booking) -> int:
    return max(0, settings.BOOKING_CONFIRMATION_ATTEMPTS - booking.confirmation_attempts)


def _confirmation_refusal(booking: Booking, code: str, now) -> BookingRefused | None:
    if booking.status == Booking.Status.BOOKED:
        # A replay changes nothing, and reveals nothing: the link to manage
        # the booking went to the patient's mailbox only.
        return BookingRefused(
            RefusalCode.ALREADY_CONFIRMED,
            _("This appointment is already confirmed: the link to manage it is in your email."),
        )
    if booking.status != Booking.Status.PENDING or not booking.confirmation_digest:
        return BookingRefused(
            RefusalCode.NOT_PENDING, _("This booking can no longer be confirmed.")
        )
    if booking.hold_expires_at <= now:
        mark_cancelled(booking, "confirmation expired", None, now)
        return BookingRefused(
            RefusalCode.HOLD_EXPIRED,
            _("The time to confirm has run out and the slot was released."),
        )
    if hmac.compare_digest(booking.confirmation_digest, _digest(booking.public_id, code.strip())):
        return None
    booking.confirmation_attempts += 1
    booking.save(update_fields=["confirmation_attempts"])
    if booking.confirmation_attempts >= settings.BOOKING_CONFIRMATION_ATTEMPTS:
        mark_cancelled(booking, "too many wrong confirmation codes", None, now)
        return BookingRefused(
            RefusalCode.TOO_MANY_ATTEMPTS,
            _("Too many wrong codes: the slot was released. Please start again."),
        )
    return BookingRefused(
        RefusalCode.WRONG_CODE,
        _("This code is not the one we sent. Please check it (%(left)d attempts left).")
        % {"left": attempts_left(booking)},
    )


# --- holds for the waiting list (inside the waiting-list service's transaction) --------


def hold_for_offer(
    *, slot_id: int, reason: VisitReason, patient: Patient, returning: bool, until, now
) -> Booking:
    """Hold a slot for a waiting-list patient until `until`, under the booking
    rules (the slot, the reason, the cap, overlaps, the institution rule).
    It needs no code: the signed link in the offer accepts it."""
    lock_person(patients.identity_key(patient))
    slot = _lock_slots([slot_id])[slot_id]
    _check_newcomer(reason, returning)
    offer = _create(slot, reason, patient, Booking.Channel.WEB, None, None, now, hold=True)
    offer.hold_expires_at = min(until, slot.start)
    offer.confirmation_digest = ""
    offer.save(update_fields=["hold_expires_at", "confirmation_digest"])
    return offer


def take_offer(offer: Booking, *, now) -> Booking | None:
    """The patient takes a held offer: it becomes a booking, the cap and
    overlaps checked again as of now. None when the offer has lapsed (its
    slot is then given back)."""
    lock_person(patients.identity_key(offer.patient))
    _lock_slots([offer.slot_id])
    locked = Booking.objects.select_for_update().select_related("slot__agenda").get(pk=offer.pk)
    if locked.status != Booking.Status.PENDING:
        return None
    if locked.hold_expires_at <= now:
        mark_cancelled(locked, "waiting-list offer lapsed", None, now)
        return None
    _check_person(locked.patient, locked.slot, now, ignoring=locked)
    _finalise(locked, now)
    return locked


# --- cancel, move, outcome ----------------------------------------------------


def _lock_booking(booking: Booking) -> Booking:
    locked = (
        Booking.objects.select_for_update()
        .select_related("slot__agenda__department__establishment", "patient")
        .get(pk=booking.pk)
    )
    if locked.status != Booking.Status.BOOKED:
        raise BookingRefused(RefusalCode.NOT_ACTIVE, _("This appointment is no longer active."))
    return locked


def call_us(booking: Booking) -> str:
    """'Please call …' with the department's number, for refusals that need staff."""
    department = booking.slot.agenda.department
    if not department.contact_phone:
        return _("Please call the department.")
    return _("Please call %(department)s on %(phone)s.") % {
        "department": department.name,
        "phone": department.contact_phone_display,
    }


def _check_cutoff(booking: Booking, by, now) -> bool:
    """True when staff override the patients' cutoff (the caller records it)."""
    cutoff = datetime.timedelta(hours=settings.PATIENT_CANCELLATION_CUTOFF_HOURS)
    if booking.slot.start - now >= cutoff:
        return False
    if not _is_staff(by):
        raise BookingRefused(
            RefusalCode.CUTOFF,
            _("Appointments can be changed online up to %(hours)d hours before.")
            % {"hours": settings.PATIENT_CANCELLATION_CUTOFF_HOURS}
            + " "
            + call_us(booking),
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
    """Cancel an appointment, whoever asks; the patient is told, with the
    department's number and a link to book again."""
    now = now or timezone.now()
    if not reason.strip():
        raise BookingRefused(
            RefusalCode.REASON_REQUIRED, _("Please give a reason for the cancellation.")
        )
    with acting_as(by), transaction.atomic(durable=True):
        locked = _lock_booking(booking)
        if _check_cutoff(locked, by, now):
            _record_override(locked, "cancel")
        mark_cancelled(locked, reason.strip(), by, now)
        notifications.cancelled(locked, by=by)
    return locked


def mark_cancelled(booking: Booking, reason: str, by, now, *, freed: bool = True) -> None:
    """Cancel one booking, locked inside the caller's transaction (the agendas
    and waiting-list services use it too). `freed`: its slot is free again, so the
    waiting list is asked (not when the caller books the slot at once)."""
    booking.status = Booking.Status.CANCELLED
    booking.cancelled_at = now
    booking.cancelled_by = by
    booking.cancel_reason = reason[:250]
    booking.to_rebook = False
    booking.sequence += 1
    booking.save(
        update_fields=[
            "status",
            "cancelled_at",
            "cancelled_by",
            "cancel_reason",
            "to_rebook",
            "sequence",
        ]
    )
    if freed:
        slot_freed(booking.slot_id)


def slot_freed(slot_id: int) -> None:
    """A slot is free again: once this commits, its waiting list is offered it."""
    from scheduling.services.waitlist import waiting_for

    slot = Slot.objects.select_related("agenda__department").get(pk=slot_id)
    if waiting_for(slot).exists():
        tasks.later(tasks.offer_freed_slot, slot_id)


def move(booking: Booking, *, to_slot: Slot | int, by=None, channel=None, now=None) -> Booking:
    """Move the appointment to another slot, in place.

    The booking keeps its identity (public id, private link, calendar UID)
    and takes the new slot; its revision (`sequence`) goes up, so calendar
    apps replace the event, reminders follow the new time, and the audit
    trail records the slot change on the booking's row. The checks are those
    of a new booking (`channel`: whose rules apply; staff pass theirs)."""
    now = now or timezone.now()
    new_slot_id = getattr(to_slot, "pk", to_slot)
    try:
        with acting_as(by), transaction.atomic(durable=True):
            lock_person(patients.identity_key(booking.patient))
            slots = _lock_slots([booking.slot_id, new_slot_id])
            locked = _lock_booking(booking)
            if locked.slot_id not in slots or new_slot_id == locked.slot_id:
                raise _slot_taken()  # moved meanwhile, or "moved" to where it is
            overridden = _check_cutoff(locked, by, now)
            target, old = slots[new_slot_id], slots[locked.slot_id]
            _check_slot(target, locked.reason, channel or locked.channel, now)
            _check_person(locked.patient, target, now, ignoring=locked)
            _take_slot(locked, target)
            if overridden:
                _record_override(locked, "move")
            notifications.moved(locked, old_start=old.start, by=by, now=now)
            slot_freed(old.pk)
            return locked
    except IntegrityError as error:
        return _explain(error, None, new_slot_id)


def _take_slot(booking: Booking, slot: Slot) -> None:
    booking.slot = slot
    booking.sequence += 1
    booking.to_rebook = False
    try:
        booking.save(update_fields=["slot", "sequence", "to_rebook"])
    except ValidationError as error:  # the institution rule, checked by Booking.save()
        raise BookingRefused(RefusalCode.OUTSIDE_INSTITUTION, " ".join(error.messages)) from error


def _is_api_client(user) -> bool:
    """The service account of another system of the institution (an API client)."""
    return user is not None and hasattr(user, "api_client")


def _staff_only(by, *, or_system: bool = False) -> None:
    """Staff only, or (`or_system`) also another system of the institution."""
    if not (_is_staff(by) or (or_system and _is_api_client(by))):
        raise BookingRefused(
            RefusalCode.STAFF_ONLY, _("Only staff can record whether a patient came.")
        )


def check_in(booking: Booking, *, by, now=None) -> Booking:
    """The front desk saw the patient arrive, on the appointment's day."""
    now = now or timezone.now()
    _staff_only(by)
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


def record_outcome(booking: Booking, *, honoured: bool, by, now=None) -> Booking:
    now = now or timezone.now()
    _staff_only(by, or_system=True)
    with acting_as(by), transaction.atomic(durable=True):
        locked = _lock_booking(booking)
        if locked.slot.start > now:
            raise BookingRefused(
                RefusalCode.NOT_YET, _("This appointment has not taken place yet.")
            )
        locked.status = Booking.Status.HONOURED if honoured else Booking.Status.MISSED
        locked.to_rebook = False
        locked.save(update_fields=["status", "to_rebook"])
    return locked


def confirm_for_system(booking: Booking, *, by, now=None) -> Booking:
    """Another system's hold (FHIR $hold) confirmed by that same system ($book):
    it stands for the patient, who has no code to type."""
    if booking.channel != Booking.Channel.API:
        raise BookingRefused(RefusalCode.NOT_PENDING, _("This booking can no longer be confirmed."))
    with acting_as(by):
        return confirm(booking, code=code_for(booking), now=now)
