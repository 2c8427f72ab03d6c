"""Pages of bookable agendas, soonest first availability first.

Read from the first-availability listing (scheduling/listing.py) with index
range scans, so a page costs the same at 200 practitioners as at 12,000.
A row the listing clock has let fall behind (its first availability is now
too soon to book online: cron stopped moving the clock) is never shown as
it is: its first availability is recomputed from the slots, exactly.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Case, F, OuterRef, Q, QuerySet, Subquery, When
from django.utils import timezone

from hospital.models import Practitioner
from scheduling.models import AgendaListing, Slot
from scheduling.selectors.reasons import offers_online
from scheduling.selectors.search import SearchWindow, free_slots

PAGE_SIZE = 10
# Further pages are reachable by narrowing the search rather than by paging.
MAX_PAGE = 20


@dataclass(slots=True)
class Card:
    """One agenda on a list: who, in which department of which hospital, and when first.
    The page's view adds the links (made once per page, not once per card)."""

    listing: AgendaListing
    first_start: datetime.datetime | None
    name: str = ""
    week: str = ""
    practitioner_url: str = ""
    establishment_url: str = ""

    def __post_init__(self) -> None:
        row = self.listing
        self.name = str(Practitioner(first_name=row.first_name, last_name=row.last_name))
        if self.first_start is not None:
            self.week = timezone.localtime(self.first_start).date().isoformat()


@dataclass(frozen=True)
class ListingPage:
    cards: list[Card]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def next_number(self) -> int:
        return self.number + 1

    @property
    def previous_number(self) -> int:
        return self.number - 1

    def __bool__(self) -> bool:
        return bool(self.cards)


def page_number(raw: str | None) -> int:
    """The page asked for in a query string, within 1..MAX_PAGE."""
    return min(max(int(raw), 1), MAX_PAGE) if raw and raw.isdigit() else 1


def listing_page(
    rows: QuerySet[AgendaListing],
    *,
    tiers: Sequence[Q] = (Q(),),
    page: int = 1,
    window: SearchWindow | None = None,
) -> ListingPage:
    """One page of `rows`: tier by tier (the first tier ranks first), each
    tier's agendas soonest first, then those with no online availability."""
    window = window or SearchWindow.from_now()
    wanted = page * PAGE_SIZE + 1  # one more than the page, to know if a next one exists
    found: list[Card] = []
    for tier in tiers:
        available, unavailable = _tier(rows.filter(tier), window, wanted - len(found))
        found += available
        found += unavailable[: max(0, wanted - len(found))]
        if len(found) >= wanted:
            break
    cards = found[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    return ListingPage(cards=cards, number=page, has_next=len(found) > page * PAGE_SIZE)


def _tier(rows, window: SearchWindow, limit: int) -> tuple[list[Card], list[Card]]:
    ordered = rows.order_by("first_start", "agenda_id")
    # Rows the clock left behind come first in this order: when there are
    # none (cron moves the clock), this one query is the whole tier.
    head = list(ordered.filter(first_start__lt=window.latest)[:limit])
    if head and head[0].first_start < window.earliest:
        behind = list(_with_exact_first(rows.filter(first_start__lt=window.earliest), window))
        exact = {row.agenda_id: row.exact_first for row in behind if row.exact_first}
        listed = ordered.filter(first_start__gte=window.earliest, first_start__lt=window.latest)
        available = [Card(r, r.first_start) for r in listed[:limit]]
        available += [Card(r, exact[r.agenda_id]) for r in behind if r.agenda_id in exact]
        available.sort(key=lambda card: (card.first_start, card.listing.agenda_id))
        unavailable = [Card(r, None) for r in behind if r.agenda_id not in exact]
    else:
        available, unavailable = [Card(r, r.first_start) for r in head], []
    available = available[:limit]
    if len(available) == limit:
        return available, []
    none = rows.filter(Q(first_start__isnull=True) | Q(first_start__gte=window.latest))
    more = none.order_by("last_name", "first_name", "agenda_id")[: limit - len(available)]
    return available, [Card(r, None) for r in more] + unavailable


def _with_exact_first(rows: QuerySet[AgendaListing], window: SearchWindow) -> QuerySet:
    """Each row with its agenda's first free slot bookable online
    (`exact_first`), computed from the slots: one index walk per agenda
    (slot by agenda and start) that stops at the first free slot, rather than
    every free slot of the horizon grouped."""
    first = free_slots(window=window).filter(agenda_id=OuterRef("agenda_id")).values("start")
    return rows.annotate(exact_first=Subquery(first[:1]))


@dataclass(frozen=True, slots=True)
class ListedDepartment:
    """A department as the establishment page lists it."""

    pk: int
    name: str
    first_start: datetime.datetime | None  # None when nothing is free online


def first_availability_of_departments(
    departments: QuerySet, window: SearchWindow | None = None
) -> list[ListedDepartment]:
    """The departments that list a bookable agenda, each with its first
    availability. One subquery per department walks the listing's
    (department, first start) index to its soonest row: the clock has let it
    fall behind when it is before the window (the slots are asked then, for
    every such department at once), it is past the window when nothing is
    free online soon enough. (Two subqueries each with its own re-check of
    the row took PostgreSQL some 12 ms to plan at AP-HP size; a grouped read
    of the rows planned worse.)"""
    window = window or SearchWindow.from_now()
    main = AgendaListing.objects.main()
    soonest = main.filter(department=OuterRef("pk"), first_start__isnull=False)
    rows = list(
        departments.filter(pk__in=main.values("department_id"))
        .annotate(first=Subquery(soonest.order_by("first_start").values("first_start")[:1]))
        .values_list("pk", "name", "first")
    )
    behind = [pk for pk, _name, first in rows if first is not None and first < window.earliest]
    exact = _exact_first_of_departments(behind, window) if behind else {}
    listed = []
    for pk, name, first in rows:
        if pk in exact:
            first = exact[pk]
        elif first is not None and first >= window.latest:
            first = None
        listed.append(ListedDepartment(pk, name, first))
    return listed


def _exact_first_of_departments(
    departments: list[int], window: SearchWindow
) -> dict[int, datetime.datetime | None]:
    """The first availability of departments whose soonest listed row the
    clock left behind, in one query: each of their rows within the window as
    it is listed, each row left behind with its agenda's first free slot
    (one index walk per agenda, _with_exact_first's), the soonest kept per
    department. Asking the slots of each department instead walked the whole
    institution's free slots in time order to the department's first (issue
    23: the establishment page at AP-HP size, one such walk per department,
    more of them as the day goes on). A department left with nothing here
    (every row left behind and none with a free slot) is asked as before."""
    # The row's re-check (main()) says its agenda is active at a member
    # establishment: its slots are read by agenda alone, as free_slots_of_listed.
    first = (
        Slot.objects.free()
        .open_to("web")
        .filter(
            agenda_id=OuterRef("agenda_id"), start__gte=window.earliest, start__lt=window.latest
        )
        .filter(offers_online())
        .order_by("start", "pk")
        .values("start")
    )
    rows = (
        AgendaListing.objects.main()
        .filter(department_id__in=departments, first_start__lt=window.latest)
        .annotate(
            exact=Case(
                When(first_start__lt=window.earliest, then=Subquery(first[:1])),
                default=F("first_start"),
            )
        )
        .values_list("department_id", "exact")
    )
    found: dict[int, datetime.datetime | None] = {}
    for department, start in rows:
        if start is not None and (found.get(department) is None or start < found[department]):
            found[department] = start
    for department in departments:
        if found.get(department) is None:
            slots = free_slots(department=department, window=window)
            found[department] = slots.values_list("start", flat=True).first()
    return found
