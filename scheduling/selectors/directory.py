"""Read side of the public site: who can be booked, where, and when first."""

import datetime

from django.db.models import F, Min, OuterRef, Q, Subquery
from django.utils import timezone

from hospital.models import Establishment, Practitioner, Specialty
from scheduling.models import Agenda, VisitReason
from scheduling.selectors.search import free_slots


def bookable_agendas():
    return Agenda.objects.filter(is_active=True, department__establishment__is_member=True)


def practitioners_matching(*, query: str = "", specialty: Specialty | None = None):
    """Practitioners with an agenda at a member establishment, with their first
    free slot, soonest first (those without one last)."""
    agendas = bookable_agendas()
    if query:
        agendas = agendas.filter(
            Q(practitioner__last_name__icontains=query)
            | Q(practitioner__first_name__icontains=query)
            | Q(department__establishment__name__icontains=query)
            | Q(department__establishment__city__icontains=query)
            | Q(department__name__icontains=query)
        )
    if specialty is not None:
        agendas = agendas.filter(
            Q(department__specialty=specialty) | Q(practitioner__specialties=specialty)
        )
    first_slot = (
        free_slots()
        .filter(agenda__practitioner=OuterRef("pk"))
        .order_by()
        .values("agenda__practitioner")
        .annotate(first=Min("start"))
        .values("first")
    )
    return (
        Practitioner.objects.filter(agendas__in=agendas)
        .distinct()
        .annotate(first_slot=Subquery(first_slot))
        .prefetch_related("specialties")
        .order_by(F("first_slot").asc(nulls_last=True), "last_name", "first_name")[:50]
    )


def member_establishment(finess: str) -> Establishment | None:
    return Establishment.objects.filter(finess=finess, is_member=True).first()


def online_reasons(practitioner: Practitioner):
    return (
        VisitReason.objects.filter(agenda__in=bookable_agendas(), agenda__practitioner=practitioner)
        .filter(online_bookable=True)
        .select_related("agenda__department__establishment")
    )


def week_of_slots(practitioner: Practitioner, monday: datetime.datetime, reason=None):
    """Free slots of one week, grouped by local day."""
    slots = free_slots(
        practitioner=practitioner,
        reason=reason,
        start=monday,
        end=monday + datetime.timedelta(days=7),
    ).select_related("agenda__department__establishment")
    days: dict[datetime.date, list] = {}
    for slot in slots:
        days.setdefault(timezone.localtime(slot.start).date(), []).append(slot)
    return days
