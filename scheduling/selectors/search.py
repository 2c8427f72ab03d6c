"""Availability search: the next free slots.

Only member establishments, active agendas, slots that offer a reason online
(scheduling.selectors.reasons, as the booking form and the service see them),
between the minimum notice and the booking horizon, are returned; and only
the slots the asking channel may book (a slot reserved for other channels
shows from its release on: Slot.objects.open_to).
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from hospital.models import Practitioner
from scheduling.models import Slot, SlotQuerySet, VisitReason
from scheduling.selectors.reasons import offers_online


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


def bookable_slots(window: SearchWindow | None = None, channel: str = "web") -> SlotQuerySet:
    window = window or SearchWindow.from_now()
    return (
        Slot.objects.free()
        .open_to(channel)
        .filter(
            start__gte=window.earliest,
            start__lt=window.latest,
            agenda__is_active=True,
            agenda__department__establishment__is_member=True,
        )
    )


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
    channel: str = "web",
) -> SlotQuerySet:
    """Free slots matching every given filter that `channel` may book, earliest first."""
    slots = bookable_slots(window, channel)
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
    return slots.filter(offers_online(reason)).order_by("start", "pk")


def free_slots_of_listed(
    agendas: list[int],
    *,
    reason: VisitReason | None = None,
    start: datetime.datetime | None = None,
    end: datetime.datetime | None = None,
    window: SearchWindow | None = None,
    channel: str = "web",
) -> SlotQuerySet:
    """free_slots() of agendas the caller read from the listing, which already
    says they are bookable (active, at a member establishment): no join."""
    window = window or SearchWindow.from_now()
    slots = (
        Slot.objects.free()
        .open_to(channel)
        .filter(
            agenda_id__in=[reason.agenda_id] if reason else agendas,
            start__gte=max(window.earliest, start or window.earliest),
            start__lt=min(window.latest, end or window.latest),
        )
    )
    return slots.filter(offers_online(reason)).order_by("start", "pk")


def _of_specialty(specialty) -> Q:
    practitioner_has_it = Practitioner.specialties.through.objects.filter(
        practitioner_id=OuterRef("agenda__practitioner_id"), specialty=specialty
    )
    return Q(agenda__department__specialty=specialty) | Q(Exists(practitioner_has_it))
