"""Availability search: the next free slots, and first availability per practitioner.

Only member establishments, active agendas, online-bookable visit reasons,
and slots between the minimum notice and the booking horizon are returned.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, F, Min, OuterRef, Q
from django.utils import timezone

from hospital.models import Practitioner
from scheduling.models import OpeningRule, Slot, SlotQuerySet, VisitReason


@dataclass(frozen=True)
class SearchWindow:
    earliest: datetime.datetime
    latest: datetime.datetime

    @classmethod
    def from_now(cls, now: datetime.datetime | None = None) -> "SearchWindow":
        now = now or timezone.now()
        return cls(
            earliest=now + datetime.timedelta(minutes=settings.BOOKING_MIN_NOTICE_MINUTES),
            latest=now + datetime.timedelta(weeks=settings.SLOT_HORIZON_WEEKS),
        )


def bookable_slots(window: SearchWindow | None = None) -> SlotQuerySet:
    window = window or SearchWindow.from_now()
    return Slot.objects.free().filter(
        start__gte=window.earliest,
        start__lt=window.latest,
        agenda__is_active=True,
        agenda__department__establishment__is_member=True,
    )


def _online_reason_fits(reason: VisitReason | None):
    """The slot's opening rule offers an online-bookable reason (this one, if given).

    Online availability is what the practitioner's opening rules offer: a slot
    opened by hand, with no rule, is for staff to book. A single correlated
    EXISTS (no OR around it) lets PostgreSQL check it per candidate slot as a
    semi-join, instead of hashing every rule's reasons on each search."""
    offered = OpeningRule.reasons.through.objects.filter(
        openingrule_id=OuterRef("rule_id"), visitreason__online_bookable=True
    )
    if reason is not None:
        offered = offered.filter(visitreason_id=reason.pk)
    return Exists(offered)


def free_slots(
    *,
    specialty=None,
    establishment=None,
    department=None,
    practitioner=None,
    reason: VisitReason | None = None,
    start: datetime.datetime | None = None,
    end: datetime.datetime | None = None,
    window: SearchWindow | None = None,
) -> SlotQuerySet:
    """Free slots matching every given filter, earliest first."""
    slots = bookable_slots(window)
    if start is not None:
        slots = slots.filter(start__gte=start)
    if end is not None:
        slots = slots.filter(start__lt=end)
    if specialty is not None:
        slots = slots.filter(_of_specialty(specialty))
    if establishment is not None:
        slots = slots.filter(agenda__department__establishment=establishment)
    if department is not None:
        slots = slots.filter(agenda__department=department)
    if practitioner is not None:
        slots = slots.filter(agenda__practitioner=practitioner)
    if reason is not None:
        slots = slots.filter(agenda=reason.agenda_id)
    return slots.filter(_online_reason_fits(reason)).order_by("start", "pk")


def free_slots_of_listed(
    agendas: list[int],
    *,
    reason: VisitReason | None = None,
    start: datetime.datetime | None = None,
    end: datetime.datetime | None = None,
    window: SearchWindow | None = None,
) -> SlotQuerySet:
    """free_slots() of agendas the caller read from the listing, which already
    says they are bookable (active, at a member establishment): no join."""
    window = window or SearchWindow.from_now()
    slots = Slot.objects.free().filter(
        agenda_id__in=[reason.agenda_id] if reason else agendas,
        start__gte=max(window.earliest, start or window.earliest),
        start__lt=min(window.latest, end or window.latest),
    )
    return slots.filter(_online_reason_fits(reason)).order_by("start", "pk")


def _of_specialty(specialty) -> Q:
    practitioner_has_it = Practitioner.specialties.through.objects.filter(
        practitioner_id=OuterRef("agenda__practitioner_id"), specialty=specialty
    )
    return Q(agenda__department__specialty=specialty) | Q(Exists(practitioner_has_it))


def first_availability(specialty, *, window: SearchWindow | None = None) -> list[dict]:
    """Each practitioner of the specialty, across member establishments, with the
    start of their first free slot, earliest first."""
    return list(
        free_slots(specialty=specialty, window=window)
        .order_by()
        .values(practitioner_id=F("agenda__practitioner_id"))
        .annotate(first_slot=Min("start"))
        .order_by("first_slot", "practitioner_id")
    )
