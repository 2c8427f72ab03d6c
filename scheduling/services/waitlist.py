"""The waiting list: patients told when an earlier slot opens, first come, first served.

A patient joins the list of a practitioner's visit reason, or of a specialty
at an establishment, up to a date. When a slot that list may use frees (a cancellation, a move, a lapsed hold, a
new opening), `offer_slot` — run by a task once the change has committed —
offers it to the first in line: it holds the slot for them, as a pending
booking, for WAITLIST_OFFER_MINUTES, and tells them. The hold goes through
the booking service's checks (the slot, the reason, the cap per specialty,
overlaps, the institution rule); an entry those checks refuse is passed
over, with the reason, and the decision is written to the audit trail. If the
offer lapses or is declined, the slot frees again and the next in line gets
it; an accepted offer becomes a booking.

Locks: the waiting lists a slot may serve first — its department's specialty
at its establishment, which covers its agendas' own lists — one decision at
a time, so two slots freeing at once go to two people in turn; then the
booking service's.
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.context import acting_as
from audit.events import record
from audit.models import Action
from hospital.db_refusals import check_rules_now
from hospital.models import Establishment, Specialty
from outbox import queue
from scheduling.models import Booking, Slot, VisitReason, WaitlistEntry
from scheduling.selectors.reasons import offered_reasons
from scheduling.selectors.waitlist import waiting_for
from scheduling.services import booking as bookings
from scheduling.services import notifications, patients
from scheduling.services.locking import lock_booking, lock_person, lock_waitlist, retrying
from scheduling.services.patients import PatientDetails
from scheduling.services.refusals import (
    BookingRefused,
    PersonRefused,
    RefusalCode,
    WaitlistRefused,
)

RULE = "first come, first served: the earliest entry still waiting whom the booking rules allow"
# Refusals that end the search: the slot itself cannot be offered to anyone.
_SLOT_REFUSALS = frozenset(
    {
        RefusalCode.PAST_SLOT,
        RefusalCode.TOO_SOON,
        RefusalCode.SLOT_CLOSED,
        RefusalCode.SLOT_RESERVED,
        RefusalCode.SLOT_TAKEN,
        RefusalCode.OUTSIDE_INSTITUTION,
    }
)


@retrying
def join(
    *,
    patient: PatientDetails,
    returning: bool,
    wanted_before: datetime.date,
    reason: VisitReason | None = None,
    specialty: Specialty | None = None,
    establishment: Establishment | None = None,
    by=None,
) -> WaitlistEntry:
    """Put a patient in line for an earlier slot: of `reason`'s agenda, or of
    any agenda of `specialty` at `establishment`. A person already in that
    line keeps their entry, and the caller cannot tell (see below)."""
    if reason:
        target, scope = {"reason": reason}, scope_of(reason.agenda.department)
    elif specialty and establishment:
        target = {"specialty": specialty, "establishment": establishment}
        scope = _scope(specialty.pk, establishment.pk)
    else:
        raise WaitlistRefused(
            RefusalCode.INVALID, _("Choose a visit reason, or a specialty at an establishment.")
        )
    with acting_as(by), transaction.atomic(durable=True):
        lock_waitlist(scope)
        lock_person(patients.identity_key(patient))
        record_ = patients.record_for(patient, by=by)
        live = WaitlistEntry.objects.filter(
            patient__in=patients.records_of(record_).values("pk"),
            status__in=[WaitlistEntry.Status.WAITING, WaitlistEntry.Status.OFFERED],
            **target,
        )
        if already := live.order_by("pk").first():
            # The person is in line already (perhaps under another address).
            # Saying so would tell anyone who types a name and a birth date
            # that this person waits for this care: the answer is the same as
            # for a new entry, and the person keeps their one place in line.
            # The address typed is sent the same confirmation; its link to
            # leave the list changes nothing of an entry that is not its own.
            notifications.waitlist_joined(already, record=record_, wanted_before=wanted_before)
            return already
        entry = WaitlistEntry.objects.create(
            patient=record_, returning=returning, wanted_before=wanted_before, **target
        )
        notifications.waitlist_joined(entry, record=record_, wanted_before=wanted_before)
        return entry


def _scope(specialty_id: int, establishment_id: int) -> str:
    return f"specialty:{specialty_id}:{establishment_id}"


def scope_of(department) -> str:
    """The waiting lists a slot of this department may serve, as one lock: its
    specialty at its establishment covers its agendas' own lists too."""
    if department.specialty_id is None:
        return f"department:{department.pk}"
    return _scope(department.specialty_id, department.establishment_id)


@retrying
def withdraw(entry: WaitlistEntry, *, by=None) -> WaitlistEntry:
    """The patient leaves the line. An offer held for them goes to the next
    in line (decline)."""
    if entry.status == WaitlistEntry.Status.OFFERED and entry.offer_id:
        decline(entry.offer)
    with acting_as(by), transaction.atomic(durable=True):
        if entry.reason_id:
            lock_waitlist(scope_of(entry.reason.agenda.department))
        else:
            lock_waitlist(_scope(entry.specialty_id, entry.establishment_id))
        locked = WaitlistEntry.objects.select_for_update(of=("self",)).get(pk=entry.pk)
        if locked.status == WaitlistEntry.Status.WAITING:
            locked.status = WaitlistEntry.Status.CLOSED
            locked.save(update_fields=["status"])
        return locked


def offer_taken_back(offer: Booking) -> WaitlistEntry | None:
    """A waiting-list offer cancelled by the hospital (an absence, a closed
    agenda) while the patient could still take it: the patient keeps their
    place in line and is told. Call it inside the caller's transaction, the
    offer locked and cancelled."""
    entry = WaitlistEntry.objects.select_for_update(of=("self",)).filter(offer=offer).first()
    if entry is None or entry.status != WaitlistEntry.Status.OFFERED:
        return None
    entry.status, entry.offer = WaitlistEntry.Status.WAITING, None
    entry.save(update_fields=["status", "offer"])
    record(
        Action.DECISION,
        "scheduling_waitlistentry",
        entry.pk,
        detail={"rule": "an offer the hospital takes back keeps the place", "offer": offer.pk},
    )
    notifications.offer_taken_back(entry, offer=offer)
    return entry


@retrying
def offer_slot(slot_id: int, *, now=None) -> WaitlistEntry | None:
    """Offer a freed slot to the first in line whom the rules allow (a task)."""
    now = now or timezone.now()
    slot = Slot.objects.select_related("agenda__department").filter(pk=slot_id).first()
    if slot is None:
        return None
    with transaction.atomic(durable=True):
        lock_waitlist(scope_of(slot.agenda.department))
        _close_lapsed()
        line = list(
            waiting_for(slot)
            .filter(wanted_before__gte=slot.local_date)
            .select_related("patient", "reason")
        )
        passed_over: dict[str, str] = {}
        for entry in line:
            try:
                with transaction.atomic():  # a refused attempt leaves nothing behind
                    offer = _hold_for(entry, slot, now)
                    check_rules_now()
            except IntegrityError:  # the institution rule: nobody can have this slot
                break
            except BookingRefused as refused:
                if refused.code in _SLOT_REFUSALS:
                    break
                passed_over[str(entry.pk)] = refused.code
                continue
            _offered(entry, offer, line, passed_over)
            return entry
        return None


def _close_lapsed() -> None:
    """Entries whose offer is no longer held (lapsed, declined, taken back) leave the line."""
    # Rows another offer is closing right now are left to it (skip_locked):
    # two offers in other lists never wait for each other here.
    lapsed = WaitlistEntry.objects.filter(status=WaitlistEntry.Status.OFFERED).exclude(
        offer__status__in=[Booking.Status.PENDING, Booking.Status.BOOKED]
    )
    # Model rows, not values_list(): Django drops `of` without them, and a bare
    # FOR UPDATE would lock the offers' bookings too (the outer join refuses it).
    rows = lapsed.select_for_update(of=("self",), skip_locked=True).only("pk").order_by("pk")
    WaitlistEntry.objects.filter(pk__in=[row.pk for row in rows]).update(
        status=WaitlistEntry.Status.CLOSED
    )


def _reason_for(entry: WaitlistEntry, slot: Slot) -> VisitReason:
    """An entry for a specialty takes the first reason the slot offers online
    to this patient (new or followed)."""
    who = {"for_returning_patients": True} if entry.returning else {"for_new_patients": True}
    reason = offered_reasons(slot, Booking.Channel.WEB).filter(**who).order_by("pk").first()
    if reason is None:
        raise BookingRefused(
            RefusalCode.WRONG_REASON, _("This slot offers no visit reason for this patient.")
        )
    return reason


def _hold_for(entry: WaitlistEntry, slot: Slot, now) -> Booking:
    return bookings.hold_for_offer(
        slot_id=slot.pk,
        reason=entry.reason or _reason_for(entry, slot),
        patient=entry.patient,
        returning=entry.returning,
        until=now + datetime.timedelta(minutes=settings.WAITLIST_OFFER_MINUTES),
        now=now,
    )


def _offered(entry: WaitlistEntry, offer: Booking, line, passed_over) -> None:
    entry.status = WaitlistEntry.Status.OFFERED
    entry.offer = offer
    entry.save(update_fields=["status", "offer"])
    record(
        Action.DECISION,
        "scheduling_waitlistentry",
        entry.pk,
        detail={
            "rule": RULE,
            "slot": offer.slot_id,
            "offer": offer.pk,
            "line": [e.pk for e in line],
            "passed_over": passed_over,
            "held_until": offer.hold_expires_at.isoformat(),
        },
    )
    notifications.offered(offer)
    if queue.can_defer():
        queue.enqueue("release_hold", offer.pk, run_after=offer.hold_expires_at)


def offer_of(booking: Booking) -> WaitlistEntry | None:
    return WaitlistEntry.objects.filter(offer=booking).select_related("reason").first()


@retrying
def accept(offer: Booking, *, now=None) -> Booking:
    """The patient takes the slot held for them: it becomes their booking. A
    lapsed offer is refused after its slot has been given back."""
    now = now or timezone.now()
    refusal = None
    with transaction.atomic(durable=True):
        entry = WaitlistEntry.objects.filter(offer=offer).first()
        try:
            booked = bookings.take_offer(offer, now=now) if entry else None
        except PersonRefused as refused:  # the offer released, the person told: commit that
            booked, refusal = None, refused
            WaitlistEntry.objects.filter(pk=entry.pk).update(status=WaitlistEntry.Status.CLOSED)
        if booked is not None:
            WaitlistEntry.objects.filter(pk=entry.pk).update(status=WaitlistEntry.Status.BOOKED)
    if refusal is not None:
        raise refusal
    if booked is None:
        raise _lapsed()
    return booked


@retrying
def decline(offer: Booking, *, now=None) -> None:
    """The patient does not want the slot: the next in line is offered it."""
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        locked = lock_booking(offer.pk)  # its slot, then the offer
        if locked is None:
            raise Booking.DoesNotExist
        if locked.status == Booking.Status.PENDING:
            bookings.mark_cancelled(locked, "waiting-list offer declined", None, now)
        WaitlistEntry.objects.filter(offer=locked).update(status=WaitlistEntry.Status.CLOSED)


def _lapsed() -> WaitlistRefused:
    return WaitlistRefused(
        RefusalCode.OFFER_LAPSED,
        _("This offer has lapsed and the slot went to the next person waiting."),
    )
