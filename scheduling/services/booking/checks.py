"""Every check a booking passes, in one place.

A booking is made, moved or confirmed only if its slot is bookable (not
past, not too soon online, open, in an open agenda, free), its reason is
offered in that slot to that channel and to that patient (new or followed),
and the person holds no overlapping appointment and stays under the cap per
specialty (in words that reveal the person's other appointments only to
whoever may know them: check_person). Patients change an appointment only up to the cutoff; staff may
go past it (the caller records the override). Each check raises a
BookingRefused that says why.

The checks run under the locks the caller took (services.locking): the
person's, then the slots'.
"""

import datetime
import functools
from typing import NamedTuple

from django.conf import settings
from django.utils.translation import gettext as _

from scheduling.models import Booking, BookingQuerySet, Patient, Slot, VisitReason
from scheduling.selectors import api_scope
from scheduling.selectors.access import known_departments
from scheduling.selectors.reasons import is_staff_channel, offered_reasons
from scheduling.services import notifications, patients
from scheduling.services.booking import makers
from scheduling.services.booking.cancelling import mark_cancelled
from scheduling.services.locking import lock_api_client
from scheduling.services.refusals import BookingRefused, PersonRefused, RefusalCode


def is_staff(user) -> bool:
    return user is not None and user.is_staff


def is_api_client(user) -> bool:
    """The service account of another system of the institution (an API client)."""
    return user is not None and hasattr(user, "api_client")


def staff_only(by, *, or_system: bool = False) -> None:
    """Staff only, or (`or_system`) also another system of the institution."""
    if not (is_staff(by) or (or_system and is_api_client(by))):
        raise BookingRefused(
            RefusalCode.STAFF_ONLY, _("Only staff can record whether a patient came.")
        )


def check_open_holds(holder, now) -> None:
    """An API client holds at most API_OPEN_HOLDS_PER_CLIENT slots at once (its
    holds neither booked, released nor lapsed): one system cannot empty an
    agenda by holding it. Counted under the client's lock, taken first, so
    that concurrent holds are counted one after the other."""
    lock_api_client(holder.pk)
    open_holds = Booking.objects.filter(
        held_by=makers.api_client(holder), status=Booking.Status.PENDING, hold_expires_at__gt=now
    ).count()
    cap = settings.API_OPEN_HOLDS_PER_CLIENT
    if open_holds >= cap:
        raise BookingRefused(
            RefusalCode.TOO_MANY_HOLDS,
            _(
                "This API client already holds %(cap)d slots, the most it may hold at once: "
                "book or cancel some of its holds, or wait until they lapse."
            )
            % {"cap": cap},
        )


def check_partner(slot: Slot, author, channel: str) -> None:
    """A partner portal books on its own channel, and only in the agendas opted
    in to it; nobody else books on that channel. Out of its agendas the slot
    does not exist, in the same words as one that does not (the database
    refuses it too: scheduling/rules/partners.py)."""
    partner = api_scope.partner_of(author)
    if (channel == Booking.Channel.PARTNER) != (partner is not None):
        raise BookingRefused(
            RefusalCode.INVALID, _("Only a partner portal books on the partner channel.")
        )
    if partner is not None and not api_scope.opted_in(partner, slot.agenda_id):
        raise BookingRefused(RefusalCode.UNKNOWN_SLOT, _("This appointment slot does not exist."))


def slot_taken() -> BookingRefused:
    return BookingRefused(
        RefusalCode.SLOT_TAKEN, _("This slot has just been taken. Please choose another.")
    )


def check_slot(slot: Slot, reason: VisitReason, channel: str, now) -> None:
    if slot.start <= now:
        raise BookingRefused(RefusalCode.PAST_SLOT, _("This slot is in the past."))
    notice = datetime.timedelta(minutes=settings.BOOKING_MIN_NOTICE_MINUTES)
    if not is_staff_channel(channel) and slot.start < now + notice:
        raise BookingRefused(RefusalCode.TOO_SOON, _("This slot is too soon to be booked online."))
    if slot.status != Slot.Status.OPEN:
        raise BookingRefused(RefusalCode.SLOT_CLOSED, _("This slot is closed."))
    if not slot.is_open_to(channel, now):
        raise BookingRefused(
            RefusalCode.SLOT_RESERVED,
            _("This slot is kept for other channels for now. Please choose another."),
        )
    if not slot.agenda.is_active:
        raise BookingRefused(RefusalCode.AGENDA_CLOSED, _("This agenda is not open for booking."))
    ensure_free(slot, now)
    check_reason(slot, reason, channel)


def ensure_free(slot: Slot, now) -> None:
    """Under the slot's lock: refuse a slot with a live booking; a lapsed hold
    gives the slot back (and stays, cancelled), whether or not the task that
    releases it has run."""
    for booking in _occupying().filter(slot=slot):
        if booking.status == Booking.Status.PENDING and booking.hold_expires_at <= now:
            mark_cancelled(booking, "confirmation expired", None, now, freed=False)
        else:
            raise slot_taken()


@functools.cache
def _occupying() -> BookingQuerySet:
    return Booking.objects.not_cancelled().order_by()  # built once per process


def check_reason(slot: Slot, reason: VisitReason, channel: str) -> None:
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


def check_newcomer(reason: VisitReason, returning: bool) -> None:
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


class _Held(NamedTuple):
    """One of the person's upcoming appointments, as the person checks see it."""

    pk: int
    patient_id: int
    start: datetime.datetime
    end: datetime.datetime
    department_id: int
    specialty_id: int | None


# Nobody's appointments: what a visitor of the public site may be told.
NOTHING: frozenset[int] = frozenset()


def known_to(by) -> frozenset[int] | None:
    """The departments whose appointments `by` may be told about: an API
    client's scope, a staff member's departments; None (all) for the system.
    A partner portal is told about none: it learns nothing of a patient's
    other appointments, its own included, beyond one generic refusal."""
    if api_scope.partner_of(by) is not None:
        return NOTHING
    if is_api_client(by):
        return api_scope.department_ids(by.api_client)
    if is_staff(by):
        return known_departments(by)
    return None


def check_person(
    patient: Patient, slot: Slot, now, *, ignoring=None, known: frozenset[int] | None = None
) -> None:
    """No two overlapping appointments, and no more than the cap per specialty,
    counted over every record of the person (a name and a birth date).

    The refusal tells about the person's other appointments, wherever they
    are: health data. Its words are precise only when the caller may know
    every appointment in the way (each lies in `known`, the departments the
    caller may be told about; None: all). Anyone else gets one refusal,
    PERSON_CONFLICT, the same whatever the cause, the place or the time, so
    an API client out of scope learns nothing of where or when the person is
    booked. The public site never calls this before the visitor has given
    the code mailed to them, and even then shows only the generic words
    (person_refusal)."""
    held = _upcoming(patient, now, ignoring)
    overlapping = [h for h in held if h.start < slot.end and h.end > slot.start]
    if overlapping:
        message = _("You already have an appointment at this time.")
        raise _refused(RefusalCode.OVERLAP, message, overlapping, known)
    specialty_id = slot.agenda.department.specialty_id
    same = [h for h in held if h.specialty_id == specialty_id]
    if specialty_id is not None and len(same) >= settings.MAX_UPCOMING_BOOKINGS_PER_SPECIALTY:
        message = _("You already hold %(count)d upcoming appointments in this specialty.") % {
            "count": len(same)
        }
        raise _refused(RefusalCode.CAP_REACHED, message, same, known)


@functools.cache
def _held_rows() -> BookingQuerySet:
    """Bookings as _Held rows, built once per process (their three joins
    resolved once); each check adds the person and the time to a copy."""
    return (
        Booking.objects.vouched_for()
        .filter(status__in=[Booking.Status.BOOKED, Booking.Status.PENDING])
        .values_list(
            "pk",
            "patient_id",
            "slot__start",
            "slot__end",
            "slot__agenda__department_id",
            "slot__agenda__department__specialty_id",
        )
        # Sorted here, the person's few rows: no ORDER BY on the slot's start
        # for the planner to weigh against walking the slots by time.
        .order_by()
    )


def _upcoming(patient: Patient, now, ignoring) -> list[_Held]:
    rows = (
        _held_rows()
        .holding(now)
        .filter(patient__in=patients.records_of(patient).values("pk"), slot__start__gte=now)
        .exclude(pk=getattr(ignoring, "pk", None))
    )
    return sorted((_Held(*row) for row in rows), key=lambda held: (held.start, held.pk))


def _refused(cause: RefusalCode, message: str, blocking: list[_Held], known) -> PersonRefused:
    if known is None or all(h.department_id in known for h in blocking):
        return PersonRefused(cause, message, cause=cause, blocking=blocking)
    return PersonRefused(
        RefusalCode.PERSON_CONFLICT,
        _(
            "This appointment cannot be booked for this patient: their other "
            "appointments do not allow it, and they lie outside your scope."
        ),
        cause=cause,
        blocking=blocking,
    )


def person_refusal(booking: Booking, slot: Slot, now) -> PersonRefused | None:
    """check_person for a visitor of the public site, about to turn `booking`
    into an appointment at `slot` (a hold they confirm with its code, a
    booking they move through its private link, an offer they take).

    Proving an email address does not prove who the named person is: the
    person is matched by name and birth date over all their records, so
    anyone who typed someone else's name with their own address could read
    that person's appointments here. The screen therefore gets the same
    words whatever blocks the booking, and the precise reason goes by email
    to each of the person's records that holds an appointment in the way, and
    only about that record's own appointments (notifications.blocked). The
    caller writes what it changes and raises the refusal once its
    transaction has committed, so that the notice leaves."""
    try:
        check_person(booking.patient, slot, now, ignoring=booking, known=NOTHING)
    except PersonRefused as refused:
        notifications.blocked(booking, slot=slot, cause=refused.cause, blocking=refused.blocking)
        return PersonRefused(
            RefusalCode.PERSON_CONFLICT,
            _(
                "This appointment cannot be booked for this patient because of their "
                "other appointments. We have sent the details to the email address we "
                "already hold for the patient, if we hold one."
            ),
            cause=refused.cause,
            blocking=refused.blocking,
        )
    return None


def call_us(booking: Booking) -> str:
    """'Please call …' with the department's number, for refusals that need staff."""
    department = booking.slot.agenda.department
    if not department.contact_phone:
        return _("Please call the department.")
    return _("Please call %(department)s on %(phone)s.") % {
        "department": department.name,
        "phone": department.contact_phone_display,
    }


def inside_cutoff(booking: Booking, now) -> bool:
    """Too close to the appointment for the patient to change it online."""
    cutoff = datetime.timedelta(hours=settings.PATIENT_CANCELLATION_CUTOFF_HOURS)
    return booking.slot.start - now < cutoff


def cutoff_words(booking: Booking) -> str:
    return (
        _("Appointments can be changed online up to %(hours)d hours before.")
        % {"hours": settings.PATIENT_CANCELLATION_CUTOFF_HOURS}
        + " "
        + call_us(booking)
    )


def check_cutoff(booking: Booking, by, now) -> bool:
    """Patients change an appointment only up to the cutoff. True when staff
    override it (the caller records the override)."""
    if not inside_cutoff(booking, now):
        return False
    if not is_staff(by):
        raise BookingRefused(RefusalCode.CUTOFF, cutoff_words(booking))
    return True
