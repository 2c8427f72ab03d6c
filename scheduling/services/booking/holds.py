"""Holds after they are made: confirmed with the code, given a new code,
released when their time runs out or their code cannot be sent; and the
waiting list's holds, offered to a patient and taken with a signed link.

A lapsed hold frees its slot whether or not its release has run: the
booking checks give it back under the slot's lock, and the search counts
it free (BookingQuerySet.holding). Its release task, or the sweep every
task worker makes when it starts and at every heartbeat
(scheduling.tasks.release_overdue_holds), records the cancellation and gives
the slot to the waiting list and the lists of first availability.
"""

import hmac

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.context import acting_as
from scheduling.models import Booking, Patient, VisitReason
from scheduling.rules.holds import acting_for
from scheduling.services import codes, notifications, patients
from scheduling.services.booking import checks, makers
from scheduling.services.booking.cancelling import mark_cancelled
from scheduling.services.booking.create import create_held, lock_slots_by_id, next_code
from scheduling.services.locking import lock_booking, lock_person, retrying
from scheduling.services.refusals import BookingRefused, RefusalCode

CODE_NOT_SENT = "the confirmation code could not be sent"
# Why a hold refused by the person checks was released. Staff of the slot's
# department read it, and they may not know the person's other departments:
# it names no cause (the person's notice does).
PERSON_REFUSED = "the person's other appointments do not allow it"


def _lock_pending(booking_id: int) -> Booking | None:
    locked = lock_booking(booking_id)  # its slot, then the booking
    return locked if locked is not None and locked.status == Booking.Status.PENDING else None


@retrying
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
    """Cancel every lapsed hold (the worker's sweep and a command; each hold's
    own task does it too). Returns how many were released."""
    now = now or timezone.now()
    lapsed = Booking.objects.filter(status=Booking.Status.PENDING, hold_expires_at__lte=now)
    return sum(release_hold(pk, now) for pk in lapsed.order_by("pk").values_list("pk", flat=True))


@retrying
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


@retrying
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
            next_code(locked)
            return locked
    raise refusal


def confirm(booking: Booking, *, code: str, now=None) -> Booking:
    """Turn a hold into a booking once the patient gives the code they received.

    A refusal is raised after the transaction commits, so that a wrong code
    still counts as an attempt, and a lapsed hold, or one the person's other
    appointments refuse, still releases its slot (and the person's notice leaves)."""
    return _confirm(booking, code=code, maker=None, now=now or timezone.now())


def confirm_for_system(booking: Booking, *, client, now=None) -> Booking:
    """Another system's hold (FHIR $hold) confirmed by that same system ($book):
    it stands for the patient, who has no code to type. Any other client is
    refused, here and by the database."""
    if booking.channel not in (Booking.Channel.API, Booking.Channel.PARTNER):
        raise BookingRefused(RefusalCode.NOT_PENDING, _("This booking can no longer be confirmed."))
    # A partner whose agenda opted out since the hold: refused (and by the database).
    checks.check_partner(booking.slot, booking.created_by, booking.channel)
    with acting_as(client.user):
        return _confirm(
            booking,
            code=codes.code_for(booking),
            maker=makers.api_client(client),
            now=now or timezone.now(),
        )


@retrying
def _confirm(booking: Booking, *, code: str, maker: str | None, now) -> Booking:
    """`maker` None: the patient's code is the proof, for the holds that take one."""
    with transaction.atomic(durable=True):
        lock_person(patients.identity_key(booking.patient))
        locked = lock_booking(booking.pk)
        if locked is None:
            raise Booking.DoesNotExist
        refusal = _not_the_maker(locked, maker) or _confirmation_refusal(locked, code, now)
        if refusal is None and locked.channel == Booking.Channel.WEB:
            refusal = _person_refusal(locked, now)
        if refusal is None:
            with acting_for(maker or locked.held_by):
                _finalise(locked, now)
    if refusal is not None:
        raise refusal
    return locked


def _not_the_maker(booking: Booking, maker: str | None) -> BookingRefused | None:
    confirmable = makers.made_by(booking, maker) if maker else makers.confirmed_with_code(booking)
    if confirmable or booking.status != Booking.Status.PENDING:
        return None
    return BookingRefused(RefusalCode.NOT_YOURS, _("This hold was made by someone else."))


def _person_refusal(hold: Booking, now) -> BookingRefused | None:
    """The visitor has shown they hold the address: now the person's other
    appointments are checked (checks.person_refusal), and a hold they refuse
    is released at once, not left until it lapses."""
    refusal = checks.person_refusal(hold, hold.slot, now)
    if refusal is not None:
        mark_cancelled(hold, PERSON_REFUSED, None, now)
    return refusal


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
    if hmac.compare_digest(
        booking.confirmation_digest, codes.digest(booking.public_id, code.strip())
    ):
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
    slot = lock_slots_by_id([slot_id])[slot_id]
    checks.check_newcomer(reason, returning)
    offer = create_held(slot, reason, patient, now)
    offer.hold_expires_at = min(until, slot.start)
    offer.confirmation_digest = ""
    offer.save(update_fields=["hold_expires_at", "confirmation_digest"])
    return offer


def take_offer(offer: Booking, *, now) -> Booking | None:
    """The patient takes a held offer: it becomes a booking, the cap and
    overlaps checked again as of now. None when the offer has lapsed (its
    slot is then given back). Whoever holds the offer's link has shown only
    that they read its address: a refusal here is the generic one, the
    offer is released, and the person is told why by mail
    (checks.person_refusal); the caller commits before it raises."""
    lock_person(patients.identity_key(offer.patient))
    # slot, then offer
    locked = lock_booking(offer.pk, related=("slot__agenda__department", "patient"))
    if locked.status != Booking.Status.PENDING or locked.held_by != makers.WAITLIST:
        return None  # not a live offer: a hold of someone else's is theirs to confirm
    if locked.hold_expires_at <= now:
        mark_cancelled(locked, "waiting-list offer lapsed", None, now)
        return None
    if refusal := checks.person_refusal(locked, locked.slot, now):
        # Raised to the waiting list's service, which commits the release and
        # the person's notice before it answers.
        mark_cancelled(locked, PERSON_REFUSED, None, now)
        raise refusal
    with acting_for(makers.WAITLIST):
        _finalise(locked, now)
    return locked
