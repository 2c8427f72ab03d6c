"""Making a booking: final at once (staff, the API), or held while the patient
confirms the code mailed to them (the public site).

Locking (scheduling.services.locking): the person first (their cap and
overlaps span all their records), then the slot rows in primary-key order.
One slot is therefore booked by one transaction at a time; everyone else
waits for the lock, then sees the slot taken. A request retried with its
idempotency key returns the booking the first one made.
"""

import contextlib
import datetime
import functools
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.context import acting_as
from hospital.db_refusals import is_rule_refusal, refusal_message
from hospital.models import Affiliation, Membership
from outbox import queue
from scheduling.models import ApiClient, Booking, Patient, Slot, VisitReason
from scheduling.rules.holds import acting_for
from scheduling.services import codes, notifications, patients
from scheduling.services.booking import checks, makers
from scheduling.services.booking.cancelling import mark_cancelled
from scheduling.services.locking import lock_person, lock_slots, retrying
from scheduling.services.patients import PatientDetails
from scheduling.services.refusals import BookingRefused, RefusalCode


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
        hold="",
    )


def hold(
    *,
    slot: Slot | int,
    reason: VisitReason | int,
    patient: Patient | PatientDetails,
    returning: bool,
    maker: str,
    channel: str = Booking.Channel.WEB,
    by=None,
    idempotency_key: str | None = None,
    resuming: uuid.UUID | None = None,
    api_client: ApiClient | None = None,
    now: datetime.datetime | None = None,
) -> tuple[Booking, str | None]:
    """Hold a slot while the patient confirms their email address.

    `maker` says who holds it (services/booking/makers.py): only they may
    confirm it, and the database checks (scheduling/rules/holds.py).

    Returns the pending booking and the one-time code mailed to them (None
    when the request is a replay and the code went out already). The code is
    derived from the hold and its round, never stored; the hold lapses after
    BOOKING_HOLD_MINUTES (a task releases it then).

    `resuming` is the hold this visitor made before (their session knows it):
    resubmitting the form for the same slot resumes it, with a new code,
    instead of finding the slot "just taken"; with another address, it is
    replaced, without the slot ever being free in between.

    `by` is another system holding for its patient (FHIR $hold, channel api):
    the person checks run at once, in words its scope allows. A visitor's
    hold (channel web) is checked for the person when its code comes back.

    `api_client`: the system holding the slot for its patient (FHIR $hold).
    The hold is its service account's, and counts against its cap of open
    holds (API_OPEN_HOLDS_PER_CLIENT)."""
    booking = _book(
        slot=slot,
        reason=reason,
        patient=patient,
        channel=channel,
        by=by or (api_client.user if api_client else None),
        holder=api_client,
        returning=returning,
        idempotency_key=idempotency_key,
        now=now or timezone.now(),
        hold=maker,
        resuming=resuming,
    )
    if getattr(booking, "replayed", False):
        return booking, None  # a replayed request: the code was sent the first time
    return booking, codes.code_for(booking)


@retrying
def _book(
    *,
    slot,
    reason,
    patient,
    channel,
    by,
    returning,
    idempotency_key,
    now,
    hold,
    resuming=None,
    holder=None,
):
    """`hold` is the hold's maker, or "" for a booking final at once."""
    slot_id = getattr(slot, "pk", slot)
    if idempotency_key and (replayed := _replay(idempotency_key, slot_id, patient)):
        return replayed
    try:
        declared = acting_for(hold) if hold else contextlib.nullcontext()
        with acting_as(by), transaction.atomic(durable=True), declared:
            if holder is not None:  # its lock first (services.locking's order)
                checks.check_open_holds(holder, now)
            lock_person(patients.identity_key(patient))
            # A concurrent retry may have committed while this one waited for the lock.
            if idempotency_key and (replayed := _replay(idempotency_key, slot_id, patient)):
                return replayed
            if idempotency_key and Booking.objects.filter(idempotency_key=idempotency_key).exists():
                idempotency_key = None  # the form's first submission had other details
            if not isinstance(patient, Patient):
                patient = patients.record_for(patient, by=by)
            locked = lock_slots_by_id([slot_id])[slot_id]
            if not isinstance(reason, VisitReason):
                reason = VisitReason.objects.get(pk=reason)
            checks.check_newcomer(reason, returning)
            if resuming and (resumed := _resume(locked, resuming, patient, now)):
                return resumed
            booking = _create(
                locked,
                reason,
                patient,
                channel,
                by,
                idempotency_key,
                now,
                hold=hold,
                visitor=bool(hold) and channel == Booking.Channel.WEB,
            )
            if hold:
                _held(booking)
            else:
                notifications.booked(booking, by=by, now=now)
            return booking
    except IntegrityError as error:
        return explain(error, idempotency_key, slot_id)


def _held(booking: Booking) -> None:
    # Another system (FHIR $hold) confirms its holds itself ($book): the
    # patient gets the booking's confirmation then, and no code to type.
    if booking.channel not in (Booking.Channel.API, Booking.Channel.PARTNER):
        notifications.code_sent(booking)
    if queue.can_defer():
        queue.enqueue("release_hold", booking.pk, run_after=booking.hold_expires_at)


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
        next_code(own)
    return own


def _create(
    slot, reason, patient, channel, by, idempotency_key, now, *, hold="", visitor=False
) -> Booking:
    checks.check_slot(slot, reason, channel, now)
    checks.check_partner(slot, by, channel)
    if not visitor:
        checks.check_person(patient, slot, now, known=checks.known_to(by))
    # else: a visitor's hold. Whoever typed the name and the birth date has not
    # yet shown they hold the address the code goes to: what the person's other
    # appointments allow is checked when the code comes back (holds.confirm),
    # so that nothing here depends on them.
    try:
        return Booking.objects.create(
            slot=slot,
            reason=reason,
            patient=patient,
            channel=channel,
            created_by=by,
            idempotency_key=idempotency_key or None,
            **(_hold_fields(now, hold, slot.start) if hold else {}),
        )
    except ValidationError as error:  # the institution rule, checked by Booking.save()
        raise BookingRefused(RefusalCode.OUTSIDE_INSTITUTION, " ".join(error.messages)) from error


def create_held(slot, reason, patient, now) -> Booking:
    """A hold of `slot` made inside the caller's transaction, under the
    booking checks (the waiting list's offers)."""
    with acting_for(makers.WAITLIST):
        return _create(
            slot, reason, patient, Booking.Channel.WEB, None, None, now, hold=makers.WAITLIST
        )


def _resolved_on_its_day() -> dict:
    """What the institution rule asks of a slot's local date, answered by the
    query that locks it (scheduling.rules.invariant reads these answers
    instead of asking two more queries per booking)."""
    day = OuterRef("its_day")
    return {
        "member_on_its_day": Exists(
            Membership.objects.covering(day).filter(
                establishment_id=OuterRef("agenda__department__establishment_id")
            )
        ),
        "affiliated_on_its_day": Exists(
            Affiliation.objects.covering(day).filter(
                practitioner_id=OuterRef("agenda__practitioner_id"),
                department_id=OuterRef("agenda__department_id"),
            )
        ),
    }


@functools.cache
def _slots_with_their_day() -> QuerySet[Slot]:
    """Slots with what the checks read of them: their agenda, department and
    establishment (the database trigger share-locks those), and whether the
    slot's day lies in a membership period and an affiliation. Built once per
    process: resolving its joins and its two EXISTS was a tenth of an API
    booking's CPU time; each use only adds its filter to a copy."""
    return (
        Slot.objects.select_related("agenda__department__establishment", "agenda__practitioner")
        .annotate(its_day=TruncDate("start"))
        .annotate(**_resolved_on_its_day())
    )


def lock_slots_by_id(slot_ids: list[int]) -> dict[int, Slot]:
    # Only the slot rows are locked; what comes along is read, not locked.
    found = {slot.pk: slot for slot in lock_slots(_slots_with_their_day().filter(pk__in=slot_ids))}
    if len(found) != len(set(slot_ids)):
        raise BookingRefused(RefusalCode.UNKNOWN_SLOT, _("This appointment slot does not exist."))
    return found


def _hold_fields(now, maker: str, start) -> dict:
    # The digest needs the booking's public id, which exists before the row does.
    public_id = uuid.uuid4()
    return {
        "public_id": public_id,
        "status": Booking.Status.PENDING,
        "held_by": maker,
        # A hold lapses at its slot's start at the latest: once the appointment
        # has started the history rules let nothing but its outcome and
        # check-in change, so a code typed (right or wrong) or sent again then
        # could not be recorded (BOOKING_MIN_NOTICE_MINUTES below the hold's
        # BOOKING_HOLD_MINUTES, or a staff or API hold made minutes before).
        "hold_expires_at": min(
            now + datetime.timedelta(minutes=settings.BOOKING_HOLD_MINUTES), start
        ),
        "confirmation_digest": codes.digest(public_id, codes.derive(public_id, 0)),
    }


def next_code(booking: Booking) -> None:
    """A new code for a hold: the previous one stops working."""
    booking.code_round += 1
    booking.confirmation_digest = codes.digest(booking.public_id, codes.code_for(booking))
    booking.save(update_fields=["code_round", "confirmation_digest"])
    notifications.code_sent(booking)


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


def explain(error: IntegrityError, idempotency_key: str | None, slot_id: int) -> Booking:
    """Turn a refusal by the database into a BookingRefused (or the replayed booking)."""
    if idempotency_key and (replayed := _replay(idempotency_key, slot_id)):
        return replayed
    if is_rule_refusal(error):
        raise BookingRefused(RefusalCode.OUTSIDE_INSTITUTION, refusal_message(error)) from error
    raise checks.slot_taken() from error
