"""Read side of the public site: who can be booked, where, and when first."""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from hospital.models import Establishment, Practitioner, Specialty
from scheduling.models import Agenda, AgendaListing, VisitReason
from scheduling.selectors.listing import (
    ListedDepartment,
    ListingPage,
    first_availability_of_departments,
    listing_page,
)
from scheduling.selectors.patient_query import MIN_PREFIX, PatientQuery, suggest, understand
from scheduling.selectors.search import free_slots_of_listed


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


def suggested_specialties(query: str) -> list[Specialty]:
    """The specialties a search that found nothing probably meant (a typo)."""
    codes = suggest(query)
    found = {s.code: s for s in Specialty.objects.filter(code__in=codes)}
    return [found[code] for code in codes if code in found]


def specialty_listing(specialty: Specialty, *, page: int = 1) -> ListingPage:
    return listing_page(AgendaListing.objects.of_specialty(specialty), page=page)


def department_listing(department: ListedDepartment, *, page: int = 1) -> ListingPage:
    return listing_page(AgendaListing.objects.main().filter(department=department.pk), page=page)


def departments_of(establishment: Establishment) -> list[ListedDepartment]:
    """The establishment's departments that can be booked online, each with
    its first availability (`first_start`)."""
    return first_availability_of_departments(establishment.departments.order_by("name"))


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


def bookable_agendas():
    """Agendas open for booking at member establishments."""
    return Agenda.objects.filter(is_active=True, department__establishment__is_member=True)


def member_establishment(finess: str) -> Establishment | None:
    return Establishment.objects.filter(finess=finess, is_member=True).first()


@dataclass(frozen=True)
class PractitionerPage:
    """A practitioner as the public sees them: their bookable agendas (from
    the listing) and where each one is."""

    name: str
    rpps: str
    specialty_names: str
    places: dict[int, str]  # agenda id -> establishment name
    first_start: datetime.datetime | None

    def __str__(self) -> str:
        return self.name

    @property
    def agendas(self) -> list[int]:
        return list(self.places)


def practitioner_page(rpps: str) -> PractitionerPage | None:
    rows = list(AgendaListing.objects.main().filter(rpps=rpps).order_by("agenda_id"))
    if not rows:
        return None
    starts = [row.first_start for row in rows if row.first_start is not None]
    return PractitionerPage(
        name=str(Practitioner(first_name=rows[0].first_name, last_name=rows[0].last_name)),
        rpps=rpps,
        specialty_names=rows[0].specialty_names,
        places={row.agenda_id: row.establishment_name for row in rows},
        first_start=min(starts, default=None),
    )


def online_reasons(practitioner: PractitionerPage) -> list[VisitReason]:
    reasons = list(
        VisitReason.objects.filter(agenda_id__in=practitioner.agendas, online_bookable=True)
    )
    for reason in reasons:
        reason.place = practitioner.places[reason.agenda_id]
    return reasons


@dataclass(slots=True)
class FreeTime:
    """A free slot of the practitioner's week: its local start and its place
    (the page's view adds its link and its labels)."""

    pk: int
    start: datetime.datetime  # local time
    place: str
    time: str = ""
    url: str = ""
    label: str = ""


def week_of_slots(
    practitioner: PractitionerPage, monday: datetime.datetime, reason=None
) -> dict[datetime.date, list[FreeTime]]:
    """Free slots of one week, grouped by local day, each with its place. Read
    as rows, not models: a busy week lists dozens, and the page needs three
    columns of each."""
    slots = free_slots_of_listed(
        practitioner.agendas, reason=reason, start=monday, end=monday + datetime.timedelta(days=7)
    ).values_list("pk", "agenda_id", "start")
    zone = timezone.get_current_timezone()
    days: dict[datetime.date, list[FreeTime]] = {}
    for pk, agenda_id, start in slots:
        local = start.astimezone(zone)
        days.setdefault(local.date(), []).append(
            FreeTime(pk, local, practitioner.places[agenda_id])
        )
    return days


def next_free(practitioner: PractitionerPage, reason=None) -> datetime.datetime | None:
    """When the practitioner is next free online (for this reason)."""
    first = free_slots_of_listed(practitioner.agendas, reason=reason).values("start").first()
    return first and first["start"]
