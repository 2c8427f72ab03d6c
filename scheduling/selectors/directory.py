"""Read side of the public site: who can be booked, where, and when first."""

import datetime

from django.db.models import Q
from django.utils import timezone

from hospital.models import Department, Establishment, Practitioner, Specialty
from scheduling.models import Agenda, AgendaListing, VisitReason
from scheduling.selectors.listing import (
    ListingPage,
    first_availability_of_departments,
    listing_page,
)
from scheduling.selectors.patient_query import MIN_PREFIX, PatientQuery, understand
from scheduling.selectors.search import free_slots


def bookable_agendas():
    return Agenda.objects.filter(is_active=True, department__establishment__is_member=True)


def search(*, query: str = "", specialty: Specialty | None = None, page: int = 1) -> ListingPage:
    """The agendas matching what a patient typed (and the specialty they chose)."""
    understood = understand(query)
    specialties = [specialty] if specialty else []
    if understood.specialties:
        named = list(Specialty.objects.filter(code__in=understood.specialties))
        if len(named) < len(understood.specialties):
            return ListingPage(cards=[], number=page, has_next=False)
        specialties += named
    rows = _of_specialties(specialties)
    if understood.has_places:
        rows = rows.filter(establishment_id__in=_establishments_at(understood))
    return listing_page(rows, tiers=_word_tiers(understood.words), page=page)


def specialty_listing(specialty: Specialty, *, page: int = 1) -> ListingPage:
    return listing_page(AgendaListing.objects.of_specialty(specialty), page=page)


def department_listing(department: Department, *, page: int = 1) -> ListingPage:
    return listing_page(AgendaListing.objects.main().filter(department=department), page=page)


def departments_of(establishment: Establishment) -> list[Department]:
    """The establishment's departments that can be booked online, each with
    its first availability (`first_start`)."""
    departments = establishment.departments.order_by("name")
    return first_availability_of_departments(departments)


def _of_specialties(specialties: list[Specialty]):
    if not specialties:
        return AgendaListing.objects.main()
    rows = AgendaListing.objects.of_specialty(specialties[0])
    for other in specialties[1:]:
        rows = rows.filter(
            agenda_id__in=AgendaListing.objects.of_specialty(other).values("agenda_id")
        )
    return rows


def _establishments_at(query: PatientQuery) -> list[int]:
    where = Q(postal_code__in=query.postcodes)
    for code in query.departements:
        # Corsica's postcodes all start with 20; its FINESS numbers with 2A or 2B.
        corsica = code in ("2A", "2B")
        where |= Q(finess__startswith=code) if corsica else Q(postal_code__startswith=code)
    return list(Establishment.objects.filter(where, is_member=True).values_list("pk", flat=True))


def _word_tiers(words: list[str]) -> list[Q]:
    """Every word a whole word first; then every word at least the start of one."""
    if not words:
        return [Q()]
    whole = Q(*[Q(search_text__contains=f" {word} ") for word in words])
    if all(len(word) < MIN_PREFIX for word in words):
        return [whole]
    starts = Q(
        *[
            Q(search_text__contains=f" {word}" if len(word) >= MIN_PREFIX else f" {word} ")
            for word in words
        ]
    )
    return [whole, starts & ~whole]


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
